import { ROLES, type Account, type Role } from '@ioc/shared';
import { createAccount, fetchAccounts, updateAccount } from '../api/admin.api';
import { formatDateTime } from '../i18n/format';
import { t } from '../i18n/i18n';
import { el } from '../ui/dom';
import {
  button,
  cell,
  input,
  labeled,
  labelOptions,
  select,
  StatusLine,
  table,
  type AdminSection,
  type SectionContext,
} from './admin-dom';

const roleLabel = (role: string): string => t(`role.${role as Role}`);

/** Accounts: create, change the role, disable or enable, reset the password. */
export class UsersSection implements AdminSection {
  readonly element = el('section', {
    className: 'admin-section',
    dataset: { testid: 'admin-users' },
  });
  private readonly status: StatusLine;
  private readonly username = input('username');
  private readonly password = input('password', 'password');
  private readonly role = select('role', ROLES);
  private accounts: Account[] = [];
  /** The account whose new password is being typed, if any. */
  private resetting: string | null = null;
  private readonly newPassword = input('new-password', 'password');

  constructor(context: SectionContext) {
    this.status = new StatusLine(context);
    this.role.value = 'operator';
  }

  async load(): Promise<void> {
    try {
      this.accounts = await fetchAccounts();
    } catch (error) {
      this.status.failed(error);
    }
    this.render();
  }

  render(): void {
    labelOptions(this.role, roleLabel);
    const form = el('form', { className: 'admin-form', dataset: { testid: 'admin-user-form' } }, [
      labeled(t('admin.field.username'), this.username),
      labeled(t('admin.field.password'), this.password),
      labeled(t('admin.field.role'), this.role),
      el('button', {
        className: 'button button--primary',
        text: t('admin.create'),
        attrs: { type: 'submit' },
        dataset: { testid: 'admin-user-create' },
      }),
    ]);
    form.addEventListener('submit', (event) => {
      event.preventDefault();
      void this.create();
    });
    const rows = this.accounts.map((account) => this.row(account));
    this.status.render();
    this.element.replaceChildren(
      form,
      this.status.element,
      table(
        [
          t('admin.field.username'),
          t('admin.field.role'),
          t('admin.field.status'),
          t('admin.field.created'),
          t('admin.field.actions'),
        ],
        rows,
      ),
    );
  }

  destroy(): void {
    this.element.remove();
  }

  private row(account: Account): HTMLElement {
    const role = select('user-role', ROLES);
    labelOptions(role, roleLabel);
    role.value = account.role;
    role.dataset.testid = 'admin-user-role';
    role.addEventListener(
      'change',
      () => void this.change(account.username, { role: role.value as Role }),
    );
    const actions = el('div', { className: 'admin-actions' }, [
      button(
        t(account.disabled ? 'admin.users.enable' : 'admin.users.disable'),
        'admin-user-toggle',
        () => void this.change(account.username, { disabled: !account.disabled }),
      ),
      button(t('admin.users.resetPassword'), 'admin-user-reset', () => {
        this.resetting = account.username;
        this.newPassword.value = '';
        this.render();
        this.newPassword.focus();
      }),
    ]);
    if (this.resetting === account.username)
      actions.append(
        labeled(t('admin.users.newPassword'), this.newPassword),
        button(
          t('admin.save'),
          'admin-user-password-save',
          () => void this.savePassword(),
          'primary',
        ),
        button(t('admin.cancel'), 'admin-user-password-cancel', () => {
          this.resetting = null;
          this.render();
        }),
      );
    return el(
      'tr',
      {
        dataset: {
          testid: 'admin-user-row',
          username: account.username,
          disabled: String(account.disabled),
        },
      },
      [
        cell(account.username),
        cell(role),
        cell(t(account.disabled ? 'admin.users.disabled' : 'admin.users.active')),
        cell(formatDateTime(account.createdAt)),
        cell(actions),
      ],
    );
  }

  private async create(): Promise<void> {
    try {
      const account = await createAccount({
        username: this.username.value.trim(),
        password: this.password.value,
        role: this.role.value as Role,
      });
      this.username.value = '';
      this.password.value = '';
      this.status.ok('admin.users.created', { name: account.username });
      await this.load();
    } catch (error) {
      this.status.failed(error);
      this.render();
    }
  }

  private async savePassword(): Promise<void> {
    const username = this.resetting;
    if (!username) return;
    await this.change(username, { password: this.newPassword.value });
  }

  private async change(
    username: string,
    change: { role?: Role; disabled?: boolean; password?: string },
  ): Promise<void> {
    try {
      await updateAccount(username, change);
      if (change.password !== undefined) this.resetting = null;
      this.newPassword.value = '';
      this.status.ok('admin.users.updated', { name: username });
      await this.load();
    } catch (error) {
      this.status.failed(error);
      // A refused role change must not leave the select showing what the hub refused.
      await this.load();
    }
  }
}
