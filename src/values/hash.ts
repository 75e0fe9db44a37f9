// 64-bit structural hashing of crank values.
//
// The hash of a value depends only on the value, never on how it was built: sets and
// maps combine their entries' hashes with a commutative sum, so insertion order does
// not matter. Collections are immutable, so each node's hash is computed once and kept
// in a WeakMap; a successor state that shares most of its structure with its parent
// re-hashes only the nodes that changed. That cache is what makes fingerprinting cheap
// on the hot path (docs/design.md, "Values" and "Costs").
//
// The two 32-bit halves travel in module-level registers (`outHi`, `outLo`) rather than
// in allocated objects: this runs for every generated state.
import { Record as IRecord, isList, isMap, isSet, isRecord, isOrderedMap, isOrderedSet } from 'immutable';
import { LIST_PROTO, MAP_PROTO, SET_PROTO, type MapInternals, type TrieEntry, type TrieNode } from './immutable-internals.ts';
import { RECORD_VALUES, recordFields } from './record-registry.ts';
import { freezePlain, isPlainArray, isPlainRecord } from './plain.ts';
import type { Value } from './value.ts';

export interface Hash64 {
  readonly hi: number;
  readonly lo: number;
}

/**
 * What a collection node carries: its hash, and room for its id in a run's value store
 * (state-codec.ts fills both: `store` names the codec whose id it is, 0 for none), so
 * that one hidden property serves both.
 */
export interface NodeHash extends Hash64 {
  store: number;
  id: number;
}

const C1 = 0xcc9e2d51 | 0;
const C2 = 0x1b873593 | 0;
const M1 = 0x85ebca6b | 0;
const M2 = 0xc2b2ae35 | 0;

const TAG_NULL = 0x9e3779b1 | 0;
const TAG_FALSE = 0x7f4a7c15 | 0;
const TAG_TRUE = 0x2545f491 | 0;
const TAG_INT = 0x61c88647 | 0;
const TAG_FLOAT = 0x3c6ef372 | 0;
const TAG_STRING = 0x1f83d9ab | 0;
const TAG_LIST = 0x5be0cd19 | 0;
const TAG_MAP = 0x6a09e667 | 0;
const TAG_SET = 0x510e527f | 0;
const TAG_RECORD = 0x9b05688c | 0;
const TAG_TUPLE = 0x428a2f98 | 0;
const TAG_PLAIN_RECORD = 0x71374491 | 0;

/** Hash result registers, written by every hashing function below. */
let outHi = 0;
let outLo = 0;

function rotl(x: number, r: number): number {
  return (x << r) | (x >>> (32 - r));
}

/** murmur3's 32-bit finaliser: full avalanche on one lane. */
function fmix(h: number): number {
  h ^= h >>> 16;
  h = Math.imul(h, M1);
  h ^= h >>> 13;
  h = Math.imul(h, M2);
  h ^= h >>> 16;
  return h;
}

/** One murmur3 round: absorbs a 32-bit word into a lane. */
function absorb(h: number, k: number): number {
  k = Math.imul(k, C1);
  k = rotl(k, 15);
  k = Math.imul(k, C2);
  h ^= k;
  h = rotl(h, 13);
  return (Math.imul(h, 5) + 0xe6546b64) | 0;
}

// Sequential hashing state: two lanes with different seeds, each absorbing both halves
// of every child hash in a different order so the lanes do not move together.
let seqHi = 0;
let seqLo = 0;

function seqStart(tag: number, size: number): void {
  seqHi = absorb(tag, size);
  seqLo = absorb(~tag, size ^ 0x5bd1e995);
}

function seqAdd(hi: number, lo: number): void {
  seqHi = absorb(absorb(seqHi, hi), lo);
  seqLo = absorb(absorb(seqLo, lo), rotl(hi, 11));
}

function seqEnd(): void {
  const a = fmix(seqHi ^ rotl(seqLo, 16));
  const b = fmix(seqLo ^ Math.imul(a, 0x27d4eb2f));
  outHi = a;
  outLo = b;
}

