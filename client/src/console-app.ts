import {
  SEVERITIES,
  type Device,
  type Incident,
  type LoginResponse,
  type Severity,
  type Unit,
  type User,
} from '@ioc/shared';
import type { AdminView } from './admin/admin-view';
import { fetchClientConfig } from './api/config.api';
import { fetchDevices } from './api/devices.api';
import { ApiError } from './api/http-client';
import {
  fetchActiveIncidents,
  fetchDistrictIncidents,
  fetchFinishedDistrictIncidents,
  fetchResolvedIncidents,
} from './api/incidents.api';
import { isDistrictIncident, knownDistricts, toConsoleIncident } from './state/district';
import { fetchHubStats } from './api/stats.api';
import { fetchSituation, fetchSituationChanges } from './api/situation.api';
import { fetchUnits } from './api/units.api';
import { fetchZones } from './api/zones.api';
import { onLocaleChange, t } from './i18n/i18n';
import { searchNames, setZoneNames } from './i18n/display-names';
import { MapView } from './map/map-view';
import { LiveClient } from './realtime/live-client';
import { AttentionTracker, type AlarmReason } from './state/attention';
import { ConnectionState } from './state/connection-state';
import { DistrictRefresh } from './state/district-refresh';
import { DeviceStore } from './state/device-store';
import { IncidentFilter } from './state/incident-filter';
import { IncidentStore } from './state/incident-store';
import { ReplayPlayer, type ReplaySpan } from './state/replay-player';
import { UnitStore } from './state/unit-store';
import { AlarmBell } from './ui/alarm-bell';
import { AlarmSound, type SoundKind } from './ui/alarm-sound';
import { ConnectionBanner } from './ui/connection-banner';
import { el } from './ui/dom';
import { FrameBatcher } from './ui/frame-batcher';
import { IncidentFeed } from './ui/incident-feed';
import { IncidentPanel } from './ui/incident-panel';
import { ReplayBar } from './ui/replay-bar';
import { FalseAlarmTable } from './ui/false-alarm-table';
import { HistoryView } from './ui/history-view';
import { TopBar } from './ui/top-bar';
import { TriageTools } from './ui/triage-tools';

export type SessionEnd = 'logout' | 'expired';

export interface ConsoleAppOptions {
  root: HTMLElement;
  user: User;
  token: string;
  /** A wall screen: read-only, large type, no panel actions (docs/security.md "Wall screens"). */
  wall?: boolean;
  onEnd(reason: SessionEnd): void;
}

/** Numbers a browser test may read through `window.__iocConsole`; nothing else. */
export interface ConsoleProbe {
  incidentCount(): number;
  deviceCount(): number;
  lastSeq(): number;
  incidentMarkerCount(): number;
  /** The incident markers and bubbles drawn: screen position and incidents in each. */
  incidentTargets(): { x: number; y: number; count: number }[];
  deviceMarkerCount(): number;
  unitCount(): number;
  alarmCount(): number;
  soundCount(): number;
  /** 1 when the map is not moving (no pan, zoom or flight under way), else 0. */
  mapIdle(): number;
  /** The map's zoom level (the fly-to-and-back test reads it). */
  mapZoom(): number;
  paintStats(): Readonly<
    Record<'devicePaints' | 'deviceMs' | 'incidentPaints' | 'incidentMs', number>
  >;
}

/** An unacknowledged alarm reminds this often (until acknowledged, silenced or muted). */
const ALARM_REMINDER_MS = 10_000;
const STATS_REFRESH_MS = 30_000;
const BLINK_MS = 500;
/** Under load the feed and map take incident changes in batches this far apart (well under a second). */
const INCIDENT_FLUSH_MS = 150;
/** The replay clock moves and the timeline redraws this often. */
const REPLAY_TICK_MS = 250;
/** Opening the replay shows the situation this long ago (the question after a fire). */
const REPLAY_OPENS_AT_MS = 3600_000;
const HOUR_MS = 3600_000;

/**
 * The signed-in console: the composition root that wires the stores to the HTTP
 * snapshot, the live link, the map, the feed, the incident panel and the KPI bar, and
 * takes all of it down again.
 */
