import {
  canWrite,
  NOTE_MAX_LENGTH,
  type Incident,
  type IncidentDetail,
  type IncidentStatus,
  type User,
} from '@ioc/shared';
import { ApiError } from '../api/http-client';
import {
  addIncidentNote,
  answerIncident,
  conflictIncident,
  fetchCitizenReports,
  fetchIncidentDetail,
  fetchIncidentSources,
  runPanelCommand,
  type PanelCommand,
} from '../api/incidents.api';
import { bearingFromAttributes } from '../map/camera-fov';
import { formatNumber } from '../i18n/format';
import { eventTypeLabel, onLocaleChange, severityLabel, t } from '../i18n/i18n';
import type { MessageKey } from '../i18n/messages';
import { alarmReason } from '../state/attention';
import type { DeviceStore } from '../state/device-store';
import type { IncidentStore } from '../state/incident-store';
import type { UnitStore } from '../state/unit-store';
import { describeChange } from './conflict-message';
import { el, setText } from './dom';
import { icon } from './icons';
import { incidentCharts } from './incident-chart';
import { isDistrictIncident } from '../state/district';
import { canTransition, PanelActions } from './panel-actions';
import { PanelAnswer } from './panel-answer';
import { auditTrail, incidentFacts, timeline } from './panel-sections';
import { framesOf, SnapshotImages, type Frame } from './snapshot-frames';
import { SnapshotLightbox } from './snapshot-lightbox';
import { incidentTitle } from '../i18n/display-names';

const REFRESH_DELAY_MS = 300;

export interface IncidentPanelOptions {
  user: User;
  incidents: IncidentStore;
  devices: DeviceStore;
  units: UnitStore;
  onClose(): void;
  /** A camera's bearing seen in an event (`attributes.bearingDeg`), for its cone on the map. */
  onBearing(deviceId: string, bearingDeg: number): void;
  /** The session is over (401). */
  onUnauthorized(): void;
  /** Replays the map and feed from this moment (the incident's start). */
  onReplayFrom(at: number): void;
}

type MessageKind = 'success' | 'conflict' | 'error' | 'info';

/**
 * The selected incident: what it is, why it exists (events with their correlation
 * reasons, readings around it), who did what (audit), notes, and the actions the user's
 * role allows. It follows the incident live and re-reads its detail after every change.
 */
