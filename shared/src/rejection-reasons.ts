/** Why an inbound MQTT message (or one element of a batch) was rejected (docs/contract.md §3). */
export const REJECTION_REASONS = [
  'bad_topic',
  'payload_too_large',
  'invalid_json',
  'batch_too_large',
  'missing_field',
  'invalid_field',
  'unknown_type',
  'unknown_metric',
  'coordinates_out_of_range',
  'future_timestamp',
  'attributes_too_large',
  'invalid_status',
  'unknown_device',
  /** Valid by the contract, yet the database refused the row (found by splitting its batch). */
  'storage_refused',
  // Hostile structure (docs/contract.md §3): refused before any schema or serializer sees it.
  'too_deep',
  'forbidden_key',
  /** Federation: a district incident from a hub the province does not know (docs/federation.md). */
  'unknown_district',
  // Snapshots (docs/contract.md §3): a camera's image of one of its events.
  /** Larger than SNAPSHOT_MAX_BYTES. */
  'snapshot_too_large',
  /** Not a JPEG or PNG by its first bytes, whatever it claims. */
  'unsupported_image',
  /** No stored event of this device has that id: the event goes first. */
  'unknown_event',
  /** The event holds MAX_SNAPSHOTS_PER_EVENT images already. */
  'too_many_snapshots',
  /** The object store (SNAPSHOT_STORE=s3) is unreachable: refused with a reason, not lost silently. */
  'snapshot_store_unavailable',
] as const;
export type RejectionReason = (typeof REJECTION_REASONS)[number];

export const MAX_PAYLOAD_BYTES = 64 * 1024;
/** An event or reading may be at most this far ahead of the hub's clock. */
export const MAX_FUTURE_SKEW_MS = 2 * 60_000;

/** Nesting deeper than this (objects and arrays) is rejected as `too_deep`. */
export const MAX_JSON_DEPTH = 32;
/** Keys that could reach an object's prototype when a payload is copied or merged. */
export const FORBIDDEN_KEYS: readonly string[] = ['__proto__', 'constructor', 'prototype'];
