import {
  Inject,
  Injectable,
  Logger,
  type OnApplicationShutdown,
  type OnModuleInit,
} from '@nestjs/common';
import { readFileSync, unwatchFile, watchFile, type Stats } from 'node:fs';
import { BehaviorSubject } from 'rxjs';
import writeFileAtomic from 'write-file-atomic';
import type { RulesValidation } from '@ioc/shared';
import { DomainError } from '../common/domain-error';
import { APP_CONFIG, type AppConfig } from '../config/app.config';
import { DEFAULT_RULES, type CorrelationRules } from '../correlation/correlation-rules';
import { MetricsService } from '../metrics/metrics.service';
import { parseRulesText } from './rules-file.parser';

export interface RulesStatus {
  source: string;
  loadedAt: string;
  lastError: string | null;
  rules: CorrelationRules;
  /** The file's text as last loaded; null with the built-in defaults. */
  text: string | null;
  /** A rules file is configured, so `PUT /api/rules` can write it. */
  editable: boolean;
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
    text: null,
    editable: false,
  };

  constructor(
    @Inject(APP_CONFIG) private readonly config: AppConfig,
    private readonly metrics: MetricsService,
  ) {
    this.status.editable = config.rulesFile !== null;
  }

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
    // Our own write (apply) is seen again by the poller: nothing new to load.
    if (text === this.status.text && this.status.lastError === null) return true;
    const parsed = parseRulesText(text, file);
    if (!parsed.ok) return this.refuse(parsed.error);
    this.status = {
      source: file,
      loadedAt: new Date().toISOString(),
      lastError: null,
      rules: parsed.rules,
      text,
      editable: true,
    };
    this.metrics.rulesReloads.labels('ok').inc();
    this.rules$.next(parsed.rules);
    this.logger.log(`rules loaded from ${file}`);
    return true;
  }

  /** What the hot reload would say of this text, without applying it. */
  validate(text: string): RulesValidation {
    const parsed = parseRulesText(text, this.config.rulesFile ?? 'rules');
    return parsed.ok ? { valid: true, error: null } : { valid: false, error: parsed.error };
  }

  /**
   * Replaces the rules file with `text` (docs/contract.md §7 `PUT /api/rules`): refused as
   * the hot reload refuses it, with nothing written; otherwise written atomically (a reader
   * never sees half a file) and loaded at once, as the hot reload would.
   */
  async apply(text: string, actor: string): Promise<RulesStatus> {
    const file = this.config.rulesFile;
    if (!file)
      throw new DomainError(
        'CONFLICT',
        'RULES_FILE is not set: the built-in rules cannot be edited',
      );
    const parsed = parseRulesText(text, file);
    if (!parsed.ok) {
      this.metrics.rulesReloads.labels('refused').inc();
      this.logger.warn(`audit: rules change by ${actor} refused: ${parsed.error}`);
      throw new DomainError('VALIDATION', parsed.error, { rules: parsed.error });
    }
    await writeFileAtomic(file, text, { mode: 0o600 });
    if (!this.load(file)) throw new DomainError('UNAVAILABLE', this.status.lastError ?? file);
    this.logger.log(`audit: rules file ${file} replaced by ${actor} (${text.length} characters)`);
    return this.status;
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
