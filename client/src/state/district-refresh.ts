import type { Incident } from '@ioc/shared';
import { toConsoleIncident } from './district';

export interface DistrictRefreshOptions {
  /** The districts' incidents as the province holds them now (GET ?district=*). */
  fetch(): Promise<readonly Incident[]>;
  /** Takes one; the store keeps it only if its district seq is newer than what it holds. */
  apply(incident: Incident): void;
  failed(error: unknown): void;
}

/**
 * Keeps a province console's district incidents converged (docs/federation.md). Pushes
 * carry only what happens while the live link is up, and the hub's resync replays its own
 * incidents, not its districts'. So on every reconnection after the first the console
 * fetches them again; the store's "newer seq wins" rule makes a late answer harmless. One
 * fetch at a time: a request during one runs once more after it.
 */
export class DistrictRefresh {
  private running: Promise<void> | null = null;
  private again = false;
  private connectedBefore = false;

  constructor(private readonly options: DistrictRefreshOptions) {}

  /** The live link (re)connected: the first connection follows the start-up load. */
  connected(): Promise<void> {
    if (!this.connectedBefore) {
      this.connectedBefore = true;
      return Promise.resolve();
    }
    return this.refresh();
  }

  refresh(): Promise<void> {
    if (this.running) {
      this.again = true;
      return this.running;
    }
    this.running = this.run().finally(() => {
      this.running = null;
    });
    return this.running;
  }

  private async run(): Promise<void> {
    do {
      this.again = false;
      try {
        for (const incident of await this.options.fetch())
          this.options.apply(toConsoleIncident(incident));
      } catch (error) {
        this.options.failed(error);
      }
    } while (this.again);
  }
}
