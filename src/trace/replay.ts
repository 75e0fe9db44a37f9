// Replay: is a trace a behavior of a model?
//
// The first state must be one of the model's initial states and every later state a
// successor of the one before under some event. States are compared in the TLA+ value
// domain (src/tla/value.ts): each successor the model generates is converted to TLA+
// values (cached per immutable node, so unchanged variables cost nothing) and compared
// variable by variable with the trace's state by canonical key. So a trace from TLC needs
// no conversion into crank's values, and differences that TLA+ cannot see (an empty Map
// against an empty List) do not matter.
//
// Replay is model-agnostic; it names the event that explains each step with the model's
// `eventLabel`. On the first step that no event explains it reports the state before,
// the successor nearest to the trace's state (fewest differing variables) and where the
// two differ.
import { labelOf } from '../spec-defaults.ts';
import type { ModelDefinition, Spec, State, StateLike } from '../spec.ts';
import { flat, pretty, stateLines } from '../tla/print.ts';
import { TraceSyntaxError } from '../tla/errors.ts';
import { canon, fromCrank, restring, stateFromCrank, stringPolicyOf, type StringPolicy, type TlaValue } from '../tla/value.ts';
import type { TraceFile } from './read.ts';
import { INITIAL_LABEL } from './trace.ts';

export interface ReplayedStep<S extends StateLike = State> {
  /** 1 for the initial state. */
  readonly index: number;
  /** The model's label for the event that explains the step (`Initial predicate` first). */
  readonly label: string;
  /** Other events that lead to the same state, if any. */
  readonly alternatives: readonly string[];
  /** The label the file gives (TLC: `Next line …`). */
  readonly fileLabel?: string;
  readonly line: number;
  /** The model's state equal to the trace's. */
  readonly state: S;
}

/** One place where the trace's value and the model's differ. */
export interface ValueDiff {
  /** `currentTerm[r2]`, `messages`, `log[r1][1].term`. */
  readonly path: string;
  readonly trace?: TlaValue;
  readonly model?: TlaValue;
  /** For sets: elements in one and not in the other. */
  readonly onlyTrace?: readonly TlaValue[];
  readonly onlyModel?: readonly TlaValue[];
}

export interface VariableDiff {
  readonly variable: string;
  readonly trace: TlaValue;
  readonly model: TlaValue;
  readonly details: readonly ValueDiff[];
}

export interface Rejection {
  /** The trace's step that the model cannot take (1 = the initial state). */
  readonly index: number;
  readonly line: number;
  readonly fileLabel?: string;
  /** The accepted state before it (absent for step 1). */
  readonly before?: { readonly index: number; readonly lines: readonly string[] };
  /** The candidate nearest to the trace's state: an initial state, or a successor and its event. */
  readonly nearest?: { readonly label: string; readonly diffs: readonly VariableDiff[] };
  /** How many candidates the model offered (initial states, or successors). */
  readonly candidates: number;
}

/** A lasso's loop, checked after its states: does the last state go back to state `to`? */
export interface LoopCheck {
  /** The state gone back to (0-based). */
  readonly to: number;
  /** Stuttering forever in the last state: always a step of TLA+'s [Next]_vars. */
  readonly stuttering: boolean;
  /** Whether some event of the model leads from the last state to state `to`. */
  readonly closes: boolean;
  /** The model's label for that event. */
  readonly label?: string;
}

export interface ReplayResult<S extends StateLike = State> {
  readonly accepted: readonly ReplayedStep<S>[];
  readonly rejection?: Rejection;
  /** Set for a lasso whose states were all accepted. */
  readonly loop?: LoopCheck;
}

/** The line replay prints for a lasso's loop. */
export function loopReport(loop: LoopCheck, states: number): string {
  if (loop.stuttering) return `Loop: stuttering forever in state ${states}.`;
  if (loop.closes) return `Loop: back to state ${loop.to + 1}: ${loop.label}`;
  return `Loop rejected: state ${loop.to + 1} is not a successor of state ${states} under any action, so the loop does not close.`;
}

/**
 * Checks that the trace's variables are the model's; a mismatch is a malformed trace
 * for this model (reported at the first state).
 */