export class IncidentPanel {
  readonly element: HTMLElement;
  private readonly badge = el('span', { className: 'badge' });
  private readonly type = el('span', { className: 'panel__type' });
  private readonly status = el('span', {
    className: 'chip chip--status',
    dataset: { testid: 'panel-status' },
  });
  private readonly escalated = el('span', { className: 'chip chip--escalated' });
  private readonly alarm = el('span', {
    className: 'chip chip--alarm',
    dataset: { testid: 'panel-alarm' },
  });
  private readonly closeButton = el('button', {
    className: 'panel__close',
    attrs: { type: 'button' },
    dataset: { testid: 'panel-close' },
  });
  private readonly title = el('h2', {
    className: 'panel__title',
    dataset: { testid: 'panel-title' },
  });
  private readonly message = el('p', {
    className: 'panel__message',
    attrs: { role: 'alert' },
    dataset: { testid: 'panel-message' },
  });
  private readonly facts = el('div', {
    className: 'panel__facts',
    dataset: { testid: 'panel-facts' },
  });
  private readonly chart = el('div', {
    className: 'panel__chart',
    dataset: { testid: 'panel-chart' },
  });
  private readonly timeline = el('div', {
    className: 'panel__timeline',
    dataset: { testid: 'panel-timeline' },
  });
  private readonly audit = el('div', {
    className: 'panel__audit',
    dataset: { testid: 'panel-audit' },
  });
  private readonly noteInput = el('textarea', {
    className: 'notes__input',
    attrs: { rows: '2', maxlength: String(NOTE_MAX_LENGTH) },
    dataset: { testid: 'note-input' },
  });
  private readonly noteButton = el('button', {
    className: 'button',
    attrs: { type: 'button' },
    dataset: { testid: 'note-submit' },
  });
  /** A district's incident at the province: read-only, handled at its district. */
  private readonly readOnly = el('p', {
    className: 'panel__hint panel__read-only',
    dataset: { testid: 'panel-read-only' },
  });
  private readonly notesSection: HTMLElement;
  private readonly replayFrom = el('button', {
    className: 'button button--ghost panel__replay',
    attrs: { type: 'button' },
    dataset: { testid: 'panel-replay-from-start' },
  });
  /** In a replay (its time, else null) the panel shows, and changes nothing. */
  private replayAt: number | null = null;
  /** Event images (issue 19): the newest above the details, thumbnails in the timeline. */
  private readonly images = new SnapshotImages();
  private readonly lightbox = new SnapshotLightbox(this.images);
  private readonly latestFrame = el('div', { className: 'panel__latest-frame' });
  private readonly latestFrameSection: HTMLElement;
  private readonly headings: [HTMLElement, MessageKey][] = [];
  private readonly actions: PanelActions | null;
  private readonly answer: PanelAnswer;
  private incidentId: string | null = null;
  private detail: IncidentDetail | null = null;
  /** Every source of the shown incident, once the user asked for them. */
  private allSources: { id: string; list: string[] } | null = null;
  private loading: AbortController | null = null;
  private chartLoading: AbortController | null = null;
  private chartKey = '';
  private refreshTimer: ReturnType<typeof setTimeout> | null = null;
  private busy = false;
  /** The live link is down: nothing sent now would be known to reach the hub. */
  private offline = false;
  /** The message says an action was not applied (cleared when the link returns). */
  private notApplied = false;
  private readonly teardown: (() => void)[] = [];

  constructor(private readonly options: IncidentPanelOptions) {
    this.actions = canTransition(options.user.role)
      ? new PanelActions({
          units: options.units,
          run: (command, shown) => this.transition(command, shown),
        })
      : null;
    this.answer = new PanelAnswer({
      role: options.user.role,
      send: (text) => this.sendAnswer(text),
    });
    this.closeButton.append(icon('close'));
    this.closeButton.addEventListener('click', () => this.options.onClose());
    this.noteButton.addEventListener('click', () => void this.addNote());
    this.replayFrom.addEventListener('click', () => {
      const incident = this.current();
      if (incident) this.options.onReplayFrom(Date.parse(incident.firstSeen));
    });
    this.noteInput.addEventListener('keydown', (event) => {
      if (event.key === 'Enter' && (event.ctrlKey || event.metaKey)) void this.addNote();
    });
    const section = (key: MessageKey, body: HTMLElement, testid?: string): HTMLElement => {
      const heading = el('h3', { className: 'panel__heading' });
      this.headings.push([heading, key]);
      return el('section', { className: 'panel__section', dataset: testid ? { testid } : {} }, [
        heading,
        body,
      ]);
    };
    const notes = el('div', { className: 'notes' }, [this.noteInput, this.noteButton]);
    this.notesSection = section('panel.notes', notes, 'panel-notes');
    this.latestFrameSection = section('panel.latestFrame', this.latestFrame, 'panel-latest-frame');
    this.latestFrameSection.hidden = true;
    this.element = el(
      'aside',
      {
        className: 'panel',
        attrs: { role: 'dialog', 'aria-modal': 'false', 'aria-labelledby': 'incident-panel-title' },
        dataset: { testid: 'incident-panel' },
      },
      [
        el('header', { className: 'panel__header' }, [
          el('div', { className: 'panel__badges' }, [
            this.badge,
            this.status,
            this.escalated,
            this.alarm,
          ]),
          this.closeButton,
        ]),
        el('div', { className: 'panel__scroll' }, [
          this.type,
          this.title,
          this.message,
          this.readOnly,
          this.replayFrom,
          ...(this.actions ? [this.actions.element] : []),
          this.latestFrameSection,
          section('panel.details', this.facts),
          section('panel.answer', this.answer.element, 'panel-answer-section'),
          section('panel.readings', this.chart, 'panel-readings'),
          section('panel.timeline', this.timeline),
          section('panel.audit', this.audit),
          // A wall screen's credential writes nothing: no note box to fail on it.
          ...(canWrite(options.user.role) ? [this.notesSection] : []),
        ]),
      ],
    );
    this.title.id = 'incident-panel-title';
    this.element.hidden = true;
    document.body.append(this.lightbox.element);
    this.teardown.push(
      onLocaleChange(() => this.renderAll()),
      options.units.onChange(() => {
        this.actions?.refreshUnits();
        this.renderFacts();
      }),
    );
    this.renderLabels();
  }

