import { describe, expect, it } from '@jest/globals';
import { AlarmSound, MUTE_MS } from './alarm-sound';

class MemoryStorage {
  readonly items = new Map<string, string>();
  getItem(key: string): string | null {
    return this.items.get(key) ?? null;
  }
  setItem(key: string, value: string): void {
    this.items.set(key, value);
  }
}

/** Just enough of WebAudio to count the tones started. */
class FakeAudioContext {
  static tones = 0;
  state = 'running';
  currentTime = 0;
  destination = {};
  createOscillator() {
    return {
      type: '',
      frequency: { value: 0 },
      connect: (next: unknown) => next,
      start: () => (FakeAudioContext.tones += 1),
      stop: () => undefined,
    };
  }
  createGain() {
    const node = {
      gain: { setValueAtTime: () => undefined, exponentialRampToValueAtTime: () => undefined },
      connect: (next: unknown) => next,
    };
    return node;
  }
  resume(): Promise<void> {
    return Promise.resolve();
  }
  close(): Promise<void> {
    return Promise.resolve();
  }
}

describe('AlarmSound', () => {
  it('plays synthesised tones unless muted; a mute survives a reload and ends by itself', () => {
    const storage = new MemoryStorage();
    const audio = FakeAudioContext as unknown as new () => AudioContext;
    let now = 1_000_000;
    const clock = (): number => now;
    const sound = new AlarmSound(storage as unknown as Storage, audio, clock);
    expect(sound.play('critical')).toBe(true);
    expect(FakeAudioContext.tones).toBe(4);
    expect(sound.setMuted(true)).toBe(now + MUTE_MS);
    expect(sound.play('overdue')).toBe(false);
    expect(sound.played).toBe(1);
    const reloaded = new AlarmSound(storage as unknown as Storage, audio, clock);
    expect(reloaded.mutedUntil).toBe(now + MUTE_MS);
    now += MUTE_MS;
    expect(reloaded.muted).toBe(false);
    expect(reloaded.play('overdue')).toBe(true);
  });

  it('ignores the endless mute of older consoles and ends that are too far away', () => {
    const storage = new MemoryStorage();
    storage.setItem('ioc.console.muted', '1');
    expect(new AlarmSound(storage as unknown as Storage, undefined, () => 0).muted).toBe(false);
    storage.setItem('ioc.console.mutedUntil', String(10 * MUTE_MS));
    expect(new AlarmSound(storage as unknown as Storage, undefined, () => 0).muted).toBe(false);
  });

  it('stays silent, without failing, where there is no WebAudio', () => {
    expect(new AlarmSound(null, undefined).play('critical')).toBe(false);
  });
});
