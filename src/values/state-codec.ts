// Fingerprints and bytes for whole states: a state is a tuple of its variables'
// values, in the model's declaration order.
//
// Encoding and decoding happen once per distinct state (into and out of the frontier),
// and most variables hold a value some earlier state held too (a server's log, the
// message bag). So both directions are memoised per variable:
// - encode keeps each collection's bytes beside its cached hash, and copies them;
// - decode interns values by their bytes: equal bytes give back the very same object,
//   whose hash is already cached and which compares by identity in immutable.js maps.
//   A collection is entered in the intern table when it is first encoded too, so a
//   state decoded by the thread that encoded it gets its own objects back, hashed, and
//   nothing is rebuilt.
// Each variable's bytes are prefixed by their length so decode can find them without
// parsing. A collection's bytes are also prefixed by the high word of its 64-bit hash,
// which the encoder has at hand: decode picks the intern bucket by it instead of
// digesting the bytes (the bytes still decide equality).
import type { State } from '../spec.ts';
import { ByteReader, ByteWriter, decodeValue, encodeValue } from './codec.ts';
import { hashTupleOfHashes, hashValueInto, nodeHash } from './hash.ts';

/** Interned values kept per codec before the table is cleared (bounds its memory). */
const MAX_INTERNED = 1 << 18;

interface Interned {
  readonly bytes: Uint8Array;
  readonly value: unknown;
}

type Bucket = Interned | Interned[];

export class StateCodec<S extends State> {
  private readonly scratch: unknown[];
  private readonly encodeScratch: unknown[];
  /** Collections, by the high word of their hash. */
  private readonly interned = new Map<number, Bucket>();
  /** Integers, strings, booleans and null, by a digest of their bytes. */
  private readonly internedPrimitives = new Map<number, Bucket>();
  private internedCount = 0;
  private readonly valueWriter = new ByteWriter(256);
  /**
   * The last tuple fingerprinted and its values' hashes: successors of one state share
   * most of their variables with it and with each other, and a value that is the very
   * same object (or primitive) as last time has the same hash.
   */
  private readonly lastValues: unknown[];
  private readonly lastHashes: Int32Array;

  /** Copies a state's variables into `into`, in declaration order. */
  readonly read: (state: S, into: unknown[]) => unknown[];
  /**
   * Builds a decoded state as one object literal with the variables as constant keys:
   * every state gets the same shape at once, where stores under computed keys took a
   * megamorphic path per variable (3.8% of a symmetric raft run).
   */
  private readonly decodeState: (codec: StateCodec<S>, r: ByteReader) => S;

  constructor(readonly variables: readonly string[]) {
    this.scratch = new Array(variables.length);
    this.encodeScratch = new Array(variables.length);
    this.lastValues = new Array(variables.length).fill(LAST_NONE);
    this.lastHashes = new Int32Array(2 * variables.length);
    // A reader with the variable names as constant keys: each load has its own inline
    // cache, where a loop over the names makes one keyed load see every variable.
    this.read = new Function('s', 'a', `${variables.map((v, i) => `a[${i}] = s[${JSON.stringify(v)}];`).join(' ')} return a;`) as (state: S, into: unknown[]) => unknown[];
    // Property definitions in a literal run in source order: the variables' bytes are read
    // in turn. A literal's `"__proto__": x` would set the prototype, so that one name
    // takes plain stores.
    this.decodeState = variables.includes('__proto__')
      ? (codec, r) => {
          const state: Record<string, unknown> = {};
          for (const v of variables) Object.defineProperty(state, v, { value: codec.decodeVariable(r), enumerable: true, writable: true, configurable: true });
          return state as S;
        }
      : (new Function('c', 'r', `return { ${variables.map((v) => `${JSON.stringify(v)}: c.decodeVariable(r)`).join(', ')} };`) as (codec: StateCodec<S>, r: ByteReader) => S);
  }

  /** Writes the state's 64-bit fingerprint into out[0] (high) and out[1] (low). */
  fingerprint(state: S, out: Int32Array): void {
    const values = this.read(state, this.scratch);
    const last = this.lastValues;
    const hashes = this.lastHashes;
    for (let i = 0; i < values.length; i++) {
      const v = values[i];
      if (v !== last[i]) {
        hashValueInto(v, hashes, 2 * i);
        last[i] = v;
      }
    }
    hashTupleOfHashes(hashes, values.length, out);
  }