// Each collection node carries its hash in a private class field: a field load is
// several times cheaper than a WeakMap lookup on this path. The field is added to the
// node through a base-class constructor that returns the node (a class field is then
// defined on whatever the base constructor returned). Unlike a symbol property, a
// private field is invisible to reflection (`Reflect.ownKeys`, deep equality in tests,
// spreading), so it can be added by V8's inline caches instead of through
// `Object.defineProperty`, a runtime call that took 6% of a raft run. Frozen nodes
// (tests freeze states to catch mutation) use the WeakMap instead: adding private
// fields to non-extensible objects is allowed today but may not stay so.
class ReturnsTarget {
  constructor(target: object) {
    return target;
  }
}

// HashSlot, EntrySlot and RenamedSlot are three classes written out, not one made by a
// factory: a factory's classes share their methods' code, so one inline cache would see
// three private names and go polymorphic on the hottest path of the run (with a factory,
// hash.ts took 21.1% of a raft s2-v1-t3 profile; with the three classes, 18.5%).

/** The hash a node carries. */
class HashSlot extends ReturnsTarget {
  #hash: NodeHash;
  private constructor(target: object, h: NodeHash) {
    super(target);
    this.#hash = h;
  }
  static get(v: object): NodeHash | undefined {
    return #hash in v ? (v as HashSlot).#hash : undefined;
  }
  /** `v` must not carry a hash yet. */
  static add(v: object, h: NodeHash): void {
    new HashSlot(v, h);
  }
}

const frozenCache = new WeakMap<object, NodeHash>();

function cached(v: object): NodeHash | undefined {
  return HashSlot.get(v) ?? frozenCache.get(v);
}

function remember(v: object, h: NodeHash): void {
  if (Object.isExtensible(v)) HashSlot.add(v, h);
  else frozenCache.set(v, h);
}
const stringCache = new Map<string, Hash64>();
const floatView = new Float64Array(1);
const floatWords = new Int32Array(floatView.buffer);

function hashString(s: string): void {
  const known = stringCache.get(s);
  if (known !== undefined) {
    outHi = known.hi;
    outLo = known.lo;
    return;
  }
  seqStart(TAG_STRING, s.length);
  for (let i = 0; i < s.length; i++) seqAdd(s.charCodeAt(i), i);
  seqEnd();
  // Strings in states are model values and field names: a small, fixed vocabulary.
  if (stringCache.size < 1 << 16) stringCache.set(s, { hi: outHi, lo: outLo });
}

function hashNumber(n: number): void {
  if ((n | 0) === n) {
    outHi = fmix(absorb(TAG_INT, n));
    outLo = fmix(absorb(~TAG_INT, n ^ 0x2f2f2f2f));
    return;
  }
  floatView[0] = n;
  seqStart(TAG_FLOAT, 2);
  seqAdd(floatWords[0]!, floatWords[1]!);
  seqEnd();
}

/**
 * Unordered combination: entries are hashed on their own and summed lane by lane, so
 * the result is independent of iteration order.
 */
type ChildHasher = (v: unknown) => void;

function hashUnordered(tag: number, size: number, forEach: (visit: (v: unknown, k: unknown) => void) => void, keyed: boolean, child: ChildHasher): void {
  let sumHi = 0;
  let sumLo = 0;
  forEach((v, k) => {
    if (keyed) {
      child(k);
      const kHi = outHi;
      const kLo = outLo;
      child(v);
      seqStart(tag, 2);
      seqAdd(kHi, kLo);
      seqAdd(outHi, outLo);
      seqEnd();
    } else {
      child(v);
      // Re-mix so that an element's contribution differs from its standalone hash.
      outHi = fmix(outHi ^ tag);
      outLo = fmix(outLo + tag);
    }
    sumHi = (sumHi + outHi) | 0;
    sumLo = (sumLo + outLo) | 0;
  });
  seqStart(tag, size);
  seqAdd(sumHi, sumLo);
  seqEnd();
}

/** Hashes a record of type `name` with these field values (declaration order). */
function hashRecordParts(name: string, values: readonly unknown[], child: ChildHasher): void {
  hashString(name);
  hashRecordFields(outHi, outLo, values, child);
}

// Child hashes wait on a stack while a record's sequence is built: hashing a child
// reuses the sequence registers, and may hash records itself (hence a stack, not one
// buffer). A record is built for every message a model sends: no array per record.
let partsStack = new Int32Array(256);
let partsTop = 0;

