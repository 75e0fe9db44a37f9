// Bytes for whole states (and, as a StateHasher, their fingerprints): a state is a
// tuple of its variables' values, in the model's declaration order.
//
// A state's bytes are its values' ids in the run's value store (value-store.ts), one
// varint per variable, so that encoding and decoding a state costs a few lookups:
// - encode: a value that has been encoded before carries its id beside its cached hash;
//   a value the model has just built is looked up by its hash among the ids this
//   thread knows, and compared with the value under each candidate id, so that equal
//   values share one id; only a value no thread has met is encoded and appended.
// - decode: the id gives the very object this thread holds for it, whose hash is
//   cached and which compares by identity in immutable.js maps; an id another thread
//   appended is decoded from the store once, and carries the hash the store keeps.
// When the store is full, a new value is written inline instead (its length, then its
// encoding), and decoded afresh each time.
import type { State } from '../spec.ts';
import { is, type List } from 'immutable';
import { ByteReader, ByteWriter, decodeValue, encodeValue } from './codec.ts';
import { hashValue, nodeHash, rememberHash } from './hash.ts';
import { LIST_PROTO, MAP_PROTO, SET_PROTO, type MapInternals, type TrieEntry } from './immutable-internals.ts';
import { isPlainArray, isPlainRecord } from './plain.ts';
import { StateHasher } from './state-hasher.ts';
import { ValueStore } from './value-store.ts';

/** Values a thread keeps decoded before it lets them go (ids stay valid: the store has them). */
const MAX_HELD = 1 << 18;

/** Each codec's mark on the ids it has given to values (0 marks none). */
let codecs = 0;

export class StateCodec<S extends State> extends StateHasher<S> {
  private readonly encodeScratch: unknown[];
  readonly store: ValueStore;
  /** This codec's mark in NodeHash.store: ids are the store's, objects are this thread's. */
  private readonly mark = ++codecs;
  /** The value this thread holds for each id it has met (sparse). */
  private held: unknown[] = [];
  private heldCount = 0;
  /** Ids known to this thread, by the high word of their value's hash. */
  private readonly byHash = new Map<number, number | number[]>();
  /** Ids below this are in byHash. */
  private known = 0;
  /** Integers, strings, booleans and null: their ids. */
  private readonly primitiveIds = new Map<unknown, number>();
  private readonly valueWriter = new ByteWriter(256);
  /**
   * Builds a decoded state as one object literal with the variables as constant keys:
   * every state gets the same shape at once, where stores under computed keys took a
   * megamorphic path per variable (3.8% of a symmetric raft run).
   */
  private readonly decodeState: (codec: StateCodec<S>, r: ByteReader) => S;