  get openId(): string | null {
    return this.incidentId;
  }

  destroy(): void {
    this.cancelLoads();
    if (this.refreshTimer) clearTimeout(this.refreshTimer);
    for (const undo of this.teardown.splice(0)) undo();
    this.actions?.destroy();
    this.forgetFrames();
    this.lightbox.destroy();
    this.element.remove();
  }

  open(id: string): void {
    if (this.incidentId !== id) {
      this.cancelLoads();
      this.incidentId = id;
      this.detail = null;
      this.allSources = null;
      this.chartKey = '';
      this.noteInput.value = '';
      this.forgetFrames();
      this.setMessage(null);
      this.timeline.replaceChildren(
        el('p', { className: 'panel__hint', text: t('panel.loading') }),
      );
      this.audit.replaceChildren();
      this.chart.replaceChildren();
    }
    this.element.hidden = false;
    this.element.dataset.incidentId = id;
    this.renderAll();
    void this.load();
  }

  close(): void {
    this.cancelLoads();
    this.forgetFrames();
    this.incidentId = null;
    this.detail = null;
    this.element.hidden = true;
    delete this.element.dataset.incidentId;
  }

  /** The store changed this incident: show it at once, re-read its detail shortly. */
  incidentChanged(id: string): void {
    if (id !== this.incidentId) return;
    this.renderHeader();
    this.renderFacts();
    this.renderActions();
    if (this.refreshTimer) clearTimeout(this.refreshTimer);
    this.refreshTimer = setTimeout(() => {
      this.refreshTimer = null;
      void this.load();
    }, REFRESH_DELAY_MS);
  }

  /** The newest state known: the store's or the detail's, whichever has the higher seq. */
  private current(): Incident | null {
    const id = this.incidentId;
    if (!id) return null;
    const stored = this.options.incidents.lookup(id);
    if (this.replaying) return stored ?? null;
    const detail = this.detail?.id === id ? this.detail : null;
    if (stored && detail) return stored.seq >= detail.seq ? stored : detail;
    return stored ?? detail;
  }

  private async load(): Promise<void> {
    const id = this.incidentId;
    if (!id) return;
    // A district's events and audit stay at its district hub: nothing more to read here.
    if (isDistrictIncident(this.current())) {
      this.timeline.replaceChildren();
      return;
    }
    this.loading?.abort();
    const controller = new AbortController();
    this.loading = controller;
    try {
      const [detail, reports] = await Promise.all([
        fetchIncidentDetail(id, controller.signal),
        // Only for the answer's audience line: a failure leaves the line out.
        fetchCitizenReports(id, controller.signal).catch(() => null),
      ]);
      if (controller.signal.aborted || this.incidentId !== id) return;
      this.detail = detail;
      this.answer.setReports(reports);
      // A resolved incident leaves the active list; keep the store's copy current anyway.
      if (!this.replaying) this.options.incidents.apply(stripDetail(detail));
      for (const event of detail.events) {
        const bearing = bearingFromAttributes(event.attributes);
        if (bearing !== null && this.options.devices.get(event.deviceId)?.kind === 'camera')
          this.options.onBearing(event.deviceId, bearing);
      }
      this.renderAll();
      this.loadChart(detail);
    } catch (error) {
      if (controller.signal.aborted) return;
      if (error instanceof ApiError && error.isUnauthorized) return this.options.onUnauthorized();
      if (error instanceof ApiError && error.status === 404)
        return this.setMessage('error', t('panel.error.notFound'));
      // After a refused action the reason stays: a failed re-read must not hide it.
      if (this.notApplied) return;
      this.setMessage('error', t('panel.error.load'));
    } finally {
      if (this.loading === controller) this.loading = null;
    }
  }

