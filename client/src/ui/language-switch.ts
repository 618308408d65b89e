import { getLocale, LOCALES, onLocaleChange, setLocale, t, type Locale } from '../i18n/i18n';
import { el } from './dom';

const NAMES: Record<Locale, string> = { vi: 'Tiếng Việt', en: 'English' };

/** Two toggle buttons, VI and EN; the language applies at once, without a reload. */
export class LanguageSwitch {
  readonly element: HTMLElement;
  private readonly buttons = new Map<Locale, HTMLButtonElement>();
  private readonly unsubscribe: () => void;

  constructor() {
    this.element = el('div', { className: 'lang-switch', attrs: { role: 'group' } });
    for (const locale of LOCALES) {
      const button = el('button', {
        className: 'lang-switch__button',
        text: locale.toUpperCase(),
        attrs: { type: 'button', lang: locale, title: NAMES[locale] },
        dataset: { testid: `lang-${locale}`, locale },
      });
      button.addEventListener('click', () => setLocale(locale));
      this.buttons.set(locale, button);
      this.element.append(button);
    }
    this.unsubscribe = onLocaleChange(() => this.render());
    this.render();
  }

  destroy(): void {
    this.unsubscribe();
  }

  private render(): void {
    this.element.setAttribute('aria-label', t('topbar.language'));
    for (const [locale, button] of this.buttons) {
      button.setAttribute('aria-pressed', String(locale === getLocale()));
    }
  }
}
