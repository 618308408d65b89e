import { describe, expect, it } from '@jest/globals';
import type { Incident } from '@ioc/shared';
import { alarmReason } from '../state/attention';
import { makeIncident } from '../testing/fixtures';
import { AlarmBell } from './alarm-bell';
import type { AlarmSound, SoundKind } from './alarm-sound';

/** Records what would have been played. */
function bellWithLog(): { bell: AlarmBell; played: SoundKind[] } {
  const played: SoundKind[] = [];
  const sound = { play: (kind: SoundKind) => played.push(kind) > 0 };
  return { bell: new AlarmBell(sound as unknown as AlarmSound), played };
}

const note = (bell: AlarmBell, incident: Incident, raised = alarmReason(incident)) =>
  bell.note(incident.id, incident, alarmReason(incident), raised);

describe('AlarmBell', () => {
  it('gives a new critical and a severity raise the loud voice, an overdue one the soft one', () => {
    const { bell } = bellWithLog();
    expect(note(bell, makeIncident({ id: 'a', severity: 'critical' }))).toBe('critical');
    expect(note(bell, makeIncident({ id: 'b', severity: 'medium', escalated: true }))).toBe(
      'overdue',
    );
    expect(note(bell, makeIncident({ id: 'c', severity: 'medium' }))).toBeNull();
    expect(note(bell, makeIncident({ id: 'c', severity: 'high' }), null)).toBe('critical');
    // A raise on an incident someone already handles is not news for the room.
    note(bell, makeIncident({ id: 'd', severity: 'low', status: 'acknowledged' }));
    expect(note(bell, makeIncident({ id: 'd', severity: 'high', status: 'acknowledged' }))).toBe(
      null,
    );
  });

  it('reminds loudly while a critical alarm waits, softly and every third tick for overdue ones', () => {
    const { bell, played } = bellWithLog();
    const fire = makeIncident({ id: 'fire', severity: 'critical' });
    const litter = makeIncident({ id: 'litter', severity: 'medium', escalated: true });
    bell.remind([litter, fire]);
    expect(played).toEqual(['reminder']);
    played.length = 0;
    for (let i = 0; i < 6; i++) bell.remind([litter]);
    expect(played).toEqual(['overdueReminder', 'overdueReminder']);
  });

  it('"silence these" quiets the alarms listed, not the next one, nor a raise', () => {
    const { bell, played } = bellWithLog();
    const fire = makeIncident({ id: 'fire', severity: 'critical' });
    note(bell, fire);
    bell.silence(['fire']);
    bell.remind([fire]);
    expect(played).toEqual([]);
    const next = makeIncident({ id: 'next', severity: 'critical' });
    expect(note(bell, next)).toBe('critical');
    bell.remind([fire, next]);
    expect(played).toEqual(['reminder']);
    const flame = makeIncident({ id: 'flame', severity: 'medium', escalated: true });
    note(bell, flame);
    bell.silence(['flame']);
    expect(note(bell, { ...flame, severity: 'high' }, null)).toBe('critical');
    expect(bell.isSilenced('flame')).toBe(false);
  });
});
