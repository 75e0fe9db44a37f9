// Linearizability checking for histories of client operations: the library's entry.
//
// Algorithm: Wing and Gong's search for a linearization, with Lowe's memoisation of
// (linearized set, spec state) pairs, as Porcupine does, run per independent object
// (per key of a key-value map: P-compositionality). Pending operations (Jepsen's `info`)
// may take effect at any time after their invocation, or never.
//
//   import { checkHistory } from './src/lin/index.ts';
//   checkHistory([{ process: 'c1', type: 'invoke', f: 'write', key: 'x', value: 1 }, …]).linearizable
export { checkHistory, checkOperations, type CheckLinOptions, type LinearizabilityResult } from './check.ts';
export { explain, explanationLines, type Explanation } from './explain.ts';
export { describeOp, HistoryError, isPending, operationsOf, precedes, showValue, type EventType, type HistoryEvent, type LinValue, type Operation } from './history.ts';
export { SearchBudgetError, searchLinearization, type SearchOptions, type SearchResult } from './search.ts';
export { keyValue, register, REGISTER_FUNCTIONS, sameValue, type SequentialSpec } from './specs.ts';
