import { apiRoutes, UnitSchema, type Unit } from '@ioc/shared';
import { requestJson } from './http-client';
import { parseEach } from './parse';

export async function fetchUnits(): Promise<Unit[]> {
  return parseEach(UnitSchema, await requestJson(apiRoutes.units()), 'unit');
}