export class ConsoleApp implements ConsoleProbe {
  private readonly incidents = new IncidentStore();
  private readonly devices = new DeviceStore();
  private readonly units = new UnitStore();
  private readonly filter = new IncidentFilter();
  private readonly attention = new AttentionTracker();
  private readonly connection = new ConnectionState();
  private readonly sound = new AlarmSound();
  private readonly bell = new AlarmBell(this.sound);
  private readonly live: LiveClient;
  /** A province's district incidents, fetched again whenever the live link returns. */
  private readonly districtRefresh = new DistrictRefresh({
    fetch: () => this.fetchDistrictIncidents(),
    apply: (incident) => {
      if (!this.stopped) this.incidents.apply(incident);
    },
    failed: (error) => console.warn('could not load district incidents', error),
  });
  private readonly element: HTMLElement;
  private readonly stage: HTMLElement;
  private readonly mapElement: HTMLElement;
  private readonly topBar: TopBar;
  private readonly triage: TriageTools;
  private readonly banner = new ConnectionBanner();
  private readonly feed: IncidentFeed;
  private readonly panel: IncidentPanel;
  private readonly body: HTMLElement;
  private admin: AdminView | null = null;
  private adminLoading = false;
  private readonly replayBar: ReplayBar;
  /** Non-null while replaying: live pushes are not applied, and live is reloaded after. */
  private replay: ReplayPlayer | null = null;
  private replaySpan: ReplaySpan = 24;
  private replayTimer: ReturnType<typeof setInterval> | null = null;
  private replayError: string | null = null;
  /** The live seq when the replay began: a reconnect meanwhile resyncs from it. */
  private liveSeq = 0;
  private readonly history: HistoryView;
  private map: MapView | null = null;
  private selectedId: string | null = null;
  private deviceZones = new Set<string>();
  // Incidents: at most every INCIDENT_FLUSH_MS under a steady stream, at once otherwise.
  private readonly incidentBatch = new FrameBatcher<string>(
    (ids) => this.renderIncidents(ids),
    undefined,
    undefined,
    INCIDENT_FLUSH_MS,
  );
  private readonly deviceBatch = new FrameBatcher<string>((ids) => this.renderDevices(ids));
  private readonly unitBatch = new FrameBatcher<string>((ids) => this.map?.units.sync(ids));
  private readonly teardown: (() => void)[] = [];
  private readonly timers: ReturnType<typeof setInterval>[] = [];
  private blinkTimer: ReturnType<typeof setInterval> | null = null;
  private stopped = false;
  /** The session ended; the console waits, as it is, for the same user to sign in again. */
  private suspended = false;