export function checkTraceVariables(spec: Spec<State, unknown>, trace: TraceFile, modelName = 'the model'): void {
  const mine = new Set<string>(spec.variables);
  const theirs = new Set(trace.variables);
  const missing = spec.variables.filter((v) => !theirs.has(v));
  const unknown = trace.variables.filter((v) => !mine.has(v));
  if (missing.length === 0 && unknown.length === 0) return;
  const first = trace.states[0]!;
  const parts = [];
  if (missing.length > 0) parts.push(`lacks ${missing.join(', ')}`);
  if (unknown.length > 0) parts.push(`has ${unknown.join(', ')}, which ${modelName} does not`);
  throw new TraceSyntaxError(`the trace's variables are not those of ${modelName}: it ${parts.join(' and ')}`, first.line, first.col);
}

/** The trace's state as canonical keys, in the model's variable order. */
function traceKeys(variables: readonly string[], values: ReadonlyMap<string, TlaValue>): string[] {
  return variables.map((v) => canon(values.get(v)!));
}

/** How many variables of `state` differ from the keys (stops counting past `limit`). */
function mismatches(variables: readonly string[], keys: readonly string[], state: State, limit: number, policy: StringPolicy): number {
  let n = 0;
  for (let i = 0; i < variables.length; i++) {
    if (canon(fromCrank(state[variables[i]!], policy)) !== keys[i]) {
      n++;
      if (n > limit) return n;
    }
  }
  return n;
}

interface StepMatch<S extends State> {
  readonly match?: { readonly state: S; readonly label: string };
  readonly alternatives: string[];
  readonly best?: { readonly state: S; readonly label: string; readonly miss: number };
  readonly candidates: number;
}

/**
 * The model's candidates for one step of the trace: its initial states (when `prev` is
 * undefined) or the successors of `prev`; the first equal to the trace's state, and the
 * nearest one.
 */
export function matchStep<S extends State, E>(spec: Spec<S, E>, prev: S | undefined, values: ReadonlyMap<string, TlaValue>): StepMatch<S> {
  const variables = spec.variables;
  const policy = stringPolicyOf(spec);
  const keys = traceKeys(variables, values);
  let match: { state: S; label: string } | undefined;
  const alternatives: string[] = [];
  let best: { state: S; label: string; miss: number } | undefined;
  let candidates = 0;
  const consider = (state: S, label: () => string): void => {
    candidates++;
    const miss = mismatches(variables, keys, state, best?.miss ?? variables.length, policy);
    if (miss === 0) {
      if (match === undefined) match = { state, label: label() };
      else {
        const l = label();
        if (l !== match.label && !alternatives.includes(l)) alternatives.push(l);
      }
    } else if (best === undefined || miss < best.miss) best = { state, label: label(), miss };
  };
  if (prev === undefined) {
    for (const s of spec.initialStates()) consider(s, () => INITIAL_LABEL);
  } else {
    for (const e of spec.events(prev)) for (const s of spec.next(prev, e)) consider(s, () => labelOf(spec, e, prev));
  }
  return { match, alternatives, best, candidates };
}

/**
 * Replays `trace` against `spec`; stops at the first step the model cannot take. The
 * state type may be an `interface`, as in defineModel.
 */
export function replay<S extends StateLike, E>(spec: Spec<S, E>, trace: TraceFile): ReplayResult<S> {
  // Variables are read by name (State): see check().
  return replayStates(spec as unknown as Spec<State, E>, trace) as unknown as ReplayResult<S>;
}

function replayStates<S extends State, E>(spec: Spec<S, E>, trace: TraceFile): ReplayResult<S> {
  const variables = spec.variables;
  const policy = stringPolicyOf(spec);
  // ITF and crank's JSON do not tell model values from strings: read them the model's way.
  const untyped = trace.format === 'itf' || trace.format === 'crank-json';
  const accepted: ReplayedStep<S>[] = [];
  let prev: S | undefined;
  for (let i = 0; i < trace.states.length; i++) {
    const file = trace.states[i]!;
    const ts = untyped && spec.modelValues !== undefined ? { ...file, values: new Map([...file.values].map(([k, v]) => [k, restring(v, policy)])) } : file;
    const { match, alternatives, best, candidates } = matchStep(spec, prev, ts.values);
    if (match === undefined) {
      const rejection: Rejection = {
        index: i + 1,
        line: ts.line,
        fileLabel: ts.label,
        before: prev === undefined ? undefined : { index: i, lines: stateLines(variables, stateFromCrank(variables, prev, policy)) },
        nearest: best === undefined ? undefined : { label: best.label, diffs: diffState(variables, ts.values, best.state, policy) },
        candidates,
      };
      return { accepted, rejection };
    }
    accepted.push({ index: i + 1, label: match.label, alternatives, fileLabel: ts.label, line: ts.line, state: match.state });
    prev = match.state;
  }
  if (trace.loop === undefined) return { accepted };
  const { to, label } = trace.loop;
  const last = trace.states.length - 1;
  if (label === undefined && to === last) return { accepted, loop: { to, stuttering: true, closes: true } };
  const { match } = matchStep(spec, prev, trace.states[to]!.values);
  return { accepted, loop: { to, stuttering: false, closes: match !== undefined, label: match?.label } };
}

