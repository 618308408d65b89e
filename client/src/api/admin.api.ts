import {
  AccountSchema,
  apiRoutes,
  BulkProvisionResultSchema,
  DeviceCredentialsSchema,
  ProvisionedDeviceSchema,
  RejectionSchema,
  RulesStatusSchema,
  RulesValidationSchema,
  UnitSchema,
  type Account,
  type BulkProvisionResult,
  type CreateAccountRequest,
  type CreateUnitRequest,
  type DeviceCredentials,
  type ProvisionDeviceRequest,
  type ProvisionedDevice,
  type Rejection,
  type RulesStatus,
  type RulesValidation,
  type Unit,
  type UpdateAccountRequest,
  type UpdateUnitRequest,
} from '@ioc/shared';
import { z } from 'zod';
import { ApiError, requestJson, requestText } from './http-client';
import { parseEach } from './parse';

/*
 * The admin console's calls (docs/contract.md §7). Every answer is parsed with shared's
 * schema; the server enforces the roles, the console only shows its 403.
 */

function parseOne<T>(schema: z.ZodType<T>, body: unknown, what: string): T {
  const parsed = schema.safeParse(body);
  if (!parsed.success) throw new ApiError(502, `the hub answered with an invalid ${what}`);
  return parsed.data;
}

export async function fetchAccounts(): Promise<Account[]> {
  return parseEach(AccountSchema, await requestJson(apiRoutes.users()), 'account');
}

export async function createAccount(request: CreateAccountRequest): Promise<Account> {
  const body = await requestJson(apiRoutes.users(), { method: 'POST', body: request });
  return parseOne(AccountSchema, body, 'account');
}

export async function updateAccount(
  username: string,
  change: UpdateAccountRequest,
): Promise<Account> {
  const body = await requestJson(apiRoutes.user(username), { method: 'PATCH', body: change });
  return parseOne(AccountSchema, body, 'account');
}

export async function createUnit(request: CreateUnitRequest): Promise<Unit> {
  const body = await requestJson(apiRoutes.units(), { method: 'POST', body: request });
  return parseOne(UnitSchema, body, 'unit');
}

export async function updateUnit(id: string, change: UpdateUnitRequest): Promise<Unit> {
  const body = await requestJson(apiRoutes.unit(id), { method: 'PATCH', body: change });
  return parseOne(UnitSchema, body, 'unit');
}

export async function provisionDevice(request: ProvisionDeviceRequest): Promise<ProvisionedDevice> {
  const body = await requestJson(apiRoutes.devices(), { method: 'POST', body: request });
  return parseOne(ProvisionedDeviceSchema, body, 'device');
}

export async function rotateDevice(id: string): Promise<DeviceCredentials> {
  const body = await requestJson(apiRoutes.deviceCredentials(id), { method: 'POST' });
  return parseOne(z.object({ credentials: DeviceCredentialsSchema }), body, 'credential')
    .credentials;
}

export async function retireDevice(id: string): Promise<void> {
  await requestJson(apiRoutes.device(id), { method: 'DELETE' });
}

/** The fleet file's type from its name: CSV, YAML, else JSON (the hub says when it is none). */
export function fleetContentType(fileName: string): string {
  const name = fileName.toLowerCase();
  if (name.endsWith('.csv')) return 'text/csv';
  if (name.endsWith('.yaml') || name.endsWith('.yml')) return 'application/yaml';
  return 'application/json';
}

export async function provisionFleet(fileName: string, text: string): Promise<BulkProvisionResult> {
  const body = await requestJson(apiRoutes.devicesBulk(), {
    method: 'POST',
    raw: { contentType: fleetContentType(fileName), text },
  });
  return parseOne(BulkProvisionResultSchema, body, 'fleet result');
}

export async function fetchRules(): Promise<RulesStatus> {
  return parseOne(RulesStatusSchema, await requestJson(apiRoutes.rules()), 'rules status');
}

export async function validateRules(text: string): Promise<RulesValidation> {
  const body = await requestJson(apiRoutes.rulesValidate(), { method: 'POST', body: { text } });
  return parseOne(RulesValidationSchema, body, 'validation');
}

export async function applyRules(text: string): Promise<RulesStatus> {
  const body = await requestJson(apiRoutes.rules(), { method: 'PUT', body: { text } });
  return parseOne(RulesStatusSchema, body, 'rules status');
}

export async function fetchRejections(): Promise<Rejection[]> {
  const body = await requestJson(apiRoutes.rejections());
  const items = body && typeof body === 'object' ? (body as { items?: unknown }).items : undefined;
  return parseEach(RejectionSchema, items, 'rejection');
}

/** An incident's CAP 1.2 document, as the hub serves it (XML text, shown as text). */
export async function fetchCap(incidentId: string): Promise<string> {
  return requestText(apiRoutes.cap(incidentId), 'application/cap+xml');
}