  constructor(private readonly options: ConsoleAppOptions) {
    this.topBar = new TopBar({
      user: options.user,
      wall: options.wall === true,
      mutedUntil: this.sound.mutedUntil,
      onLogout: () => this.end('logout'),
      onMuteChange: (muted) => this.sound.setMuted(muted),
      onAlarmClick: () => this.showFirstAlarm(),
      // Resolved-not-closed ones may be older than the live store keeps: the hub lists them all.
      onAwaitingCloseClick: () => this.history.open({ status: 'resolved' }),
      onAdminClick: () => this.openAdmin(),
    });
    this.feed = new IncidentFeed({
      store: this.incidents,
      filter: this.filter,
      attention: this.attention,
      bell: this.bell,
      onSelect: (id) => this.select(id, 'feed'),
      names: (incident) => [
        ...incident.sources.flatMap((id) => searchNames(this.devices.get(id))),
        ...incident.assignedUnitIds.flatMap((id) => searchNames(this.units.get(id))),
      ],
      onHistory: () => this.history.open(),
    });
    this.history = new HistoryView({
      onSelect: (incident) => this.selectFinished(incident),
      onUnauthorized: () => this.end('expired'),
    });
    this.panel = new IncidentPanel({
      user: options.user,
      incidents: this.incidents,
      devices: this.devices,
      units: this.units,
      onClose: () => this.closePanel(),
      onBearing: (deviceId, bearing) => this.map?.devices.learnBearing(deviceId, bearing),
      onUnauthorized: () => this.end('expired'),
      onReplayFrom: (at) => this.enterReplay(at),
    });
    this.replayBar = new ReplayBar({
      onOpen: () => this.enterReplay(Date.now() - REPLAY_OPENS_AT_MS),
      onLive: () => this.leaveReplay(),
      onPlay: () => {
        this.replay?.play();
        this.renderReplay();
      },
      onPause: () => {
        this.replay?.pause();
        this.renderReplay();
      },
      onSpeed: (speed) => {
        this.replay?.setSpeed(speed);
        this.renderReplay();
      },
      onSpan: (hours) => {
        this.replaySpan = hours;
        this.renderReplay();
      },
      onSeek: (at) => this.enterReplay(at),
    });
    this.mapElement = el('div', {
      className: 'console__map',
      attrs: { role: 'region', 'aria-label': t('map.label') },
      dataset: { testid: 'map' },
    });
    this.triage = new TriageTools({
      user: options.user,
      wall: options.wall === true,
      incidents: () => this.incidents.values(),
      applied: (incident) => this.incidents.apply(incident),
    });
    this.topBar.addTools(...this.triage.buttons);
    this.stage = el('div', { className: 'console__stage' }, [
      this.mapElement,
      this.banner.element,
      this.replayBar.banner,
      this.replayBar.element,
      this.history.element,
      this.panel.element,
      ...this.triage.overlays,
    ]);
    this.body = el('div', { className: 'console__body' }, [this.stage, this.feed.element]);
    this.element = el('div', { className: options.wall ? 'console console--wall' : 'console' }, [
      this.topBar.element,
      this.body,
    ]);
    this.live = new LiveClient({
      // While replaying, pushes are left out: back to live reloads the whole picture.
      incident: (incident) => {
        if (!this.replay) this.incidents.apply(incident);
      },
      device: (device) => {
        if (!this.replay) this.devices.upsert(device);
      },
      unit: (unit) => this.units.upsert(unit),
      snapshot: ({ incidentId }) => {
        if (this.replay) return;
        this.panel.incidentChanged(incidentId);
        this.triage.framesAdded(incidentId);
      },
      districtIncident: (incident) => {
        if (!this.replay) this.incidents.apply(toConsoleIncident(incident));
      },
      stats: (stats) => this.topBar.setStats(stats),
      status: (status) => {
        this.connection.set(status);
        if (status === 'connected') void this.districtRefresh.connected();
      },
      lastSeq: () => (this.replay ? this.liveSeq : this.incidents.lastSeq),
      resynced: (result) => {
        if (this.replay) this.liveSeq = Math.max(this.liveSeq, result.lastSeq);
        else this.incidents.noteSeq(result.lastSeq);
      },
      rejected: (message) => {
        console.warn('the hub refused the live connection:', message);
        this.end('expired');
      },
      ended: () => this.end('expired'),
    });
  }

  get isWall(): boolean {
    return this.options.wall === true;
  }

  start(): void {
    this.options.root.replaceChildren(this.element);
    // Sign-in was a user gesture: the alarm sound may start from now on.
    this.sound.unlock();
    // Leaflet needs its container in the document, with a size, before it starts.
    this.map = new MapView(this.mapElement, {
      devices: this.devices,
      units: this.units,
      visibleIncidents: () => this.feed.visible(),
      lookupIncident: (id) => this.incidents.lookup(id),
      onIncidentSelect: (id) => this.select(id, 'map'),
      onUnitSelect: (unit) => this.onUnitSelect(unit),
    });
    this.teardown.push(
      this.incidents.onChange((id) => this.incidentBatch.add(id)),
      this.devices.onChange((id) => this.deviceBatch.add(id)),
      this.units.onChange((id) => this.unitBatch.add(id)),
      this.filter.onChange(() => {
        this.map?.refreshIncidents();
        for (const id of this.attention.ids()) this.showAlarm(id, this.incidents.get(id));
      }),
      this.connection.onChange((snapshot) => {
        this.topBar.setConnection(snapshot);
        this.banner.setConnection(snapshot);
        // A picture that may be stale must look it.
        this.element.classList.toggle('console--stale', snapshot.status === 'disconnected');
        this.panel.setConnected(snapshot.status === 'connected');
      }),
      onLocaleChange(() => this.mapElement.setAttribute('aria-label', t('map.label'))),
    );
    document.addEventListener('keydown', this.onKeyDown);
    this.timers.push(
      setInterval(() => this.remindAlarms(), ALARM_REMINDER_MS),
      setInterval(() => void this.refreshHubStats(), STATS_REFRESH_MS),
    );
    void this.load();
    // `#admin` opens the admin console for anyone: the hub answers a non-admin with 403.
    if (location.hash === '#admin' && !this.isWall) this.openAdmin();
  }