// ---- Parameters ----------------------------------------------------------------------

export interface ModelReplay {
  readonly spec: Spec<State, unknown>;
  readonly params: Readonly<Record<string, number>>;
  readonly result: ReplayResult<State>;
  /** Parameters changed from `base` to fit the trace. */
  readonly inferred: readonly string[];
}

/** Whether `test` holds; a model built with other parameters may throw on a state it cannot have. */
function fits(test: () => boolean): boolean {
  try {
    return test();
  } catch {
    return false;
  }
}

/** How far above its starting value a parameter is tried. */
const RAISE_LIMIT = 8;

/**
 * Replays `trace` against `model`, inferring the parameters in `free` from the trace
 * when those in `base` do not fit it. Model-agnostic: a parameter takes the value that
 * makes the trace's first state an initial state (raft: the number of servers), and a
 * step the model cannot take is retried with one parameter raised at a time (raft: a
 * client request for value v2 needs 2 values). A raise is kept only when the step then
 * succeeds; the replay is then run again from the start.
 */
export function replayModel(
  model: ModelDefinition,
  trace: TraceFile,
  base: Readonly<Record<string, number>>,
  free: readonly string[],
  variant?: string,
): ModelReplay {
  let params: Record<string, number> = { ...base };
  let spec = model.build(params, variant);
  const inferred = new Set<string>();
  const tryValues = (name: string, from: number, all: boolean): number[] => {
    const p = model.params[name]!;
    const lo = all ? (p.min ?? 0) : from + 1;
    const hi = Math.min(p.max ?? Number.MAX_SAFE_INTEGER, from + RAISE_LIMIT);
    const out: number[] = [];
    for (let v = lo; v <= hi; v++) if (v !== from) out.push(v);
    return out;
  };
  const first = trace.states[0]!.values;
  if (free.length > 0 && matchStep(spec, undefined, first).match === undefined) {
    search: for (const name of free) {
      for (const v of tryValues(name, params[name]!, true)) {
        const candidate = model.build({ ...params, [name]: v }, variant);
        if (fits(() => matchStep(candidate, undefined, first).match !== undefined)) {
          params = { ...params, [name]: v };
          spec = candidate;
          inferred.add(name);
          break search;
        }
      }
    }
  }
  let result = replay(spec, trace);
  for (let rounds = 0; rounds < 4 * free.length && result.rejection !== undefined && result.rejection.index > 1; rounds++) {
    const at = result.rejection.index;
    const prev = result.accepted[at - 2]!.state;
    const values = trace.states[at - 1]!.values;
    let raised: { name: string; v: number; spec: Spec<State, unknown> } | undefined;
    search: for (const name of free) {
      for (const v of tryValues(name, params[name]!, false)) {
        const candidate = model.build({ ...params, [name]: v }, variant);
        // A parameter that changes the initial states (raft: servers) is settled.
        if (!fits(() => matchStep(candidate, undefined, first).match !== undefined)) continue search;
        if (fits(() => matchStep(candidate, prev, values).match !== undefined)) {
          raised = { name, v, spec: candidate };
          break search;
        }
      }
    }
    if (raised === undefined) break;
    const again = replay(raised.spec, trace);
    if (again.rejection !== undefined && again.rejection.index <= at) break;
    params = { ...params, [raised.name]: raised.v };
    spec = raised.spec;
    inferred.add(raised.name);
    result = again;
  }
  return { spec, params, result, inferred: [...inferred] };
}

// ---- Differences -------------------------------------------------------------------

function diffState(variables: readonly string[], trace: ReadonlyMap<string, TlaValue>, state: State, policy: StringPolicy): VariableDiff[] {
  const out: VariableDiff[] = [];
  for (const v of variables) {
    const t = trace.get(v)!;
    const m = fromCrank(state[v], policy);
    if (canon(t) === canon(m)) continue;
    const details: ValueDiff[] = [];
    diffValues(v, t, m, details);
    out.push({ variable: v, trace: t, model: m, details });
  }
  return out;
}

const MAX_DETAILS = 12;

function keyText(k: TlaValue): string {
  return flat(k);
}

