// Resource limits of a run: the memory budget (`--max-memory`) and how many frontier
// bytes stay in memory before spilling to disk. Heap exhaustion must never be how a
// run ends: when resident memory passes the budget, the search stops cleanly.
import { totalmem } from 'node:os';

export class Limits {
  /** Why the run stopped early, if it did. */
  reason: string | undefined;
  private checks = 0;

  constructor(
    readonly maxMemoryBytes: number,
    readonly frontierBytes: number,
    /** A caller's stop request (SIGINT on the command line); its reason says why. */
    private readonly signal?: AbortSignal,
  ) {}

  static forBudget(maxMemoryBytes = defaultMemoryBudget(), signal?: AbortSignal, frontierBytes?: number): Limits {
    // Keep at most a quarter of the budget as in-memory frontier; the rest spills.
    return new Limits(maxMemoryBytes, frontierBytes ?? Math.max(16 << 20, Math.floor(maxMemoryBytes / 4)), signal);
  }

  /** Cheap enough to call per state: reads resident memory (a system call) every 4096 calls. */
  exceeded(): boolean {
    if (this.reason !== undefined) return true;
    if (this.signal?.aborted === true) {
      this.reason = stopReason(this.signal);
      return true;
    }
    if ((++this.checks & 4095) !== 0) return false;
    const rss = process.memoryUsage.rss();
    if (rss > this.maxMemoryBytes) {
      this.reason = `resident memory ${mib(rss)} passed the memory budget of ${mib(this.maxMemoryBytes)} (--max-memory)`;
      return true;
    }
    return false;
  }
}

/** A safe share of the machine: half of physical memory, at most 8 GiB. */
export function defaultMemoryBudget(): number {
  return Math.min(totalmem() / 2, 8 * 1024 ** 3);
}

export function mib(bytes: number): string {
  return `${Math.round(bytes / 1024 ** 2)} MiB`;
}

/** Parses `512M`, `2G`, `1.5GiB`, `800MB` or a byte count. */
export function parseSize(text: string): number | undefined {
  const m = /^([0-9]+(?:\.[0-9]+)?)\s*([KMGT]?)(?:i?B)?$/i.exec(text.trim());
  if (m === null) return undefined;
  const scale = { '': 1, K: 1024, M: 1024 ** 2, G: 1024 ** 3, T: 1024 ** 4 }[m[2]!.toUpperCase() as '' | 'K' | 'M' | 'G' | 'T'];
  const bytes = Math.floor(Number(m[1]) * scale);
  return bytes > 0 ? bytes : undefined;
}

/** Why a run was stopped through its AbortSignal: the reason given, or "interrupted". */
export function stopReason(signal: AbortSignal): string {
  return typeof signal.reason === 'string' ? signal.reason : 'interrupted';
}
