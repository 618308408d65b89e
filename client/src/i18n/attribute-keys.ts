/**
 * Event attribute keys the console labels (devices, simulators, derived and citizen events);
 * any other key is shown as sent.
 */
export const ATTRIBUTE_KEYS = [
  'bearingDeg',
  'distanceM',
  'simulated',
  'metric',
  'value',
  'unit',
  'rule',
  'description',
  'reporter',
  'via',
  'why',
  'mode',
  'localTime',
  'object',
  'lights',
  'vehicles',
  'lanesBlocked',
  'queueM',
  'plot',
  'stage',
  'stalls',
  'plate',
  'volume',
] as const;
export type AttributeKey = (typeof ATTRIBUTE_KEYS)[number];

export function isAttributeKey(key: string): key is AttributeKey {
  return (ATTRIBUTE_KEYS as readonly string[]).includes(key);
}