  /**
   * The admin console over the map, which keeps running underneath; loaded on first use,
   * so the operators' console does not carry it.
   */
  private openAdmin(): void {
    if (this.admin || this.adminLoading) return;
    this.adminLoading = true;
    void import('./admin/admin-view')
      .then(({ AdminView }) => {
        if (this.stopped) return;
        this.admin = new AdminView({
          onClose: () => this.closeAdmin(),
          onUnauthorized: () => this.end('expired'),
          falseAlarms: () => {
            const table = new FalseAlarmTable({ canUndo: true });
            void table.load();
            return table;
          },
        });
        this.body.append(this.admin.element);
        return this.admin.show('users');
      })
      .catch((error: unknown) => console.warn('could not load the admin console', error))
      .finally(() => (this.adminLoading = false));
  }

  private closeAdmin(): void {
    this.admin?.destroy();
    this.admin = null;
    if (location.hash === '#admin')
      history.replaceState(null, '', location.pathname + location.search);
  }

  stop(): void {
    if (this.stopped) return;
    this.stopped = true;
    this.admin?.destroy();
    this.admin = null;
    this.live.stop();
    document.removeEventListener('keydown', this.onKeyDown);
    for (const timer of this.timers.splice(0)) clearInterval(timer);
    if (this.blinkTimer) clearInterval(this.blinkTimer);
    if (this.replayTimer) clearInterval(this.replayTimer);
    this.replay = null;
    this.replayBar.destroy();
    for (const undo of this.teardown.splice(0)) undo();
    this.incidentBatch.dispose();
    this.deviceBatch.dispose();
    this.unitBatch.dispose();
    this.map?.destroy();
    this.map = null;
    this.panel.destroy();
    this.history.destroy();
    this.feed.destroy();
    this.topBar.destroy();
    this.triage.destroy();
    this.banner.destroy();
    this.sound.dispose();
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
    return this.map ? this.feed.size : 0;
  }

  incidentTargets(): { x: number; y: number; count: number }[] {
    return this.map?.incidents.drawnTargets ?? [];
  }

  deviceMarkerCount(): number {
    return this.map?.devices.count ?? 0;
  }

  unitCount(): number {
    return this.map?.units.count ?? 0;
  }

  alarmCount(): number {
    return this.attention.size;
  }

  soundCount(): number {
    return this.sound.played;
  }

  mapIdle(): number {
    return this.map?.idle ? 1 : 0;
  }

  mapZoom(): number {
    return this.map?.map.getZoom() ?? 0;
  }

  paintStats(): Readonly<
    Record<'devicePaints' | 'deviceMs' | 'incidentPaints' | 'incidentMs', number>
  > {
    return {
      devicePaints: this.map?.devices.paints ?? 0,
      deviceMs: this.map?.devices.lastPaintMs ?? 0,
      incidentPaints: this.map?.incidents.paints ?? 0,
      incidentMs: this.map?.incidents.lastPaintMs ?? 0,
    };
  }

