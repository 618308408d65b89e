import { apiRoutes, LoginResponseSchema, type LoginRequest, type LoginResponse } from '@ioc/shared';
import { ApiError, requestJson } from './http-client';

export async function login(request: LoginRequest): Promise<LoginResponse> {
  const body = await requestJson(apiRoutes.login(), { method: 'POST', body: request, auth: false });
  const parsed = LoginResponseSchema.safeParse(body);
  if (!parsed.success)
    throw new ApiError(502, 'the hub answered the login with an unexpected body');
  return parsed.data;
}
