import { apiRoutes, LoginResponseSchema, type LoginRequest, type LoginResponse } from '@ioc/shared';
import { ApiError, requestJson } from './http-client';

export async function login(request: LoginRequest): Promise<LoginResponse> {
  const body = await requestJson(apiRoutes.login(), { method: 'POST', body: request, auth: false });
  const parsed = LoginResponseSchema.safeParse(body);
  if (!parsed.success)
    throw new ApiError(502, 'the hub answered the login with an unexpected body');
  return parsed.data;
}

/** Ends every session of the account on the hub; best effort (the token is dropped anyway). */
export async function logout(token: string): Promise<void> {
  await fetch(apiRoutes.logout(), {
    method: 'POST',
    headers: { Authorization: `Bearer ${token}` },
    credentials: 'omit',
    cache: 'no-store',
  }).catch(() => undefined);
}
