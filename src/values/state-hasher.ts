// Fingerprints of whole states: a state is a tuple of its variables' values, in the
// model's declaration order. What the symmetry reducer and guard need of a state; the
// state codec (state-codec.ts) adds its bytes.
import type { State } from '../spec.ts';
import { TupleHashes } from './hash.ts';

export class StateHasher<S extends State> {
  /** Copies a state's variables into `into`, in declaration order. */
  readonly read: (state: S, into: unknown[]) => unknown[];
  private readonly scratch: unknown[];
  /** Fingerprints, reusing the hashes of the values the last state fingerprinted held. */
  private readonly tuples: TupleHashes;

  constructor(readonly variables: readonly string[]) {
    this.scratch = new Array(variables.length);
    this.tuples = new TupleHashes(variables.length);
    // A reader with the variable names as constant keys: each load has its own inline
    // cache, where a loop over the names makes one keyed load see every variable.
    this.read = new Function('s', 'a', `${variables.map((v, i) => `a[${i}] = s[${JSON.stringify(v)}];`).join(' ')} return a;`) as (state: S, into: unknown[]) => unknown[];
  }

  /** Writes the state's 64-bit fingerprint into out[0] (high) and out[1] (low). */
  fingerprint(state: S, out: Int32Array): void {
    this.tuples.fingerprint(this.read(state, this.scratch), out);
  }
}
