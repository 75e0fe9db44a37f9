// Fingerprints and bytes for whole states: a state is a tuple of its variables'
// values, in the model's declaration order.
//
// Encoding and decoding happen once per distinct state (into and out of the frontier),
// and most variables hold a value some earlier state held too (a server's log, the
// message bag). So both directions are memoised per variable:
// - encode keeps each collection's bytes beside its cached hash, and copies them;
// - decode interns values by their bytes: equal bytes give back the very same object,
//   whose hash is already cached and which compares by identity in immutable.js maps.
// Each variable's bytes are prefixed by their length so decode can find them without
// parsing.
import type { State } from '../spec.ts';
import { ByteReader, ByteWriter, decodeValue, encodeValue } from './codec.ts';
import { hashTuple, nodeHash } from './hash.ts';

/** Interned values kept per codec before the table is cleared (bounds its memory). */
const MAX_INTERNED = 1 << 18;

interface Interned {
  readonly bytes: Uint8Array;
  readonly value: unknown;
}

export class StateCodec<S extends State> {
  private readonly scratch: unknown[];
  private readonly encodeScratch: unknown[];
  private readonly interned = new Map<number, Interned | Interned[]>();
  private internedCount = 0;
  private readonly valueWriter = new ByteWriter(256);

  /** Copies a state's variables into `into`, in declaration order. */
  readonly read: (state: S, into: unknown[]) => unknown[];

  constructor(readonly variables: readonly string[]) {
    this.scratch = new Array(variables.length);
    this.encodeScratch = new Array(variables.length);
    // A reader with the variable names as constant keys: each load has its own inline
    // cache, where a loop over the names makes one keyed load see every variable.
    this.read = new Function('s', 'a', `${variables.map((v, i) => `a[${i}] = s[${JSON.stringify(v)}];`).join(' ')} return a;`) as (state: S, into: unknown[]) => unknown[];
  }

  /** Writes the state's 64-bit fingerprint into out[0] (high) and out[1] (low). */
  fingerprint(state: S, out: Int32Array): void {
    hashTuple(this.read(state, this.scratch), out);
  }

  encode(state: S, w: ByteWriter): void {
    const values = this.read(state, this.encodeScratch);
    for (let i = 0; i < values.length; i++) {
      const value = values[i];
      if (typeof value === 'object' && value !== null) {
        // A node's bytes live beside its hash: one hidden property for both.
        const h = nodeHash(value);
        let bytes = h.bytes;
        if (bytes === undefined) {
          const vw = this.valueWriter;
          vw.reset();
          encodeValue(vw, value);
          bytes = vw.take();
          if (Object.isExtensible(h)) h.bytes = bytes;
        }
        w.uvar(bytes.length);
        w.bytes(bytes);
      } else {
        const vw = this.valueWriter;
        vw.reset();
        encodeValue(vw, value);
        w.uvar(vw.pos);
        w.bytes(vw.buf.subarray(0, vw.pos));
      }
    }
  }

  decode(r: ByteReader): S {
    const state: Record<string, unknown> = {};
    for (const v of this.variables) {
      const length = r.uvar();
      const start = r.pos;
      if (start + length > r.end) throw new RangeError('encoded state is truncated');
      state[v] = this.intern(r.buf, start, length);
      r.pos = start + length;
    }
    return state as S;
  }

  /** Moves past one encoded state without building it. */
  skip(r: ByteReader): void {
    for (let i = 0; i < this.variables.length; i++) {
      const length = r.uvar();
      if (r.pos + length > r.end) throw new RangeError('encoded state is truncated');
      r.pos += length;
    }
  }

  private intern(buf: Uint8Array, start: number, length: number): unknown {
    // FNV-1a over the bytes picks the bucket; the bytes themselves decide equality.
    let h = 0x811c9dc5 | 0;
    for (let i = start; i < start + length; i++) h = Math.imul(h ^ buf[i]!, 0x01000193);
    const bucket = this.interned.get(h);
    if (bucket !== undefined) {
      if (Array.isArray(bucket)) {
        for (const e of bucket) if (sameBytes(e.bytes, buf, start, length)) return e.value;
      } else if (sameBytes(bucket.bytes, buf, start, length)) return bucket.value;
    }
    const bytes = buf.slice(start, start + length);
    const value = decodeValue(new ByteReader(bytes));
    if (this.internedCount >= MAX_INTERNED) {
      this.interned.clear();
      this.internedCount = 0;
    }
    const entry: Interned = { bytes, value };
    const again = this.interned.get(h);
    if (again === undefined) this.interned.set(h, entry);
    else if (Array.isArray(again)) again.push(entry);
    else this.interned.set(h, [again, entry]);
    this.internedCount++;
    if (typeof value === 'object' && value !== null) {
      const h = nodeHash(value);
      if (Object.isExtensible(h)) h.bytes = bytes;
    }
    return value;
  }
}

function sameBytes(a: Uint8Array, buf: Uint8Array, start: number, length: number): boolean {
  if (a.length !== length) return false;
  for (let i = 0; i < length; i++) if (a[i] !== buf[start + i]) return false;
  return true;
}
