// What the explorer knows about a model, independent of HTTP: a path is a list of
// successor indices (the first picks an initial state, each later one a successor of
// the state before), and everything the page shows is computed from the Spec by walking
// it. The successors of a state are numbered in one fixed order, event by event as
// `events(state)` gives them and within an event as `next` returns them, so that a path
// written into a URL means the same states on every run.
import { invariantTable, labelOf } from '../spec-defaults.ts';
import { sameValue } from '../values/equal.ts';
import { pictureOf, renderStepSvg, termColour } from '../render/index.ts';
import type { Spec, State } from '../spec.ts';
import { pretty } from '../tla/print.ts';
import { fromCrank } from '../tla/value.ts';
import { INITIAL_LABEL, type Counterexample } from '../trace/trace.ts';
import { BadRequest } from './errors.ts';

/** Longest path the API accepts: far beyond any counterexample a person steps through. */
export const MAX_PATH = 100_000;

export interface Successor<S extends State = State> {
  readonly label: string;
  readonly state: S;
}

/** The initial states as successors of "nothing", labelled as traces label them. */
export function initialSuccessors<S extends State>(spec: Spec<S, unknown>): Successor<S>[] {
  return spec.initialStates().map((state) => ({ label: INITIAL_LABEL, state }));
}

/** Every successor of `state`, one per (event, successor) pair, in the fixed order. */
export function successorsOf<S extends State>(spec: Spec<S, unknown>, state: S): Successor<S>[] {
  const out: Successor<S>[] = [];
  for (const event of spec.events(state)) {
    const next = spec.next(state, event);
    if (next.length === 0) continue;
    const label = labelOf(spec, event, state);
    for (const s of next) out.push({ label, state: s });
  }
  return out;
}

/** The states along a path (steps[i] is state i+1 of the behavior). Throws BadRequest on a bad index. */
export function walk<S extends State>(spec: Spec<S, unknown>, path: readonly number[]): Successor<S>[] {
  if (path.length === 0) throw new BadRequest('the path is empty: it must start with the index of an initial state');
  if (path.length > MAX_PATH) throw new BadRequest(`the path has ${path.length} steps, more than the ${MAX_PATH} the explorer accepts`);
  const steps: Successor<S>[] = [];
  let options = initialSuccessors(spec);
  path.forEach((index, i) => {
    const chosen = options[index];
    if (chosen === undefined) {
      const what = i === 0 ? `initial state ${index}: the model has ${options.length} (0 to ${options.length - 1})` : `successor ${index} at step ${i + 1}: state ${i} has ${options.length}${options.length > 0 ? ` (0 to ${options.length - 1})` : ''}`;
      throw new BadRequest(`no ${what}`);
    }
    steps.push(chosen);
    if (i + 1 < path.length) options = successorsOf(spec, chosen.state);
  });
  return steps;
}

/** Parses `0.3.1` (the form the page writes into URLs) into a path. */
export function parsePath(text: string | null | undefined): number[] {
  if (text === null || text === undefined || text === '') throw new BadRequest("missing path: give it as 'path=0.3.1' (successor indices, the first one an initial state's)");
  if (text.length > MAX_PATH * 7) throw new BadRequest('the path is too long');
  if (!/^[0-9]{1,6}(\.[0-9]{1,6})*$/.test(text)) throw new BadRequest(`bad path '${text.slice(0, 60)}': expected successor indices separated by dots, e.g. 0.3.1`);
  return text.split('.').map(Number);
}

function sameState(spec: Spec<State, unknown>, a: State, b: State): boolean {
  return spec.variables.every((v) => sameValue(a[v], b[v]));
}

/** The variables of `after` that differ from `before`. */
export function changedVariables(spec: Spec<State, unknown>, before: State | undefined, after: State): string[] {
  if (before === undefined) return [];
  return spec.variables.filter((v) => !sameValue(before[v], after[v]));
}

/**
 * The index of `state` among `options`, preferring one whose label is `label` (two events
 * can lead to equal states; the trace names which one it took). -1 when none is equal.
 */
function indexOf(spec: Spec<State, unknown>, options: readonly Successor[], state: State, label: string | undefined): number {
  let first = -1;
  for (let i = 0; i < options.length; i++) {
    if (!sameState(spec, options[i]!.state, state)) continue;
    if (label === undefined || options[i]!.label === label) return i;
    if (first < 0) first = i;
  }
  return first;
}

/**
 * The path of a behavior given as states (a replayed trace, a counterexample), starting
 * after `prefix` (empty: the first state must be initial). Throws if a state is not a
 * successor of the one before: callers pass behaviors the model has accepted.
 */
export function pathOf(spec: Spec<State, unknown>, states: readonly { readonly state: State; readonly label?: string }[], prefix: readonly number[] = []): number[] {
  const path = [...prefix];
  let before = prefix.length === 0 ? undefined : walk(spec, prefix).at(-1)!.state;
  for (const step of states) {
    const options = before === undefined ? initialSuccessors(spec) : successorsOf(spec, before);
    const i = indexOf(spec, options, step.state, before === undefined ? undefined : step.label);
    if (i < 0) throw new Error(`state ${path.length + 1} of the behavior is not ${before === undefined ? 'an initial state' : 'a successor of the state before'}`);
    path.push(i);
    before = options[i]!.state;
  }
  return path;
}

/** A counterexample found from the last state of `prefix`: its first state is that state. */
export function pathOfCounterexample(spec: Spec<State, unknown>, cex: Counterexample, prefix: readonly number[]): number[] {
  return pathOf(spec, cex.steps.slice(1), prefix);
}

// ---- What the page shows ----------------------------------------------------------

