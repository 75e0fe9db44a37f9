// Liveness as `check()` runs it: which properties, whether they can be checked soundly
// with the options given, and the pass itself (graph, decision, lasso as a trace).
import { labelOf } from '../src/spec-defaults.ts';
import type { Spec, State } from '../src/spec.ts';
import type { StateCodec } from '../src/values/state-codec.ts';
import { INITIAL_LABEL, type Counterexample, type TraceStep } from '../src/trace/trace.ts';
import type { Fingerprinter } from './exploration.ts';
import { LivenessError, UnknownPropertyError } from './errors.ts';
import { buildBehaviorGraph, type BehaviorGraph, type GraphPassControl } from './liveness-graph.ts';
import { findViolation, type GraphLasso } from './liveness.ts';

export interface LivenessRequest {
  /** Properties to check, by name; default the model's `defaultProperties`, else all. */
  readonly properties?: readonly string[];
  /** False: check no property. */
  readonly liveness?: boolean;
  readonly maxDepth?: number;
}

/**
 * The properties a run checks, refusing (before any work) a request that cannot be
 * answered soundly: an unknown name, a depth bound. Symmetry needs no refusal: the
 * liveness pass never reduces (a cycle of orbits need not be a cycle of any behavior,
 * which is why TLC can miss violations under symmetry), so under --symmetry only the
 * safety search is reduced and liveness is decided on the full graph.
 */
export function plannedProperties<S extends State, E>(spec: Spec<S, E>, req: LivenessRequest): string[] {
  const declared = spec.properties ?? {};
  for (const name of req.properties ?? []) {
    if (!(name in declared)) {
      throw new UnknownPropertyError(`unknown property '${name}' (this model has: ${Object.keys(declared).join(', ') || 'none'})`);
    }
  }
  for (const name of spec.defaultProperties ?? []) {
    if (!(name in declared)) throw new UnknownPropertyError(`the model's defaultProperties names '${name}', which it does not declare`);
  }
  if (req.liveness === false) return [];
  const names = [...(req.properties ?? spec.defaultProperties ?? Object.keys(declared))];
  if (names.length === 0) return names;
  if (req.maxDepth !== undefined) {
    throw new LivenessError('liveness is not checked with a depth bound (a cut-off state would look like one that stutters forever); add --no-liveness');
  }
  return names;
}

export interface LivenessOutcome<S extends State> {
  readonly violation?: Counterexample<S>;
  /** The properties decided, in order (the last one is violated when `violation` is set). */
  readonly decided: readonly string[];
  /** Figures for `--stats` and the README: graph size, bytes, time. */
  readonly stats: Record<string, number>;
}

/**
 * Builds the behavior graph once and decides each property in turn; stops at the first
 * violated one, or with nothing decided when `control` stops the graph pass.
 */
export function checkLiveness<S extends State, E>(
  spec: Spec<S, E>,
  names: readonly string[],
  codec: StateCodec<S>,
  fingerprint: Fingerprinter<S>,
  control?: GraphPassControl,
): LivenessOutcome<S> {
  const started = Date.now();
  const declared = spec.properties!;
  // Predicate slots: P then Q of each property.
  const predicates: ((s: S) => boolean)[] = [];
  const slots = names.map((name) => {
    const prop = declared[name]!;
    const p = predicates.push(prop.p) - 1;
    const q = prop.q === undefined ? -1 : predicates.push(prop.q) - 1;
    return { name, prop, p, q };
  });
  const graph = buildBehaviorGraph(spec, codec, fingerprint, predicates, control);
  if (graph === undefined) return { decided: [], stats: { livenessGraphMs: Date.now() - started } };
  const built = Date.now();
  const stats: Record<string, number> = {
    livenessStates: graph.size,
    livenessEdges: graph.edgeTarget.length,
    livenessFairnessConditions: graph.conditions.length,
    livenessGraphBytes: graph.bytes,
    livenessGraphMs: built - started,
  };
  const decided: string[] = [];
  for (const slot of slots) {
    decided.push(slot.name);
    const lasso = findViolation(graph, {
      form: slot.prop.form,
      p: graph.predicates[slot.p]!,
      q: slot.q < 0 ? undefined : graph.predicates[slot.q]!,
    });
    if (lasso !== undefined) {
      stats['livenessCheckMs'] = Date.now() - built;
      return { violation: lassoTrace(spec, graph, lasso, slot.name, fingerprint), decided, stats };
    }
  }
  stats['livenessCheckMs'] = Date.now() - built;
  return { decided, stats };
}

/** Rebuilds a lasso's states by re-executing the model along its edges. */
export function lassoTrace<S extends State, E>(spec: Spec<S, E>, g: BehaviorGraph, lasso: GraphLasso, property: string, fingerprint: Fingerprinter<S>): Counterexample<S> {
  const fp = new Int32Array(2);
  const is = (s: S, n: number): boolean => {
    fingerprint(s, fp);
    return fp[0] === g.fpHi[n] && fp[1] === g.fpLo[n];
  };
  const init = spec.initialStates().find((s) => is(s, lasso.states[0]!));
  if (init === undefined) throw new Error('lasso rebuild: no initial state has the stored fingerprint');
  const steps: TraceStep<S>[] = [{ state: init, label: INITIAL_LABEL }];
  const follow = (from: S, edge: number): TraceStep<S> => {
    const event = spec.events(from)[g.edgeEvent[edge]!]!;
    const target = g.edgeTarget[edge]!;
    const state = spec.next(from, event).find((s) => is(s, target));
    if (state === undefined) throw new Error('lasso rebuild: the model is not deterministic in its events');
    return { state, event, label: labelOf(spec, event, from) };
  };
  for (const edge of lasso.edges) steps.push(follow(steps[steps.length - 1]!.state, edge));
  const loop =
    lasso.closingEdge === -1
      ? { to: lasso.loopTo }
      : { to: lasso.loopTo, label: follow(steps[steps.length - 1]!.state, lasso.closingEdge).label };
  return { property, kind: 'liveness', steps, loop };
}
