import { SEVERITIES, UNIT_STATUSES, type DeviceKind } from '@ioc/shared';
import { onLocaleChange, severityLabel, t } from '../i18n/i18n';
import type { MessageKey } from '../i18n/messages';
import { el } from '../ui/dom';
import { L } from './leaflet-setup';
import { DEVICE_KIND_COLORS, SEVERITY_COLORS, UNIT_STATUS_COLORS } from './marker-style';

export const MAP_LAYERS = ['incidents', 'devices', 'cameraViews', 'units', 'zones'] as const;
export type MapLayerKey = (typeof MAP_LAYERS)[number];

const STORAGE_KEY = 'ioc.console.layers';

/** Which layers are shown; remembered per browser (it is a preference, not a secret). */
export function loadLayerVisibility(
  storage: Storage | null = safeStorage(),
): Record<MapLayerKey, boolean> {
  const all = Object.fromEntries(MAP_LAYERS.map((key) => [key, true])) as Record<
    MapLayerKey,
    boolean
  >;
  try {
    const saved = JSON.parse(storage?.getItem(STORAGE_KEY) ?? '{}') as unknown;
    if (saved && typeof saved === 'object')
      for (const key of MAP_LAYERS) {
        const value = (saved as Record<string, unknown>)[key];
        if (typeof value === 'boolean') all[key] = value;
      }
  } catch {
    // A damaged preference is no reason not to start.
  }
  return all;
}

export function saveLayerVisibility(
  visibility: Record<MapLayerKey, boolean>,
  storage: Storage | null = safeStorage(),
): void {
  try {
    storage?.setItem(STORAGE_KEY, JSON.stringify(visibility));
  } catch {
    // Private mode or a full quota: the toggles still work for this session.
  }
}

function safeStorage(): Storage | null {
  try {
    return typeof localStorage === 'undefined' ? null : localStorage;
  } catch {
    return null;
  }
}

/** Below this the map gets too little room for an open legend (1366×768 laptops, say). */
function isSmallScreen(): boolean {
  return typeof window !== 'undefined' && (window.innerWidth < 1600 || window.innerHeight < 900);
}

function blockMap(element: HTMLElement): void {
  L.DomEvent.disableClickPropagation(element);
  L.DomEvent.disableScrollPropagation(element);
}

/** A map control whose labels follow the console language while it is on the map. */
abstract class LocalizedControl extends L.Control {
  protected abstract readonly element: HTMLElement;
  private unsubscribe: (() => void) | null = null;

  protected abstract render(): void;

  override onAdd(): HTMLElement {
    this.unsubscribe = onLocaleChange(() => this.render());
    this.render();
    return this.element;
  }

  override onRemove(): void {
    this.unsubscribe?.();
    this.unsubscribe = null;
  }
}

/** Check boxes that show and hide the map's layers. */
export class LayerToggleControl extends LocalizedControl {
  protected readonly element = el('fieldset', {
    className: 'map-panel layer-toggles',
    dataset: { testid: 'layer-toggles' },
  });
  private readonly legend = el('legend', { className: 'map-panel__title' });
  private readonly labels = new Map<MapLayerKey, HTMLElement>();

  constructor(
    private readonly visibility: Record<MapLayerKey, boolean>,
    private readonly onToggle: (key: MapLayerKey, visible: boolean) => void,
  ) {
    super({ position: 'topleft' });
    this.element.append(this.legend);
    for (const key of MAP_LAYERS) {
      const input = el('input', {
        attrs: { type: 'checkbox' },
        dataset: { testid: `layer-toggle-${key}` },
      });
      input.checked = visibility[key];
      input.addEventListener('change', () => this.onToggle(key, input.checked));
      const text = el('span');
      this.labels.set(key, text);
      this.element.append(
        el('label', { className: 'layer-toggles__item', dataset: { layer: key } }, [input, text]),
      );
    }
    blockMap(this.element);
  }

  protected render(): void {
    this.legend.textContent = t('map.layers');
    for (const [key, label] of this.labels) label.textContent = t(`layer.${key}`);
  }
}

/** What the colours and shapes mean; folds away to a button. */
export class LegendControl extends LocalizedControl {
  protected readonly element = el('section', {
    className: 'map-panel legend',
    dataset: { testid: 'legend' },
  });
  private readonly toggle = el('button', {
    className: 'map-panel__title legend__toggle',
    attrs: { type: 'button', 'aria-expanded': 'true' },
    dataset: { testid: 'legend-toggle' },
  });
  private readonly body = el('div', { className: 'legend__body' });

