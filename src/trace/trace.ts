// A behavior as the engine reports it: the states from an initial state to the state
// that breaks a property, each with the event that led to it.
import type { State } from '../spec.ts';

export interface TraceStep<S extends State = State> {
  readonly state: S;
  /** The event that produced this state; undefined for the initial state. */
  readonly event?: unknown;
  /** How that event prints (`Timeout(r1)`), or `Initial predicate` for the first state. */
  readonly label: string;
}

export interface Counterexample<S extends State = State> {
  /** The invariant's name, or `Deadlock`. */
  readonly property: string;
  readonly kind: 'invariant' | 'deadlock';
  readonly steps: readonly TraceStep<S>[];
}

export const INITIAL_LABEL = 'Initial predicate';
