import { systemClock, type Clock } from '../correlation/clock';

/** A pending timer: cancel() is a no-op once it has run. */
export interface Timer {
  cancel(): void;
}

/**
 * Injected timers, so code that waits can be driven in virtual time by a test (jest fake
 * timers, or a hand-written scheduler).
 */
export interface Scheduler {
  /** Runs `fn` once after `ms`; a `background` timer does not keep the process alive. */
  after(ms: number, fn: () => void, options?: { background?: boolean }): Timer;
  /** Runs `fn` every `ms`, in the background. */
  every(ms: number, fn: () => void): Timer;
}

/** Node's timers. */
export const timerScheduler: Scheduler = {
  after(ms, fn, options) {
    const handle = setTimeout(fn, ms);
    if (options?.background) handle.unref();
    return { cancel: () => clearTimeout(handle) };
  },
  every(ms, fn) {
    const handle = setInterval(fn, ms);
    handle.unref();
    return { cancel: () => clearInterval(handle) };
  },
};

/** Injection tokens of the Clock and the Scheduler; production binds the real ones. */
export const CLOCK = Symbol('Clock');
export const SCHEDULER = Symbol('Scheduler');

export const realTimeProviders = [
  { provide: CLOCK, useValue: systemClock satisfies Clock },
  { provide: SCHEDULER, useValue: timerScheduler },
];