/** Hashes a record whose type name hashes to (nHi, nLo), with these field values. */
function hashRecordFields(nHi: number, nLo: number, values: readonly unknown[], child: ChildHasher): void {
  const n = values.length;
  const base = partsTop;
  if (base + 2 * n > partsStack.length) {
    const bigger = new Int32Array(2 * (base + 2 * n));
    bigger.set(partsStack);
    partsStack = bigger;
  }
  partsTop = base + 2 * n;
  for (let i = 0; i < n; i++) {
    child(values[i]);
    partsStack[base + 2 * i] = outHi;
    partsStack[base + 2 * i + 1] = outLo;
  }
  partsTop = base;
  const parts = partsStack;
  seqStart(TAG_RECORD, n);
  seqAdd(nHi, nLo);
  for (let i = base; i < base + 2 * n; i += 2) seqAdd(parts[i]!, parts[i + 1]!);
  seqEnd();
}

/** The hash of a record type's name, which every record of the type absorbs. */
export function hashRecordName(name: string): Hash64 {
  hashString(name);
  return { hi: outHi, lo: outLo };
}

/**
 * The hash `hashValue` gives a record of the type whose name hashes to `nameHash`
 * (hashRecordName) with these field values, without the record: recordType's factory
 * looks a record up by it before building one.
 */
export function hashRecordFieldsInto(nameHash: Hash64, values: readonly unknown[], out: Int32Array): void {
  hashRecordFields(nameHash.hi, nameHash.lo, values, hashInto);
  out[0] = outHi;
  out[1] = outLo;
}

/** Gives `v` its hash ahead of time (a value built knowing its hash, such as a record). */
export function rememberHash(v: object, h: Hash64): void {
  if (cached(v) !== undefined) return;
  remember(v, { hi: h.hi, lo: h.lo, store: 0, id: -1 });
}

/** The node's hash record, hashing it first if it has none. */
export function nodeHash(v: object): NodeHash {
  const known = cached(v);
  if (known !== undefined) return known;
  hashInto(v);
  return cached(v)!;
}

/** The hash cached on `v`, if it has one. */
export function cachedHash(v: object): Hash64 | undefined {
  return cached(v);
}

// ---- Collections, one function per kind --------------------------------------------
//
// immutable.js's plain Map, Set and List are recognised by their prototype first
// (immutable-internals.ts); subclasses and records take the predicates.

/** Hashes a collection node into the registers; `child` hashes each element. */
function hashCollection(v: object, child: ChildHasher): void {
  const proto: unknown = Object.getPrototypeOf(v);
  if (proto === MAP_PROTO) return hashMap(v, child);
  if (proto === SET_PROTO) return hashSet(v, child);
  if (proto === LIST_PROTO) return hashList(v, child);
  if (isRecord(v)) return hashRecord(v, child);
  if (isList(v)) return hashList(v, child);
  if (isOrderedMap(v) || isOrderedSet(v)) throw new TypeError('ordered immutable collections are not crank values');
  if (isMap(v)) return hashMap(v, child);
  if (isSet(v)) return hashSet(v, child);
  if (isPlainArray(v) || isPlainRecord(v)) return hashPlain(v, child);
  throw new TypeError(`not a crank value: ${(v as { constructor?: { name?: string } }).constructor?.name ?? 'object'}`);
}

/**
 * A plain array hashes as the List with its elements (the same sequence); a plain
 * object as a record of its own, its fields combined commutatively (key order does not
 * matter), each key hashed by `child` so that symmetry renames keys that are member
 * names. Both are frozen first (src/values/plain.ts says why).
 */
function hashPlain(v: object, child: ChildHasher): void {
  freezePlain(v);
  if (Array.isArray(v)) {
    const parts: number[] = new Array(v.length * 2);
    for (let i = 0; i < v.length; i++) {
      child(v[i]);
      parts[2 * i] = outHi;
      parts[2 * i + 1] = outLo;
    }
    seqStart(TAG_LIST, v.length);
    for (let i = 0; i < parts.length; i += 2) seqAdd(parts[i]!, parts[i + 1]!);
    seqEnd();
    return;
  }
  const rec = v as Record<string, unknown>;
  const keys = Object.keys(rec);
  hashUnordered(TAG_PLAIN_RECORD, keys.length, (visit) => {
    for (const k of keys) visit(rec[k], k);
  }, true, child);
}

