import { Injectable } from '@nestjs/common';
import type {
  BulkProvisionResult,
  DeviceCredentials,
  ProvisionDeviceRequest,
  ProvisionedDevice,
} from '@ioc/shared';
import { DomainError } from '../common/domain-error';
import { digestSecret, generateDeviceSecret } from './device-secret';
import { DevicesService } from './devices.service';
import { parseFleetFile, type FleetFormat } from './fleet-file.parser';

/**
 * Device identity (docs/security.md, "MQTT"): issues, rotates and withdraws the MQTT
 * credentials of devices. A password exists in clear only in the answer that issues it;
 * the registry keeps its digest.
 */
@Injectable()
export class DeviceIdentityService {
  constructor(private readonly devices: DevicesService) {}

  async provision(request: ProvisionDeviceRequest, now = Date.now()): Promise<ProvisionedDevice> {
    const password = generateDeviceSecret();
    const device = await this.devices.provision(request, digestSecret(password), now);
    return { device, credentials: { username: device.id, password } };
  }

  async rotate(id: string, now = Date.now()): Promise<DeviceCredentials> {
    const password = generateDeviceSecret();
    await this.devices.replaceSecret(id, digestSecret(password), now);
    return { username: id, password };
  }

  async retire(id: string, now = Date.now()): Promise<void> {
    await this.devices.retire(id, now);
  }

  /** Provisions every valid entry of a fleet file; the others are listed with their line. */
  async provisionFleet(body: unknown, format: FleetFormat): Promise<BulkProvisionResult> {
    let file;
    try {
      file = parseFleetFile(body, format);
    } catch (error) {
      throw new DomainError('VALIDATION', (error as Error).message);
    }
    const result: BulkProvisionResult = { created: [], errors: [...file.errors] };
    // All at once: different devices share group commits (one after another, 10,000 devices
    // took a commit cycle each); one id twice still goes in file order, the second a conflict.
    const outcomes = await Promise.allSettled(
      file.devices.map(({ request }) => this.provision(request)),
    );
    outcomes.forEach((outcome, i) => {
      const { line, request } = file.devices[i]!;
      if (outcome.status === 'fulfilled') {
        result.created.push({ id: request.id, credentials: outcome.value.credentials });
        return;
      }
      // A storage failure is listed with its line too: throwing would lose the credentials of
      // the devices stored beside it.
      const error = outcome.reason as Error;
      const reason = error instanceof DomainError ? error.message : `not stored: ${error.message}`;
      result.errors.push({ line, reason });
    });
    result.errors.sort((a, b) => a.line - b.line);
    return result;
  }
}
