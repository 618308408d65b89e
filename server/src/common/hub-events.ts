import { Injectable } from '@nestjs/common';
import { Subject } from 'rxjs';
import type { Device, Incident } from '@ioc/shared';

/**
 * Domain events services emit and transports (socket.io, MQTT) subscribe to, so no
 * service imports a transport.
 */
@Injectable()
export class HubEvents {
  /** Incidents after they were persisted, each with its new seq. */
  readonly incidentChanged$ = new Subject<Incident>();
  readonly deviceChanged$ = new Subject<Device>();
}