function hashRecord(v: object, child: ChildHasher): void {
  const rec = v as unknown as IRecord<Record<string, unknown>>;
  // A record made by recordType's factory carries its field values; one made by
  // `set` does not, and is read field by field.
  const own = (v as { [RECORD_VALUES]?: readonly unknown[] })[RECORD_VALUES];
  hashRecordParts(IRecord.getDescriptiveName(rec), own ?? recordFields(rec).map((key) => rec.get(key)), child);
}

function hashList(v: object, child: ChildHasher): void {
  const list = v as unknown as { size: number; get(i: number): unknown };
  const parts: number[] = new Array(list.size * 2);
  for (let i = 0; i < list.size; i++) {
    child(list.get(i));
    parts[2 * i] = outHi;
    parts[2 * i + 1] = outLo;
  }
  seqStart(TAG_LIST, list.size);
  for (let i = 0; i < parts.length; i += 2) seqAdd(parts[i]!, parts[i + 1]!);
  seqEnd();
}

type ForEachable = { size: number; forEach(f: (v: unknown, k: unknown) => void): void };

function hashMap(v: object, child: ChildHasher): void {
  const map = v as unknown as ForEachable & MapInternals;
  if (sumTrie(map._root, true, TAG_MAP, child, map.size)) return;
  hashUnordered(TAG_MAP, map.size, (visit) => map.forEach(visit), true, child);
}

function hashSet(v: object, child: ChildHasher): void {
  const set = v as unknown as ForEachable & MapInternals;
  if (sumTrie(set._map?._root, false, TAG_SET, child, set.size)) return;
  hashUnordered(TAG_SET, set.size, (visit) => set.forEach(visit), false, child);
}

// ---- Walking immutable.js's hash trie ------------------------------------------------
//
// A Map's entries sit in a trie of nodes (immutable-internals.ts). Reading the trie
// directly costs no closure and no iterator per entry, where `forEach` allocates both;
// hashing is unordered, so the trie's order is as good as any. The walk is checked: if
// the nodes are not shaped as expected or the entries counted differ from the size
// (another immutable.js version), the caller hashes through `forEach` instead, which
// gives the same hash.

// The running sum and count of the walk in progress. Hashing an entry may hash nested
// collections, which walk too: each entry keeps the outer sum in locals meanwhile.
let trieHi = 0;
let trieLo = 0;
let trieCount = 0;

/** Hashes the trie's entries as hashUnordered would; false if the trie is not as expected. */
function sumTrie(root: TrieNode | undefined, keyed: boolean, tag: number, child: ChildHasher, size: number): boolean {
  trieHi = 0;
  trieLo = 0;
  trieCount = 0;
  if (root !== undefined && !walkNode(root, keyed, tag, child)) return false;
  if (trieCount !== size) return false;
  const hi = trieHi;
  const lo = trieLo;
  seqStart(tag, size);
  seqAdd(hi, lo);
  seqEnd();
  return true;
}

function walkNode(node: TrieNode, keyed: boolean, tag: number, child: ChildHasher): boolean {
  const entries = node.entries;
  if (Array.isArray(entries)) {
    for (let i = 0; i < entries.length; i++) addEntry(entries[i] as TrieEntry, keyed, tag, child);
    return true;
  }
  const entry = node.entry;
  if (Array.isArray(entry)) {
    addEntry(entry as TrieEntry, keyed, tag, child);
    return true;
  }
  const nodes = node.nodes;
  if (!Array.isArray(nodes)) return false;
  for (let i = 0; i < nodes.length; i++) {
    const c = nodes[i] as TrieNode | undefined;
    if (c !== undefined && !walkNode(c, keyed, tag, child)) return false;
  }
  return true;
}

/**
 * A map entry's contribution to its map's hash, on the entry: immutable.js copies a
 * map's entry array on `set` but keeps the [key, value] pairs it does not change, so a
 * successor's map re-hashes only the entries that changed. (A pair is only ever
 * changed in place inside a `withMutations` still running, and values are hashed only
 * once the model has returned them.) The one tag keyed entries are hashed under is
 * TAG_MAP; renamed hashing (symmetry) does not use it.
 */
