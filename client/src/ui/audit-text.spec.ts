import { afterEach, describe, expect, it } from '@jest/globals';
import type { AuditEntry } from '@ioc/shared';
import { setLocale } from '../i18n/i18n';
import { deviceName, incidentTitle, setZoneNames, zoneName } from '../i18n/display-names';
import { makeDevice, makeIncident } from '../testing/fixtures';
import { attributeRows } from './attribute-text';
import { describeAudit } from './audit-text';

const entry = (overrides: Partial<AuditEntry>): AuditEntry => ({
  at: '2026-11-23T08:16:00.000Z',
  actor: 'hub',
  action: 'escalated',
  from: 'open',
  to: 'open',
  note: 'open for 1 min 1 s, past the 1 min SLA for critical severity',
  ...overrides,
});

describe('one language at a time', () => {
  afterEach(() => {
    setLocale('en');
    setZoneNames([]);
  });

  it('renders hub-written audit codes in the console language, and old rows by their note', () => {
    const escalated = entry({
      code: 'sla.escalated',
      params: { openMs: 61_000, limitMs: 60_000, severity: 'critical' },
    });
    setLocale('vi');
    expect(describeAudit(escalated)).toMatch(
      /^Đã mở .+, quá thời hạn 1 phút cho mức Nghiêm trọng$/,
    );
    expect(
      describeAudit(
        entry({
          action: 'resolved',
          code: 'expiry.quiet',
          params: { quietMs: 1_800_000, windowMs: 1_800_000 },
        }),
      ),
    ).toBe('Tự kết thúc: không có sự kiện mới trong 30 phút (cửa sổ 30 phút)');
    expect(
      describeAudit(
        entry({
          action: 'resolved',
          code: 'lifecycle.resolved',
          params: { resolution: 'handled', userNote: 'xong' },
        }),
      ),
    ).toBe('Kết quả: Đã xử lý: xong');
    // Before codes: the stored English note is all there is.
    expect(describeAudit(entry({}))).toBe(escalated.note);
    // A code with parameters this console cannot read falls back to the note too.
    expect(
      describeAudit(entry({ code: 'sla.escalated', params: { severity: 'apocalyptic' } })),
    ).toBe(escalated.note);
    setLocale('en');
    expect(describeAudit(escalated)).toMatch(
      /^Open for .+, past the 1 min SLA for Critical severity$/,
    );
  });

  it('shows zones by name in the console language, and by id when the zones file has none', () => {
    setZoneNames([{ id: 'langbiang', name: { vi: 'Núi Langbiang', en: 'Langbiang Mountain' } }]);
    const incident = makeIncident({ type: 'fire.flame', zone: 'langbiang' });
    setLocale('vi');
    expect(zoneName('langbiang')).toBe('Núi Langbiang');
    expect(incidentTitle(incident)).toMatch(/ — Núi Langbiang$/);
    expect(incidentTitle(incident)).not.toContain('Flames');
    expect(zoneName('somewhere-else')).toBe('somewhere-else');
    setLocale('en');
    expect(incidentTitle(incident)).toMatch(/ — Langbiang Mountain$/);
  });

  it('names devices in the console language where the birth gave names', () => {
    const device = makeDevice({ names: { vi: 'Camera sườn núi 3', en: 'Ridge camera 3' } });
    setLocale('vi');
    expect(deviceName(device)).toBe('Camera sườn núi 3');
    expect(deviceName(makeDevice({ names: null }))).toBe('Langbiang ridge cam 3');
  });

  it('labels attribute keys and writes numbers in the locale', () => {
    setLocale('vi');
    expect(attributeRows({ bearingDeg: 169, simulated: true, plate: '49A-123.45' })).toEqual([
      ['Hướng quan sát', '169°'],
      ['Mô phỏng', 'có'],
      ['Biển số', '49A-123.45'],
    ]);
    expect(
      attributeRows({
        metric: 'temperature',
        value: 58.7,
        unit: '°C',
        rule: 'temperature ≥ 50 °C',
      }),
    ).toEqual([
      ['Chỉ số đo', 'Nhiệt độ'],
      ['Giá trị', '58,7 °C'],
    ]);
  });
});
