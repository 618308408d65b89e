import {
  DEFAULT_CATEGORY_PARAMETERS,
  DEFAULT_DEVICE_SILENCE_MS,
  DEFAULT_SLA_MS,
  DEFAULT_THRESHOLD_RULES,
  EVENT_TYPE_SEVERITY,
  type Category,
  type CategoryParameters,
  type EventType,
  type Severity,
  type ThresholdRule,
} from '@ioc/shared';

/** Everything correlation needs to decide; the defaults are docs/contract.md §4–§6. */
export interface CorrelationRules {
  categories: Record<Category, CategoryParameters>;
  typeSeverity: Record<EventType, Severity>;
  thresholds: ThresholdRule[];
  slaMs: Partial<Record<Severity, number>>;
  deviceSilenceMs: number;
  /** Distinct sources needed to raise severity one level. */
  corroboratingSources: number;
  /** Per category: an open low or info incident quiet for its window is resolved `expired`. */
  expireWhenQuiet: Record<Category, boolean>;
  /** A cleared threshold condition resolves its incident after this long; null: never. */
  clearedHoldMs: number | null;
  /**
   * Triage: per category, the confidence under which an AI detection opens an `unverified`
   * incident. A category absent here has no triage.
   */
  triageMinConfidence: Partial<Record<Category, number>>;
  /** Learning from false alarms: when a device's bar for a type is raised, and by how much. */
  learning: LearningRules;
}

export interface LearningRules {
  /** A false-alarm share at or above this (0..1)… */
  share: number;
  /** …over at least this many incidents… */
  minIncidents: number;
  /** …opened within this many days raises the bar. */
  days: number;
  /** The raise, added to the bar in force; capped at 0.99. */
  raiseBy: number;
}

export const DEFAULT_LEARNING: LearningRules = {
  share: 0.5,
  minIncidents: 10,
  days: 7,
  raiseBy: 0.2,
};

/** Categories whose incidents the hub never resolves on its own (docs/correlation.md). */
export const NEVER_EXPIRE: readonly Category[] = ['fire', 'flood', 'landslide'];

export const DEFAULT_RULES: CorrelationRules = {
  categories: DEFAULT_CATEGORY_PARAMETERS,
  typeSeverity: EVENT_TYPE_SEVERITY,
  thresholds: DEFAULT_THRESHOLD_RULES,
  slaMs: DEFAULT_SLA_MS,
  deviceSilenceMs: DEFAULT_DEVICE_SILENCE_MS,
  corroboratingSources: 2,
  expireWhenQuiet: {
    fire: false,
    forest: true,
    construction: true,
    urban: true,
    traffic: true,
    flood: false,
    landslide: false,
    air: true,
    device: true,
  },
  clearedHoldMs: 10 * 60_000,
  triageMinConfidence: {},
  learning: DEFAULT_LEARNING,
};

/** How long after its lastSeen an incident can still take a (late) event. */
export function retentionMs(rules: CorrelationRules, category: Category): number {
  return rules.categories[category].windowMs * 2;
}
