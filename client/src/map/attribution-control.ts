import { onLocaleChange, t } from '../i18n/i18n';
import { htmlToText } from './attribution-text';
import { L } from './leaflet-setup';

/**
 * Leaflet's own attribution control renders HTML; this one shows text only, so even a
 * tile attribution from configuration cannot inject markup.
 */
export class TextAttributionControl extends L.Control {
  private readonly element = document.createElement('div');
  private tileText = '';
  private unsubscribeLocale: (() => void) | null = null;

  constructor() {
    super({ position: 'bottomright' });
    this.element.className = 'leaflet-control-attribution leaflet-control';
  }

  override onAdd(): HTMLElement {
    this.unsubscribeLocale = onLocaleChange(() => this.render());
    this.render();
    return this.element;
  }

  override onRemove(): void {
    this.unsubscribeLocale?.();
    this.unsubscribeLocale = null;
  }

  /** Accepts the usual HTML attribution ("&copy; <a>…</a>") and keeps only its text. */
  setTileAttribution(html: string | null): void {
    this.tileText = html ? htmlToText(html) : '';
    this.render();
  }

  private render(): void {
    this.element.textContent = ['Leaflet', this.tileText || t('map.offlineBasemap')].join(' · ');
  }
}
