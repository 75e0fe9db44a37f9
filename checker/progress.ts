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

export class Ticker {
  private readonly start = Date.now();
  private lastAt = this.start;
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

  emit(c: Counters, queue: number, now = Date.now()): void {
    if (this.report === undefined) return;
    const rate = ((c.generated - this.lastGenerated) * 1000) / Math.max(1, now - this.lastAt);
    this.lastAt = now;
    this.lastGenerated = c.generated;
    this.report({ generated: c.generated, distinct: c.distinct, queue, depth: c.depth, elapsedMs: now - this.start, rate });
  }
}
