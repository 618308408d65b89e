import type { Situation, SituationChange, SituationChanges } from '@ioc/shared';

/** Replay speeds offered (replay seconds per wall second). */
export const REPLAY_SPEEDS = [1, 10, 60, 600] as const;
export type ReplaySpeed = (typeof REPLAY_SPEEDS)[number];
/** How far back the timeline reaches, in hours: the last day by default, longer by choice. */
export const REPLAY_SPANS_HOURS = [24, 72, 168] as const;
export type ReplaySpan = (typeof REPLAY_SPANS_HOURS)[number];

/** Changes are fetched this far ahead of the replay position, in wall seconds of playing. */
const LOOKAHEAD_WALL_S = 30;
const MIN_CHUNK_MS = 60_000;
const CAUGHT_UP_MS = 1000;

export interface ReplaySource {
  situation(at: number): Promise<Situation>;
  changes(from: number, to: number): Promise<SituationChanges>;
}

/** Where the replayed situation goes: the console's stores, emptied and refilled. */
export interface ReplaySink {
  reset(situation: Situation): void;
  apply(change: SituationChange): void;
  failed(error: unknown): void;
}

/**
 * Plays the recorded history (docs/contract.md §7): a seek asks the hub for the situation at
 * that moment, playing walks the replay clock forward at the chosen speed and applies each
 * change whose time it passes, fetching changes ahead in chunks, so there is one request per
 * chunk rather than per frame. Time comes from `now`, so specs drive it by hand.
 */
export class ReplayPlayer {
  private positionMs = 0;
  private playingNow = false;
  private speedNow: ReplaySpeed = 60;
  private anchorWall = 0;
  private anchorPosition = 0;
  private buffer: SituationChange[] = [];
  private loadedUntil = 0;
  private loading: Promise<void> | null = null;
  /** Raised by every seek: an answer for an earlier seek is dropped. */
  private generation = 0;
  private ready = false;

  constructor(
    private readonly source: ReplaySource,
    private readonly sink: ReplaySink,
    private readonly now: () => number = Date.now,
  ) {}

  get position(): number {
    return this.positionMs;
  }

  get playing(): boolean {
    return this.playingNow;
  }

  get speed(): ReplaySpeed {
    return this.speedNow;
  }

  /** Shows the situation at `at` (clamped to now); playing goes on from there. */
  async seek(at: number): Promise<void> {
    const generation = ++this.generation;
    const target = Math.min(at, this.now());
    this.positionMs = target;
    this.ready = false;
    this.buffer = [];
    this.loading = null;
    this.anchor();
    let situation: Situation;
    try {
      situation = await this.source.situation(target);
    } catch (error) {
      if (generation === this.generation) this.sink.failed(error);
      return;
    }
    if (generation !== this.generation) return;
    this.sink.reset(situation);
    this.loadedUntil = target;
    this.ready = true;
    this.anchor();
  }

  play(): void {
    if (this.positionMs >= this.now()) return;
    this.playingNow = true;
    this.anchor();
  }

  pause(): void {
    this.advance();
    this.playingNow = false;
  }

  setSpeed(speed: ReplaySpeed): void {
    this.advance();
    this.speedNow = speed;
    this.anchor();
  }

  /** Moves the replay clock and applies what it passed; call it often while replaying. */
  tick(): void {
    if (!this.ready) return;
    this.advance();
    this.loadAhead();
  }

  /** Resolves once the changes being fetched are in (specs, and the UI test's probe). */
  async settled(): Promise<void> {
    while (this.loading) await this.loading;
  }

  private advance(): void {
    if (!this.playingNow || !this.ready) return;
    const wall = this.now();
    let next = this.anchorPosition + (wall - this.anchorWall) * this.speedNow;
    // Never past what is loaded (a slow answer holds the picture, not skips it), nor now.
    if (next > this.loadedUntil) next = this.loadedUntil;
    // Caught up with the present: the replay stops; live is one click away.
    if (next >= wall - CAUGHT_UP_MS) {
      next = Math.min(next, wall);
      this.playingNow = false;
    }
    this.positionMs = next;
    if (next === this.loadedUntil || !this.playingNow) this.anchor();
    let applied = 0;
    for (const change of this.buffer) {
      if (Date.parse(change.at) > next) break;
      this.sink.apply(change);
      applied += 1;
    }
    if (applied > 0) this.buffer.splice(0, applied);
  }

  private loadAhead(): void {
    if (this.loading || !this.ready) return;
    const wall = this.now();
    const ahead = LOOKAHEAD_WALL_S * 1000 * this.speedNow;
    if (this.loadedUntil >= wall || this.loadedUntil - this.positionMs > ahead) return;
    const from = this.loadedUntil;
    const to = Math.min(wall, from + Math.max(MIN_CHUNK_MS, ahead * 2));
    const generation = this.generation;
    this.loading = this.source.changes(from, to).then(
      (page) => {
        if (generation !== this.generation) return;
        this.buffer.push(...page.changes);
        this.loadedUntil = Date.parse(page.until);
        this.loading = null;
      },
      (error: unknown) => {
        if (generation !== this.generation) return;
        this.loading = null;
        this.pause();
        this.sink.failed(error);
      },
    );
  }

  private anchor(): void {
    this.anchorWall = this.now();
    this.anchorPosition = this.positionMs;
  }
}
