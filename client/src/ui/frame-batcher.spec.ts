import { describe, expect, it, jest } from '@jest/globals';
import { FrameBatcher } from './frame-batcher';

describe('FrameBatcher', () => {
  it('hands over each key once per flush, and spaces flushes by the minimum interval', () => {
    jest.useFakeTimers();
    let now = 0;
    const frames: (() => void)[] = [];
    const flushed: string[][] = [];
    const batcher = new FrameBatcher<string>(
      (keys) => flushed.push([...keys]),
      (run) => frames.push(run),
      () => undefined,
      150,
      () => now,
    );
    batcher.add('a');
    batcher.add('a');
    batcher.add('b');
    frames.shift()?.();
    expect(flushed).toEqual([['a', 'b']]);
    now = 50;
    batcher.add('c');
    // Too soon after the last flush: nothing is scheduled for a frame yet.
    expect(frames).toHaveLength(0);
    now = 150;
    jest.advanceTimersByTime(100);
    frames.shift()?.();
    expect(flushed).toEqual([['a', 'b'], ['c']]);
    batcher.dispose();
    jest.useRealTimers();
  });
});
