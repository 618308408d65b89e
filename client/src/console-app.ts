import { SEVERITIES, type Severity, type User } from '@ioc/shared';
import { fetchClientConfig } from './api/config.api';
import { fetchDevices } from './api/devices.api';
import { ApiError } from './api/http-client';
import { fetchActiveIncidents } from './api/incidents.api';
import { onLocaleChange, t } from './i18n/i18n';
import { MapView } from './map/map-view';
import { LiveClient } from './realtime/live-client';
import { ConnectionState } from './state/connection-state';
import { DeviceStore } from './state/device-store';
import { IncidentStore } from './state/incident-store';
import { ConnectionBanner } from './ui/connection-banner';
import { el } from './ui/dom';
import { FrameBatcher } from './ui/frame-batcher';
import { IncidentFeed } from './ui/incident-feed';
import { TopBar } from './ui/top-bar';

export type SessionEnd = 'logout' | 'expired';

export interface ConsoleAppOptions {
  root: HTMLElement;
  user: User;
  token: string;
  onEnd(reason: SessionEnd): void;
}

/** Numbers a browser test may read through `window.__iocConsole`; nothing else. */
export interface ConsoleProbe {
  incidentCount(): number;
  deviceCount(): number;
  lastSeq(): number;
  incidentMarkerCount(): number;
  deviceMarkerCount(): number;
}

/**
 * The signed-in console: the composition root that wires the stores to the HTTP
 * snapshot, the live link, the map and the feed, and takes all of it down again.
 */
export class ConsoleApp implements ConsoleProbe {
  private readonly incidents = new IncidentStore();
  private readonly devices = new DeviceStore();
  private readonly connection = new ConnectionState();
  private readonly live: LiveClient;
  private readonly element: HTMLElement;
  private readonly mapElement: HTMLElement;
  private readonly topBar: TopBar;
  private readonly banner = new ConnectionBanner();
  private readonly feed: IncidentFeed;
  private map: MapView | null = null;
  private readonly incidentBatch = new FrameBatcher<string>((ids) => this.renderIncidents(ids));
  private readonly deviceBatch = new FrameBatcher<string>((ids) => this.renderDevices(ids));
  private readonly teardown: (() => void)[] = [];
  private stopped = false;

  constructor(private readonly options: ConsoleAppOptions) {
    this.topBar = new TopBar({ user: options.user, onLogout: () => this.end('logout') });
    this.feed = new IncidentFeed({
      store: this.incidents,
      onSelect: (id) => this.select(id, 'feed'),
    });
    this.mapElement = el('div', {
      className: 'console__map',
      attrs: { role: 'region', 'aria-label': t('map.label') },
      dataset: { testid: 'map' },
    });
    this.element = el('div', { className: 'console' }, [
      this.topBar.element,
      el('div', { className: 'console__body' }, [
        el('div', { className: 'console__stage' }, [this.mapElement, this.banner.element]),
        this.feed.element,
      ]),
    ]);
    this.live = new LiveClient({
      incident: (incident) => this.incidents.apply(incident),
      device: (device) => this.devices.upsert(device),
      stats: (stats) => this.topBar.setStats(stats),
      status: (status) => this.connection.set(status),
      lastSeq: () => this.incidents.lastSeq,
      resynced: (result) => this.incidents.noteSeq(result.lastSeq),
      rejected: (message) => {
        console.warn('the hub refused the live connection:', message);
        this.end('expired');
      },
    });
  }

  start(): void {
    this.options.root.replaceChildren(this.element);
    // Leaflet needs its container in the document, with a size, before it starts.
    this.map = new MapView(this.mapElement, {
      incidents: this.incidents,
      devices: this.devices,
      onIncidentSelect: (id) => this.select(id, 'map'),
    });
    this.teardown.push(
      this.incidents.onChange((id) => this.incidentBatch.add(id)),
      this.devices.onChange((id) => this.deviceBatch.add(id)),
      this.connection.onChange((snapshot) => {
        this.topBar.setConnection(snapshot);
        this.banner.setConnection(snapshot);
      }),
      onLocaleChange(() => this.mapElement.setAttribute('aria-label', t('map.label'))),
    );
    void this.load();
  }

  stop(): void {
    if (this.stopped) return;
    this.stopped = true;
    this.live.stop();
    for (const undo of this.teardown.splice(0)) undo();
    this.incidentBatch.dispose();
    this.deviceBatch.dispose();
    this.map?.destroy();
    this.map = null;
    this.feed.destroy();
    this.topBar.destroy();
    this.banner.destroy();
    this.element.remove();
  }

  incidentCount(): number {
    return this.incidents.size;
  }

  deviceCount(): number {
    return this.devices.size;
  }

  lastSeq(): number {
    return this.incidents.lastSeq;
  }

  incidentMarkerCount(): number {
    return this.map?.incidents.count ?? 0;
  }

  deviceMarkerCount(): number {
    return this.map?.devices.count ?? 0;
  }

  /** Snapshot over HTTP first, then the live link, whose resync fills in the rest. */
  private async load(): Promise<void> {
    void fetchClientConfig().then((config) => this.map?.applyConfig(config));

    const [incidents, devices] = await Promise.allSettled([fetchActiveIncidents(), fetchDevices()]);
    if (this.stopped) return;
    if (isUnauthorized(incidents) || isUnauthorized(devices)) {
      this.end('expired');
      return;
    }
    if (devices.status === 'fulfilled')
      for (const device of devices.value) this.devices.upsert(device);
    else console.warn('could not load devices', devices.reason);
    if (incidents.status === 'fulfilled') {
      const { items, total } = incidents.value;
      // Past the limit the oldest open incidents are missing until they change again.
      if (total > items.length) console.warn(`showing ${items.length} of ${total} open incidents`);
      for (const incident of items) this.incidents.apply(incident);
      this.incidents.noteSeq(incidents.value.lastSeq);
      this.connection.markFresh();
    } else {
      console.warn('could not load incidents', incidents.reason);
      this.banner.setLoadFailed(true);
    }
    this.live.start(this.options.token);
  }

  private select(id: string, from: 'map' | 'feed'): void {
    this.feed.select(id, from === 'map');
    this.map?.incidents.select(id);
    if (from === 'feed') this.map?.incidents.focus(id);
  }

  private renderIncidents(ids: ReadonlySet<string>): void {
    this.map?.incidents.sync(ids);
    this.feed.sync(ids);
    const counts = Object.fromEntries(SEVERITIES.map((s) => [s, 0])) as Record<Severity, number>;
    for (const incident of this.incidents.values()) counts[incident.severity] += 1;
    this.topBar.setSeverityCounts(counts);
    if (this.incidents.size > 0) this.banner.setLoadFailed(false);
  }

  private renderDevices(ids: ReadonlySet<string>): void {
    this.map?.syncDevices(ids);
    const { online, offline, unknown } = this.devices.countByStatus();
    this.topBar.setDeviceCounts(online, offline + unknown);
  }

  private end(reason: SessionEnd): void {
    if (this.stopped) return;
    this.options.onEnd(reason);
  }
}

function isUnauthorized(result: PromiseSettledResult<unknown>): boolean {
  return (
    result.status === 'rejected' &&
    result.reason instanceof ApiError &&
    result.reason.isUnauthorized
  );
}