  /** `store`: the run's value store, when this codec is not the first of its run (worker threads). */
  constructor(variables: readonly string[], store: ValueStore = ValueStore.create()) {
    super(variables);
    this.store = store;
    this.encodeScratch = new Array(variables.length);
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

  encode(state: S, w: ByteWriter): void {
    const values = this.read(state, this.encodeScratch);
    for (let i = 0; i < values.length; i++) {
      const value = values[i];
      const id = this.idOf(value);
      if (id >= 0) {
        w.uvar(2 * id);
        continue;
      }
      const vw = this.valueWriter;
      vw.reset();
      encodeValue(vw, value);
      w.uvar(2 * vw.pos + 1);
      w.bytes(vw.buf.subarray(0, vw.pos));
    }
  }

  decode(r: ByteReader): S {
    return this.decodeState(this, r);
  }

  /** Moves past one encoded state without building it. */
  skip(r: ByteReader): void {
    for (let i = 0; i < this.variables.length; i++) {
      const head = r.uvar();
      if (head % 2 === 0) continue;
      const length = (head - 1) / 2;
      if (r.pos + length > r.end) throw new RangeError('encoded state is truncated');
      r.pos += length;
    }
  }

  /** Reads the next variable's value (for decodeState). */
  decodeVariable(r: ByteReader): unknown {
    const head = r.uvar();
    if (head % 2 === 0) return this.heldValue(head / 2);
    const length = (head - 1) / 2;
    const start = r.pos;
    if (start + length > r.end) throw new RangeError('encoded state is truncated');
    r.pos = start + length;
    return decodeValue(new ByteReader(r.buf, start, start + length));
  }

  /** The value's id in the store (-1 when the store is full and the value is new to it). */
  private idOf(value: unknown): number {
    if (typeof value !== 'object' || value === null) {
      const known = this.primitiveIds.get(value);
      if (known !== undefined) return known;
      const h = hashValue(value);
      const id = this.intern(value, h.hi, h.lo);
      if (id >= 0) this.primitiveIds.set(value, id);
      return id;
    }
    const h = nodeHash(value);
    if (h.store === this.mark) return h.id;
    const id = this.intern(value, h.hi, h.lo);
    if (id >= 0) {
      h.store = this.mark;
      h.id = id;
    }
    return id;
  }

  /** The id of a value equal to `value` (this one, if the store has none yet). */
  private intern(value: unknown, hi: number, lo: number): number {
    this.learn(this.store.count());
    const found = this.findEqual(value, hi, lo);
    if (found >= 0) return found;
    const vw = this.valueWriter;
    vw.reset();
    encodeValue(vw, value);
    const id = this.store.locked(() => {
      // Another thread may have appended it meanwhile: the same bytes are the same value.
      const before = this.known;
      this.learn(this.store.count());
      for (let other = before; other < this.known; other++) {
        if (this.store.hashHi(other) === hi && this.store.hashLo(other) === lo && this.store.hasBytes(other, vw.buf, 0, vw.pos)) return other;
      }
      const appended = this.store.append(hi, lo, vw.buf, 0, vw.pos);
      if (appended >= 0) this.index(appended, hi);
      return appended;
    });
    if (id >= 0) this.hold(id, value);
    return id;
  }

  /** Enters the ids published up to `count` in byHash. */
  private learn(count: number): void {
    for (let id = this.known; id < count; id++) this.index(id, this.store.hashHi(id));
  }

  private index(id: number, hi: number): void {
    const bucket = this.byHash.get(hi);
    if (bucket === undefined) this.byHash.set(hi, id);
    else if (typeof bucket === 'number') this.byHash.set(hi, [bucket, id]);
    else bucket.push(id);
    this.known = id + 1;
  }

  private findEqual(value: unknown, hi: number, lo: number): number {
    const bucket = this.byHash.get(hi);
    if (bucket === undefined) return -1;
    if (typeof bucket === 'number') return this.store.hashLo(bucket) === lo && sameStructure(value, this.heldValue(bucket)) ? bucket : -1;
    for (const id of bucket) if (this.store.hashLo(id) === lo && sameStructure(value, this.heldValue(id))) return id;
    return -1;
  }

  /** The value this thread holds for `id`, decoding it from the store the first time. */
  private heldValue(id: number): unknown {
    const held = this.held[id];
    if (held !== undefined) return held;
    const value = decodeValue(this.store.reader(id));
    if (typeof value === 'object' && value !== null) {
      rememberHash(value, { hi: this.store.hashHi(id), lo: this.store.hashLo(id) });
      const h = nodeHash(value);
      h.store = this.mark;
      h.id = id;
    }
    this.hold(id, value);
    return value;
  }

  private hold(id: number, value: unknown): void {
    if (this.heldCount >= MAX_HELD) {
      this.held = [];
      this.heldCount = 0;
    }
    if (this.held[id] === undefined) this.heldCount++;
    this.held[id] = value;
  }
}

/**
 * Whether `a` and `b` are the same value, as far as cheaply known: never true for
 * different values, and false only rarely for equal ones (immutable.js compares plain
 * objects inside its collections by reference), which then get two ids.
 */
function sameStructure(a: unknown, b: unknown): boolean {
  if (a === b) return true;
  if (typeof a !== 'object' || a === null || typeof b !== 'object' || b === null) return false;
  const proto: unknown = Object.getPrototypeOf(a);
  if (proto !== Object.getPrototypeOf(b)) return false;
  if (proto === MAP_PROTO || proto === SET_PROTO) {
    const fast = sameSmallTrie(a as MapInternals, b as MapInternals, proto === MAP_PROTO);
    if (fast !== undefined) return fast;
  } else if (proto === LIST_PROTO) {
    const x = a as List<unknown>;
    const y = b as List<unknown>;
    if (x.size !== y.size) return false;
    for (let i = 0; i < x.size; i++) if (!sameStructure(x.get(i), y.get(i))) return false;
    return true;
  }
  if (isPlainArray(a)) {
    if (!isPlainArray(b) || a.length !== b.length) return false;
    for (let i = 0; i < a.length; i++) if (!sameStructure(a[i], b[i])) return false;
    return true;
  }
  if (isPlainRecord(a)) {
    if (!isPlainRecord(b)) return false;
    const keys = Object.keys(a);
    if (keys.length !== Object.keys(b).length) return false;
    for (const k of keys) if (!Object.hasOwn(b, k) || !sameStructure(a[k], b[k])) return false;
    return true;
  }
  return is(a, b);
}

/**
 * Small immutable.js maps and sets keep their entries in one array (a few servers,
 * messages, resource managers): compared entry by entry, keys by identity (a value and
 * its copy mostly share their keys: strings, hash-consed records). Undefined when the
 * collections are not so shaped, or a key is matched by no identical one: then
 * immutable.js's own equality decides.
 */
function sameSmallTrie(a: MapInternals, b: MapInternals, keyed: boolean): boolean | undefined {
  if (a.size !== b.size) return false;
  const x = (keyed ? a : a._map)?._root?.entries;
  const y = (keyed ? b : b._map)?._root?.entries;
  if (!Array.isArray(x) || !Array.isArray(y) || x.length !== a.size || y.length !== b.size) return undefined;
  for (let i = 0; i < x.length; i++) {
    const e = x[i] as TrieEntry;
    let match: TrieEntry | undefined;
    // Entries of a copy are mostly in the same places.
    const same = y[i] as TrieEntry;
    if (same[0] === e[0]) match = same;
    else for (let j = 0; j < y.length && match === undefined; j++) if ((y[j] as TrieEntry)[0] === e[0]) match = y[j] as TrieEntry;
    if (match === undefined) return undefined;
    if (keyed && !sameStructure(e[1], match[1])) return false;
  }
  return true;
}
