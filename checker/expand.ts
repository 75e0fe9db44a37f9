// Expanding one chunk of the frontier: decode each state, run the model's events, admit
// every successor, and write the new states to the next level. The same code runs on
// the main thread (one worker) and in worker threads; in worker threads it also keeps
// the level's canonical order (level-order.ts).
import type { State } from '../src/spec.ts';
import { ByteReader } from '../src/values/codec.ts';
import type { StateCodec } from '../src/values/state-codec.ts';
import { readEntry, type ChunkWriter, type EntryHeader } from './chunks.ts';
import { SEEN, VIOLATION, type Exploration, type Found } from './exploration.ts';
import { MAX_ORDINAL, type KeyedFound, type LevelOrder } from './level-order.ts';

export type ExpandStatus =
  /** Every state of the chunk was expanded. */
  | { readonly kind: 'done' }
  /** Stopped before the state at byte `resumeAt`, for lack of room in the table or store. */
  | { readonly kind: 'paused'; readonly resumeAt: number }
  /** A property broke (`x.found`), or another thread asked everyone to stop. */
  | { readonly kind: 'stopped' };

export interface ExpandControl {
  readonly checkDeadlock: boolean;
  /** Room a thread must see in the table and store before expanding a state. */
  roomNeeded(): number;
  /** True when another thread found a violation. */
  shouldStop(): boolean;
}

/**
 * Expands the chunk's states from byte `start`. Without `order` (one thread) it stops at
 * the first violation, which is then the first in BFS order. With `order` (worker
 * threads) it records discovery keys, collects violations in `order.found` and goes
 * on with the states that could still yield an earlier one.
 */
export function expandChunk<S extends State, E>(
  x: Exploration<S, E>,
  codec: StateCodec<S>,
  bytes: Uint8Array,
  start: number,
  depth: number,
  out: ChunkWriter<S>,
  control: ExpandControl,
  order?: LevelOrder<S>,
): ExpandStatus {
  const spec = x.spec;
  const r = new ByteReader(bytes, start);
  const entry: EntryHeader = { number: 0, parentRank: -1, ordinal: 0 };
  while (r.pos < r.end) {
    if (control.shouldStop()) return { kind: 'stopped' };
    if (!x.hasRoomFor(control.roomNeeded())) return { kind: 'paused', resumeAt: r.pos };
    const parent = readEntry(r, entry).number;
    let rank = -1;
    if (order !== undefined) {
      const store = x.store;
      rank = store.rank(parent);
      if (!order.worthExpanding(store, entry, rank)) {
        codec.skip(r);
        continue;
      }
    }
    const state = codec.decode(r);
    let successors = 0;
    expansion: for (const event of spec.events(state)) {
      for (const succ of spec.next(state, event)) {
        const ordinal = successors < MAX_ORDINAL ? successors : MAX_ORDINAL;
        successors++;
        const n = x.admit(succ, parent, depth + 1);
        if (order === undefined) {
          if (n === VIOLATION) return { kind: 'stopped' };
          if (n >= 0) out.push(n, succ);
          continue;
        }
        if (n >= 0) {
          // Another thread may have offered a key between our claim and this offer.
          const ours = x.store.offerKey(n, rank, ordinal);
          if (!order.keyed) out.push(n, succ);
          else if (ours) out.pushKeyed(n, succ, rank, ordinal);
        } else if (n === SEEN) {
          // Found again in this level: the earliest discovery is its parent, and under
          // symmetry its member of the orbit is the one to expand.
          const seen = x.seenNumber;
          if (seen >= order.nextFirst && x.store.offerKey(seen, rank, ordinal) && order.keyed) out.pushKeyed(seen, succ, rank, ordinal);
        } else if (n === VIOLATION) {
          const found = x.found!;
          x.found = undefined;
          if (found.number >= 0) x.store.offerKey(found.number, rank, ordinal);
          order.report(keyed(found, rank, ordinal));
          // Later successors of this state come later in BFS order.
          break expansion;
        }
      }
    }
    if (successors > x.maxBranching) x.maxBranching = successors;
    if (successors === 0 && control.checkDeadlock) {
      x.reportDeadlock(state, parent);
      if (order === undefined) return { kind: 'stopped' };
      const found = x.found!;
      x.found = undefined;
      // A deadlock comes where its state is expanded: before its successors' level.
      order.report(keyed(found, rank, 0));
    }
  }
  return { kind: 'done' };
}

function keyed<S extends State>(found: Found<S>, parentRank: number, ordinal: number): KeyedFound<S> {
  return { found, parentRank, ordinal };
}