/** Where two values differ, as paths into them (`f[k]`, `r.field`, set elements). */
export function diffValues(path: string, a: TlaValue, b: TlaValue, out: ValueDiff[]): void {
  if (out.length >= MAX_DETAILS || canon(a) === canon(b)) return;
  if (typeof a === 'object' && typeof b === 'object') {
    if (a.t === 'set' && b.t === 'set') {
      const inB = new Set(b.elems.map(canon));
      const inA = new Set(a.elems.map(canon));
      out.push({ path, onlyTrace: a.elems.filter((e) => !inB.has(canon(e))), onlyModel: b.elems.filter((e) => !inA.has(canon(e))) });
      return;
    }
    if (a.t === 'rec' && b.t === 'rec' && a.names.length === b.names.length && a.names.every((n) => b.names.includes(n))) {
      a.names.forEach((n, i) => diffValues(`${path}.${n}`, a.vals[i]!, b.vals[b.names.indexOf(n)]!, out));
      return;
    }
    const fa = asFunction(a);
    const fb = asFunction(b);
    if (fa !== undefined && fb !== undefined && (fa.size > 0 || fb.size > 0)) {
      for (const [k, { key, val }] of fa) {
        const other = fb.get(k);
        if (other === undefined) out.push({ path: `${path}[${keyText(key)}]`, trace: val });
        else diffValues(`${path}[${keyText(key)}]`, val, other.val, out);
        if (out.length >= MAX_DETAILS) return;
      }
      for (const [k, { key, val }] of fb) if (!fa.has(k) && out.length < MAX_DETAILS) out.push({ path: `${path}[${keyText(key)}]`, model: val });
      return;
    }
  }
  out.push({ path, trace: a, model: b });
}

/** A function or sequence as key -> (key, value), by canonical key. */
function asFunction(v: TlaValue): Map<string, { key: TlaValue; val: TlaValue }> | undefined {
  if (typeof v !== 'object') return undefined;
  if (v.t === 'seq') return new Map(v.elems.map((e, i) => [String(i + 1), { key: i + 1, val: e }]));
  if (v.t === 'fcn') return new Map(v.keys.map((k, i) => [canon(k), { key: k, val: v.vals[i]! }]));
  return undefined;
}

// ---- Report --------------------------------------------------------------------------

function indentValue(v: TlaValue, indent: string): string {
  return pretty(v).split('\n').join(`\n${indent}`);
}

/** The human report of a rejection: the step, the state before, the nearest successor and the diff. */
export function formatRejection(r: Rejection, modelName: string): string[] {
  const out: string[] = [];
  if (r.before === undefined) {
    out.push(`State 1 (line ${r.line}) is not an initial state of ${modelName}.`);
  } else {
    out.push(`State ${r.index} (line ${r.line}) is not a successor of state ${r.before.index} under any action of ${modelName}.`);
    out.push('', `State ${r.before.index} (the state before):`, ...r.before.lines);
  }
  if (r.nearest === undefined) {
    out.push('', r.before === undefined ? 'The model has no initial state.' : `The model has no successor of state ${r.before.index} (no action is enabled).`);
    return out;
  }
  const n = r.nearest.diffs.length;
  const what = r.before === undefined ? 'Nearest initial state' : `Nearest successor (of ${r.candidates}): ${r.nearest.label}`;
  out.push('', `${what}; ${n} variable${n === 1 ? ' differs' : 's differ'} (- trace, + model):`);
  for (const d of r.nearest.diffs) {
    out.push(`  ${d.variable}:`);
    out.push(`  - ${indentValue(d.trace, '    ')}`);
    out.push(`  + ${indentValue(d.model, '    ')}`);
    const parts = d.details.filter((x) => x.path !== d.variable || x.onlyTrace !== undefined);
    for (const x of parts) {
      if (x.onlyTrace !== undefined || x.onlyModel !== undefined) {
        if (x.onlyTrace!.length > 0) out.push(`    ${x.path}: only in the trace: ${x.onlyTrace!.map(flat).join(', ')}`);
        if (x.onlyModel!.length > 0) out.push(`    ${x.path}: only in the model: ${x.onlyModel!.map(flat).join(', ')}`);
      } else if (x.model === undefined) out.push(`    ${x.path}: only in the trace (= ${flat(x.trace!)})`);
      else if (x.trace === undefined) out.push(`    ${x.path}: only in the model (= ${flat(x.model)})`);
      else out.push(`    ${x.path}: trace ${flat(x.trace)}, model ${flat(x.model)}`);
    }
  }
  return out;
}
