import { describe, expect, it } from '@jest/globals';
import { makeDevice, makeIncident } from '../testing/fixtures';
import { devicePopup, deviceTooltip, incidentPopup, incidentTooltip } from './popup-content';

describe('popup content', () => {
  const attack = '<img src=x onerror=alert(1)>';

  it('renders device, citizen and user text literally', () => {
    const built = [
      incidentPopup(makeIncident({ title: attack, zone: attack, sources: [attack] })),
      incidentTooltip(makeIncident({ title: attack, zone: attack })),
      devicePopup(makeDevice({ name: attack, zone: attack })),
      deviceTooltip(makeDevice({ name: attack })),
    ];
    for (const element of built) {
      expect(element.querySelector('img')).toBeNull();
      expect(element.textContent).toContain(attack);
    }
  });

  it('names an unregistered device by id and says it is unregistered', () => {
    const popup = devicePopup(
      makeDevice({ id: 'aq-07', name: null, kind: null, registered: false }),
    );
    expect(popup.querySelector('.popup__title')?.textContent).toBe('aq-07');
    expect(popup.textContent).toContain('Not registered');
  });

  it('says how many sources the hub left out of the list', () => {
    const listed = Array.from({ length: 20 }, (_, i) => `cam-${i}`);
    const popup = incidentPopup(makeIncident({ sources: listed, sourceCount: 500 }));
    expect(popup.textContent).toContain('cam-19 … and 480 more');
    const complete = incidentPopup(makeIncident({ sources: ['cam-1'], sourceCount: 1 }));
    expect(complete.textContent).not.toContain('more');
  });
});
