import { formatDateTime } from '../i18n/format';
import { onLocaleChange, t } from '../i18n/i18n';
import {
  REPLAY_SPANS_HOURS,
  REPLAY_SPEEDS,
  type ReplaySpan,
  type ReplaySpeed,
} from '../state/replay-player';
import { el, setText } from './dom';

export interface ReplayBarOptions {
  onOpen(): void;
  onLive(): void;
  onPlay(): void;
  onPause(): void;
  onSpeed(speed: ReplaySpeed): void;
  onSpan(hours: ReplaySpan): void;
  onSeek(at: number): void;
}

export interface ReplayView {
  position: number;
  playing: boolean;
  speed: ReplaySpeed;
  span: ReplaySpan;
  /** The timeline's ends: now minus the span, and now. */
  start: number;
  end: number;
}

/**
 * The timeline control: a "Replay" button while live; while replaying, the banner that
 * says so with the replayed time, play/pause, speed, period, a slider to scrub and the way
 * back to live. It only reports what the user does; ConsoleApp drives the replay.
 */
export class ReplayBar {
  readonly element: HTMLElement;
  readonly banner = el('div', {
    className: 'banner banner--replay',
    attrs: { role: 'status', 'aria-live': 'polite' },
    dataset: { testid: 'replay-banner' },
  });
  private readonly open = el('button', {
    className: 'button replay__open',
    attrs: { type: 'button' },
    dataset: { testid: 'replay-open' },
  });
  private readonly controls = el('div', {
    className: 'replay__controls',
    dataset: { testid: 'replay-bar' },
  });
  private readonly play = el('button', {
    className: 'button',
    attrs: { type: 'button' },
    dataset: { testid: 'replay-play' },
  });
  private readonly speed = el('select', {
    className: 'replay__select',
    dataset: { testid: 'replay-speed' },
  });
  private readonly span = el('select', {
    className: 'replay__select',
    dataset: { testid: 'replay-span' },
  });
  private readonly slider = el('input', {
    className: 'replay__slider',
    attrs: { type: 'range', min: '0', step: '1' },
    dataset: { testid: 'replay-slider' },
  });
  private readonly time = el('span', {
    className: 'replay__time',
    dataset: { testid: 'replay-time' },
  });
  private readonly live = el('button', {
    className: 'button button--primary',
    attrs: { type: 'button' },
    dataset: { testid: 'replay-live' },
  });
  private view: ReplayView | null = null;
  private error: string | null = null;
  private dragging = false;
  private readonly unsubscribeLocale: () => void;

  constructor(private readonly options: ReplayBarOptions) {
    for (const speed of REPLAY_SPEEDS)
      this.speed.append(el('option', { text: `${speed}×`, attrs: { value: String(speed) } }));
    for (const hours of REPLAY_SPANS_HOURS)
      this.span.append(el('option', { attrs: { value: String(hours) } }));
    this.controls.append(this.play, this.speed, this.span, this.slider, this.time, this.live);
    this.element = el('div', { className: 'replay' }, [this.open, this.controls]);
    this.open.addEventListener('click', () => options.onOpen());
    this.live.addEventListener('click', () => options.onLive());
    this.play.addEventListener('click', () =>
      this.view?.playing ? options.onPause() : options.onPlay(),
    );
    this.speed.addEventListener('change', () =>
      options.onSpeed(Number(this.speed.value) as ReplaySpeed),
    );
    this.span.addEventListener('change', () =>
      options.onSpan(Number(this.span.value) as ReplaySpan),
    );
    // While dragging only the label follows; the hub is asked once, on release.
    this.slider.addEventListener('input', () => {
      this.dragging = true;
      if (this.view) setText(this.time, formatDateTime(this.sliderTime(this.view)));
    });
    this.slider.addEventListener('change', () => {
      this.dragging = false;
      if (this.view) options.onSeek(this.sliderTime(this.view));
    });
    this.unsubscribeLocale = onLocaleChange(() => this.render());
    this.set(null);
  }

  /** null: live. */
  set(view: ReplayView | null, error: string | null = null): void {
    this.view = view;
    this.error = error;
    this.render();
  }

  destroy(): void {
    this.unsubscribeLocale();
    this.element.remove();
    this.banner.remove();
  }

  private sliderTime(view: ReplayView): number {
    return view.start + Number(this.slider.value) * 1000;
  }

  private render(): void {
    const view = this.view;
    this.open.hidden = view !== null;
    this.controls.hidden = view === null;
    this.banner.hidden = view === null;
    setText(this.open, t('replay.open'));
    this.open.title = t('replay.openHint');
    setText(this.live, t('replay.live'));
    this.speed.setAttribute('aria-label', t('replay.speed'));
    this.span.setAttribute('aria-label', t('replay.span'));
    this.slider.setAttribute('aria-label', t('replay.position'));
    REPLAY_SPANS_HOURS.forEach((hours, i) => {
      const option = this.span.options[i];
      if (option) setText(option, t(`replay.span.${hours}`));
    });
    if (!view) return;
    setText(this.play, view.playing ? t('replay.pause') : t('replay.play'));
    this.play.setAttribute('aria-pressed', String(view.playing));
    this.speed.value = String(view.speed);
    this.span.value = String(view.span);
    this.slider.max = String(Math.round((view.end - view.start) / 1000));
    if (!this.dragging) {
      this.slider.value = String(Math.round((view.position - view.start) / 1000));
      setText(this.time, formatDateTime(view.position));
    }
    const banner = t('replay.banner', { time: formatDateTime(view.position) });
    setText(
      this.banner,
      this.error ? `${banner} · ${t('replay.failed', { reason: this.error })}` : banner,
    );
    this.banner.dataset.at = new Date(view.position).toISOString();
  }
}
