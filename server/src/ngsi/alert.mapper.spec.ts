import { incident, T0 } from '../../test/fixtures/incident.fixture';
import { alertId, incidentIdOf, normalize, toAlert } from './alert.mapper';

const SOURCE = 'https://hub.example.org';

describe('incidents as FIWARE Alert entities', () => {
  it('maps an incident to the key-values Alert', () => {
    expect(toAlert(incident({ severity: 'high' }), SOURCE)).toEqual({
      id: 'urn:ngsi-ld:Alert:inc-1',
      type: 'Alert',
      name: 'Smoke — langbiang',
      description: 'Smoke — langbiang (open)',
      category: 'environment',
      subCategory: 'forestFire',
      severity: 'high',
      location: { type: 'Point', coordinates: [108.44, 12.047] },
      dateIssued: new Date(T0).toISOString(),
      validFrom: new Date(T0).toISOString(),
      dateModified: new Date(T0 + 5000).toISOString(),
      alertSource: SOURCE,
      address: { addressLocality: 'langbiang' },
    });
  });

  it.each([
    ['traffic.accident', 'traffic', 'carAccident'],
    ['flood.water_level', 'weather', 'flood'],
    ['landslide.tilt', 'naturalDisaster', 'landslide'],
    ['air.pollution', 'environment', 'airPollution'],
    ['construction.unpermitted', 'security', undefined],
  ] as const)('maps %s to %s / %s', (type, category, subCategory) => {
    const alert = toAlert(incident({ type, category: type.split('.')[0] as never }), SOURCE);
    expect(alert.category).toBe(category);
    expect(alert.subCategory).toBe(subCategory);
  });

  it('says informational for info, ends validity when resolved, and drops an absent zone', () => {
    const resolvedAt = new Date(T0 + 60_000).toISOString();
    const alert = toAlert(
      incident({
        severity: 'info',
        status: 'resolved',
        resolution: 'false_alarm',
        resolvedAt,
        zone: null,
      }),
      SOURCE,
    );
    expect(alert).toMatchObject({
      severity: 'informational',
      validTo: resolvedAt,
      description: 'Smoke — langbiang (resolved, false alarm)',
    });
    expect(alert).not.toHaveProperty('address');
  });

  it('normalizes to NGSI-LD Properties, a GeoProperty and DateTimes', () => {
    const entity = normalize(toAlert(incident(), SOURCE));
    expect(entity).toMatchObject({
      id: 'urn:ngsi-ld:Alert:inc-1',
      type: 'Alert',
      category: { type: 'Property', value: 'environment' },
      location: { type: 'GeoProperty', value: { type: 'Point', coordinates: [108.44, 12.047] } },
      dateIssued: {
        type: 'Property',
        value: { '@type': 'DateTime', '@value': new Date(T0).toISOString() },
      },
    });
  });

  it('reads the incident id back from an Alert URN only', () => {
    expect(incidentIdOf(alertId('inc-1'))).toBe('inc-1');
    expect(incidentIdOf('urn:ngsi-ld:Alert:')).toBeNull();
    expect(incidentIdOf('urn:ngsi-ld:Building:inc-1')).toBeNull();
  });
});
