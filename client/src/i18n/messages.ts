import type {
  Category,
  Device,
  DeviceKind,
  EventType,
  IncidentStatus,
  LifecycleAction,
  Metric,
  Resolution,
  Role,
  Severity,
  UnitKind,
  UnitStatus,
} from '@ioc/shared';
import type { MapLayerKey } from '../map/map-controls';
import type { AttributeKey } from './attribute-keys';
import type { StatusChoice } from '../state/incident-filter';

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
  | 'time.justNow'
  | 'action.acknowledge'
  | 'action.chooseResolution'
  | 'action.chooseUnit'
  | 'action.close'
  | 'action.dispatch'
  | 'action.noUnit'
  | 'action.notePlaceholder'
  | 'action.resolve'
  | 'alarm.count'
  | 'alarm.hint'
  | 'alarm.new'
  | 'audit.acknowledged'
  | 'audit.closed'
  | 'audit.condition_cleared'
  | 'audit.dispatched'
  | 'audit.escalated'
  | 'audit.note'
  | 'audit.opened'
  | 'audit.resolved'
  | 'chart.noReadings'
  | 'chart.none'
  | 'chart.threshold'
  | 'conflict.changed'
  | 'device.capabilities'
  | 'feed.countHint'
  | 'feed.noMatch'
  | 'feed.unit'
  | 'filter.allCategories'
  | 'filter.allZones'
  | 'filter.category'
  | 'filter.reset'
  | 'filter.search'
  | 'filter.status'
  | 'filter.zone'
  | 'kpi.devicesOffline'
  | 'kpi.escalated'
  | 'kpi.eventsPerSecond'
  | 'kpi.mtta'
  | 'kpi.mttaDetail'
  | 'kpi.mttaUnavailable'
  | 'kpi.open'
  | 'legend.acknowledged'
  | 'legend.alarm'
  | 'legend.cameraView'
  | 'legend.cluster'
  | 'legend.deviceCluster'
  | 'legend.devices'
  | 'legend.dispatched'
  | 'legend.escalated'
  | 'legend.incidents'
  | 'legend.title'
  | 'legend.units'
  | 'legend.zone'
  | 'map.clusterHint'
  | 'map.deviceCluster'
  | 'map.fitIncidents'
  | 'map.incidentCluster'
  | 'map.layers'
  | 'map.overview'
  | 'panel.acknowledged'
  | 'panel.actions'
  | 'panel.addNote'
  | 'panel.audit'
  | 'panel.byAt'
  | 'panel.close'
  | 'panel.confidence'
  | 'panel.conflict'
  | 'panel.details'
  | 'panel.error.conflictUnknown'
  | 'panel.error.forbidden'
  | 'panel.error.illegal'
  | 'panel.error.load'
  | 'panel.error.network'
  | 'panel.error.notFound'
  | 'panel.error.refused'
  | 'panel.error.unavailable'
  | 'panel.id'
  | 'panel.loading'
  | 'panel.noActions'
  | 'panel.noAudit'
  | 'panel.noteAdded'
  | 'panel.notePlaceholder'
  | 'panel.notes'
  | 'panel.readings'
  | 'panel.related'
  | 'panel.resolution'
  | 'panel.timeline'
  | 'panel.timelineTruncated'
  | 'panel.types'
  | 'reason.after'
  | 'reason.joined'
  | 'reason.late'
  | 'reason.opened'
  | 'reason.radius'
  | 'reason.reopened'
  | 'reason.sameZone'
  | 'reason.window'
  | 'reason.zone'
  | 'sound.muteHint'
  | 'sound.on'
  | 'sound.unmuteHint'
  | 'source.citizen'
  | 'source.derived'
  | 'source.device'
  | 'unit.assignedTo'
  | 'attention.heading'
  | 'attention.hint'
  | 'attention.critical'
  | 'attention.overdue'
  | 'attention.silence'
  | 'attention.silenceHint'
  | 'attention.silenced'
  | 'feed.openedAt'
  | 'feed.slaLeft'
  | 'feed.slaDue'
  | 'feed.slaHint'
  | 'sound.mutedFor'
  | 'auditCode.escalated'
  | 'auditCode.cleared'
  | 'auditCode.dispatched'
  | 'auditCode.resolved'
  | 'auditCode.expiredQuiet'
  | 'auditCode.expiredCleared'
  | 'common.yes'
  | 'common.no'
  | 'audit.actorHub';

export type MessageKey =
  | UiKey
  | `eventType.${EventType}`
  | `severity.${Severity}`
  | `status.${IncidentStatus}`
  | `category.${Category}`
  | `deviceKind.${DeviceKind}`
  | `deviceStatus.${Device['status']}`
  | `role.${Role}`
  | `unitKind.${UnitKind}`
  | `unitStatus.${UnitStatus}`
  | `metric.${Metric}`
  | `resolution.${Resolution}`
  | `filter.status.${StatusChoice}`
  | `conflict.${IncidentStatus}`
  | `action.done.${LifecycleAction}`
  | `layer.${MapLayerKey}`
  | `attribute.${AttributeKey}`;

/** Every locale must define every key: the compiler enforces it and a unit test re-checks it. */
export type Messages = Record<MessageKey, string>;
