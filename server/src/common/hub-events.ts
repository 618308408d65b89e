import { Injectable } from '@nestjs/common';
import { Subject } from 'rxjs';
import type { Device, Incident, LiveSnapshot, Unit } from '@ioc/shared';

/**
 * Domain events services emit and transports (socket.io, MQTT) subscribe to, so no
 * service imports a transport.
 */
@Injectable()
export class HubEvents {
  /** Incidents after they were persisted, each with its new seq. */
  readonly incidentChanged$ = new Subject<Incident>();
  readonly deviceChanged$ = new Subject<Device>();
  /** A device's MQTT credentials were rotated or removed: its open sessions must close. */
  readonly deviceCredentialsRevoked$ = new Subject<string>();
  /** A device's row was committed here (birth, status, provisioning, rotation, retirement). */
  readonly deviceStored$ = new Subject<string>();
  /** Response units after they were saved. */
  readonly unitChanged$ = new Subject<Unit>();
  /** An image stored for an event an incident holds (after its row's commit). */
  readonly snapshotAdded$ = new Subject<LiveSnapshot>();
  /** Province: a district's incident stored (docs/federation.md); never our own. */
  readonly districtIncidentChanged$ = new Subject<Incident>();
  /**
   * Cluster mode (docs/scale-out.md): changes committed by another instance, for this
   * instance's consoles only (never re-published, never sent to MQTT or webhooks again).
   */
  readonly peerIncidentChanged$ = new Subject<Incident>();
  readonly peerDeviceChanged$ = new Subject<Device>();
  readonly peerUnitChanged$ = new Subject<Unit>();
  readonly peerSnapshotAdded$ = new Subject<LiveSnapshot>();
  /** Another instance rotated or removed a device's credentials: close its sessions here. */
  readonly peerDeviceRevoked$ = new Subject<string>();
}