  private loadChart(detail: IncidentDetail): void {
    // Readings only change when the incident's span or sources do.
    const key = `${detail.id}|${detail.firstSeen}|${detail.lastSeen}|${detail.sources.join(',')}`;
    if (key === this.chartKey) return;
    this.chartKey = key;
    this.chartLoading?.abort();
    const controller = new AbortController();
    this.chartLoading = controller;
    this.chart.replaceChildren(el('p', { className: 'panel__hint', text: t('panel.loading') }));
    incidentCharts(detail, (id) => this.options.devices.get(id), controller.signal).then(
      (content) => {
        if (!controller.signal.aborted) this.chart.replaceChildren(content);
      },
      () => {
        if (!controller.signal.aborted)
          this.chart.replaceChildren(
            el('p', { className: 'panel__hint', text: t('chart.noReadings') }),
          );
      },
    );
  }

  /**
   * `shown` is what the user saw when pressing the button: the store may already hold a
   * newer state that the (frame-batched) panel had not drawn yet, and the message after a
   * 409 must explain the difference from what was on screen.
   */
  private async transition(command: PanelCommand, shown: Incident): Promise<void> {
    const id = this.incidentId;
    const before = shown.id === id ? shown : this.current();
    if (!id || !before || this.busy) return;
    this.setBusy(true);
    try {
      const incident = await runPanelCommand(id, command);
      this.options.incidents.apply(incident);
      this.setMessage('success', t(`action.done.${command.action}`));
    } catch (error) {
      await this.explain(error, before.status);
    } finally {
      this.setBusy(false);
      if (this.incidentId === id) await this.load();
    }
  }

  /** Turns a refused action into a plain sentence, and shows the incident as it is now. */
  private async explain(error: unknown, statusSeen: IncidentStatus): Promise<void> {
    const id = this.incidentId;
    if (error instanceof ApiError && error.isUnauthorized) return this.options.onUnauthorized();
    const current = conflictIncident(error);
    if (current && id) {
      this.options.incidents.apply(current);
      let audit = this.detail?.audit ?? [];
      try {
        const fresh = await fetchIncidentDetail(id);
        this.detail = fresh;
        audit = fresh.audit;
      } catch {
        // The message below still names what the 409 told us.
      }
      this.setMessage(
        'conflict',
        t('panel.conflict', { change: describeChange(current, audit, statusSeen) }),
      );
      return;
    }
    if (error instanceof ApiError) {
      if (error.status === 403)
        return this.setMessage(
          'error',
          t('panel.error.forbidden', { role: t(`role.${this.options.user.role}`) }),
        );
      if (error.status === 422)
        return this.setMessage('error', t('panel.error.illegal', { message: error.message }));
      if (error.status === 409)
        return this.setMessage('conflict', t('panel.error.conflictUnknown'));
      if (error.status === 0) return this.setNotApplied();
      // The hub could not store it (docs/contract.md §7): nothing was changed.
      if (error.status === 503) return this.setMessage('error', t('panel.error.unavailable'));
      return this.setMessage('error', t('panel.error.refused', { message: error.message }));
    }
    this.setNotApplied();
  }

  private async addNote(): Promise<void> {
    const id = this.incidentId;
    const text = this.noteInput.value.trim();
    if (!id || !text || this.busy) return;
    this.setBusy(true);
    try {
      const incident = await addIncidentNote(id, text);
      this.options.incidents.apply(incident);
      if (this.incidentId === id) this.noteInput.value = '';
      this.setMessage('success', t('panel.noteAdded'));
    } catch (error) {
      const before = this.current();
      await this.explain(error, before?.status ?? 'open');
    } finally {
      this.setBusy(false);
      if (this.incidentId === id) await this.load();
    }
  }

