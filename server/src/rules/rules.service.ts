import {
  Inject,
  Injectable,
  Logger,
  type OnApplicationShutdown,
  type OnModuleInit,
} from '@nestjs/common';
import { readFileSync, unwatchFile, watchFile, type Stats } from 'node:fs';
import { BehaviorSubject } from 'rxjs';
import { APP_CONFIG, type AppConfig } from '../config/app.config';
import { DEFAULT_RULES, type CorrelationRules } from '../correlation/correlation-rules';
import { MetricsService } from '../metrics/metrics.service';
import { parseRulesText } from './rules-file.parser';

export interface RulesStatus {
  source: string;
  loadedAt: string;
  lastError: string | null;
  rules: CorrelationRules;
}

const POLL_MS = 1000;

/**
 * The rules in force. With RULES_FILE they come from that file, re-read when it changes
 * (polled: works on every filesystem and through editors that replace the file); an
 * invalid file is refused with a message and the last good rules stay.
 */
@Injectable()
export class RulesService implements OnModuleInit, OnApplicationShutdown {
  private readonly logger = new Logger('rules');
  readonly rules$ = new BehaviorSubject<CorrelationRules>(DEFAULT_RULES);
  private status: RulesStatus = {
    source: 'built-in defaults',
    loadedAt: new Date().toISOString(),
    lastError: null,
    rules: DEFAULT_RULES,
  };

  constructor(
    @Inject(APP_CONFIG) private readonly config: AppConfig,
    private readonly metrics: MetricsService,
  ) {}

  get current(): RulesStatus {
    return this.status;
  }

  onModuleInit(): void {
    const file = this.config.rulesFile;
    if (!file) return;
    // At start an invalid file is fatal: the operator asked for those rules.
    const first = this.load(file);
    if (!first) throw new Error(`RULES_FILE ${this.status.lastError ?? 'is invalid'}`);
    watchFile(file, { interval: POLL_MS }, (current: Stats, previous: Stats) => {
      if (current.mtimeMs !== previous.mtimeMs || current.size !== previous.size) this.load(file);
    });
  }

  /** Loads the file; returns false (keeping the current rules) when it is unreadable or invalid. */
  load(file: string): boolean {
    let text: string;
    try {
      text = readFileSync(file, 'utf8');
    } catch (error) {
      return this.refuse(`${file}: cannot read: ${(error as Error).message}`);
    }
    const parsed = parseRulesText(text, file);
    if (!parsed.ok) return this.refuse(parsed.error);
    this.status = {
      source: file,
      loadedAt: new Date().toISOString(),
      lastError: null,
      rules: parsed.rules,
    };
    this.metrics.rulesReloads.labels('ok').inc();
    this.rules$.next(parsed.rules);
    this.logger.log(`rules loaded from ${file}`);
    return true;
  }

  private refuse(message: string): false {
    this.status = { ...this.status, lastError: message };
    this.metrics.rulesReloads.labels('refused').inc();
    this.logger.error(`rules refused, keeping the previous ones: ${message}`);
    return false;
  }

  onApplicationShutdown(): void {
    if (this.config.rulesFile) unwatchFile(this.config.rulesFile);
  }
}
