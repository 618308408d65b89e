import { DEVICE_KINDS, type BulkProvisionResult, type Device, type DeviceKind } from '@ioc/shared';
import { provisionDevice, provisionFleet, retireDevice, rotateDevice } from '../api/admin.api';
import { fetchDevices } from '../api/devices.api';
import { deviceName, zoneName } from '../i18n/display-names';
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
import { CredentialsBox } from './credentials-box';
import { readLocation } from './location-input';

/** Capabilities as typed: separated by spaces, commas or semicolons. */
export function parseCapabilities(text: string): string[] {
  return text.split(/[\s,;]+/).filter(Boolean);
}

/**
 * Devices (issue 14): provision one (its password shown once), provision a fleet from a
 * file, see each one's last contact, rotate its password, retire it.
 */
export class DevicesSection implements AdminSection {
  readonly element = el('section', {
    className: 'admin-section',
    dataset: { testid: 'admin-devices' },
  });
  private readonly status: StatusLine;
  private readonly credentials = new CredentialsBox();
  private readonly id = input('device-id');
  private readonly name = input('device-name');
  private readonly kind = select('device-kind', DEVICE_KINDS);
  private readonly zone = input('device-zone');
  private readonly lat = input('device-lat', 'number');
  private readonly lon = input('device-lon', 'number');
  private readonly capabilities = input('device-capabilities');
  private readonly file = el('input', {
    // The browser's own file button speaks the browser's language: ours is a label.
    className: 'admin-file',
    attrs: { type: 'file', accept: '.csv,.yaml,.yml,.json,text/csv,application/json' },
    dataset: { testid: 'admin-fleet-file' },
  });
  private readonly fileName = el('span', { className: 'admin-hint' });
  private fleet: BulkProvisionResult | null = null;
  private devices: Device[] = [];
  /** The device whose retirement waits for a second click. */
  private retiring: string | null = null;

  constructor(context: SectionContext) {
    this.status = new StatusLine(context);
    for (const coordinate of [this.lat, this.lon]) coordinate.step = 'any';
    this.file.addEventListener('change', () => this.renderFileName());
  }

  async load(): Promise<void> {
    try {
      this.devices = (await fetchDevices()).sort((a, b) => a.id.localeCompare(b.id));
    } catch (error) {
      this.status.failed(error);
    }
    this.render();
  }

  render(): void {
    labelOptions(this.kind, (kind) => t(`deviceKind.${kind as DeviceKind}`));
    this.capabilities.placeholder = t('admin.devices.capabilitiesHint');
    const form = el('form', { className: 'admin-form', dataset: { testid: 'admin-device-form' } }, [
      el('h3', { className: 'admin-form__title', text: t('admin.devices.provision') }),
      labeled(t('admin.field.id'), this.id),
      labeled(t('admin.field.name'), this.name),
      labeled(t('admin.field.kind'), this.kind),
      labeled(t('admin.field.zone'), this.zone),
      labeled(t('admin.field.lat'), this.lat),
      labeled(t('admin.field.lon'), this.lon),
      labeled(t('admin.field.capabilities'), this.capabilities),
      el('button', {
        className: 'button button--primary',
        text: t('admin.devices.provision'),
        attrs: { type: 'submit' },
        dataset: { testid: 'admin-device-provision' },
      }),
    ]);
    form.addEventListener('submit', (event) => {
      event.preventDefault();
      void this.provision();
    });
    const upload = el('div', { className: 'admin-form', dataset: { testid: 'admin-fleet' } }, [
      el('h3', { className: 'admin-form__title', text: t('admin.devices.upload') }),
      el('p', { className: 'admin-hint', text: t('admin.devices.uploadHint') }),
      el('label', { className: 'button button--ghost' }, [
        el('span', { text: t('admin.devices.chooseFile') }),
        this.file,
      ]),
      this.fileName,
      button(t('admin.devices.uploadSend'), 'admin-fleet-upload', () => void this.upload()),
      this.fleetResult(),
    ]);
    this.credentials.render();
    this.status.render();
    this.renderFileName();
    this.element.replaceChildren(
      form,
      upload,
      this.status.element,
      this.credentials.element,
      table(
        [
          t('admin.field.id'),
          t('admin.field.name'),
          t('admin.field.kind'),
          t('admin.field.zone'),
          t('admin.field.status'),
          t('admin.field.provisioned'),
          t('admin.field.lastContact'),
          t('admin.field.actions'),
        ],
        this.devices.map((device) => this.row(device)),
      ),
    );
  }

