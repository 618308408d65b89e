import { apiRoutes, DeviceSchema, type Device } from '@ioc/shared';
import { requestJson } from './http-client';
import { parseEach } from './parse';

export async function fetchDevices(): Promise<Device[]> {
  return parseEach(DeviceSchema, await requestJson(apiRoutes.devices()), 'device');
}
