import type { LoginResponse } from '@ioc/shared';
import { login } from '../api/auth.api';
import { ApiError } from '../api/http-client';
import { onLocaleChange, t } from '../i18n/i18n';
import type { MessageKey } from '../i18n/messages';
import { el } from './dom';
import { LanguageSwitch } from './language-switch';

interface Notice {
  key: MessageKey;
  params?: Record<string, string | number>;
  kind: 'error' | 'info';
}

export interface LoginViewOptions {
  onSignedIn(response: LoginResponse): void;
  /** Shown above the form, e.g. why the previous session ended. */
  notice?: MessageKey;
}

/** The sign-in form. The token it obtains is handed over, never stored here. */
export class LoginView {
  readonly element: HTMLElement;
  private readonly form: HTMLFormElement;
  private readonly username: HTMLInputElement;
  private readonly password: HTMLInputElement;
  private readonly submit: HTMLButtonElement;
  private readonly message: HTMLElement;
  private readonly labels: [HTMLElement, MessageKey][] = [];
  private readonly languages = new LanguageSwitch();
  private readonly unsubscribeLocale: () => void;
  private notice: Notice | null;
  private busy = false;

  constructor(private readonly options: LoginViewOptions) {
    this.notice = options.notice ? { key: options.notice, kind: 'info' } : null;
    this.username = el('input', {
      attrs: {
        name: 'username',
        type: 'text',
        autocomplete: 'username',
        required: '',
        autocapitalize: 'none',
        spellcheck: 'false',
      },
    });
    this.password = el('input', {
      attrs: { name: 'password', type: 'password', autocomplete: 'current-password', required: '' },
    });
    this.submit = el('button', {
      className: 'button button--primary',
      attrs: { type: 'submit' },
      dataset: { testid: 'login-submit' },
    });
    this.message = el('p', {
      className: 'login__message',
      attrs: { role: 'alert' },
      dataset: { testid: 'login-error' },
    });

    this.form = el(
      'form',
      { className: 'login__card', attrs: { 'aria-labelledby': 'login-title', novalidate: '' } },
      [
        el('div', { className: 'login__top' }, [this.languages.element]),
        this.label(
          el('h1', { className: 'login__title', attrs: { id: 'login-title' } }),
          'app.title',
        ),
        this.label(el('p', { className: 'login__subtitle' }), 'login.subtitle'),
        el('label', { className: 'field' }, [
          this.label(el('span', { className: 'field__label' }), 'login.username'),
          this.username,
        ]),
        el('label', { className: 'field' }, [
          this.label(el('span', { className: 'field__label' }), 'login.password'),
          this.password,
        ]),
        this.message,
        this.submit,
      ],
    );
    this.form.addEventListener('submit', this.onSubmit);
    this.element = el('main', { className: 'login', dataset: { testid: 'login' } }, [this.form]);

    this.unsubscribeLocale = onLocaleChange(() => this.render());
    this.render();
  }

  focus(): void {
    this.username.focus();
  }

  destroy(): void {
    this.form.removeEventListener('submit', this.onSubmit);
    this.unsubscribeLocale();
    this.languages.destroy();
    this.element.remove();
  }

  private label<T extends HTMLElement>(element: T, key: MessageKey): T {
    this.labels.push([element, key]);
    return element;
  }

  private readonly onSubmit = (event: SubmitEvent): void => {
    event.preventDefault();
    void this.signIn();
  };

  private async signIn(): Promise<void> {
    if (this.busy) return;
    const username = this.username.value.trim();
    const password = this.password.value;
    if (!username || !password) {
      this.notice = { key: 'login.error.invalid', kind: 'error' };
      this.render();
      return;
    }
    this.busy = true;
    this.notice = null;
    this.render();
    try {
      const response = await login({ username, password });
      this.password.value = '';
      this.options.onSignedIn(response);
    } catch (error) {
      this.notice = { ...noticeFor(error), kind: 'error' };
      this.password.select();
    } finally {
      this.busy = false;
      this.render();
    }
  }

  private render(): void {
    for (const [element, key] of this.labels) element.textContent = t(key);
    this.submit.textContent = t(this.busy ? 'login.submitting' : 'login.submit');
    this.submit.disabled = this.busy;
    this.message.textContent = this.notice ? t(this.notice.key, this.notice.params) : '';
    this.message.hidden = this.notice === null;
    this.message.dataset.kind = this.notice?.kind ?? '';
  }
}

function noticeFor(error: unknown): Omit<Notice, 'kind'> {
  if (error instanceof ApiError) {
    if (error.status === 401 || error.status === 400) return { key: 'login.error.invalid' };
    // 502-504 come from a proxy in front of a hub that is down: the same as no answer.
    if (error.status === 0 || (error.status >= 502 && error.status <= 504))
      return { key: 'login.error.network' };
    return { key: 'login.error.server', params: { status: error.status } };
  }
  console.error('sign-in failed', error);
  return { key: 'login.error.network' };
}