class EntrySlot extends ReturnsTarget {
  #hash: Hash64;
  private constructor(target: object, h: Hash64) {
    super(target);
    this.#hash = h;
  }
  static get(e: object): Hash64 | undefined {
    return #hash in e ? (e as EntrySlot).#hash : undefined;
  }
  static add(e: object, h: Hash64): void {
    new EntrySlot(e, h);
  }
}

/** Adds one entry's contribution to the sum, exactly as hashUnordered does. */
function addEntry(e: TrieEntry, keyed: boolean, tag: number, child: ChildHasher): void {
  const hi = trieHi;
  const lo = trieLo;
  const count = trieCount;
  if (keyed) {
    const known = child === hashInto ? EntrySlot.get(e) : undefined;
    if (known !== undefined) {
      outHi = known.hi;
      outLo = known.lo;
    } else {
      child(e[0]);
      const kHi = outHi;
      const kLo = outLo;
      child(e[1]);
      seqStart(tag, 2);
      seqAdd(kHi, kLo);
      seqAdd(outHi, outLo);
      seqEnd();
      if (child === hashInto && Object.isExtensible(e)) EntrySlot.add(e, { hi: outHi, lo: outLo });
    }
  } else {
    child(e[0]);
    outHi = fmix(outHi ^ tag);
    outLo = fmix(outLo + tag);
  }
  trieHi = (hi + outHi) | 0;
  trieLo = (lo + outLo) | 0;
  trieCount = count + 1;
}

/** Hashes any value into the registers, using and filling the per-node cache. */
function hashInto(v: unknown): void {
  switch (typeof v) {
    case 'number':
      hashNumber(v);
      return;
    case 'string':
      hashString(v);
      return;
    case 'boolean':
      outHi = v ? TAG_TRUE : TAG_FALSE;
      outLo = v ? ~TAG_TRUE : ~TAG_FALSE;
      return;
    case 'object': {
      if (v === null) break;
      const hit = cached(v);
      if (hit !== undefined) {
        outHi = hit.hi;
        outLo = hit.lo;
        return;
      }
      hashCollection(v, hashInto);
      remember(v, { hi: outHi, lo: outLo, store: 0, id: -1 });
      return;
    }
    case 'undefined':
      break;
    default:
      throw new TypeError(`not a crank value: ${typeof v}`);
  }
  outHi = TAG_NULL;
  outLo = ~TAG_NULL;
}

// ---- Hashing under a renaming of model values (symmetry) ------------------------------
//
// Symmetry renames model values, and model values are strings. The hash of a renamed
// value is computed by substituting strings while hashing, exactly as hashing the
// renamed value would, but without building it. Each node keeps the renamed hashes it
// has had, by renaming key, beside its own hash.

type RenamedHashes = (number | Hash64)[];

/** The renamed hashes a node carries (a private field, as HashSlot). */
class RenamedSlot extends ReturnsTarget {
  #renamed: RenamedHashes;
  private constructor(target: object, known: RenamedHashes) {
    super(target);
    this.#renamed = known;
  }
  static get(v: object): RenamedHashes | undefined {
    return #renamed in v ? (v as RenamedSlot).#renamed : undefined;
  }
  static add(v: object, known: RenamedHashes): void {
    new RenamedSlot(v, known);
  }
}
const frozenRenamed = new WeakMap<object, RenamedHashes>();
let renaming: ReadonlyMap<string, string> = new Map();
let renamingKey = 0;

function hashRenamedInto(v: unknown): void {
  if (typeof v === 'string') {
    hashString(renaming.get(v) ?? v);
    return;
  }
  if (typeof v !== 'object' || v === null) {
    hashInto(v);
    return;
  }
  let known = RenamedSlot.get(v) ?? frozenRenamed.get(v);
  if (known !== undefined) {
    for (let k = 0; k < known.length; k += 2) {
      if (known[k] === renamingKey) {
        const h = known[k + 1] as Hash64;
        outHi = h.hi;
        outLo = h.lo;
        return;
      }
    }
  } else {
    known = [];
    if (Object.isExtensible(v)) RenamedSlot.add(v, known);
    else frozenRenamed.set(v, known);
  }
  hashCollection(v, hashRenamedInto);
  known.push(renamingKey, { hi: outHi, lo: outLo });
}

