// Periodic progress reports while a search runs. The engine calls `tick` after each
// chunk of states; a report goes out when the interval has passed.

export interface Progress {
  readonly generated: number;
  readonly distinct: number;
  readonly queue: number;
  readonly depth: number;
  readonly elapsedMs: number;
  /** Generated states per second since the previous report. */
  readonly rate: number;
}

interface Counters {
  readonly generated: number;
  readonly distinct: number;
  readonly depth: number;
}

/** How often a search on the main thread lets signal handlers and timers run. */
const YIELD_EVERY_MS = 100;

/** Lets pending events (a SIGINT handler, a progress timer) run before going on. */
export function yieldToEvents(): Promise<void> {
  return new Promise((resolve) => setImmediate(resolve));
}

export class Ticker {
  private readonly start = Date.now();
  private lastAt = this.start;
  private yieldAt = this.start + YIELD_EVERY_MS;
  private lastGenerated = 0;

  constructor(
    private readonly report: ((p: Progress) => void) | undefined,
    private readonly intervalMs: number,
  ) {}

  /** Call every few hundred states at most: it reads the clock. */
  tick(c: Counters, queue: number): void {
    if (this.report === undefined) return;
    const now = Date.now();
    if (now - this.lastAt < this.intervalMs) return;
    this.emit(c, queue, now);
  }

  /**
   * Whether the search should await `yieldToEvents()` now: a synchronous search would
   * otherwise never see a signal until it ends.
   */
  yieldDue(): boolean {
    const now = Date.now();
    if (now < this.yieldAt) return false;
    this.yieldAt = now + YIELD_EVERY_MS;
    return true;
  }

  emit(c: Counters, queue: number, now = Date.now()): void {
    if (this.report === undefined) return;
    const rate = ((c.generated - this.lastGenerated) * 1000) / Math.max(1, now - this.lastAt);
    this.lastAt = now;
    this.lastGenerated = c.generated;
    this.report({ generated: c.generated, distinct: c.distinct, queue, depth: c.depth, elapsedMs: now - this.start, rate });
  }
}
