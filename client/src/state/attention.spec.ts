import { describe, expect, it } from '@jest/globals';
import { makeIncident } from '../testing/fixtures';
import { alarmReason, AttentionTracker } from './attention';

describe('attention', () => {
  it('alarms for open critical or escalated incidents only', () => {
    expect(alarmReason(makeIncident({ severity: 'critical' }))).toBe('critical');
    expect(alarmReason(makeIncident({ severity: 'medium', escalated: true }))).toBe('escalated');
    expect(alarmReason(makeIncident({ severity: 'critical', escalated: true }))).toBe('escalated');
    expect(alarmReason(makeIncident({ severity: 'high' }))).toBeNull();
    expect(alarmReason(makeIncident({ severity: 'critical', status: 'acknowledged' }))).toBeNull();
    expect(alarmReason(undefined)).toBeNull();
  });

  it('reports an alarm once when raised and again when it turns into an escalation, never when it stays', () => {
    const tracker = new AttentionTracker();
    const heard: string[] = [];
    tracker.onChange((id) => heard.push(id));
    expect(tracker.update('a', makeIncident({ id: 'a', severity: 'critical' }))).toBe('critical');
    expect(
      tracker.update('a', makeIncident({ id: 'a', severity: 'critical', eventCount: 4 })),
    ).toBeNull();
    expect(
      tracker.update('a', makeIncident({ id: 'a', severity: 'critical', escalated: true })),
    ).toBe('escalated');
    expect(tracker.size).toBe(1);
    expect(
      tracker.update('a', makeIncident({ id: 'a', severity: 'critical', status: 'acknowledged' })),
    ).toBeNull();
    expect(tracker.size).toBe(0);
    expect(heard).toEqual(['a', 'a', 'a']);
  });
});