  /** Snapshot over HTTP first, then the live link, whose resync fills in the rest. */
  private async load(): Promise<void> {
    void fetchClientConfig().then((config) => this.map?.applyConfig(config));
    this.loadZoneNames();
    void this.refreshHubStats();
    const [incidents, devices, units, resolved] = await Promise.allSettled([
      fetchActiveIncidents(),
      fetchDevices(),
      fetchUnits(),
      fetchResolvedIncidents(),
    ]);
    if (this.stopped) return;
    if ([incidents, devices, units, resolved].some(isUnauthorized)) {
      this.end('expired');
      return;
    }
    this.applyRegistry(devices, units);
    if (resolved.status === 'fulfilled')
      for (const incident of resolved.value.items) this.incidents.apply(incident);
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
    void this.loadDistrictIncidents();
  }

  /**
   * Shows the situation at `at` (docs/contract.md §7), read-only: entering the replay the
   * first time, or scrubbing within it.
   */
  private enterReplay(at: number): void {
    if (!this.replay) {
      this.liveSeq = this.incidents.lastSeq;
      this.replay = new ReplayPlayer(
        { situation: fetchSituation, changes: fetchSituationChanges },
        {
          reset: (situation) => {
            this.incidents.clear();
            this.devices.clear();
            for (const device of situation.devices) this.devices.upsert(device);
            for (const incident of situation.incidents) this.incidents.apply(incident);
            this.replayError = null;
            this.renderReplay();
          },
          apply: (change) => {
            if (change.kind === 'incident') this.incidents.apply(change.incident);
            else this.devices.upsert(change.device);
          },
          failed: (error) => {
            if (error instanceof ApiError && error.isUnauthorized) return this.end('expired');
            this.replayError = error instanceof Error ? error.message : String(error);
            this.renderReplay();
          },
        },
      );
      this.element.classList.add('console--replay');
      this.replayTimer = setInterval(() => {
        this.replay?.tick();
        this.renderReplay();
      }, REPLAY_TICK_MS);
    }
    const start = Date.now() - this.replaySpan * HOUR_MS;
    // An incident older than the timeline widens it to the longest period offered.
    if (at < start) this.replaySpan = 168;
    void this.replay.seek(at);
    this.panel.setReplay(this.replay.position);
    this.renderReplay();
  }

  /** One click back to live: the replayed picture goes, the live one is loaded again. */
  private leaveReplay(): void {
    if (!this.replay) return;
    this.replay = null;
    if (this.replayTimer) clearInterval(this.replayTimer);
    this.replayTimer = null;
    this.replayError = null;
    this.element.classList.remove('console--replay');
    this.panel.setReplay(null);
    this.replayBar.set(null);
    this.incidents.clear();
    this.devices.clear();
    void this.reloadLive();
  }

  private async reloadLive(): Promise<void> {
    const [incidents, devices, resolved] = await Promise.allSettled([
      fetchActiveIncidents(),
      fetchDevices(),
      fetchResolvedIncidents(),
    ]);
    if (this.stopped || this.replay) return;
    if ([incidents, devices, resolved].some(isUnauthorized)) return this.end('expired');
    if (devices.status === 'fulfilled')
      for (const device of devices.value) this.devices.upsert(device);
    if (resolved.status === 'fulfilled')
      for (const incident of resolved.value.items) this.incidents.apply(incident);
    if (incidents.status === 'fulfilled') {
      for (const incident of incidents.value.items) this.incidents.apply(incident);
      this.incidents.noteSeq(Math.max(incidents.value.lastSeq, this.liveSeq));
    } else this.banner.setLoadFailed(true);
    void this.districtRefresh.refresh();
  }

  private renderReplay(): void {
    const player = this.replay;
    if (!player) return;
    this.panel.setReplay(player.position);
    const end = Date.now();
    this.replayBar.set(
      {
        position: player.position,
        playing: player.playing,
        speed: player.speed,
        span: this.replaySpan,
        start: end - this.replaySpan * HOUR_MS,
        end,
      },
      this.replayError,
    );
  }

  /** At a province, its districts' incidents (docs/federation.md); elsewhere the list is empty. */
  private async loadDistrictIncidents(): Promise<void> {
    await this.districtRefresh.refresh();
  }

