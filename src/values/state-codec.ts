// Fingerprints and bytes for whole states: a state is a tuple of its variables'
// values, in the model's declaration order.
import type { State } from '../spec.ts';
import { ByteReader, ByteWriter, decodeValue, encodeValue } from './codec.ts';
import { hashTuple } from './hash.ts';

export class StateCodec<S extends State> {
  private readonly scratch: unknown[];

  constructor(readonly variables: readonly string[]) {
    this.scratch = new Array(variables.length);
  }

  /** Writes the state's 64-bit fingerprint into out[0] (high) and out[1] (low). */
  fingerprint(state: S, out: Int32Array): void {
    const vars = this.variables;
    const values = this.scratch;
    for (let i = 0; i < vars.length; i++) values[i] = state[vars[i]!];
    hashTuple(values, out);
  }

  encode(state: S, w: ByteWriter): void {
    for (const v of this.variables) encodeValue(w, state[v]);
  }

  decode(r: ByteReader): S {
    const state: Record<string, unknown> = {};
    for (const v of this.variables) state[v] = decodeValue(r);
    return state as S;
  }
}
