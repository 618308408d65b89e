import type {
  Category,
  Device,
  DeviceKind,
  EventType,
  IncidentStatus,
  Role,
  Severity,
} from '@ioc/shared';

/** Labels of the console itself; the taxonomy keys below are derived from @ioc/shared. */
export type UiKey =
  | 'app.title'
  | 'app.shortTitle'
  | 'login.heading'
  | 'login.subtitle'
  | 'login.username'
  | 'login.password'
  | 'login.submit'
  | 'login.submitting'
  | 'login.error.invalid'
  | 'login.error.network'
  | 'login.error.server'
  | 'login.sessionExpired'
  | 'topbar.logout'
  | 'topbar.language'
  | 'topbar.role'
  | 'topbar.eventsPerSecond'
  | 'topbar.devicesOnline'
  | 'topbar.devicesOffline'
  | 'connection.connecting'
  | 'connection.connected'
  | 'connection.disconnected'
  | 'banner.lost'
  | 'banner.loadFailed'
  | 'feed.heading'
  | 'feed.empty'
  | 'feed.sources'
  | 'feed.events'
  | 'feed.escalated'
  | 'feed.conditionCleared'
  | 'feed.noZone'
  | 'popup.type'
  | 'popup.severity'
  | 'popup.status'
  | 'popup.zone'
  | 'popup.sources'
  | 'popup.events'
  | 'popup.firstSeen'
  | 'popup.lastSeen'
  | 'popup.unit'
  | 'device.kind'
  | 'device.status'
  | 'device.zone'
  | 'device.lastSeen'
  | 'device.unregistered'
  | 'device.never'
  | 'device.unknownKind'
  | 'map.label'
  | 'map.offlineBasemap'
  | 'time.justNow';

export type MessageKey =
  | UiKey
  | `eventType.${EventType}`
  | `severity.${Severity}`
  | `status.${IncidentStatus}`
  | `category.${Category}`
  | `deviceKind.${DeviceKind}`
  | `deviceStatus.${Device['status']}`
  | `role.${Role}`;

/** Every locale must define every key: the compiler enforces it and a unit test re-checks it. */
export type Messages = Record<MessageKey, string>;
