import { severityRank, type RejectionReason, type Severity } from '@ioc/shared';

/** The pure rules of federation (docs/federation.md), apart from any broker or database. */

/** A district forwards an incident whose current severity is at or above the threshold. */
export function isForwarded(severity: Severity, minSeverity: Severity): boolean {
  return severityRank(severity) >= severityRank(minSeverity);
}

/**
 * A province applies a district's state only if it is newer than the one it holds: a replay
 * after a cut link, or a redelivered QoS 1 message, then changes nothing (exactly-once effect).
 */
export function isNewer(storedSeq: number | null, incomingSeq: number): boolean {
  return storedSeq === null || incomingSeq > storedSeq;
}

/**
 * Whether a province accepts a message: the district named by the topic must be known, and
 * the payload must speak for that same district (one district cannot write another's).
 */
export function refusalOf(
  topicHubId: string,
  payloadHubId: string,
  knownDistricts: ReadonlySet<string>,
): RejectionReason | null {
  if (!knownDistricts.has(topicHubId) || payloadHubId !== topicHubId) return 'unknown_district';
  return null;
}
