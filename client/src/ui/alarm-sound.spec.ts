import { describe, expect, it } from '@jest/globals';
import { AlarmSound } from './alarm-sound';

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
  it('plays synthesised tones unless muted, and remembers muting per browser', () => {
    const storage = new MemoryStorage();
    const audio = FakeAudioContext as unknown as new () => AudioContext;
    const sound = new AlarmSound(storage as unknown as Storage, audio);
    expect(sound.play('critical')).toBe(true);
    expect(FakeAudioContext.tones).toBe(3);
    sound.setMuted(true);
    expect(sound.play('escalated')).toBe(false);
    expect(sound.played).toBe(1);
    expect(new AlarmSound(storage as unknown as Storage, audio).muted).toBe(true);
  });

  it('stays silent, without failing, where there is no WebAudio', () => {
    expect(new AlarmSound(null, undefined).play('critical')).toBe(false);
  });
});
