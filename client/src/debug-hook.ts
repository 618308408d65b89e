import type { ConsoleProbe } from './console-app';

declare global {
  interface Window {
    /** Read-only counters for browser tests; never the token or any data. */
    readonly __iocConsole?: Readonly<ConsoleProbe>;
  }
}

export function installDebugHook(current: () => ConsoleProbe | null): void {
  const probe: ConsoleProbe = Object.freeze({
    incidentCount: () => current()?.incidentCount() ?? 0,
    deviceCount: () => current()?.deviceCount() ?? 0,
    lastSeq: () => current()?.lastSeq() ?? 0,
    incidentMarkerCount: () => current()?.incidentMarkerCount() ?? 0,
    deviceMarkerCount: () => current()?.deviceMarkerCount() ?? 0,
  });
  Object.defineProperty(window, '__iocConsole', {
    value: probe,
    writable: false,
    configurable: false,
  });
}
