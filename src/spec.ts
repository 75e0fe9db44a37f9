// The model interface: what a model author writes, and all the engine may assume.
//
// A state is a plain read-only object whose properties are the model's variables, each
// holding a crank value (src/values/value.ts): integers, strings, booleans and
// immutable.js collections. A model is a pure relation: `next(state, event)` returns the
// successors of `state` under `event` (none when the event is not enabled) and never
// mutates its input. Build successors with object spread and immutable.js updates on
// the hot path; immer's `produce` is fine for cold paths (initial states, tests).
import type { Fairness, TemporalProperty } from './liveness.ts';
import type { LogView } from './render/logview.ts';

/** A model's state: variable name -> value. */
export type State = { readonly [variable: string]: unknown };

/**
 * What a model's state type may be: any object type, an `interface` included (an
 * interface needs no index signature). The engine sees it as a {@link State}.
 */
export type StateLike = object;

/**
 * A model: its variables, initial states, events and next-state relation, and the
 * properties to check. Only `variables`, `initialStates`, `events` and `next` are
 * required; everything else has a default.
 */
export interface Spec<S extends StateLike = State, E = unknown> {
  /** Variables in declaration order (the order traces print them in). */
  readonly variables: readonly (keyof S & string)[];
  initialStates(): readonly S[];
  /** The events that may be tried in `state`; `next` decides which are enabled. */
  events(state: S): readonly E[];
  /** The successors of `state` under `event`: empty when the event is disabled. */
  next(state: S, event: E): readonly S[];
  /**
   * How an event prints in a trace, e.g. `Timeout(r1)`. Default: a string event as it
   * is, a record `{type: 'Timeout', i: 'r1'}` as `Timeout(r1)`, other values TLA+-printed.
   */
  eventLabel?(event: E, state: S): string;
  /**
   * Named state predicates that must hold in every reachable state: a bare predicate
   * or `{ description, holds }`. Default: none.
   */
  readonly invariants?: Readonly<Record<string, Invariant<S> | ((state: S) => boolean)>>;
  /**
   * Strings that are TLA+ model values (TLC's CONSTANTS such as `r1`, `Follower`): they
   * print bare in TLA+ traces, every other string prints quoted (`"working"`). When
   * absent, every identifier-like string is taken for a model value (the shipped models
   * rely on this).
   */
  readonly modelValues?: readonly string[];
  /**
   * The invariants checked when the user names none (`--inv`); default all. A teaching
   * variant may lead with the property its lesson is about.
   */
  readonly defaultInvariants?: readonly string[];
  /**
   * TLC's CONSTRAINT: a successor that fails it is counted as generated and checked
   * against the invariants, but is neither counted distinct nor explored.
   */
  readonly constraint?: (state: S) => boolean;
  /** Report states with no successor (TLC's CHECK_DEADLOCK); default true. */
  readonly checkDeadlock?: boolean;
  /** A hint: about how many distinct states to expect, to size the seen set up front. */
  readonly expectedStates?: number;
  /**
   * Named temporal properties (liveness), checked after exploration: build them with
   * `eventually`, `alwaysEventually`, `eventuallyAlways` and `leadsTo` from
   * src/liveness.ts. A behavior is TLA+'s for `Init /\ [][Next]_vars /\ Fairness`:
   * it may stutter anywhere unless `fairness` forbids it.
   */
  readonly properties?: Readonly<Record<string, TemporalProperty<S>>>;
  /** The properties checked when the user names none (`--prop`); default all. */
  readonly defaultProperties?: readonly string[];
  /**
   * Fairness conditions over events (TLA+'s WF_vars / SF_vars), conjoined: build them
   * with `weakFairness` and `strongFairness` from src/liveness.ts. None: any behavior
   * may stop (stutter forever) in any state.
   */
  readonly fairness?: readonly Fairness<E>[];
  /** Interchangeable model values, for `--symmetry`. */
  readonly symmetry?: Symmetry<S>;
  /**
   * Per-state lines drawn under each step of a text trace (e.g. a Raft log picture).
   * Optional and cold: only called when a trace is printed.
   */
  renderState?(state: S): readonly string[];
  /**
   * Optional and cold: the replicated logs in a state, for models that have them, so that
   * `--out trace.svg` / `trace.html` can draw each step as the Raft paper's figures do.
   */
  logView?(state: S): LogView;
}