  encode(state: S, w: ByteWriter): void {
    const values = this.read(state, this.encodeScratch);
    for (let i = 0; i < values.length; i++) {
      const value = values[i];
      if (typeof value === 'object' && value !== null) {
        // A node's bytes live beside its hash: one hidden field for both.
        const h = nodeHash(value);
        let bytes = h.bytes;
        if (bytes === undefined) {
          const vw = this.valueWriter;
          vw.reset();
          encodeValue(vw, value);
          bytes = vw.take();
          if (Object.isExtensible(h)) h.bytes = bytes;
          this.enter(this.interned, h.hi, bytes, 0, bytes.length, value);
        }
        w.uvar(2 * bytes.length + 1);
        w.int32(h.hi);
        w.bytes(bytes);
      } else {
        const vw = this.valueWriter;
        vw.reset();
        encodeValue(vw, value);
        w.uvar(2 * vw.pos);
        w.bytes(vw.buf.subarray(0, vw.pos));
      }
    }
  }

  decode(r: ByteReader): S {
    return this.decodeState(this, r);
  }

  /** Moves past one encoded state without building it. */
  skip(r: ByteReader): void {
    for (let i = 0; i < this.variables.length; i++) {
      const head = r.uvar();
      if (head & 1) r.int32();
      const length = head >>> 1;
      if (r.pos + length > r.end) throw new RangeError('encoded state is truncated');
      r.pos += length;
    }
  }

  /** Reads the next variable's value (for decodeState). */
  decodeVariable(r: ByteReader): unknown {
    const head = r.uvar();
    const length = head >>> 1;
    const key = head & 1 ? r.int32() : 0;
    const start = r.pos;
    if (start + length > r.end) throw new RangeError('encoded state is truncated');
    const value = head & 1 ? this.internCollection(key, r.buf, start, length) : this.internPrimitive(r.buf, start, length);
    r.pos = start + length;
    return value;
  }

  private internCollection(key: number, buf: Uint8Array, start: number, length: number): unknown {
    const known = find(this.interned.get(key), buf, start, length);
    if (known !== undefined) return known.value;
    const bytes = buf.slice(start, start + length);
    const value = decodeValue(new ByteReader(bytes));
    const h = nodeHash(value as object);
    if (Object.isExtensible(h)) h.bytes = bytes;
    this.enter(this.interned, key, bytes, 0, length, value);
    return value;
  }

  private internPrimitive(buf: Uint8Array, start: number, length: number): unknown {
    // FNV-1a over the (few) bytes picks the bucket; the bytes themselves decide equality.
    let key = 0x811c9dc5 | 0;
    for (let i = start; i < start + length; i++) key = Math.imul(key ^ buf[i]!, 0x01000193);
    const known = find(this.internedPrimitives.get(key), buf, start, length);
    if (known !== undefined) return known.value;
    const bytes = buf.slice(start, start + length);
    const value = decodeValue(new ByteReader(bytes));
    this.enter(this.internedPrimitives, key, bytes, 0, length, value);
    return value;
  }

  /** Enters `value` under `key` unless a value with the same bytes is there already. */
  private enter(table: Map<number, Bucket>, key: number, bytes: Uint8Array, start: number, length: number, value: unknown): void {
    if (this.internedCount >= MAX_INTERNED) {
      this.interned.clear();
      this.internedPrimitives.clear();
      this.internedCount = 0;
    }
    const bucket = table.get(key);
    const entry: Interned = { bytes, value };
    if (bucket === undefined) table.set(key, entry);
    else if (Array.isArray(bucket)) {
      if (find(bucket, bytes, start, length) !== undefined) return;
      bucket.push(entry);
    } else {
      if (sameBytes(bucket.bytes, bytes, start, length)) return;
      table.set(key, [bucket, entry]);
    }
    this.internedCount++;
  }
}

/** Marks a variable no tuple has held yet (no model value is this object). */
const LAST_NONE = Symbol('none');

function find(bucket: Bucket | undefined, buf: Uint8Array, start: number, length: number): Interned | undefined {
  if (bucket === undefined) return undefined;
  if (!Array.isArray(bucket)) return sameBytes(bucket.bytes, buf, start, length) ? bucket : undefined;
  for (const e of bucket) if (sameBytes(e.bytes, buf, start, length)) return e;
  return undefined;
}

function sameBytes(a: Uint8Array, buf: Uint8Array, start: number, length: number): boolean {
  if (a.length !== length) return false;
  for (let i = 0; i < length; i++) if (a[i] !== buf[start + i]) return false;
  return true;
}
