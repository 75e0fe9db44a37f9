// The fingerprint function a run uses: of the state itself, or, under symmetry, of the
// canonical representative of its orbit. Main thread and workers build it the same way.
import type { Spec, State } from '../src/spec.ts';
import type { StateCodec } from '../src/values/state-codec.ts';
import type { Fingerprinter } from './exploration.ts';
import { SymmetryReducer } from './symmetry.ts';

export function makeFingerprinter<S extends State>(spec: Spec<S, unknown>, codec: StateCodec<S>, symmetry: boolean): { fingerprint: Fingerprinter<S>; reducer?: SymmetryReducer<S> } {
  if (!symmetry || spec.symmetry === undefined) return { fingerprint: (s, out) => codec.fingerprint(s, out) };
  const reducer = new SymmetryReducer(spec.symmetry, codec);
  return { fingerprint: (s, out) => reducer.fingerprint(s, out), reducer };
}
