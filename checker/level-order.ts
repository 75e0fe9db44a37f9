// The canonical order of a BFS level, so that worker threads report the counterexample
// one thread would (docs/design.md, "Workers").
//
// One thread expands a level in order and numbers the next level's states as it finds
// them: a state's parent is the first state that generated it, and the first violation
// met is the one reported. With worker threads, "first" is a race. So every state of
// the level being generated carries a discovery key, (rank of the parent in its own
// level, ordinal of the successor among the parent's successors), and keeps the
// smallest key any thread offers (StateStore.offerKey). Sorting the level by key gives
// each state its rank, which is exactly its position in one thread's order; its
// parent is the state with the key's parent rank. By induction every level, every
// parent link, and so every trace, is the one a single thread finds.
//
// Violations: a thread that meets one records it with its key and goes on only with
// states ranked before it (a later state cannot yield an earlier violation); when the
// level is done the smallest key wins, the same violation and property one thread
// reports. Counts at the stop still depend on how far each thread got.
import type { State } from '../src/spec.ts';
import type { EntryHeader } from './chunks.ts';
import type { Found } from './exploration.ts';
import type { StateStore } from './state-store.ts';

/** Ordinals past this share a key: the sort stays exact in a double (2^31 ranks × 2^22). */
export const MAX_ORDINAL = (1 << 22) - 1;

/** Index of the best violation's parent rank + 1 in the shared control words (0 = none). */
export const BEST_RANK_WORD = 1;

export interface KeyedFound<S extends State> {
  readonly found: Found<S>;
  readonly parentRank: number;
  readonly ordinal: number;
}

/** What one thread knows about the level it is generating. */
export class LevelOrder<S extends State> {
  readonly found: KeyedFound<S>[] = [];

  constructor(
    /** The first state number of the level being generated. */
    readonly nextFirst: number,
    /** Entries carry keys: under symmetry, threads may write different members of an orbit. */
    readonly keyed: boolean,
    private readonly control: Int32Array,
  ) {}

  /** Whether the entry should be expanded: its key is still the state's, and it could still matter. */
  worthExpanding(store: StateStore, entry: EntryHeader, rank: number): boolean {
    const n = entry.number;
    if (entry.parentRank >= 0 && (store.keyParentRank(n) !== entry.parentRank || store.keyOrdinal(n) !== entry.ordinal)) return false;
    const best = Atomics.load(this.control, BEST_RANK_WORD);
    return best === 0 || rank + 1 < best;
  }

  report(k: KeyedFound<S>): void {
    this.found.push(k);
    const mine = k.parentRank + 1;
    let cur = Atomics.load(this.control, BEST_RANK_WORD);
    while (cur === 0 || mine < cur) {
      const prev = Atomics.compareExchange(this.control, BEST_RANK_WORD, cur, mine);
      if (prev === cur) break;
      cur = prev;
    }
  }
}

/** Number of the state at each rank of a level; `undefined` = numbered in rank order from `first`. */
export interface LevelNumbers {
  readonly first: number;
  readonly byRank: Int32Array | undefined;
}

/** A discovery key as one number that sorts as the key does (exact below 2^53). */
function sortKey(parentRank: number, ordinal: number): number {
  return (parentRank + 1) * (MAX_ORDINAL + 1) + ordinal;
}

function numberAt(level: LevelNumbers, rank: number): number {
  return level.byRank === undefined ? level.first + rank : level.byRank[rank]!;
}

/** Ranks a level numbered in discovery order by one thread (the level handed to workers). */
export function rankInNumberOrder(store: StateStore, level: LevelNumbers, end: number): void {
  for (let n = level.first; n < end; n++) store.setRank(n, n - level.first);
}

/**
 * Orders the level of states [first, end) by discovery key (no thread may be running):
 * sets each state's rank and its parent, the state at its key's parent rank in `previous`.
 */
export function orderLevel(store: StateStore, previous: LevelNumbers, first: number, end: number): LevelNumbers {
  const count = end - first;
  const keys = new Float64Array(count);
  for (let i = 0; i < count; i++) {
    const n = first + i;
    const parentRank = store.keyParentRank(n);
    // A state without a key (a level cut short by a limit) sorts last.
    keys[i] = parentRank < 0 ? Number.MAX_VALUE : sortKey(parentRank, store.keyOrdinal(n));
  }
  const sorted = keys.slice().sort();
  const byRank = new Int32Array(count).fill(-1);
  for (let i = 0; i < count; i++) {
    const n = first + i;
    let rank = lowerBound(sorted, keys[i]!);
    // Equal keys (capped ordinals, keyless states) take the next free rank.
    while (byRank[rank] !== -1) rank++;
    byRank[rank] = n;
    store.setRank(n, rank);
    const parentRank = store.keyParentRank(n);
    if (parentRank >= 0) store.setParent(n, numberAt(previous, parentRank));
  }
  return { first, byRank };
}

function lowerBound(sorted: Float64Array, key: number): number {
  let lo = 0;
  let hi = sorted.length;
  while (lo < hi) {
    const mid = (lo + hi) >>> 1;
    if (sorted[mid]! < key) lo = mid + 1;
    else hi = mid;
  }
  return lo;
}

/** The violation one thread would have reported among those the workers collected. */
export function firstInOrder<S extends State>(store: StateStore, candidates: readonly KeyedFound<S>[]): Found<S> | undefined {
  let best: { found: Found<S>; key: number } | undefined;
  for (const c of candidates) {
    // A stored state's key may have been lowered by a thread that met it again later.
    const stored = c.found.kind === 'invariant' && c.found.number >= 0;
    const parentRank = stored ? store.keyParentRank(c.found.number) : c.parentRank;
    const ordinal = stored ? store.keyOrdinal(c.found.number) : c.ordinal;
    const key = sortKey(parentRank, ordinal);
    if (best === undefined || key < best.key) {
      const parent = stored ? store.parent(c.found.number) : c.found.parent;
      best = { found: { ...c.found, parent }, key };
    }
  }
  return best?.found;
}
