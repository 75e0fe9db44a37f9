// Why a history is not linearizable, in as few operations as it takes.
//
// Two steps, both by re-running the search on smaller histories:
// 1. The earliest failing point: the shortest prefix of the history (in real time) that is
//    already not linearizable. Operations invoked later play no part; those that complete
//    later are pending in the prefix (they may or may not have taken effect by then).
//    Prefixes are monotone (a prefix that fails makes every longer one fail), so this is
//    a binary search over completion times.
// 2. A smallest failing sub-history: drop operations one at a time while the rest still
//    fails, until none can be dropped (one-minimal, as delta debugging leaves it). If the
//    operations' results can be explained by *some* order, dropping keeps that true, so
//    the sub-history shows a real-time conflict (a stale read keeps the write it missed);
//    if no order at all explains them (a read of a value never written), the sub-history
//    is the impossible result alone.
// Then the furthest partial linearization of the failing prefix, and for each operation
// that could come next in real time, why the spec refuses it.
import { describeOp, precedes, type Operation } from './history.ts';
import { SearchBudgetError, searchLinearization } from './search.ts';
import type { SequentialSpec } from './specs.ts';

export interface Explanation {
  /** The object (e.g. `key x`) whose sub-history fails. */
  readonly object: string;
  /** The smallest failing sub-history found, in invocation order. */
  readonly ops: readonly Operation[];
  /**
   * `real-time`: some order explains every result, but none that respects real time;
   * `values`: no order at all explains the results.
   */
  readonly kind: 'real-time' | 'values';
  /** A longest partial linearization of the failing prefix, and the state it leaves. */
  readonly furthest: readonly Operation[];
  readonly furthestState: string;
  /** For each operation that could follow it in real time, why it cannot. */
  readonly blocked: readonly string[];
  /** Real-time order among `ops`: `a` returned before `b` was invoked (transitively reduced). */
  readonly before: readonly (readonly [Operation, Operation])[];
}

/** Memo entries allowed to each of the explanation's searches: past it, an operation is kept. */
const EXPLAIN_BUDGET = 200_000;
/** Blocked operations listed in the text (the rest are counted). */
const MAX_BLOCKED = 8;
/** Past this many operations in the failing prefix, minimising is skipped (the prefix is reported). */
const MINIMISE_LIMIT = 200;

/** Does the history fail (true), pass (false), or is it unknown within the budget (undefined)? */
function fails<S>(ops: readonly Operation[], spec: SequentialSpec<S>, ignoreRealTime: boolean): boolean | undefined {
  try {
    return !searchLinearization(ops, spec, { ignoreRealTime, maxCache: EXPLAIN_BUDGET }).linearizable;
  } catch (err) {
    if (err instanceof SearchBudgetError) return undefined;
    throw err;
  }
}

/** The history up to time `t`: later invocations dropped, later completions pending. */
function prefixAt(ops: readonly Operation[], t: number): Operation[] {
  return ops.filter((op) => op.call <= t).map((op) => (op.ret <= t ? op : { ...op, ret: Infinity, output: undefined }));
}

export function explain<S>(object: string, ops: readonly Operation[], spec: SequentialSpec<S>): Explanation {
  // 1. The earliest completion at which the history already fails.
  const times = ops.filter((op) => op.ret !== Infinity).map((op) => op.ret).sort((a, b) => a - b);
  let lo = 0;
  let hi = times.length - 1;
  while (lo < hi) {
    const mid = (lo + hi) >> 1;
    // Unknown counts as passing: the search moves on to longer prefixes, and the whole
    // history is known to fail.
    if (fails(prefixAt(ops, times[mid]!), spec, false) === true) hi = mid;
    else lo = mid + 1;
  }
  const prefix = times.length === 0 ? [...ops] : prefixAt(ops, times[lo]!);
  let sub = prefix;
  // 2. One-minimal failing sub-history.
  const kind = fails(sub, spec, true) === true ? 'values' : 'real-time';
  // An operation is dropped only if the rest is known to fail in the same way; unknown
  // (past the budget) keeps it.
  const stillFails = (cand: readonly Operation[]): boolean =>
    kind === 'values' ? fails(cand, spec, true) === true : fails(cand, spec, false) === true && fails(cand, spec, true) === false;
  if (sub.length <= MINIMISE_LIMIT) {
    for (let changed = true; changed; ) {
      changed = false;
      for (let i = sub.length - 1; i >= 0; i--) {
        const cand = sub.filter((_, j) => j !== i);
        if (cand.length > 0 && stillFails(cand)) {
          sub = cand;
          changed = true;
        }
      }
    }
  }
  // 3. The furthest partial linearization of the failing prefix (all of it, so that an
  //    operation dropped from the sub-history, like the write a bad read overcounts,
  //    still shows where the order gets stuck), and what cannot follow it.
  const r = searchLinearization(prefix, spec);
  const done = new Set(r.furthest.map((op) => op.id));
  const rest = prefix.filter((op) => !done.has(op.id));
  const deadline = Math.min(...rest.map((op) => op.ret));
  const blocked = rest.filter((op) => op.call < deadline).map((op) => spec.whyNot(r.furthestState, op));
  const before: [Operation, Operation][] = [];
  for (const a of sub) {
    for (const b of sub) {
      if (!precedes(a, b)) continue;
      // Transitive reduction: leave out a → b when some c has a → c → b.
      if (!sub.some((c) => precedes(a, c) && precedes(c, b))) before.push([a, b]);
    }
  }
  return { object, ops: sub, kind, furthest: r.furthest, furthestState: spec.show(r.furthestState), blocked, before };
}

/** The explanation as text lines (for `crank lin`, and a model's trace). */
export function explanationLines(e: Explanation, where?: (op: Operation) => string): string[] {
  const lines = [`${e.object}: ${e.ops.length} operation${e.ops.length === 1 ? '' : 's'} that cannot be linearized:`];
  const width = Math.max(...e.ops.map((op) => describeOp(op).length));
  for (const op of e.ops) lines.push(where ? `  ${describeOp(op).padEnd(width)}  ${where(op)}` : `  ${describeOp(op)}`);
  if (e.kind === 'values') {
    lines.push('no order of them, even one that ignores real time, explains what they returned.');
  } else {
    if (e.before.length > 0) lines.push(`real time: ${e.before.map(([a, b]) => `${label(a)} returned before ${label(b)} was invoked`).join('; ')}`);
    lines.push('they can be ordered to explain what they returned, but no such order respects real time.');
  }
  const start = e.furthest.length === 0 ? 'from the initial state' : `after ${e.furthest.map(label).join(', ')}`;
  lines.push(`the furthest any order of the history gets: ${start} (value ${e.furthestState}), nothing can come next:`);
  const shown = e.blocked.slice(0, MAX_BLOCKED);
  for (const why of shown) lines.push(`  ${why}`);
  if (e.blocked.length > shown.length) lines.push(`  … and ${e.blocked.length - shown.length} more`);
  return lines;
}

function label(op: Operation): string {
  return describeOp(op);
}
