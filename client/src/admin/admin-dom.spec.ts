import { describe, expect, it } from '@jest/globals';
import { fleetContentType } from '../api/admin.api';
import { ApiError } from '../api/http-client';
import { setLocale, t } from '../i18n/i18n';
import { errorMessage, StatusLine } from './admin-dom';
import { CredentialsBox } from './credentials-box';
import { parseCapabilities } from './devices-section';

describe('admin console helpers', () => {
  it('names each refusal of the hub in the console language, never with its English text', () => {
    expect(errorMessage(new ApiError(403, 'role operator may not'))).toEqual({
      key: 'admin.error.forbidden',
    });
    expect(errorMessage(new ApiError(409, 'exists')).key).toBe('admin.error.conflict');
    expect(errorMessage(new ApiError(400, 'bad')).key).toBe('admin.error.invalid');
    expect(errorMessage(new ApiError(0, 'down')).key).toBe('admin.error.network');
    expect(errorMessage(new ApiError(500, 'boom'))).toEqual({
      key: 'admin.error.server',
      params: { status: '500' },
    });
  });

  it('ends the session on a 401 instead of showing it', () => {
    let ended = 0;
    const line = new StatusLine({ onUnauthorized: () => ended++ });
    line.failed(new ApiError(401, 'expired'));
    expect(ended).toBe(1);
    expect(line.element.textContent).toBe('');
    setLocale('vi');
    line.failed(new ApiError(403, 'role operator may not'));
    expect(line.element.dataset.kind).toBe('error');
    expect(line.element.textContent).toBe(t('admin.error.forbidden'));
    expect(line.element.title).toBe('role operator may not');
    setLocale('en');
  });

  it('reads capabilities separated by spaces, commas or semicolons', () => {
    expect(parseCapabilities(' fire.smoke, fire.flame;forest.logging  ')).toEqual([
      'fire.smoke',
      'fire.flame',
      'forest.logging',
    ]);
    expect(parseCapabilities('')).toEqual([]);
  });

  it('sends a fleet file with the type its name says', () => {
    expect(fleetContentType('fleet.CSV')).toBe('text/csv');
    expect(fleetContentType('fleet.yml')).toBe('application/yaml');
    expect(fleetContentType('fleet.yaml')).toBe('application/yaml');
    expect(fleetContentType('fleet.json')).toBe('application/json');
  });

  it('shows a password once, as text, with the warning, and forgets it when dismissed', () => {
    const box = new CredentialsBox();
    box.render();
    expect(box.element.hidden).toBe(true);
    box.show({ username: 'cam-1', password: '<img src=x onerror=alert(1)>' });
    expect(box.element.hidden).toBe(false);
    expect(box.element.querySelector('img')).toBeNull();
    expect(
      box.element.querySelector('[data-testid="admin-credentials-password"]')?.textContent,
    ).toBe('<img src=x onerror=alert(1)>');
    expect(box.element.textContent).toContain(t('admin.credentials.warning'));
    box.element
      .querySelector<HTMLButtonElement>('[data-testid="admin-credentials-dismiss"]')
      ?.click();
    expect(box.element.hidden).toBe(true);
    expect(box.element.textContent).toBe('');
  });
});