  /** Resolves true once the hub stored the answer (its apps are told by the hub). */
  private async sendAnswer(text: string): Promise<boolean> {
    const id = this.incidentId;
    if (!id || this.busy) return false;
    this.setBusy(true);
    try {
      const incident = await answerIncident(id, text);
      this.options.incidents.apply(incident);
      this.setMessage('success', t('answer.sent'));
      return true;
    } catch (error) {
      const before = this.current();
      await this.explain(error, before?.status ?? 'open');
      return false;
    } finally {
      this.setBusy(false);
      if (this.incidentId === id) await this.load();
    }
  }

  private setBusy(busy: boolean): void {
    this.busy = busy;
    this.applyEnabled();
    this.element.setAttribute('aria-busy', String(busy));
  }

  /**
   * The live link's state: while it is down every action is disabled; when it returns a
   * "not applied" message has done its job and goes, and the incident is read again.
   */
  setConnected(connected: boolean): void {
    if (this.offline === !connected) return;
    this.offline = !connected;
    this.applyEnabled();
    if (connected && this.notApplied) {
      this.setMessage(null);
      void this.load();
    }
  }

  private applyEnabled(): void {
    const disabled = this.busy || this.offline;
    this.actions?.setBusy(disabled);
    this.answer.setBusy(disabled);
    this.noteButton.disabled = disabled;
  }

  /** A change the hub never received: say so, and keep saying it until the link returns. */
  private setNotApplied(): void {
    this.setMessage('error', t('panel.error.notApplied'));
    this.notApplied = true;
  }

  private setMessage(kind: MessageKind | null, text = ''): void {
    this.notApplied = false;
    this.message.hidden = kind === null;
    this.message.dataset.kind = kind ?? '';
    this.message.textContent = text;
  }

  private cancelLoads(): void {
    this.loading?.abort();
    this.loading = null;
    this.chartLoading?.abort();
    this.chartLoading = null;
  }

  private renderAll(): void {
    this.renderLabels();
    this.renderHeader();
    this.renderFacts();
    this.renderActions();
    this.renderDetail();
  }

  private renderLabels(): void {
    for (const [heading, key] of this.headings) setText(heading, t(key));
    this.closeButton.title = t('panel.close');
    this.closeButton.setAttribute('aria-label', t('panel.close'));
    this.noteInput.placeholder = t('panel.notePlaceholder');
    this.noteInput.setAttribute('aria-label', t('panel.notePlaceholder'));
    setText(this.noteButton, t('panel.addNote'));
    setText(this.escalated, t('feed.escalated'));
    setText(this.alarm, t('alarm.new'));
  }

  private renderHeader(): void {
    const incident = this.current();
    if (!incident) {
      // Nothing known yet: no chip from the incident shown before may stay.
      this.alarm.hidden = true;
      this.escalated.hidden = true;
      return;
    }
    this.element.dataset.severity = incident.severity;
    this.badge.className = `badge badge--${incident.severity}`;
    setText(this.badge, severityLabel(incident.severity));
    this.status.dataset.status = incident.status;
    this.status.className = `chip chip--status chip--${incident.status}`;
    setText(this.status, t(`status.${incident.status}`));
    this.escalated.hidden = !incident.escalated;
    // From the same state as the status chip, so the two can never disagree.
    // A district's SLA and alarms are its district's business (docs/federation.md).
    this.alarm.hidden = alarmReason(incident) === null || isDistrictIncident(incident);
    setText(this.type, eventTypeLabel(incident.type));
    setText(this.title, incidentTitle(incident));
  }

  private renderFacts(): void {
    const incident = this.current();
    if (!incident) return;
    this.facts.replaceChildren(
      incidentFacts(
        incident,
        (id) => this.options.devices.get(id),
        (id) => this.options.units.get(id),
        {
          all: this.allSources?.id === incident.id ? this.allSources.list : null,
          showAll: () => void this.loadAllSources(incident.id),
        },
      ),
    );
  }

