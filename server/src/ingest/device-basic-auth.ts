import { Inject, Injectable } from '@nestjs/common';
import { APP_CONFIG, type AppConfig } from '../config/app.config';
import { DomainError } from '../common/domain-error';
import { RateLimiter } from '../common/rate-limiter';
import { digestSecret, secretMatches } from '../devices/device-secret';
import { DevicesService } from '../devices/devices.service';

const FAILURE_WINDOW_MS = 60_000;
const THROTTLED_ADDRESSES = 10_000;
const UNKNOWN_DIGEST = digestSecret('no such device');

/**
 * A device speaking HTTP (an image upload): HTTP Basic with its MQTT username and password,
 * checked against the same stored digest, and throttled per address like MQTT logins.
 * It may act only for itself.
 */
@Injectable()
export class DeviceBasicAuth {
  private readonly failures: RateLimiter;

  constructor(
    @Inject(APP_CONFIG) config: AppConfig,
    private readonly devices: DevicesService,
  ) {
    this.failures = new RateLimiter(
      config.mqtt.authFailuresPerAddress,
      FAILURE_WINDOW_MS,
      THROTTLED_ADDRESSES,
    );
  }

  /** Throws 401 (no or bad credentials), 429 (throttled) or 403 (another device's path). */
  check(authorization: string | undefined, address: string, deviceId: string): void {
    if (this.failures.isBlocked(address))
      throw new DomainError('RATE_LIMITED', 'too many failed device logins from this address');
    const credentials = parseBasic(authorization);
    if (!credentials)
      throw new DomainError(
        'UNAUTHENTICATED',
        "HTTP Basic with the device's MQTT credentials is required",
      );
    const digest = this.devices.secretDigestOf(credentials.username);
    // An unknown username costs the same digest as a known one.
    if (!secretMatches(digest ?? UNKNOWN_DIGEST, credentials.password) || digest === null) {
      this.failures.hit(address);
      throw new DomainError('UNAUTHENTICATED', 'bad device credentials');
    }
    if (credentials.username !== deviceId)
      throw new DomainError(
        'FORBIDDEN',
        `device ${credentials.username} may attach images to its own events only`,
      );
  }
}

function parseBasic(header: string | undefined): { username: string; password: string } | null {
  if (!header?.startsWith('Basic ')) return null;
  const decoded = Buffer.from(header.slice(6).trim(), 'base64').toString('utf8');
  const colon = decoded.indexOf(':');
  if (colon <= 0) return null;
  return { username: decoded.slice(0, colon), password: decoded.slice(colon + 1) };
}
