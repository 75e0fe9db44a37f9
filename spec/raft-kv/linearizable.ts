// The invariant Linearizable: the history of client operations so far is linearizable
// (src/lin: Wing and Gong's search with Lowe's memoisation, per key).
//
// Checked incrementally, so that the cost per state stays small:
// - many states share one history (Raft steps do not touch it), so the verdict is
//   memoised per history value;
// - an invocation cannot make a linearizable history non-linearizable (the new operation
//   is pending: it may take effect later, or never), so a history that ends in an invoke
//   has its prefix's verdict, looked up in the same memo; only a completion runs a search.
// The memo is per process (each worker thread has its own), keyed by the history's
// events as a string (the number of distinct histories is small at the model's bounds),
// with a front cache by the List's identity.
import type { List } from 'immutable';
import { checkHistory, type HistoryEvent, type LinearizabilityResult } from '../../src/lin/index.ts';
import type { HistoryRecord } from './types.ts';

const memo = new Map<string, boolean>();
/**
 * A front cache by identity: a step that does not touch the history hands its successor
 * the very same List, so most states are answered without building the memo key.
 */
const byIdentity = new WeakMap<List<HistoryRecord>, boolean>();
/** For measurements: searches run and their memo entries. */
export const linStats = { searches: 0, explored: 0 };

function eventKey(e: HistoryRecord): string {
  return `${e.process} ${e.type} ${e.f} ${e.key} ${e.value}`;
}

export function historyEvents(history: List<HistoryRecord>): HistoryEvent[] {
  return history.toArray().map((e) => ({ process: e.process, type: e.type, f: e.f, key: e.key, value: e.value }));
}

export function isLinearizable(history: List<HistoryRecord>): boolean {
  const same = byIdentity.get(history);
  if (same !== undefined) return same;
  let key = '';
  const keys: string[] = [];
  for (const e of history) {
    key = key === '' ? eventKey(e) : `${key}|${eventKey(e)}`;
    keys.push(key);
  }
  const result = verdict(history, keys, history.size);
  byIdentity.set(history, result);
  return result;
}

/** The verdict for the first `n` events, whose memo key is keys[n-1]. */
function verdict(history: List<HistoryRecord>, keys: readonly string[], n: number): boolean {
  if (n === 0) return true;
  const key = keys[n - 1]!;
  const known = memo.get(key);
  if (known !== undefined) return known;
  let result: boolean;
  if (history.get(n - 1)!.type === 'invoke') {
    result = verdict(history, keys, n - 1);
  } else {
    const r = checkHistory(historyEvents(history.slice(0, n)), undefined, { explain: false });
    linStats.searches++;
    linStats.explored += r.explored;
    result = r.linearizable;
  }
  memo.set(key, result);
  return result;
}

/** The full check with its explanation (cold: for traces). */
export function linearizability(history: List<HistoryRecord>): LinearizabilityResult {
  return checkHistory(historyEvents(history));
}
