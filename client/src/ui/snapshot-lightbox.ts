import { formatDateTime, formatNumber } from '../i18n/format';
import { t } from '../i18n/i18n';
import { el, setText } from './dom';
import type { Frame, SnapshotImages } from './snapshot-frames';

/**
 * An incident's frames, one at a time, over the console: arrow keys step (left: older,
 * right: newer), Escape or the close button closes, focus returns to what opened it.
 */
export class SnapshotLightbox {
  readonly element = el('div', {
    className: 'lightbox',
    attrs: { role: 'dialog', 'aria-modal': 'true' },
    dataset: { testid: 'lightbox' },
  });
  private readonly figure = el('div', { className: 'lightbox__figure' });
  private readonly caption = el('p', {
    className: 'lightbox__caption',
    dataset: { testid: 'lightbox-caption' },
  });
  private readonly previous = this.button('‹', 'lightbox__step', 'lightbox-previous');
  private readonly next = this.button('›', 'lightbox__step', 'lightbox-next');
  private readonly closeButton = this.button('×', 'lightbox__close', 'lightbox-close');
  private frames: Frame[] = [];
  private index = 0;
  private returnFocus: HTMLElement | null = null;

  constructor(private readonly images: SnapshotImages) {
    this.element.hidden = true;
    this.element.append(
      this.closeButton,
      el('div', { className: 'lightbox__body' }, [this.previous, this.figure, this.next]),
      this.caption,
    );
    this.previous.addEventListener('click', () => this.step(-1));
    this.next.addEventListener('click', () => this.step(1));
    this.closeButton.addEventListener('click', () => this.close());
    // A click on the dark backdrop closes, as in most viewers.
    this.element.addEventListener('click', (event) => {
      if (event.target === this.element) this.close();
    });
    this.element.addEventListener('keydown', this.onKey);
  }

  get isOpen(): boolean {
    return !this.element.hidden;
  }

  open(frames: Frame[], snapshotId: string): void {
    if (frames.length === 0) return;
    this.frames = frames;
    this.index = Math.max(
      0,
      frames.findIndex((f) => f.snapshot.id === snapshotId),
    );
    this.returnFocus =
      document.activeElement instanceof HTMLElement ? document.activeElement : null;
    this.element.hidden = false;
    this.element.setAttribute('aria-label', t('snapshot.dialog'));
    this.render();
    this.closeButton.focus();
  }

  close(): void {
    if (this.element.hidden) return;
    this.element.hidden = true;
    this.figure.replaceChildren();
    this.frames = [];
    this.returnFocus?.focus();
    this.returnFocus = null;
  }

  destroy(): void {
    this.element.removeEventListener('keydown', this.onKey);
    this.element.remove();
  }

  private readonly onKey = (event: KeyboardEvent): void => {
    if (event.key === 'ArrowLeft') this.step(-1);
    else if (event.key === 'ArrowRight') this.step(1);
    else if (event.key === 'Escape') this.close();
    else return;
    event.preventDefault();
    event.stopPropagation();
  };

  private step(by: number): void {
    const next = this.index + by;
    if (next < 0 || next >= this.frames.length) return;
    this.index = next;
    this.render();
  }

  private render(): void {
    const frame = this.frames[this.index];
    if (!frame) return;
    this.figure.replaceChildren(this.images.image(frame, 'lightbox__image'));
    this.element.dataset.index = String(this.index);
    setText(
      this.caption,
      `${t('snapshot.counter', {
        index: formatNumber(this.index + 1, 0),
        total: formatNumber(this.frames.length, 0),
      })} · ${frame.event.deviceId} · ${formatDateTime(frame.snapshot.receivedAt)}`,
    );
    this.previous.disabled = this.index === 0;
    this.next.disabled = this.index === this.frames.length - 1;
    this.previous.setAttribute('aria-label', t('snapshot.previous'));
    this.next.setAttribute('aria-label', t('snapshot.next'));
    this.closeButton.setAttribute('aria-label', t('snapshot.close'));
  }

  private button(text: string, className: string, testid: string): HTMLButtonElement {
    return el('button', { className, text, attrs: { type: 'button' }, dataset: { testid } });
  }
}