export interface Invariant<S extends StateLike = State> {
  /** One line saying what the invariant means; optional. */
  readonly description?: string;
  readonly holds: (state: S) => boolean;
}

/**
 * A model's symmetry declaration: groups of model values that may be permuted
 * (raft: the servers). `permute` applies one permutation per group to a state;
 * a permutation maps the group's i-th value to its `perm[i]`-th.
 */
export interface Symmetry<S extends StateLike = State> {
  readonly groups: readonly SymmetryGroup[];
  permute(state: S, perms: readonly (readonly number[])[]): S;
  /**
   * True when members occur in states only as their names (strings), never by position
   * or index: renaming is then substituting names, as TLA+'s SYMMETRY does, and the
   * engine hashes renamed states by substitution without building them (much faster).
   * The soundness guard checks the claim against `permute` on sampled states.
   */
  readonly membersByName?: boolean;
  /**
   * Optional and exact: a permutation-invariant signature of member `i` of group `g`
   * in `state` (e.g. a server's term, role and log length). The engine only permutes
   * among members with equal signatures, so this must not depend on member identity.
   */
  signature?(state: S, group: number, member: number): number;
  /**
   * Optional, the same as `signature` for every member at once (out[i] for member i):
   * a model can read each per-member map once instead of once per member.
   */
  signatures?(state: S, group: number, out: number[]): void;
}

export interface SymmetryGroup {
  readonly name: string;
  readonly members: readonly string[];
}

/** A model parameter, given on the command line as `--name N`. */
export interface ParamSpec {
  readonly description: string;
  readonly default: number;
  readonly min?: number;
  readonly max?: number;
}

/** What `crank list` shows and the CLI builds a Spec from. */
export interface ModelDefinition {
  readonly name: string;
  readonly summary: string;
  readonly params: Readonly<Record<string, ParamSpec>>;
  /** Named parameter sets; `defaultPreset` (if any) applies when no preset is named. */
  readonly presets?: Readonly<Record<string, Readonly<Record<string, number>>>>;
  readonly defaultPreset?: string;
  /** One-place changes a user can switch on with `--variant NAME` (name -> what it breaks). */
  readonly variants?: Readonly<Record<string, string>>;
  build(params: Readonly<Record<string, number>>, variant?: string): Spec<State, unknown>;
}

/** What a model author writes for {@link defineModel}: `summary` and `params` are optional. */
export interface ModelDeclaration<S extends StateLike, E> {
  /** The model's name, as `crank list` and trace headers show it. */
  readonly name: string;
  readonly summary?: string;
  readonly params?: Readonly<Record<string, ParamSpec>>;
  readonly presets?: Readonly<Record<string, Readonly<Record<string, number>>>>;
  readonly defaultPreset?: string;
  readonly variants?: Readonly<Record<string, string>>;
  /** Builds the Spec for these parameter values (every declared parameter is present). */
  build(params: Readonly<Record<string, number>>, variant?: string): Spec<S, E>;
}

/** A model with parameters, presets and variants: what a model file exports by default. */
export function defineModel<S extends StateLike, E>(def: ModelDeclaration<S, E>): ModelDefinition {
  return { ...def, summary: def.summary ?? '', params: def.params ?? {} } as unknown as ModelDefinition;
}

/** Whether `value` is a model made with {@link defineModel}. */
export function isModelDefinition(value: unknown): value is ModelDefinition {
  const v = value as Partial<ModelDefinition> | null;
  return typeof v === 'object' && v !== null && typeof v.name === 'string' && typeof v.build === 'function';
}

/** Whether `value` looks like a bare {@link Spec} (a model without parameters). */
export function isSpec(value: unknown): value is Spec<State, unknown> {
  const v = value as Partial<Spec> | null;
  return typeof v === 'object' && v !== null && Array.isArray(v.variables) && typeof v.initialStates === 'function' && typeof v.events === 'function' && typeof v.next === 'function';
}
