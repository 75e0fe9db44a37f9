// Temporal properties and fairness, as a model declares them (Spec.properties and
// Spec.fairness in src/spec.ts).
//
// A property is one of TLA+'s four everyday liveness forms over state predicates:
//
//   eventually(P)          <>P      some state of the behavior satisfies P
//   alwaysEventually(P)    []<>P    P holds infinitely often
//   eventuallyAlways(P)    <>[]P    from some point on, P holds forever
//   leadsTo(P, Q)          P ~> Q   every P state is followed (now or later) by a Q state
//
// Fairness is over the model's events, TLA+'s WF_vars(A) and SF_vars(A), where the
// action A is a set of events chosen by `member`. A family (`\A i : WF_vars(Timeout(i))`)
// is one condition per member: `member` returns the member's key (the server) for each
// event of the family. An A step is a step that an event of A produces and that changes
// the state (TLA+'s <A>_vars); A is enabled in a state when an event of A has a successor
// there that differs from it (ENABLED <A>_vars).
//
// The behaviors are TLA+'s for `Init /\ [][Next]_vars /\ Fairness`: any state may stutter
// unless fairness forbids it, and a state with no successor stutters forever.
import type { State, StateLike } from './spec.ts';

export type TemporalForm = 'eventually' | 'alwaysEventually' | 'eventuallyAlways' | 'leadsTo';

/** A state predicate of a temporal property. */
export type Predicate<S extends StateLike> = (state: S) => boolean;

export interface TemporalProperty<S extends StateLike = State> {
  readonly form: TemporalForm;
  /** P: the predicate of <>P, []<>P and <>[]P, the premise of P ~> Q. */
  readonly p: Predicate<S>;
  /** Q: the conclusion of P ~> Q (absent for the other forms). */
  readonly q?: Predicate<S>;
  /** One line saying what the property means, for listings (`crank list`). */
  readonly description: string;
}

/** <>P: some state of every behavior satisfies P. */
export function eventually<S extends StateLike>(p: Predicate<S>, description = 'eventually P'): TemporalProperty<S> {
  return { form: 'eventually', p, description };
}

/** []<>P: P holds infinitely often in every behavior. */
export function alwaysEventually<S extends StateLike>(p: Predicate<S>, description = 'infinitely often P'): TemporalProperty<S> {
  return { form: 'alwaysEventually', p, description };
}

/** <>[]P: every behavior reaches a point after which P holds forever. */
export function eventuallyAlways<S extends StateLike>(p: Predicate<S>, description = 'eventually always P'): TemporalProperty<S> {
  return { form: 'eventuallyAlways', p, description };
}

/** P ~> Q: whenever P holds, Q holds then or later. */
export function leadsTo<S extends StateLike>(p: Predicate<S>, q: Predicate<S>, description = 'P leads to Q'): TemporalProperty<S> {
  return { form: 'leadsTo', p, q, description };
}

/** TLA+'s notation for a property (for reports): `<>P`, `P ~> Q`, … */
export function formNotation(form: TemporalForm): string {
  switch (form) {
    case 'eventually':
      return '<>P';
    case 'alwaysEventually':
      return '[]<>P';
    case 'eventuallyAlways':
      return '<>[]P';
    case 'leadsTo':
      return 'P ~> Q';
  }
}

/**
 * Which fairness condition of a declaration an event belongs to: `true` for the single
 * condition of a plain WF/SF, a key (string or number: the family member, e.g. the
 * server) for a family, and `false`/`undefined` for an event outside the action.
 */
export type FairnessMember<E> = (event: E) => string | number | boolean | undefined;

export interface Fairness<E = unknown> {
  /** WF (weak: continuously enabled implies taken) or SF (strong: infinitely often enabled implies taken). */
  readonly kind: 'weak' | 'strong';
  /** The action's name in reports, e.g. `clock` or `Timeout` (a family member adds `(key)`). */
  readonly name: string;
  /** The condition `event` belongs to (see FairnessMember); a method, so a Spec<S, E> is a Spec<S, unknown>. */
  member(event: E): ReturnType<FairnessMember<E>>;
}

/** WF_vars(A), or one WF per member of a family: `weakFairness('Timeout', (e) => e.kind === 'Timeout' && e.server)`. */
export function weakFairness<E>(name: string, member: FairnessMember<E>): Fairness<E> {
  return { kind: 'weak', name, member };
}

/** SF_vars(A), or one SF per member of a family. */
export function strongFairness<E>(name: string, member: FairnessMember<E>): Fairness<E> {
  return { kind: 'strong', name, member };
}
