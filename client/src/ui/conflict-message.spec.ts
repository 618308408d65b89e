import { describe, expect, it } from '@jest/globals';
import { setLocale } from '../i18n/i18n';
import { makeIncident } from '../testing/fixtures';
import { describeChange } from './conflict-message';

describe('describeChange (what a 409 tells the user)', () => {
  const clock = (iso: string): string =>
    new Intl.DateTimeFormat('en', { hour: '2-digit', minute: '2-digit', hour12: false }).format(
      Date.parse(iso),
    );

  it('names who acknowledged and when', () => {
    setLocale('en');
    const incident = makeIncident({
      status: 'acknowledged',
      acknowledgedBy: 'dispatcher2',
      acknowledgedAt: '2026-11-24T03:04:00.000Z',
    });
    expect(describeChange(incident, [], 'open')).toBe(
      `acknowledged by dispatcher2 at ${clock('2026-11-24T03:04:00.000Z')}`,
    );
  });

  it('takes other transitions from the audit trail, and says so in Vietnamese too', () => {
    const incident = makeIncident({ status: 'resolved', updatedAt: '2026-11-24T03:09:00.000Z' });
    const audit = [
      {
        at: '2026-11-24T03:00:00.000Z',
        actor: 'hub',
        action: 'opened',
        from: null,
        to: 'open' as const,
        note: null,
      },
      {
        at: '2026-11-24T03:08:00.000Z',
        actor: 'chief',
        action: 'resolved',
        from: 'open' as const,
        to: 'resolved' as const,
        note: null,
      },
    ];
    expect(describeChange(incident, audit, 'open')).toBe(
      `resolved by chief at ${clock('2026-11-24T03:08:00.000Z')}`,
    );
    setLocale('vi');
    expect(describeChange(incident, audit, 'open')).toMatch(/^xử lý xong bởi chief lúc /);
    setLocale('en');
  });

  it('says the incident changed when its status did not (a note, an escalation)', () => {
    const audit = [
      {
        at: '2026-11-24T03:05:00.000Z',
        actor: 'operator',
        action: 'note',
        from: 'open' as const,
        to: 'open' as const,
        note: 'x',
      },
    ];
    expect(describeChange(makeIncident({ status: 'open' }), audit, 'open')).toMatch(
      /^changed by operator at /,
    );
  });
});
