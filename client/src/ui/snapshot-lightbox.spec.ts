import { describe, expect, it } from '@jest/globals';
import type { IncidentEvent } from '@ioc/shared';
import { setLocale } from '../i18n/i18n';
import { framesOf, type Frame, type SnapshotImages } from './snapshot-frames';
import { SnapshotLightbox } from './snapshot-lightbox';

/** Images that never load: the lightbox's stepping is what is under test. */
const images = {
  image: (frame: Frame) => {
    const img = document.createElement('img');
    img.dataset.snapshotId = frame.snapshot.id;
    return img;
  },
} as unknown as SnapshotImages;

function event(eventId: string, receivedAt: string[]): IncidentEvent {
  return {
    deviceId: '<b>cam</b>',
    eventId,
    ts: '2026-12-01T00:00:00.000Z',
    receivedAt: '2026-12-01T00:00:00.000Z',
    type: 'fire.smoke',
    confidence: 0.8,
    severity: null,
    location: { lat: 12, lon: 108 },
    attributes: null,
    source: 'device',
    reason: {
      rule: 'opened',
      category: 'fire',
      distanceM: null,
      radiusM: null,
      gapMs: null,
      windowMs: 0,
      text: '',
    },
    snapshots: receivedAt.map((at, i) => ({
      id: `${eventId}-${i}`,
      url: `/api/snapshots/${eventId}-${i}`,
      contentType: 'image/png' as const,
      bytes: 10,
      receivedAt: at,
    })),
  };
}

const key = (target: HTMLElement, name: string): void => {
  target.dispatchEvent(new KeyboardEvent('keydown', { key: name, bubbles: true }));
};

describe('the snapshot lightbox', () => {
  it('orders an incident’s frames by arrival and steps through them with the arrow keys', () => {
    setLocale('en');
    const frames = framesOf([
      event('e2', ['2026-12-01T00:00:03.000Z']),
      event('e1', ['2026-12-01T00:00:01.000Z', '2026-12-01T00:00:02.000Z']),
      event('e3', []),
    ]);
    expect(frames.map((f) => f.snapshot.id)).toEqual(['e1-0', 'e1-1', 'e2-0']);
    const lightbox = new SnapshotLightbox(images);
    document.body.append(lightbox.element);
    const shown = (): string | undefined =>
      lightbox.element.querySelector('img')?.dataset.snapshotId;
    lightbox.open(frames, 'e2-0');
    expect(lightbox.isOpen).toBe(true);
    expect(shown()).toBe('e2-0');
    expect(lightbox.element.textContent).toContain('Frame 3 of 3');
    // Device text stays text.
    expect(lightbox.element.querySelector('b')).toBeNull();
    key(lightbox.element, 'ArrowRight');
    expect(shown()).toBe('e2-0');
    key(lightbox.element, 'ArrowLeft');
    key(lightbox.element, 'ArrowLeft');
    expect(shown()).toBe('e1-0');
    key(lightbox.element, 'ArrowLeft');
    expect(shown()).toBe('e1-0');
    key(lightbox.element, 'Escape');
    expect(lightbox.isOpen).toBe(false);
    lightbox.destroy();
  });

  it('speaks Vietnamese in the Vietnamese console', () => {
    setLocale('vi');
    const lightbox = new SnapshotLightbox(images);
    lightbox.open(framesOf([event('e1', ['2026-12-01T00:00:01.000Z'])]), 'e1-0');
    expect(lightbox.element.textContent).toContain('Khung hình 1/1');
    expect(lightbox.element.getAttribute('aria-label')).toBe('Các khung hình camera');
    lightbox.destroy();
    setLocale('en');
  });
});
