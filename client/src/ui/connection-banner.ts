import { formatClock } from '../i18n/format';
import { onLocaleChange, t } from '../i18n/i18n';
import type { ConnectionSnapshot } from '../state/connection-state';
import { el, setText } from './dom';

/**
 * Says plainly when the picture on screen may be stale: shown while the live link is
 * down, with the time up to which the data is known to be complete.
 */
export class ConnectionBanner {
  readonly element: HTMLElement;
  private readonly lost = el('div', {
    className: 'banner banner--lost',
    attrs: { role: 'status', 'aria-live': 'assertive' },
    dataset: { testid: 'connection-banner' },
  });
  private readonly loadFailed = el('div', {
    className: 'banner banner--warning',
    attrs: { role: 'status' },
    dataset: { testid: 'load-banner' },
  });
  private snapshot: ConnectionSnapshot = { status: 'connecting', dataAsOf: null };
  private readonly unsubscribeLocale: () => void;

  constructor() {
    this.element = el('div', { className: 'banners' }, [this.lost, this.loadFailed]);
    this.lost.hidden = true;
    this.loadFailed.hidden = true;
    this.unsubscribeLocale = onLocaleChange(() => this.render());
    this.render();
  }

  destroy(): void {
    this.unsubscribeLocale();
    this.element.remove();
  }

  setConnection(snapshot: ConnectionSnapshot): void {
    this.snapshot = snapshot;
    this.render();
  }

  setLoadFailed(failed: boolean): void {
    this.loadFailed.hidden = !failed;
  }

  private render(): void {
    const { status, dataAsOf } = this.snapshot;
    this.lost.hidden = status !== 'disconnected';
    setText(this.lost, t('banner.lost', { time: dataAsOf ? formatClock(dataAsOf) : '—' }));
    setText(this.loadFailed, t('banner.loadFailed'));
  }
}
