const MUTE_KEY = 'ioc.console.mutedUntil';

/**
 * A mute always ends: an endless one, kept in the browser, also silenced the next fire.
 * Long enough to handle a burst of alarms, short enough that nobody forgets it is on.
 */
export const MUTE_MS = 15 * 60_000;

/**
 * `critical`: a new critical incident or a severity raise (loud, three beeps); `overdue`:
 * an SLA ran out (soft, two low tones); `reminder` and `overdueReminder`: the same two
 * voices, shorter, while such alarms wait for someone.
 */
export type SoundKind = 'critical' | 'overdue' | 'reminder' | 'overdueReminder';

interface Tone {
  frequency: number;
  offset: number;
  length: number;
}

interface Pattern {
  wave: OscillatorType;
  gain: number;
  tones: Tone[];
}

const tone = (frequency: number, offset: number, length: number): Tone => ({
  frequency,
  offset,
  length,
});

/** Tone patterns synthesised with WebAudio; no audio files are fetched. */
const PATTERNS: Record<SoundKind, Pattern> = {
  critical: {
    wave: 'square',
    gain: 0.2,
    tones: [
      tone(988, 0, 0.14),
      tone(1319, 0.18, 0.14),
      tone(988, 0.36, 0.14),
      tone(1319, 0.54, 0.24),
    ],
  },
  overdue: { wave: 'sine', gain: 0.07, tones: [tone(660, 0, 0.22), tone(523, 0.3, 0.32)] },
  reminder: { wave: 'square', gain: 0.14, tones: [tone(988, 0, 0.12), tone(1319, 0.16, 0.12)] },
  overdueReminder: { wave: 'sine', gain: 0.05, tones: [tone(523, 0, 0.2)] },
};

type AudioContextCtor = new () => AudioContext;

/**
 * The console's alarm sound. Muting lasts MUTE_MS and is kept in localStorage as the time
 * it ends (a preference, not a secret), so it survives a new sign-in but never outlives
 * its end; the flashing goes on regardless.
 */
export class AlarmSound {
  private context: AudioContext | null = null;
  private until: number;
  /** How many alarm sounds were started (the test probe reads it). */
  played = 0;

  constructor(
    private readonly storage: Storage | null = safeStorage(),
    private readonly audio: AudioContextCtor | undefined = audioContextCtor(),
    private readonly now: () => number = () => Date.now(),
  ) {
    const stored = Number(this.read());
    // A stored end further away than one mute is not one this console set: ignore it.
    this.until = Number.isFinite(stored) && stored - this.now() <= MUTE_MS ? stored : 0;
  }

  get muted(): boolean {
    return this.mutedUntil !== null;
  }

  /** When the mute ends (epoch ms), or null when the sound is on. */
  get mutedUntil(): number | null {
    return this.until > this.now() ? this.until : null;
  }

  /** Mutes for MUTE_MS from now, or unmutes; returns when the mute ends. */
  setMuted(muted: boolean): number | null {
    this.until = muted ? this.now() + MUTE_MS : 0;
    try {
      this.storage?.setItem(MUTE_KEY, String(this.until));
    } catch {
      // Storage may be unavailable; the choice still holds for this session.
    }
    return this.mutedUntil;
  }

  /** Browsers start audio only after a user gesture; call this from one (e.g. sign-in). */
  unlock(): void {
    const context = this.ensureContext();
    if (context?.state === 'suspended') void context.resume().catch(() => undefined);
  }

  /** Returns true when a sound was started. */
  play(kind: SoundKind): boolean {
    if (this.muted) return false;
    const context = this.ensureContext();
    if (!context) return false;
    if (context.state === 'suspended') void context.resume().catch(() => undefined);
    const start = context.currentTime + 0.02;
    const { wave, gain: level, tones } = PATTERNS[kind];
    for (const { frequency, offset, length } of tones) {
      const oscillator = context.createOscillator();
      const gain = context.createGain();
      oscillator.type = wave;
      oscillator.frequency.value = frequency;
      // A short attack and release: no clicks.
      gain.gain.setValueAtTime(0.0001, start + offset);
      gain.gain.exponentialRampToValueAtTime(level, start + offset + 0.015);
      gain.gain.exponentialRampToValueAtTime(0.0001, start + offset + length);
      oscillator.connect(gain).connect(context.destination);
      oscillator.start(start + offset);
      oscillator.stop(start + offset + length + 0.02);
    }
    this.played += 1;
    return true;
  }

  dispose(): void {
    void this.context?.close().catch(() => undefined);
    this.context = null;
  }

  private ensureContext(): AudioContext | null {
    if (this.context) return this.context;
    if (!this.audio) return null;
    try {
      this.context = new this.audio();
    } catch {
      return null;
    }
    return this.context;
  }

  private read(): string | null {
    try {
      return this.storage?.getItem(MUTE_KEY) ?? null;
    } catch {
      return null;
    }
  }
}

function safeStorage(): Storage | null {
  try {
    return typeof localStorage === 'undefined' ? null : localStorage;
  } catch {
    return null;
  }
}

function audioContextCtor(): AudioContextCtor | undefined {
  if (typeof window === 'undefined') return undefined;
  const scope = window as unknown as {
    AudioContext?: AudioContextCtor;
    webkitAudioContext?: AudioContextCtor;
  };
  return scope.AudioContext ?? scope.webkitAudioContext;
}
