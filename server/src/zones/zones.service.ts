import {
  Inject,
  Injectable,
  Logger,
  type OnApplicationShutdown,
  type OnModuleInit,
} from '@nestjs/common';
import type { Zone } from '@ioc/shared';
import { readFileSync, unwatchFile, watchFile, type Stats } from 'node:fs';
import { APP_CONFIG, type AppConfig } from '../config/app.config';
import { parseZonesText } from './zones-file.parser';

const POLL_MS = 1000;

/**
 * Zone display names from ZONES_FILE, re-read when it changes like the rules file. Invalid
 * at start: the hub does not start; invalid later: refused, the last good names stay.
 */
@Injectable()
export class ZonesService implements OnModuleInit, OnApplicationShutdown {
  private readonly logger = new Logger('zones');
  private zones: Zone[] = [];
  private byId = new Map<string, Zone>();

  constructor(@Inject(APP_CONFIG) private readonly config: AppConfig) {}

  get all(): readonly Zone[] {
    return this.zones;
  }

  /** The zone's names, or undefined for a zone the file does not list. */
  find(id: string | null): Zone | undefined {
    return id === null ? undefined : this.byId.get(id);
  }

  onModuleInit(): void {
    const file = this.config.zonesFile;
    const error = this.load(file);
    if (error) throw new Error(`ZONES_FILE ${error}`);
    watchFile(file, { interval: POLL_MS }, (current: Stats, previous: Stats) => {
      if (current.mtimeMs === previous.mtimeMs && current.size === previous.size) return;
      const refused = this.load(file);
      if (refused) this.logger.error(`zones refused, keeping the previous ones: ${refused}`);
    });
  }

  /** Loads the file; returns what is wrong (keeping the current names), or null. */
  load(file: string): string | null {
    let text: string;
    try {
      text = readFileSync(file, 'utf8');
    } catch (error) {
      return `${file}: cannot read: ${(error as Error).message}`;
    }
    const parsed = parseZonesText(text, file);
    if (!parsed.ok) return parsed.error;
    this.zones = parsed.zones;
    this.byId = new Map(parsed.zones.map((zone) => [zone.id, zone]));
    this.logger.log(`${parsed.zones.length} zones loaded from ${file}`);
    return null;
  }

  onApplicationShutdown(): void {
    unwatchFile(this.config.zonesFile);
  }
}