export interface VariableView {
  readonly name: string;
  /** TLA+ as TLC prints it in traces (over several lines when wide). */
  readonly value: string;
  readonly changed: boolean;
}

export interface InvariantView {
  readonly name: string;
  readonly description: string;
  /** false: violated in this state. */
  readonly holds: boolean;
  /** The model threw while evaluating it. */
  readonly error?: string;
}

export interface SuccessorView {
  readonly label: string;
  /** Variables this step changes. */
  readonly changes: readonly string[];
  /** Invariants the successor violates. */
  readonly violates: readonly string[];
  /** Where an event has several successors: which one this is (1-based) and of how many. */
  readonly alternative?: { readonly n: number; readonly of: number };
}

export interface StepView {
  readonly label: string;
  /** The variables this step changed (none for the first). */
  readonly changes: readonly string[];
  /** Invariants violated in this step's state. */
  readonly violates: readonly string[];
}

export interface StateView {
  /** The labels of every step of the path (including those after `at`). */
  readonly steps: readonly StepView[];
  /** Which step is shown, from 1. */
  readonly at: number;
  readonly variables: readonly VariableView[];
  /** The log picture (SVG), for models with a `logView` hook. */
  readonly picture?: string;
  /** Terms drawn in the picture, with their colours, for a legend. */
  readonly terms?: readonly { readonly term: number; readonly colour: string }[];
  /** The model's text picture of the state (`renderState`), when it has no `logView`. */
  readonly lines?: readonly string[];
  readonly invariants: readonly InvariantView[];
  readonly successors: readonly SuccessorView[];
  /** False when the state fails the model's constraint: the checker does not explore past it. */
  readonly withinConstraint: boolean;
}

/** Every invariant's verdict on `state`; one the model throws on counts as violated, with the error. */
export function verdicts(spec: Spec<State, unknown>, state: State): InvariantView[] {
  return [...invariantTable(spec).values()].map(({ name, ...inv }) => {
    try {
      return { name, description: inv.description, holds: inv.holds(state) };
    } catch (err) {
      return { name, description: inv.description, holds: false, error: err instanceof Error ? err.message : String(err) };
    }
  });
}

function violated(spec: Spec<State, unknown>, state: State): string[] {
  return verdicts(spec, state)
    .filter((v) => !v.holds)
    .map((v) => v.name);
}

/** Everything the page shows for step `at` (1-based) of `path`. */
export function viewOf(spec: Spec<State, unknown>, path: readonly number[], at: number): StateView {
  if (!Number.isInteger(at) || at < 1 || at > path.length) throw new BadRequest(`step ${at} is not on the path (it has ${path.length} step${path.length === 1 ? '' : 's'})`);
  const walked = walk(spec, path);
  const steps = walked.map((s, i) => ({
    label: s.label,
    changes: changedVariables(spec, walked[i - 1]?.state, s.state),
    violates: violated(spec, s.state),
  }));
  const current = walked[at - 1]!.state;
  const before = walked[at - 2]?.state;
  const variables = spec.variables.map((name) => ({
    name,
    value: pretty(fromCrank(current[name])),
    changed: before !== undefined && !sameValue(before[name], current[name]),
  }));
  const successors = successorsOf(spec, current);
  const perLabel = new Map<string, number>();
  for (const s of successors) perLabel.set(s.label, (perLabel.get(s.label) ?? 0) + 1);
  const seen = new Map<string, number>();
  const successorViews = successors.map((s) => {
    const of = perLabel.get(s.label)!;
    const n = (seen.get(s.label) ?? 0) + 1;
    seen.set(s.label, n);
    return {
      label: s.label,
      changes: changedVariables(spec, current, s.state),
      violates: violated(spec, s.state),
      ...(of > 1 ? { alternative: { n, of } } : {}),
    };
  });
  const cex: Counterexample = { property: '', kind: 'invariant', steps: walked.map((s) => ({ state: s.state, label: s.label })) };
  const picture = pictureOf(spec, cex);
  let drawing: Pick<StateView, 'picture' | 'terms' | 'lines'> = {};
  if (picture !== undefined) {
    const terms = new Set<number>();
    for (const f of picture.frames) for (const server of f.view.servers) for (const e of server.entries) terms.add(e.term);
    drawing = {
      picture: renderStepSvg(picture, at - 1),
      terms: [...terms].sort((a, b) => a - b).map((term) => ({ term, colour: termColour(term) })),
    };
  } else if (spec.renderState !== undefined) {
    drawing = { lines: spec.renderState(current) };
  }
  return {
    steps,
    at,
    variables,
    ...drawing,
    invariants: verdicts(spec, current),
    successors: successorViews,
    withinConstraint: spec.constraint === undefined || spec.constraint(current),
  };
}

/** The Spec with `state` as its one initial state: what "check from here" explores. */
export function startingAt<S extends State, E>(spec: Spec<S, E>, state: S): Spec<S, E> {
  // Every member of the model's Spec, methods bound to it (a Spec may be a class instance
  // with private fields, which only the instance itself can reach), then the one change.
  const members: Record<string, unknown> = {};
  const source = spec as unknown as Record<string, unknown>;
  for (let o: object | null = spec; o !== null && o !== Object.prototype; o = Object.getPrototypeOf(o) as object | null) {
    for (const key of Object.getOwnPropertyNames(o)) {
      if (key === 'constructor' || key in members) continue;
      const value = source[key];
      members[key] = typeof value === 'function' ? (value as (...args: unknown[]) => unknown).bind(spec) : value;
    }
  }
  // The model's estimate of its state count is for the whole space, not this part of it.
  return { ...members, initialStates: () => [state], expectedStates: undefined } as unknown as Spec<S, E>;
}
