import { describe, expect, it } from '@jest/globals';
import { DEVICE_KINDS, EVENT_TYPES, INCIDENT_STATUSES, ROLES, SEVERITIES } from '@ioc/shared';
import {
  DICTIONARIES,
  detectLocale,
  eventTypeLabel,
  interpolate,
  LOCALES,
  setLocale,
  severityLabel,
  t,
} from './i18n';

describe('i18n dictionaries', () => {
  const keysOf = (locale: (typeof LOCALES)[number]): string[] =>
    Object.keys(DICTIONARIES[locale]).sort();

  it('define the same keys in every locale', () => {
    const [first, ...rest] = LOCALES;
    for (const locale of rest) expect(keysOf(locale)).toEqual(keysOf(first));
  });

  it('have no empty labels', () => {
    for (const locale of LOCALES) {
      for (const [key, value] of Object.entries(DICTIONARIES[locale])) {
        expect({ locale, key, empty: value.trim() === '' }).toEqual({ locale, key, empty: false });
      }
    }
  });

  it('translate every event type, severity, status, device kind and role of the taxonomy', () => {
    const keys = [
      ...EVENT_TYPES.map((type) => `eventType.${type}`),
      ...SEVERITIES.map((severity) => `severity.${severity}`),
      ...INCIDENT_STATUSES.map((status) => `status.${status}`),
      ...DEVICE_KINDS.map((kind) => `deviceKind.${kind}`),
      ...ROLES.map((role) => `role.${role}`),
    ];
    for (const locale of LOCALES) {
      const missing = keys.filter((key) => !(key in DICTIONARIES[locale]));
      expect({ locale, missing }).toEqual({ locale, missing: [] });
    }
  });

  it('keep the same placeholders in every translation', () => {
    const placeholders = (text: string): string[] => (text.match(/\{\w+\}/g) ?? []).sort();
    for (const [key, english] of Object.entries(DICTIONARIES.en)) {
      const vietnamese = DICTIONARIES.vi[key as keyof typeof DICTIONARIES.vi];
      expect({ key, placeholders: placeholders(vietnamese) }).toEqual({
        key,
        placeholders: placeholders(english),
      });
    }
  });

  it('speak Vietnamese with diacritics', () => {
    setLocale('vi');
    expect(eventTypeLabel('fire.smoke')).toBe('Khói (cháy rừng)');
    expect(SEVERITIES.map(severityLabel)).toEqual([
      'Thông tin',
      'Thấp',
      'Trung bình',
      'Cao',
      'Nghiêm trọng',
    ]);
    expect(t('banner.lost', { time: '08:15' })).toBe('Mất kết nối — dữ liệu tính đến 08:15');
    setLocale('en');
    expect(t('banner.lost', { time: '08:15' })).toBe('Connection lost — data as of 08:15');
  });
});

describe('detectLocale', () => {
  it('prefers ?lang=, then the browser languages, then English', () => {
    expect(detectLocale(['en-US'], 'vi')).toBe('vi');
    expect(detectLocale(['fr-FR', 'vi-VN'], null)).toBe('vi');
    expect(detectLocale(['en-GB', 'vi'], 'xx')).toBe('en');
    expect(detectLocale(['de'], undefined)).toBe('en');
  });
});

describe('interpolate', () => {
  it('fills known placeholders and leaves unknown ones visible', () => {
    expect(interpolate('{a} and {b}', { a: 1 })).toBe('1 and {b}');
  });
});
