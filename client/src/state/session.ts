import type { LoginResponse, User } from '@ioc/shared';

/*
 * The access token lives only in this module's memory: never in localStorage,
 * sessionStorage or a script-readable cookie, so an injected script finds nothing stored
 * and a reload simply asks for the password again.
 */
let accessToken: string | null = null;
let user: User | null = null;

export function startSession(response: LoginResponse): void {
  accessToken = response.accessToken;
  user = response.user;
}

export function endSession(): void {
  accessToken = null;
  user = null;
}

export function getAccessToken(): string | null {
  return accessToken;
}

export function getUser(): User | null {
  return user;
}
