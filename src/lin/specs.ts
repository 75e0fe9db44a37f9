// Sequential specifications: what one object does when its operations run one at a time.
// The search (search.ts) asks a spec, for a candidate order, whether each operation with
// the result it returned could have happened in the state the previous ones left.
import type { LinValue, Operation } from './history.ts';
import { describeOp, showValue } from './history.ts';

export interface SequentialSpec<S> {
  readonly name: string;
  initial(): S;
  /**
   * The state after `op` runs in `state`, or undefined if it cannot: a completed
   * operation must have returned what it did (`op.output`); a pending one's result is
   * unknown, so only its effect counts.
   */
  step(state: S, op: Operation): S | undefined;
  /** A string that is equal for equal states: the memo key's second half (Lowe's cache). */
  key(state: S): string;
  /** How a state prints in an explanation, e.g. `x = 2`. */
  show(state: S): string;
  /**
   * Split the operations into independent objects (P-compositionality: a history is
   * linearizable iff each object's sub-history is). Default: one object.
   */
  partition?(ops: readonly Operation[]): { readonly name: string; readonly ops: readonly Operation[] }[];
  /** Why `op` cannot run in `state`, for explanations. */
  whyNot(state: S, op: Operation): string;
}

export function sameValue(a: LinValue | undefined, b: LinValue | undefined): boolean {
  if (a === b) return true;
  if (Array.isArray(a) && Array.isArray(b)) return a.length === b.length && a.every((x, i) => sameValue(x, b[i]));
  return false;
}

/**
 * A register holding one value (null at first), with
 * - `read` → the value;
 * - `write(v)`;
 * - `cas([expected, new])`: sets `new` if the value is `expected` (an `ok` cas did; a
 *   cas whose expectation failed is Jepsen's `fail`, left out of the history);
 * - `append(v)`: the value as a list (null: empty) gets `v` at its end;
 * - `add(n)`: the value as a number (null: 0) grows by `n` (a counter's increment).
 * `append` and `add` are the operations that show a retried request applied twice.
 */
export const register: SequentialSpec<LinValue> = {
  name: 'register',
  initial: () => null,
  step(state, op) {
    switch (op.f) {
      case 'read':
        return op.output === undefined || sameValue(op.output, state) ? state : undefined;
      case 'write':
        return op.input;
      case 'cas': {
        const [expected, next] = casArgs(op);
        return sameValue(state, expected) ? next : undefined;
      }
      case 'append':
        return [...(Array.isArray(state) ? state : []), op.input];
      case 'add':
        return (typeof state === 'number' ? state : 0) + (typeof op.input === 'number' ? op.input : 0);
      default:
        throw new Error(`unknown operation ${op.f}`);
    }
  },
  key: (s) => JSON.stringify(s),
  show: (s) => showValue(s),
  whyNot(state, op) {
    if (op.f === 'read') return `${describeOp(op)}, but the value is ${showValue(state)}`;
    if (op.f === 'cas') return `${describeOp(op)} succeeded, but the value is ${showValue(state)}, not ${showValue(casArgs(op)[0])}`;
    return `${describeOp(op)} cannot run`;
  },
};

function casArgs(op: Operation): [LinValue, LinValue] {
  const v = op.input;
  return Array.isArray(v) && v.length === 2 ? [v[0]!, v[1]!] : [null, null];
}

/** The functions `register` (and so `keyValue`) understands. */
export const REGISTER_FUNCTIONS: readonly string[] = ['read', 'write', 'cas', 'append', 'add'];

/**
 * A key-value map: one register per key, each key an independent object, so the search
 * runs per key (P-compositionality, Herlihy and Wing's locality of linearizability).
 */
export const keyValue: SequentialSpec<LinValue> = {
  ...register,
  name: 'key-value map',
  partition(ops) {
    const byKey = new Map<string, Operation[]>();
    for (const op of ops) {
      const list = byKey.get(op.key);
      if (list === undefined) byKey.set(op.key, [op]);
      else list.push(op);
    }
    return [...byKey].map(([key, list]) => ({ name: key === '' ? 'the register' : `key ${key}`, ops: list }));
  },
};
