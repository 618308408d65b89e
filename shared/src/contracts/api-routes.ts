import type { LifecycleAction } from './lifecycle';

/**
 * The HTTP routes of docs/contract.md §7, named once. The hub's controllers take the
 * prefixes and paths below as NestJS route strings (no leading slash, `:param`); the
 * console and the simulators build concrete URLs with `apiRoutes`, from the same strings.
 */
export const ApiPrefix = {
  auth: 'api/auth',
  config: 'api/config',
  devices: 'api/devices',
  incidents: 'api/incidents',
  ingest: 'api/ingest',
  reports: 'api/reports',
  rules: 'api/rules',
  stats: 'api/stats',
  /** The situation at a past moment, and the changes between two (replay). */
  situation: 'api/situation',
  units: 'api/units',
  users: 'api/users',
  /** Event images (issue 19), for signed-in users. */
  snapshots: 'api/snapshots',
  /** Zone display names in both languages (docs/contract.md §7). */
  zones: 'api/zones',
  /** Wall-screen credentials (admin): issue, list, revoke. */
  wallTokens: 'api/wall-tokens',
  /** Open data (docs/contract.md §7): the CAP Atom feed, and incidents as NGSI-LD `Alert`s. */
  cap: 'api/cap',
  ngsiEntities: 'ngsi-ld/v1/entities',
  /** The OpenAPI document (HTML; JSON at `api/docs-json`). */
  docs: 'api/docs',
  /** Outside `/api`: the probes a load balancer and Prometheus call without a token. */
  health: 'health',
  metrics: 'metrics',
} as const;

/** Paths under a prefix. */
export const ApiPath = {
  root: '',
  id: ':id',
  username: ':username',
  login: 'login',
  /** Ends the caller's session (docs/contract.md §7). */
  logout: 'logout',
  feed: 'feed',
  cap: ':id/cap',
  notes: ':id/notes',
  /** Every source of an incident (docs/contract.md §7). */
  sources: ':id/sources',
  /** The public answer to an incident's citizen reports, and who will see it. */
  answer: ':id/answer',
  citizenReports: ':id/citizen-reports',
  trackingCode: ':trackingCode',
  deadLetters: 'webhooks/dead-letters',
  telemetry: ':id/telemetry',
  /** Device identity (issue 14): rotate a device's MQTT credentials; provision a fleet. */
  credentials: ':id/credentials',
  bulk: 'bulk',
  /** An incident's units: add (POST) and release (DELETE `…/units/:unitId`). */
  incidentUnits: ':id/units',
  incidentUnit: ':id/units/:unitId',
  rejections: 'rejections',
  /** Checks a rules text without applying it (docs/contract.md §7). */
  validate: 'validate',
  /** Learning from false alarms (triage): the figures, the raised bars, one bar undone. */
  falseAlarms: 'false-alarms',
  overrides: 'overrides',
  override: 'overrides/:deviceId/:type',
  changes: 'changes',
  /** A device's image of one of its events, uploaded with its own credentials. */
  deviceSnapshot: ':id/snapshots/:eventId',
  transition: (action: LifecycleAction) => `:id/${action}` as const,
} as const;

type Params = Readonly<Record<string, string>>;

/** `/prefix/path` with each `:name` replaced by its encoded value, and the query when not empty. */
function url(
  prefix: string,
  path: string = ApiPath.root,
  params: Params = {},
  query?: URLSearchParams,
): string {
  const filled = path.replace(/:(\w+)/g, (_, name: string) => {
    const value = params[name];
    if (value === undefined) throw new Error(`route ${prefix}/${path} needs :${name}`);
    return encodeURIComponent(value);
  });
  const search = query?.toString();
  return `/${prefix}${filled ? `/${filled}` : ''}${search ? `?${search}` : ''}`;
}