  private async loadAllSources(id: string): Promise<void> {
    try {
      const { sources } = await fetchIncidentSources(id);
      if (this.incidentId !== id) return;
      this.allSources = { id, list: sources };
      this.renderFacts();
    } catch {
      if (this.incidentId === id) this.setMessage('error', t('panel.error.sources'));
    }
  }

  /**
   * Replay on (its time) or off (null): actions, notes, the answer form and the replay-from
   * button go; the timeline and audit stop at the replayed time; the store's replayed state
   * is shown, never the live detail.
   */
  setReplay(at: number | null): void {
    const changed = (at === null) !== (this.replayAt === null);
    this.replayAt = at;
    if (changed) this.renderAll();
  }

  private get replaying(): boolean {
    return this.replayAt !== null;
  }

  private renderActions(): void {
    const incident = this.current();
    const district = isDistrictIncident(incident);
    const readOnly = district || this.replaying;
    this.readOnly.hidden = !readOnly;
    if (this.replaying) setText(this.readOnly, t('replay.readOnly'));
    else if (district)
      setText(this.readOnly, t('district.readOnly', { name: incident?.districtName ?? '' }));
    setText(this.replayFrom, t('replay.fromStart'));
    this.replayFrom.hidden = this.replaying || !incident || district;
    if (this.actions) this.actions.element.hidden = readOnly;
    this.notesSection.hidden = readOnly;
    this.answer.element.hidden = this.replaying;
    if (!incident) return;
    if (!readOnly) this.actions?.set(incident);
    this.answer.set(incident);
  }

  private renderLatestFrame(frames: Frame[]): void {
    const newest = frames.at(-1);
    this.latestFrameSection.hidden = !newest;
    this.latestFrame.replaceChildren(
      ...(newest ? [this.thumbnail(frames, newest, 'snapshot-latest')] : []),
    );
  }

  /** A button holding an image: a click enlarges it, with the incident's other frames. */
  private thumbnail(frames: Frame[], frame: Frame, testid: string): HTMLElement {
    const button = el(
      'button',
      {
        className: `snapshot snapshot--${testid === 'snapshot-latest' ? 'large' : 'thumb'}`,
        attrs: { type: 'button', 'aria-label': t('snapshot.open') },
        dataset: { testid, snapshotId: frame.snapshot.id },
      },
      [this.images.image(frame, 'snapshot__image')],
    );
    button.addEventListener('click', () => this.lightbox.open(frames, frame.snapshot.id));
    return button;
  }

  private forgetFrames(): void {
    this.lightbox.close();
    this.images.clear();
    this.latestFrameSection.hidden = true;
    this.latestFrame.replaceChildren();
  }

  private renderDetail(): void {
    const detail = this.detail;
    if (!detail || detail.id !== this.incidentId) return;
    const until = this.replayAt ?? Infinity;
    const events = detail.events.filter((e) => Date.parse(e.receivedAt) <= until);
    const audit = detail.audit.filter((a) => Date.parse(a.at) <= until);
    const heading = this.headings.find(([, key]) => key === 'panel.timeline')?.[0];
    if (heading) setText(heading, `${t('panel.timeline')} (${formatNumber(events.length, 0)})`);
    const frames = framesOf(events);
    this.renderLatestFrame(frames);
    this.timeline.replaceChildren(
      timeline(events, detail.relatedIncidentId, (event) =>
        frames
          .filter((frame) => frame.event === event)
          .map((frame) => this.thumbnail(frames, frame, 'snapshot-thumb')),
      ),
    );
    this.audit.replaceChildren(
      audit.length > 0
        ? auditTrail(audit, (id) => this.options.units.get(id))
        : el('p', { className: 'panel__hint', text: t('panel.noAudit') }),
    );
  }
}

/** The incident part of a detail (the store keeps incidents, not their events). */
function stripDetail(detail: IncidentDetail): Incident {
  const { events: _events, audit: _audit, ...incident } = detail;
  return incident;
}
