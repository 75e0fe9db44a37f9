// The replicated state machine: a small key-value map, built by applying a server's log
// up to its commit index. It is not stored in the state: it is a function of the log and
// the commit index, so computing it when a read is answered keeps the state space small.
//
// Deduplication (Raft thesis §6.3, the course's "client serial numbers"): the state
// machine remembers, per client, the highest serial number it has applied, and skips an
// entry whose serial number is not higher: a retried request that ended up in the log
// twice takes effect once. VARIANT retry-duplicates switches this off.
import type { List } from 'immutable';
import type { EntryRecord } from './types.ts';

export interface Applied {
  /** The map: key -> value (a key never written is absent: a read returns null). */
  readonly values: ReadonlyMap<string, number>;
  /** The log indexes (from 1) whose entry took effect, in order. */
  readonly applied: readonly number[];
}

export function applyLog(log: List<EntryRecord>, upTo: number, dedup: boolean): Applied {
  const values = new Map<string, number>();
  const lastSeq = new Map<string, number>();
  const applied: number[] = [];
  for (let i = 0; i < upTo; i++) {
    const e = log.get(i)!;
    if (e.client === '') continue; // the no-op
    if (dedup) {
      if ((lastSeq.get(e.client) ?? 0) >= e.seq) continue;
      lastSeq.set(e.client, e.seq);
    }
    if (e.f === 'write') values.set(e.key, e.value);
    else if (e.f === 'add') values.set(e.key, (values.get(e.key) ?? 0) + e.value);
    applied.push(i + 1);
  }
  return { values, applied };
}

/** What a read of `key` returns from a state machine that has applied `log` up to `upTo`. */
export function readValue(log: List<EntryRecord>, upTo: number, key: string, dedup: boolean): number | null {
  return applyLog(log, upTo, dedup).values.get(key) ?? null;
}
