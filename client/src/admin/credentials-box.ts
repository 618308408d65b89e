import type { DeviceCredentials } from '@ioc/shared';
import { t } from '../i18n/i18n';
import { el } from '../ui/dom';
import { button } from './admin-dom';

/**
 * A device's MQTT credentials, shown once (docs/security.md "MQTT"): a copy button, a clear
 * warning, and nothing kept after it is dismissed — the hub stores only a digest.
 */
export class CredentialsBox {
  readonly element = el('div', {
    className: 'admin-credentials',
    attrs: { role: 'alert' },
    dataset: { testid: 'admin-credentials' },
  });
  private credentials: DeviceCredentials | null = null;
  private copied = false;

  show(credentials: DeviceCredentials): void {
    this.credentials = credentials;
    this.copied = false;
    this.render();
  }

  hide(): void {
    this.credentials = null;
    this.render();
  }

  render(): void {
    const shown = this.credentials;
    this.element.hidden = shown === null;
    if (!shown) return this.element.replaceChildren();
    this.element.dataset.username = shown.username;
    const copy = button(
      t(this.copied ? 'admin.credentials.copied' : 'admin.credentials.copy'),
      'admin-credentials-copy',
      () => void this.copy(shown.password),
    );
    this.element.replaceChildren(
      el('h4', { text: t('admin.credentials.heading', { name: shown.username }) }),
      el('p', { className: 'admin-credentials__warning', text: t('admin.credentials.warning') }),
      el('dl', { className: 'facts' }, [
        el('dt', { text: t('admin.field.username') }),
        el('dd', {}, [
          el('code', { text: shown.username, dataset: { testid: 'admin-credentials-username' } }),
        ]),
        el('dt', { text: t('admin.field.password') }),
        el('dd', {}, [
          el('code', {
            className: 'admin-credentials__secret',
            text: shown.password,
            dataset: { testid: 'admin-credentials-password' },
          }),
          copy,
        ]),
      ]),
      button(t('admin.credentials.dismiss'), 'admin-credentials-dismiss', () => this.hide()),
    );
  }

  private async copy(password: string): Promise<void> {
    try {
      await navigator.clipboard.writeText(password);
      this.copied = true;
    } catch {
      // No clipboard (plain http, or refused): select the text so Ctrl+C copies it.
      const secret = this.element.querySelector('.admin-credentials__secret');
      if (secret) window.getSelection()?.selectAllChildren(secret);
    }
    this.render();
  }
}