  /** At a province, its districts' incidents, active and recently finished. */
  private async fetchDistrictIncidents(): Promise<Incident[]> {
    const [active, finished] = await Promise.all([
      fetchDistrictIncidents(),
      fetchFinishedDistrictIncidents(),
    ]);
    return [...finished.items, ...active.items];
  }

  private async refreshHubStats(): Promise<void> {
    try {
      const stats = await fetchHubStats();
      if (!this.stopped) this.topBar.setHubStats(stats);
    } catch (error) {
      if (this.stopped) return;
      if (error instanceof ApiError && error.isUnauthorized) return this.end('expired');
      // A hub without GET /api/stats (or a role without it): the KPI shows "—".
      if (error instanceof ApiError && (error.isMissing || error.status === 403))
        this.topBar.setHubStats('unavailable');
    }
  }

  private select(id: string, from: 'map' | 'feed' | 'alarm' | 'history'): void {
    this.selectedId = id;
    this.feed.select(id, from !== 'feed');
    this.map?.select(id);
    this.panel.open(id);
    const incident = this.incidents.lookup(id);
    if (from !== 'map' && incident)
      this.map?.flyTo(incident.location, this.panel.element.offsetWidth);
  }

  /** A finished incident from the history: the live store may not hold it any more. */
  private selectFinished(incident: Incident): void {
    this.select(incident.id, 'history');
    if (!this.incidents.lookup(incident.id))
      this.map?.flyTo(incident.location, this.panel.element.offsetWidth);
  }

  private closePanel(): void {
    if (!this.selectedId) return;
    this.selectedId = null;
    this.panel.close();
    this.feed.select(null);
    this.map?.select(null);
    this.map?.flyBack();
  }

  private onUnitSelect(unit: Unit): void {
    if (unit.incidentId && this.incidents.lookup(unit.incidentId))
      this.select(unit.incidentId, 'map');
  }

  /** The top of the pinned block: the newest critical, else the worst overdue. */
  private showFirstAlarm(): void {
    const first = this.feed.pinned.alarms()[0];
    if (first) this.select(first.id, 'alarm');
  }

  private renderIncidents(ids: ReadonlySet<string>): void {
    const sounds: SoundKind[] = [];
    for (const id of ids) {
      const stored = this.incidents.get(id);
      // A district's incident is watched and alarmed at its district, not here.
      const incident = isDistrictIncident(stored) ? undefined : stored;
      // A replay raises no alarm and plays no sound: it happened already.
      if (!this.replay) {
        const raised = this.attention.update(id, incident);
        const kind = this.bell.note(id, incident, this.attention.reason(id), raised);
        if (kind) sounds.push(kind);
      }
      this.showAlarm(id, incident);
      this.panel.incidentChanged(id);
      // A closed incident stays in the panel (status "closed", no actions) until the user
      // closes it: vanishing at once looked like an error and lost what was just done.
    }
    this.feed.sync(ids);
    this.triage.sync();
    this.map?.refreshIncidents();
    const counts = Object.fromEntries(SEVERITIES.map((s) => [s, 0])) as Record<Severity, number>;
    let escalated = 0;
    for (const incident of this.incidents.values()) {
      if (isDistrictIncident(incident)) continue;
      counts[incident.severity] += 1;
      if (incident.escalated) escalated += 1;
    }
    this.topBar.setSeverityCounts(counts, escalated);
    this.topBar.setAwaitingClose(this.incidents.resolvedCount);
    this.topBar.setAlarmCount(this.attention.size);
    this.updateBlink();
    this.feed.filters.setZones(this.knownZones());
    this.feed.filters.setDistricts(knownDistricts(this.incidents.values()));
    if (this.incidents.size > 0) this.banner.setLoadFailed(false);
    this.bell.ring(sounds);
  }

  /**
   * The map's alarm ring follows the filters like the marker under it. A critical incident
   * keeps the critical ring once overdue too: overdue rings are the quiet ones.
   */
  private showAlarm(id: string, incident: Incident | undefined): void {
    const reason = this.attention.reason(id);
    const shown = incident && reason && this.feed.shows(incident) ? incident : undefined;
    const ring: AlarmReason | null = shown?.severity === 'critical' ? 'critical' : reason;
    this.map?.setAlarm(id, shown, shown ? ring : null);
  }