export const apiRoutes = {
  login: () => url(ApiPrefix.auth, ApiPath.login),
  logout: () => url(ApiPrefix.auth, ApiPath.logout),
  config: () => url(ApiPrefix.config),
  incidents: (query?: URLSearchParams) => url(ApiPrefix.incidents, ApiPath.root, {}, query),
  incident: (id: string) => url(ApiPrefix.incidents, ApiPath.id, { id }),
  transition: (id: string, action: LifecycleAction) =>
    url(ApiPrefix.incidents, ApiPath.transition(action), { id }),
  notes: (id: string) => url(ApiPrefix.incidents, ApiPath.notes, { id }),
  sources: (id: string) => url(ApiPrefix.incidents, ApiPath.sources, { id }),
  incidentUnits: (id: string) => url(ApiPrefix.incidents, ApiPath.incidentUnits, { id }),
  incidentUnit: (id: string, unitId: string) =>
    url(ApiPrefix.incidents, ApiPath.incidentUnit, { id, unitId }),
  cap: (id: string) => url(ApiPrefix.incidents, ApiPath.cap, { id }),
  capFeed: () => url(ApiPrefix.cap, ApiPath.feed),
  ngsiEntities: (query?: URLSearchParams) => url(ApiPrefix.ngsiEntities, ApiPath.root, {}, query),
  ngsiEntity: (id: string) => url(ApiPrefix.ngsiEntities, ApiPath.id, { id }),
  devices: () => url(ApiPrefix.devices),
  device: (id: string) => url(ApiPrefix.devices, ApiPath.id, { id }),
  deviceCredentials: (id: string) => url(ApiPrefix.devices, ApiPath.credentials, { id }),
  devicesBulk: () => url(ApiPrefix.devices, ApiPath.bulk),
  zones: () => url(ApiPrefix.zones),
  telemetry: (deviceId: string, query?: URLSearchParams) =>
    url(ApiPrefix.devices, ApiPath.telemetry, { id: deviceId }, query),
  units: () => url(ApiPrefix.units),
  unit: (id: string) => url(ApiPrefix.units, ApiPath.id, { id }),
  users: () => url(ApiPrefix.users),
  wallTokens: () => url(ApiPrefix.wallTokens),
  wallToken: (id: string) => url(ApiPrefix.wallTokens, ApiPath.id, { id }),
  user: (username: string) => url(ApiPrefix.users, ApiPath.username, { username }),
  reports: () => url(ApiPrefix.reports),
  report: (trackingCode: string) => url(ApiPrefix.reports, ApiPath.trackingCode, { trackingCode }),
  deadLetters: () => url(ApiPrefix.reports, ApiPath.deadLetters),
  answer: (id: string) => url(ApiPrefix.incidents, ApiPath.answer, { id }),
  citizenReports: (id: string) => url(ApiPrefix.incidents, ApiPath.citizenReports, { id }),
  stats: () => url(ApiPrefix.stats),
  situation: (query: URLSearchParams) => url(ApiPrefix.situation, ApiPath.root, {}, query),
  situationChanges: (query: URLSearchParams) =>
    url(ApiPrefix.situation, ApiPath.changes, {}, query),
  rules: () => url(ApiPrefix.rules),
  rulesValidate: () => url(ApiPrefix.rules, ApiPath.validate),
  falseAlarms: () => url(ApiPrefix.stats, ApiPath.falseAlarms),
  overrides: () => url(ApiPrefix.rules, ApiPath.overrides),
  override: (deviceId: string, type: string) =>
    url(ApiPrefix.rules, ApiPath.override, { deviceId, type }),
  rejections: () => url(ApiPrefix.ingest, ApiPath.rejections),
  snapshot: (id: string) => url(ApiPrefix.snapshots, ApiPath.id, { id }),
  deviceSnapshot: (deviceId: string, eventId: string) =>
    url(ApiPrefix.devices, ApiPath.deviceSnapshot, { id: deviceId, eventId }),
  health: () => url(ApiPrefix.health),
  metrics: () => url(ApiPrefix.metrics),
};
