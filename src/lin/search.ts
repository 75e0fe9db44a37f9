// The search for a linearization of one object's operations.
//
// Wing and Gong's algorithm (1993) as improved by Lowe (2017), the one Porcupine uses:
// walk the history's call and return entries in time order, kept in a doubly linked
// list; at a call entry, try to linearize that operation now (the sequential spec must
// accept it with the result it returned), and if it fits, take it out of the list
// (together with its return entry) and start again from the front; at a return entry,
// the operation it closes should have been linearized already, so undo the last choice
// and try the next candidate after it. Lowe's memoisation prunes the search: a pair
// (set of linearized operations as a bitset, spec state) reached once need not be
// explored again, since what can follow depends only on that pair.
//
// Pending operations (Jepsen's `info`, or an invoke never completed) have no return
// entry: they may be linearized anywhere after their call, or never. The search
// succeeds as soon as every completed operation is linearized.
import type { Operation } from './history.ts';
import type { SequentialSpec } from './specs.ts';

export interface SearchOptions {
  /** Ignore real time: any order of the operations will do (is any order at all possible?). */
  readonly ignoreRealTime?: boolean;
  /** Give up (throw SearchBudgetError) after this many memo entries. */
  readonly maxCache?: number;
}

export interface SearchResult<S> {
  readonly linearizable: boolean;
  /** A linearization (when linearizable): the operations that took effect, in order. */
  readonly order: readonly Operation[];
  /** When not linearizable: a longest partial linearization the search reached... */
  readonly furthest: readonly Operation[];
  /** ...and the state it leaves. */
  readonly furthestState: S;
  /** Memo entries made: the search's cost. */
  readonly explored: number;
}

export class SearchBudgetError extends Error {}

interface Entry {
  readonly op: Operation | undefined; // undefined: the list head
  readonly isCall: boolean;
  /** On a call entry: its return entry, or undefined for a pending operation. */
  match: Entry | undefined;
  /** The operation's bit number. */
  readonly bit: number;
  prev: Entry | undefined;
  next: Entry | undefined;
}

export function searchLinearization<S>(ops: readonly Operation[], spec: SequentialSpec<S>, options: SearchOptions = {}): SearchResult<S> {
  const head = buildEntries(ops, options.ignoreRealTime === true);
  const words = new Uint32Array(Math.ceil(ops.length / 32) || 1);
  const cache = new Set<string>();
  const maxCache = options.maxCache ?? Infinity;
  const stack: { entry: Entry; state: S }[] = [];
  let state = spec.initial();
  let remaining = ops.filter((op) => op.ret !== Infinity).length;
  let furthest: Operation[] = [];
  let furthestState = state;

  const lift = (e: Entry): void => {
    e.prev!.next = e.next;
    if (e.next) e.next.prev = e.prev;
    const m = e.match;
    if (m) {
      m.prev!.next = m.next;
      if (m.next) m.next.prev = m.prev;
    }
  };
  const unlift = (e: Entry): void => {
    const m = e.match;
    if (m) {
      m.prev!.next = m;
      if (m.next) m.next.prev = m;
    }
    e.prev!.next = e;
    if (e.next) e.next.prev = e;
  };
  const flip = (bit: number): void => {
    words[bit >>> 5]! ^= 1 << (bit & 31);
  };

  let entry = head.next;
  for (;;) {
    if (remaining === 0) {
      return { linearizable: true, order: stack.map((s) => s.entry.op!), furthest: [], furthestState: state, explored: cache.size };
    }
    if (entry !== undefined && entry.isCall) {
      const op = entry.op!;
      const after = spec.step(state, op);
      if (after !== undefined) {
        flip(entry.bit);
        const key = `${words.join(',')}|${spec.key(after)}`;
        if (!cache.has(key)) {
          if (cache.size >= maxCache) throw new SearchBudgetError(`the search needed more than ${maxCache} memo entries`);
          cache.add(key);
          stack.push({ entry, state });
          state = after;
          lift(entry);
          if (entry.match) remaining--;
          if (stack.length > furthest.length) {
            furthest = stack.map((s) => s.entry.op!);
            furthestState = state;
          }
          entry = head.next;
          continue;
        }
        flip(entry.bit);
      }
      entry = entry.next;
      continue;
    }
    // A return entry (or the end of the list): undo the last choice.
    const top = stack.pop();
    if (top === undefined) return { linearizable: false, order: [], furthest, furthestState, explored: cache.size };
    state = top.state;
    flip(top.entry.bit);
    unlift(top.entry);
    if (top.entry.match) remaining++;
    entry = top.entry.next;
  }
}

/** The call and return entries in time order (a call before a return at the same time), linked. */
function buildEntries(ops: readonly Operation[], ignoreRealTime: boolean): Entry {
  const items: { time: number; entry: Entry }[] = [];
  ops.forEach((op, bit) => {
    const call: Entry = { op, isCall: true, match: undefined, bit, prev: undefined, next: undefined };
    items.push({ time: ignoreRealTime ? 0 : op.call, entry: call });
    if (op.ret !== Infinity) {
      const ret: Entry = { op, isCall: false, match: undefined, bit, prev: undefined, next: undefined };
      call.match = ret;
      items.push({ time: ignoreRealTime ? 1 : op.ret, entry: ret });
    }
  });
  items.sort((a, b) => a.time - b.time || Number(b.entry.isCall) - Number(a.entry.isCall));
  const head: Entry = { op: undefined, isCall: false, match: undefined, bit: -1, prev: undefined, next: undefined };
  let last = head;
  for (const { entry } of items) {
    last.next = entry;
    entry.prev = last;
    last = entry;
  }
  return head;
}