  /** While anything alarms, the console root blinks at 2 Hz (CSS keys off `data-blink`). */
  private updateBlink(): void {
    if (this.attention.size > 0 && !this.blinkTimer) {
      this.element.dataset.blink = 'on';
      this.blinkTimer = setInterval(() => {
        this.element.dataset.blink = this.element.dataset.blink === 'on' ? 'off' : 'on';
      }, BLINK_MS);
    } else if (this.attention.size === 0 && this.blinkTimer) {
      clearInterval(this.blinkTimer);
      this.blinkTimer = null;
      delete this.element.dataset.blink;
    }
  }

  private remindAlarms(): void {
    if (this.attention.size > 0) this.bell.remind(this.feed.pinned.alarms());
  }

  private renderDevices(ids: ReadonlySet<string>): void {
    this.map?.syncDevices(ids);
    const { online, offline, unknown } = this.devices.countByStatus();
    this.topBar.setDeviceCounts(online, offline + unknown);
    const zones = new Set<string>();
    for (const device of this.devices.values()) if (device.zone) zones.add(device.zone);
    this.deviceZones = zones;
    this.feed.filters.setZones(this.knownZones());
  }

  private knownZones(): Set<string> {
    const zones = new Set(this.deviceZones);
    for (const incident of this.incidents.values()) if (incident.zone) zones.add(incident.zone);
    return zones;
  }

  private readonly onKeyDown = (event: KeyboardEvent): void => {
    if (event.key !== 'Escape' || !this.selectedId) return;
    const target = event.target;
    if (
      target instanceof HTMLInputElement ||
      target instanceof HTMLTextAreaElement ||
      target instanceof HTMLSelectElement
    )
      return;
    this.closePanel();
  };

  private end(reason: SessionEnd): void {
    if (this.stopped || this.suspended) return;
    if (reason === 'expired') {
      this.suspended = true;
      this.live.stop();
    }
    this.options.onEnd(reason);
  }

  /**
   * Carries on after a new sign-in, keeping the map, the feed and the open panel: the live
   * link reconnects with the new token and resyncs from the last seq held. False when the
   * new session is another user or role: the caller then starts a fresh console.
   */
  resume(response: LoginResponse): boolean {
    const { user } = this.options;
    if (
      this.stopped ||
      response.user.username !== user.username ||
      response.user.role !== user.role
    )
      return false;
    this.suspended = false;
    this.live.start(response.accessToken);
    // Resync replays incidents; devices, units and zone names changed meanwhile are read again.
    this.loadZoneNames();
    void Promise.allSettled([fetchDevices(), fetchUnits()]).then(([devices, units]) => {
      if (!this.stopped) this.applyRegistry(devices, units);
    });
    return true;
  }

  /** Zone display names; until they arrive (or when they cannot), zones show by id. */
  private loadZoneNames(): void {
    fetchZones().then(
      (zones) => {
        if (!this.stopped) setZoneNames(zones);
      },
      (error: unknown) => console.warn('could not load zone names', error),
    );
  }

  private applyRegistry(
    devices: PromiseSettledResult<Device[]>,
    units: PromiseSettledResult<Unit[]>,
  ): void {
    if (devices.status === 'fulfilled')
      for (const device of devices.value) this.devices.upsert(device);
    else console.warn('could not load devices', devices.reason);
    if (units.status === 'fulfilled') for (const unit of units.value) this.units.upsert(unit);
    else if (!isMissing(units)) console.warn('could not load response units', units.reason);
  }
}

function isUnauthorized(result: PromiseSettledResult<unknown>): boolean {
  return (
    result.status === 'rejected' &&
    result.reason instanceof ApiError &&
    result.reason.isUnauthorized
  );
}

function isMissing(result: PromiseSettledResult<unknown>): boolean {
  return (
    result.status === 'rejected' && result.reason instanceof ApiError && result.reason.isMissing
  );
}
