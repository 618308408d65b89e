import type { IncidentEvent, SnapshotRef } from '@ioc/shared';
import { fetchSnapshotBlob } from '../api/snapshots.api';
import { formatDateTime } from '../i18n/format';
import { t } from '../i18n/i18n';
import { el } from './dom';

/** One image of an incident, with the event it shows. */
export interface Frame {
  snapshot: SnapshotRef;
  event: IncidentEvent;
}

/** An incident's images, oldest first (the order of the lightbox's arrow keys). */
export function framesOf(events: readonly IncidentEvent[]): Frame[] {
  return events
    .flatMap((event) => (event.snapshots ?? []).map((snapshot) => ({ snapshot, event })))
    .sort((a, b) => a.snapshot.receivedAt.localeCompare(b.snapshot.receivedAt));
}

/**
 * Loads images with the token and keeps their blob URLs while an incident is shown; clear()
 * revokes them (the panel calls it when it closes or shows another incident).
 */
export class SnapshotImages {
  private readonly urls = new Map<string, Promise<string>>();
  private controller = new AbortController();

  /** An `<img>` that fills in once its image has loaded; a failure shows a note instead. */
  image(frame: Frame, className: string): HTMLElement {
    const alt = t('snapshot.alt', {
      device: frame.event.deviceId,
      time: formatDateTime(frame.snapshot.receivedAt),
    });
    const img = el('img', {
      className,
      attrs: { alt, title: alt, draggable: 'false' },
      dataset: { snapshotId: frame.snapshot.id },
    });
    this.urlOf(frame.snapshot).then(
      (url) => {
        img.src = url;
      },
      () => {
        img.alt = t('snapshot.unavailable');
        img.dataset.failed = 'true';
      },
    );
    return img;
  }

  clear(): void {
    this.controller.abort();
    this.controller = new AbortController();
    for (const url of this.urls.values())
      void url.then(
        (href) => URL.revokeObjectURL(href),
        () => undefined,
      );
    this.urls.clear();
  }

  private urlOf(snapshot: SnapshotRef): Promise<string> {
    let url = this.urls.get(snapshot.id);
    if (!url) {
      url = fetchSnapshotBlob(snapshot.url, this.controller.signal).then((blob) =>
        URL.createObjectURL(blob),
      );
      this.urls.set(snapshot.id, url);
    }
    return url;
  }
}
