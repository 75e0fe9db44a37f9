// A behavior as the engine reports it: the states from an initial state to the state
// that breaks a property, each with the event that led to it.
import type { State, StateLike } from '../spec.ts';

export interface TraceStep<S extends StateLike = State> {
  readonly state: S;
  /** The event that produced this state; undefined for the initial state. */
  readonly event?: unknown;
  /** How that event prints (`Timeout(r1)`), or `Initial predicate` for the first state. */
  readonly label: string;
}

/**
 * How a lasso (a liveness counterexample) goes on forever: from its last step back to
 * step `to` (an index into `steps`) by the event `label`, or, without a label, by
 * stuttering forever in the last step (then `to` is the last index).
 */
export interface Loop {
  readonly to: number;
  readonly label?: string;
}

export interface Counterexample<S extends StateLike = State> {
  /** The invariant's name, `Deadlock`, or the temporal property's name. */
  readonly property: string;
  readonly kind: 'invariant' | 'deadlock' | 'liveness';
  readonly steps: readonly TraceStep<S>[];
  /** Liveness only: the steps are a prefix and a cycle; this closes the cycle. */
  readonly loop?: Loop;
}

/** The headline of a counterexample: `Invariant X is violated`, `Deadlock reached`, … */
export function violationTitle(cex: Pick<Counterexample, 'kind' | 'property'>): string {
  switch (cex.kind) {
    case 'deadlock':
      return 'Deadlock reached';
    case 'liveness':
      return `Temporal property ${cex.property} is violated`;
    case 'invariant':
      return `Invariant ${cex.property} is violated`;
  }
}

/** "back to state k" / "stuttering forever in state k" (states numbered from 1). */
export function loopLine(loop: Loop, states: number): string {
  return loop.label === undefined ? `Stuttering forever in state ${states}.` : `Back to state ${loop.to + 1}: ${loop.label}`;
}

export const INITIAL_LABEL = 'Initial predicate';
