// Is a history linearizable? The history's operations are split into independent
// objects by the spec (a key-value map: one object per key; P-compositionality, as
// Porcupine partitions), each object's operations are searched for a linearization
// (search.ts: Wing and Gong's search with Lowe's memoisation), and the first object
// that has none is explained (explain.ts).
import { operationsOf, type HistoryEvent, type Operation } from './history.ts';
import { explain, type Explanation } from './explain.ts';
import { searchLinearization } from './search.ts';
import { keyValue, type SequentialSpec } from './specs.ts';

export interface LinearizabilityResult {
  readonly linearizable: boolean;
  /** Operations checked (failed ones left out) and objects they split into. */
  readonly operations: number;
  readonly objects: number;
  /** Memo entries made over all objects: the search's cost. */
  readonly explored: number;
  /** Why not, for the first object (in order of first invocation) that fails. */
  readonly explanation?: Explanation;
}

export interface CheckLinOptions {
  /** Compute the explanation of a failure (default true); off, a failure only says no. */
  readonly explain?: boolean;
  /** Give up (SearchBudgetError) past this many memo entries in one object's search. */
  readonly maxCache?: number;
}

export function checkOperations<S>(ops: readonly Operation[], spec: SequentialSpec<S>, options: CheckLinOptions = {}): LinearizabilityResult {
  const parts = spec.partition ? spec.partition(ops) : [{ name: 'the object', ops }];
  let explored = 0;
  for (const part of parts) {
    const r = searchLinearization(part.ops, spec, options.maxCache === undefined ? {} : { maxCache: options.maxCache });
    explored += r.explored;
    if (!r.linearizable) {
      const base = { linearizable: false, operations: ops.length, objects: parts.length, explored };
      return options.explain === false ? base : { ...base, explanation: explain(part.name, part.ops, spec) };
    }
  }
  return { linearizable: true, operations: ops.length, objects: parts.length, explored };
}

/** Checks a history of events against a spec (default: the key-value map). */
export function checkHistory<S>(events: readonly HistoryEvent[], spec?: SequentialSpec<S>, options: CheckLinOptions = {}): LinearizabilityResult {
  return checkOperations(operationsOf(events), spec ?? (keyValue as unknown as SequentialSpec<S>), options);
}
