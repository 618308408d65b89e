import type { AlarmReason } from '../state/attention';

const MUTE_KEY = 'ioc.console.muted';

/** Tone patterns: frequency (Hz), start offset (s), length (s). No audio files are fetched. */
const PATTERNS: Record<AlarmReason | 'reminder', [number, number, number][]> = {
  critical: [
    [988, 0, 0.14],
    [988, 0.2, 0.14],
    [988, 0.4, 0.22],
  ],
  escalated: [
    [740, 0, 0.18],
    [988, 0.24, 0.26],
  ],
  reminder: [[880, 0, 0.12]],
};

type AudioContextCtor = new () => AudioContext;

/**
 * The console's alarm sound, synthesised with WebAudio. Muting is per console and kept
 * in localStorage (a preference, not a secret); the flashing goes on regardless.
 */
export class AlarmSound {
  private context: AudioContext | null = null;
  private mutedValue: boolean;
  /** How many alarm sounds were started (the test probe reads it). */
  played = 0;

  constructor(
    private readonly storage: Storage | null = safeStorage(),
    private readonly audio: AudioContextCtor | undefined = audioContextCtor(),
  ) {
    this.mutedValue = this.read() === '1';
  }

  get muted(): boolean {
    return this.mutedValue;
  }

  setMuted(muted: boolean): void {
    this.mutedValue = muted;
    try {
      this.storage?.setItem(MUTE_KEY, muted ? '1' : '0');
    } catch {
      // Storage may be unavailable; the choice still holds for this session.
    }
  }

  /** Browsers start audio only after a user gesture; call this from one (e.g. sign-in). */
  unlock(): void {
    const context = this.ensureContext();
    if (context?.state === 'suspended') void context.resume().catch(() => undefined);
  }

  /** Returns true when a sound was started. */
  play(kind: AlarmReason | 'reminder'): boolean {
    if (this.mutedValue) return false;
    const context = this.ensureContext();
    if (!context) return false;
    if (context.state === 'suspended') void context.resume().catch(() => undefined);
    const start = context.currentTime + 0.02;
    for (const [frequency, offset, length] of PATTERNS[kind]) {
      const oscillator = context.createOscillator();
      const gain = context.createGain();
      oscillator.type = 'square';
      oscillator.frequency.value = frequency;
      // A short attack and release: no clicks, and loud enough across an operations room.
      gain.gain.setValueAtTime(0.0001, start + offset);
      gain.gain.exponentialRampToValueAtTime(0.18, start + offset + 0.015);
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