  destroy(): void {
    this.element.remove();
  }

  private renderFileName(): void {
    this.fileName.textContent = this.file.files?.[0]?.name ?? t('admin.devices.noFile');
  }

  private row(device: Device): HTMLElement {
    const confirming = this.retiring === device.id;
    const rotate = button(t('admin.devices.rotate'), 'admin-device-rotate', () => {
      void this.rotate(device);
    });
    rotate.disabled = !device.provisioned;
    const retire = button(
      t(confirming ? 'admin.devices.retireConfirm' : 'admin.devices.retire'),
      'admin-device-retire',
      () => {
        if (confirming) void this.retire(device);
        else {
          this.retiring = device.id;
          this.render();
        }
      },
      confirming ? 'danger' : 'ghost',
    );
    return el(
      'tr',
      {
        dataset: {
          testid: 'admin-device-row',
          deviceId: device.id,
          provisioned: String(device.provisioned),
        },
      },
      [
        cell(device.id),
        cell(deviceName(device)),
        cell(device.kind ? t(`deviceKind.${device.kind}`) : '—'),
        cell(device.zone ? zoneName(device.zone) : '—'),
        cell(t(`deviceStatus.${device.status}`)),
        cell(t(device.provisioned ? 'common.yes' : 'common.no')),
        cell(device.lastSeen ? formatDateTime(device.lastSeen) : t('admin.never')),
        cell(el('div', { className: 'admin-actions' }, [rotate, retire])),
      ],
    );
  }

  private fleetResult(): HTMLElement {
    const result = this.fleet;
    const box = el('div', { dataset: { testid: 'admin-fleet-result' } });
    if (!result) return box;
    box.append(
      el('p', {
        text: t('admin.devices.uploadResult', {
          created: String(result.created.length),
          errors: String(result.errors.length),
        }),
      }),
    );
    // The hub's reasons are technical English, kept as they are (lang="en").
    for (const error of result.errors)
      box.append(
        el('p', { className: 'admin-hint' }, [
          el('span', { text: `${t('admin.devices.uploadLine', { line: String(error.line) })}: ` }),
          el('code', { text: error.reason, attrs: { lang: 'en' } }),
        ]),
      );
    const credentials = result.created.map(({ id, credentials: c }) =>
      el('tr', {}, [cell(id), cell(el('code', { text: c.password }))]),
    );
    if (credentials.length > 0)
      box.append(
        el('p', { className: 'admin-credentials__warning', text: t('admin.credentials.warning') }),
        table([t('admin.field.username'), t('admin.field.password')], credentials),
      );
    return box;
  }

  private async provision(): Promise<void> {
    try {
      const created = await provisionDevice({
        id: this.id.value.trim(),
        kind: this.kind.value as DeviceKind,
        name: this.name.value.trim(),
        zone: this.zone.value.trim(),
        location: readLocation(this.lat, this.lon),
        capabilities: parseCapabilities(this.capabilities.value),
      });
      for (const field of [this.id, this.name, this.zone, this.lat, this.lon, this.capabilities])
        field.value = '';
      this.credentials.show(created.credentials);
      this.status.ok('admin.devices.provisioned', { name: created.device.id });
      await this.load();
    } catch (error) {
      this.status.failed(error);
      this.render();
    }
  }

  private async upload(): Promise<void> {
    const file = this.file.files?.[0];
    if (!file) return;
    try {
      this.fleet = await provisionFleet(file.name, await file.text());
      this.file.value = '';
      this.status.clear();
      await this.load();
    } catch (error) {
      this.status.failed(error);
      this.render();
    }
  }

  private async rotate(device: Device): Promise<void> {
    try {
      this.credentials.show(await rotateDevice(device.id));
      this.status.ok('admin.devices.rotated', { name: device.id });
    } catch (error) {
      this.status.failed(error);
    }
    await this.load();
  }

  private async retire(device: Device): Promise<void> {
    this.retiring = null;
    try {
      await retireDevice(device.id);
      this.credentials.hide();
      this.status.ok('admin.devices.retired', { name: device.id });
    } catch (error) {
      this.status.failed(error);
    }
    await this.load();
  }
}
