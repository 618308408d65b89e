import type { LoginResponse } from '@ioc/shared';

/*
 * The access token lives only in this module's memory: never in localStorage,
 * sessionStorage or a script-readable cookie, so an injected script finds nothing stored
 * and a reload simply asks for the password again.
 */
let accessToken: string | null = null;

export function startSession(response: LoginResponse): void {
  accessToken = response.accessToken;
}

export function endSession(): void {
  accessToken = null;
}

export function getAccessToken(): string | null {
  return accessToken;
}