/**
 * The fingerprint `hashTuple` would give the tuple after renaming every string in
 * `substitution`'s domain. `key` must identify the substitution (renamed hashes are
 * cached under it).
 */
export function hashTupleRenamed(values: readonly unknown[], substitution: ReadonlyMap<string, string>, key: number, out: Int32Array): void {
  new TupleHashes(values.length).renamed(values, substitution, key, out);
}

/** Marks an element no tuple has held yet (no model value is this object). */
const NOT_YET = Symbol('none');

/**
 * Fingerprints of successive tuples of one length (a state's variables), reusing the
 * hash of each element that is the very value it was in the last tuple: successors of
 * one state share most of their variables with it and with each other. A tuple's hash is
 * a sum of its elements' contributions (tupleContribution), so a successor that changes
 * one variable costs one contribution, not a pass over all of them. A codec keeps one
 * for plain fingerprints, symmetry one per renaming: a renamed hash depends on the
 * renaming too.
 */
export class TupleHashes {
  private readonly last: unknown[];
  /** Element i's contribution to the sums: [2i] to the high lane, [2i+1] to the low. */
  private readonly contributions: Int32Array;
  private sumHi = 0;
  private sumLo = 0;

  constructor(length: number) {
    this.last = new Array<unknown>(length).fill(NOT_YET);
    this.contributions = new Int32Array(2 * length);
  }

  /** What hashTuple gives `values`, into out[0] (high word) and out[1] (low word). */
  fingerprint(values: readonly unknown[], out: Int32Array): void {
    this.update(values, hashInto, out);
  }

  /** What hashTupleRenamed gives `values`; use one TupleHashes per renaming `key`. */
  renamed(values: readonly unknown[], substitution: ReadonlyMap<string, string>, key: number, out: Int32Array): void {
    renaming = substitution;
    renamingKey = key;
    this.update(values, hashRenamedInto, out);
  }

  private update(values: readonly unknown[], child: ChildHasher, out: Int32Array): void {
    const last = this.last;
    const contributions = this.contributions;
    let sumHi = this.sumHi;
    let sumLo = this.sumLo;
    for (let i = 0; i < values.length; i++) {
      const v = values[i];
      if (v === last[i]) continue;
      child(v);
      tupleContribution(i);
      sumHi = (sumHi - contributions[2 * i]! + outHi) | 0;
      sumLo = (sumLo - contributions[2 * i + 1]! + outLo) | 0;
      contributions[2 * i] = outHi;
      contributions[2 * i + 1] = outLo;
      last[i] = v;
    }
    this.sumHi = sumHi;
    this.sumLo = sumLo;
    finishTuple(values.length, sumHi, sumLo, out);
  }
}

/** The 64-bit hash of one value. */
export function hashValue(v: Value | unknown): Hash64 {
  hashInto(v);
  return { hi: outHi, lo: outLo };
}

/**
 * Hashes a fixed-length tuple of values (a state's variables, in declaration order)
 * and leaves the result in `out[0]` (high word) and `out[1]` (low word): a TupleHashes
 * used once (fingerprinting many states, keep one).
 */
export function hashTuple(values: readonly unknown[], out: Int32Array): void {
  new TupleHashes(values.length).fingerprint(values, out);
}

/**
 * Turns the hash in the registers, of a tuple's element at `position`, into its
 * contribution to the tuple's hash (in the registers). Tuples sum contributions lane by
 * lane; mixing each hash with its position first is what keeps order in the sum.
 */
function tupleContribution(position: number): void {
  const hi = outHi;
  const lo = outLo;
  const seed = Math.imul(position + 1, 0x9e3779b9);
  outHi = fmix(absorb(absorb(TAG_TUPLE ^ seed, hi), lo));
  outLo = fmix(absorb(absorb(~TAG_TUPLE + seed, lo), rotl(hi, 11)));
}

/** The hash of a tuple of `n` elements whose contributions sum to (sumHi, sumLo). */
function finishTuple(n: number, sumHi: number, sumLo: number, out: Int32Array): void {
  seqStart(TAG_TUPLE, n);
  seqAdd(sumHi, sumLo);
  seqEnd();
  out[0] = outHi;
  out[1] = outLo;
}
