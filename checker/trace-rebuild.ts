// Rebuilds a counterexample from the state store, the way TLC does: the store keeps
// only fingerprints and parent links, so we re-execute the model from an initial state,
// at each step picking the successor whose fingerprint is the next one on the path.
// Under symmetry the fingerprints are of canonical forms, yet the states we follow are
// the model's own successors, so the trace printed is a real behavior.
import { labelOf } from '../src/spec-defaults.ts';
import type { Spec, State } from '../src/spec.ts';
import { INITIAL_LABEL, type Counterexample, type TraceStep } from '../src/trace/trace.ts';
import type { Exploration, Found } from './exploration.ts';

export function rebuildTrace<S extends State, E>(x: Exploration<S, E>, found: Found<S>): Counterexample<S> {
  const spec = x.spec;
  const last = found.number >= 0 ? found.number : found.parent;
  const path = last >= 0 ? x.store.pathTo(last) : [];
  const fp = new Int32Array(2);
  const matches = (s: S, n: number): boolean => {
    x.fingerprint(s, fp);
    return fp[0] === x.store.fingerprintHi(n) && fp[1] === x.store.fingerprintLo(n);
  };
  const steps: TraceStep<S>[] = [];
  if (path.length > 0) {
    const init = spec.initialStates().find((s) => matches(s, path[0]!));
    if (init === undefined) throw new Error('trace rebuild: no initial state has the stored fingerprint');
    steps.push({ state: init, label: INITIAL_LABEL });
    for (let i = 1; i < path.length; i++) {
      const before = steps[steps.length - 1]!.state;
      const step = successorMatching(spec, before, (s) => matches(s, path[i]!));
      if (step === undefined) throw new Error(`trace rebuild: no successor matches step ${i + 1}`);
      steps.push(step);
    }
  }
  if (found.number < 0) {
    // The breaking state was never stored (it lies outside the constraint, or is an
    // initial state): find it among the successors of the last stored one.
    x.fingerprint(found.state, fp);
    const [hi, lo] = [fp[0], fp[1]];
    const same = (s: S): boolean => {
      x.fingerprint(s, fp);
      return fp[0] === hi && fp[1] === lo;
    };
    const before = steps[steps.length - 1]?.state;
    const step = before === undefined ? undefined : successorMatching(spec, before, same);
    steps.push(step ?? { state: found.state, label: INITIAL_LABEL });
  }
  return { property: found.property, kind: found.kind, steps };
}

function successorMatching<S extends State, E>(spec: Spec<S, E>, state: S, wanted: (s: S) => boolean): TraceStep<S> | undefined {
  for (const event of spec.events(state)) {
    for (const succ of spec.next(state, event)) {
      if (wanted(succ)) return { state: succ, event, label: labelOf(spec, event, state) };
    }
  }
  return undefined;
}