  constructor() {
    super({ position: 'bottomleft' });
    this.toggle.addEventListener('click', () => {
      const open = this.body.hidden;
      this.body.hidden = !open;
      this.toggle.setAttribute('aria-expanded', String(open));
    });
    this.element.append(this.toggle, this.body);
    // On a laptop the open legend covers a third of the map: start folded there.
    if (isSmallScreen()) {
      this.body.hidden = true;
      this.toggle.setAttribute('aria-expanded', 'false');
    }
    blockMap(this.element);
  }

  protected render(): void {
    this.toggle.textContent = t('legend.title');
    const row = (swatch: HTMLElement, label: string): HTMLElement =>
      el('div', { className: 'legend__row' }, [swatch, el('span', { text: label })]);
    const swatch = (className: string, color?: string): HTMLElement => {
      const element = el('span', { className: `legend__swatch ${className}` });
      if (color) element.style.setProperty('--swatch', color);
      return element;
    };
    const section = (key: MessageKey, rows: HTMLElement[]): HTMLElement =>
      el('div', { className: 'legend__section' }, [
        el('h3', { className: 'legend__heading', text: t(key) }),
        ...rows,
      ]);
    const kinds: DeviceKind[] = ['camera', 'sensor', 'gateway'];
    this.body.replaceChildren(
      section('legend.incidents', [
        ...[...SEVERITIES]
          .reverse()
          .map((severity) =>
            row(
              swatch(
                `legend__swatch--severity legend__swatch--${severity}`,
                SEVERITY_COLORS[severity],
              ),
              severityLabel(severity),
            ),
          ),
        row(swatch('legend__swatch--cluster', SEVERITY_COLORS.critical), t('legend.cluster')),
        row(swatch('legend__swatch--acknowledged', SEVERITY_COLORS.high), t('legend.acknowledged')),
        row(swatch('legend__swatch--dispatched', SEVERITY_COLORS.high), t('legend.dispatched')),
        row(swatch('legend__swatch--escalated', SEVERITY_COLORS.high), t('legend.escalated')),
        row(swatch('legend__swatch--alarm'), t('legend.alarm')),
      ]),
      section('legend.devices', [
        ...kinds.map((kind) =>
          row(swatch(`legend__swatch--${kind}`, DEVICE_KIND_COLORS[kind]), t(`deviceKind.${kind}`)),
        ),
        row(swatch('legend__swatch--offline'), t('deviceStatus.offline')),
        row(swatch('legend__swatch--device-cluster'), t('legend.deviceCluster')),
        row(swatch('legend__swatch--cone'), t('legend.cameraView')),
      ]),
      section('legend.units', [
        ...UNIT_STATUSES.map((status) =>
          row(
            swatch('legend__swatch--unit', UNIT_STATUS_COLORS[status]),
            t(`unitStatus.${status}`),
          ),
        ),
        row(swatch('legend__swatch--zone'), t('legend.zone')),
      ]),
    );
  }
}

/** "Whole area" and "fit to incidents" buttons, under the zoom buttons. */
export class ViewControl extends LocalizedControl {
  protected readonly element = el('div', { className: 'leaflet-bar view-control' });
  private readonly overview = el('a', {
    className: 'view-control__button',
    text: '⌂',
    attrs: { href: '#', role: 'button' },
    dataset: { testid: 'view-overview' },
  });
  private readonly fit = el('a', {
    className: 'view-control__button',
    text: '⤢',
    attrs: { href: '#', role: 'button' },
    dataset: { testid: 'view-fit-incidents' },
  });

  constructor(actions: { overview: () => void; fitIncidents: () => void }) {
    super({ position: 'topleft' });
    const bind = (link: HTMLElement, action: () => void): void => {
      link.addEventListener('click', (event) => {
        event.preventDefault();
        action();
      });
    };
    bind(this.overview, actions.overview);
    bind(this.fit, actions.fitIncidents);
    this.element.append(this.overview, this.fit);
    blockMap(this.element);
  }

  protected render(): void {
    for (const [link, key] of [
      [this.overview, 'map.overview'],
      [this.fit, 'map.fitIncidents'],
    ] as const) {
      link.title = t(key);
      link.setAttribute('aria-label', t(key));
    }
  }
}
