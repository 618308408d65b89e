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
    incidentTargets: () => current()?.incidentTargets() ?? [],
    deviceMarkerCount: () => current()?.deviceMarkerCount() ?? 0,
    unitCount: () => current()?.unitCount() ?? 0,
    alarmCount: () => current()?.alarmCount() ?? 0,
    soundCount: () => current()?.soundCount() ?? 0,
    mapIdle: () => current()?.mapIdle() ?? 0,
    mapZoom: () => current()?.mapZoom() ?? 0,
    paintStats: () =>
      current()?.paintStats() ?? { devicePaints: 0, deviceMs: 0, incidentPaints: 0, incidentMs: 0 },
  });
  Object.defineProperty(window, '__iocConsole', {
    value: probe,
    writable: false,
    configurable: false,
  });
}
