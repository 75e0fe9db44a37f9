// TLA+ values as TLC prints them, and the bridge from crank values.
//
// This is the value domain in which crank compares its states with TLC's: a trace read
// from TLC's output is a tree of these values, and so is a crank state after
// `fromCrank`. The domain is TLC's, not crank's, so some crank distinctions disappear:
// an empty Map and an empty List are both the empty function (TLC prints `<<>>`), and a
// Map whose keys are exactly 1..n is the sequence it equals in TLA+.
//
// Representation: integers are JS numbers, booleans JS booleans, model values (bare
// identifiers such as `r1`, `Follower`) JS strings; TLA+ strings ("...") and the
// collections are small tagged objects. Build collections with `tlaSet`, `tlaSeq`,
// `tlaFcn` and `tlaRec`, which normalise (sort and de-duplicate sets, turn a function
// on 1..n into a sequence), so that equal values have equal `canon` keys.
import { Record as IRecord, isList, isMap, isRecord, isSet, type List, type Map as IMap, type Set as ISet } from 'immutable';
import { isPlainArray, isPlainRecord } from '../values/plain.ts';
import { recordFields } from '../values/record.ts';

export interface TlaString {
  readonly t: 'str';
  readonly v: string;
}
export interface TlaSet {
  readonly t: 'set';
  /** Sorted by `compareTla`, no duplicates. */
  readonly elems: readonly TlaValue[];
}
export interface TlaSeq {
  readonly t: 'seq';
  readonly elems: readonly TlaValue[];
}
export interface TlaFcn {
  readonly t: 'fcn';
  /** Sorted by `compareTla`, distinct; never empty and never exactly 1..n (that is a TlaSeq). */
  readonly keys: readonly TlaValue[];
  readonly vals: readonly TlaValue[];
}
export interface TlaRec {
  readonly t: 'rec';
  /** Field names in printing order (a record type's declaration order). */
  readonly names: readonly string[];
  readonly vals: readonly TlaValue[];
}

export type TlaValue = number | boolean | string | TlaString | TlaSet | TlaSeq | TlaFcn | TlaRec;

const IDENT = /^[A-Za-z_][A-Za-z0-9_]*$/;
/** Words a model value may not be (they mean something else when printed bare). */
const RESERVED = new Set(['TRUE', 'FALSE', 'SUBSET', 'UNION', 'DOMAIN', 'MODULE', 'STATE', 'Nat', 'Int', 'BOOLEAN']);

/** Whether `s` can print as a bare model value. */
export function isModelValueName(s: string): boolean {
  return IDENT.test(s) && !RESERVED.has(s) && !/^[0-9_]+$/.test(s);
}

export function tlaString(v: string): TlaString {
  return { t: 'str', v };
}

// ---- Ordering ----------------------------------------------------------------------

const KIND_ORDER = { boolean: 0, number: 1, mv: 2, str: 3, seq: 4, fcn: 5, rec: 6, set: 7 } as const;

function kindRank(v: TlaValue): number {
  switch (typeof v) {
    case 'boolean':
      return KIND_ORDER.boolean;
    case 'number':
      return KIND_ORDER.number;
    case 'string':
      return KIND_ORDER.mv;
    default:
      return KIND_ORDER[v.t];
  }
}

/**
 * Model values compare by name, with runs of digits compared as numbers, so servers
 * order r1 < r2 < … < r10 as TLC orders them (TLC orders model values by creation,
 * which for `Server = {r1, r2, r3}` is this order).
 */
export function compareNames(a: string, b: string): number {
  if (a === b) return 0;
  const ra = /^(.*?)(\d+)$/.exec(a);
  const rb = /^(.*?)(\d+)$/.exec(b);
  if (ra && rb && ra[1] === rb[1]) {
    const d = Number(ra[2]) - Number(rb[2]);
    if (d !== 0) return d;
  }
  return a < b ? -1 : 1;
}

/**
 * A total order on TLA+ values, close to TLC's: numbers numerically, FALSE < TRUE,
 * sequences, sets and functions by size first and then element by element, records by
 * number of fields and then field by field. Values of different kinds (which TLC would
 * not compare) order by kind.
 */
export function compareTla(a: TlaValue, b: TlaValue): number {
  if (a === b) return 0;
  const ka = kindRank(a);
  const kb = kindRank(b);
  if (ka !== kb) return ka - kb;
  switch (typeof a) {
    case 'number':
      return a - (b as number);
    case 'boolean':
      return (a ? 1 : 0) - ((b as boolean) ? 1 : 0);
    case 'string':
      return compareNames(a, b as string);
  }
  switch (a.t) {
    case 'str': {
      const bv = (b as TlaString).v;
      return a.v === bv ? 0 : a.v < bv ? -1 : 1;
    }
    case 'seq':
    case 'set': {
      const be = (b as TlaSeq | TlaSet).elems;
      if (a.elems.length !== be.length) return a.elems.length - be.length;
      for (let i = 0; i < be.length; i++) {
        const c = compareTla(a.elems[i]!, be[i]!);
        if (c !== 0) return c;
      }
      return 0;
    }
    case 'fcn': {
      const bf = b as TlaFcn;
      if (a.keys.length !== bf.keys.length) return a.keys.length - bf.keys.length;
      for (let i = 0; i < bf.keys.length; i++) {
        const c = compareTla(a.keys[i]!, bf.keys[i]!) || compareTla(a.vals[i]!, bf.vals[i]!);
        if (c !== 0) return c;
      }
      return 0;
    }
    case 'rec': {
      const br = b as TlaRec;
      if (a.names.length !== br.names.length) return a.names.length - br.names.length;
      for (let i = 0; i < br.names.length; i++) {
        const an = a.names[i]!;
        const bn = br.names[i]!;
        if (an !== bn) return an < bn ? -1 : 1;
        const c = compareTla(a.vals[i]!, br.vals[i]!);
        if (c !== 0) return c;
      }
      return 0;
    }
  }
}

// ---- Constructors ------------------------------------------------------------------

/** The set of these elements: sorted, without duplicates. */
export function tlaSet(elems: readonly TlaValue[]): TlaSet {
  const keyed = elems.map((e) => ({ e, k: canon(e) }));
  keyed.sort((x, y) => compareTla(x.e, y.e) || (x.k < y.k ? -1 : x.k > y.k ? 1 : 0));
  const out: TlaValue[] = [];
  const seen = new Set<string>();
  for (const { e, k } of keyed) {
    if (seen.has(k)) continue;
    out.push(e);
    seen.add(k);
  }
  return { t: 'set', elems: out };
}

export function tlaSeq(elems: readonly TlaValue[]): TlaSeq {
  return { t: 'seq', elems };
}

/**
 * The function with these (key, value) pairs. A key given twice must map to equal
 * values (as in TLC's `@@`, the first wins otherwise). The empty function and a
 * function on exactly 1..n come back as the sequence they equal.
 */
export function tlaFcn(pairs: readonly (readonly [TlaValue, TlaValue])[]): TlaFcn | TlaSeq {
  const keyed = pairs.map(([k, v]) => ({ k, v, c: canon(k) }));
  keyed.sort((x, y) => compareTla(x.k, y.k) || (x.c < y.c ? -1 : x.c > y.c ? 1 : 0));
  const keys: TlaValue[] = [];
  const vals: TlaValue[] = [];
  const seen = new Set<string>();
  for (const { k, v, c } of keyed) {
    if (seen.has(c)) continue;
    keys.push(k);
    vals.push(v);
    seen.add(c);
  }
  if (keys.every((k, i) => k === i + 1)) return { t: 'seq', elems: vals };
  return { t: 'fcn', keys, vals };
}

export function tlaRec(names: readonly string[], vals: readonly TlaValue[]): TlaRec {
  return { t: 'rec', names, vals };
}

// ---- Canonical keys ------------------------------------------------------------------

const canonCache = new WeakMap<object, string>();

/**
 * A string that identifies the value: two values are equal in TLA+ exactly when their
 * keys are equal. Records key their fields in name order, so field order does not
 * matter, and sets and functions sort their elements by key.
 */
export function canon(v: TlaValue): string {
  switch (typeof v) {
    case 'number':
      return String(v);
    case 'boolean':
      return v ? 'TRUE' : 'FALSE';
    case 'string':
      return v;
  }
  const hit = canonCache.get(v);
  if (hit !== undefined) return hit;
  let out: string;
  switch (v.t) {
    case 'str':
      out = JSON.stringify(v.v);
      break;
    case 'set':
      // Sorted by key, not by compareTla: records that list their fields in different
      // orders are equal but may compare differently.
      out = `{${v.elems.map(canon).sort().join(',')}}`;
      break;
    case 'seq':
      out = `<<${v.elems.map(canon).join(',')}>>`;
      break;
    case 'fcn':
      out = `(${v.keys.map((k, i) => `${canon(k)}:>${canon(v.vals[i]!)}`).sort().join('@@')})`;
      break;
    case 'rec': {
      const fields = v.names.map((n, i) => `${n}|->${canon(v.vals[i]!)}`);
      fields.sort();
      out = `[${fields.join(',')}]`;
      break;
    }
  }
  canonCache.set(v, out);
  return out;
}

export function equalTla(a: TlaValue, b: TlaValue): boolean {
  return a === b || canon(a) === canon(b);
}

// ---- From crank values -----------------------------------------------------------------


/**
 * Which strings of a model are TLA+ model values (print bare) rather than TLA+ strings
 * (print quoted). A model says so with `Spec.modelValues`; without it, every
 * identifier-like string is taken for a model value.
 */
export type StringPolicy = (s: string) => boolean;

/** The policy of models that declare no `modelValues`: every identifier is a model value. */
export const IDENTIFIERS_ARE_MODEL_VALUES: StringPolicy = isModelValueName;

const policies = new WeakMap<readonly string[], StringPolicy>();

/** The policy of a model's `modelValues` declaration (one policy object per declaration). */
export function stringPolicyOf(spec: { readonly modelValues?: readonly string[] }): StringPolicy {
  const declared = spec.modelValues;
  if (declared === undefined) return IDENTIFIERS_ARE_MODEL_VALUES;
  let policy = policies.get(declared);
  if (policy === undefined) {
    const names = new Set(declared);
    policy = (s) => names.has(s);
    policies.set(declared, policy);
  }
  return policy;
}

// Converted collections, per policy: a Set holds strings that print differently under
// different policies.
const fromCaches = new WeakMap<StringPolicy, WeakMap<object, TlaValue>>();

/**
 * The TLA+ value a crank value stands for: List -> sequence, Map -> function (a bag is a
 * function to counts), Set -> set, Record -> record with the type's field order, a plain
 * array -> sequence, a plain object -> record in its own key order, string
 * -> model value or TLA+ string as `policy` says. Collections are cached, so converting
 * successive states that share structure is cheap.
 */
export function fromCrank(v: unknown, policy: StringPolicy = IDENTIFIERS_ARE_MODEL_VALUES): TlaValue {
  let cache = fromCaches.get(policy);
  if (cache === undefined) {
    cache = new WeakMap();
    fromCaches.set(policy, cache);
  }
  return convert(v, policy, cache);
}

function convert(v: unknown, policy: StringPolicy, cache: WeakMap<object, TlaValue>): TlaValue {
  switch (typeof v) {
    case 'number':
      return v;
    case 'boolean':
      return v;
    case 'string':
      return policy(v) && isModelValueName(v) ? v : tlaString(v);
    case 'object': {
      if (v === null) break;
      const hit = cache.get(v);
      if (hit !== undefined) return hit;
      const sub = (x: unknown): TlaValue => convert(x, policy, cache);
      let out: TlaValue;
      if (isRecord(v)) {
        const rec = v as IRecord<Record<string, unknown>>;
        const names = recordFields(rec);
        out = tlaRec(names, names.map((n) => sub(rec.get(n))));
      } else if (isList(v)) {
        out = tlaSeq((v as List<unknown>).toArray().map(sub));
      } else if (isMap(v)) {
        const pairs: [TlaValue, TlaValue][] = [];
        (v as IMap<unknown, unknown>).forEach((val, key) => {
          pairs.push([sub(key), sub(val)]);
        });
        out = tlaFcn(pairs);
      } else if (isSet(v)) {
        out = tlaSet((v as ISet<unknown>).toArray().map(sub));
      } else if (isPlainArray(v)) {
        // A plain (immer-made) array is a sequence.
        out = tlaSeq(v.map(sub));
      } else if (isPlainRecord(v)) {
        // A plain (immer-made) object is a record, its fields in the object's own order;
        // without fields it is the empty function, as TLA+ has no empty record.
        const names = Object.keys(v);
        out = names.length === 0 ? tlaSeq([]) : tlaRec(names, names.map((n) => sub(v[n])));
      } else break;
      cache.set(v, out);
      return out;
    }
  }
  if (v === null || v === undefined) return 'NULL';
  throw new TypeError(`not a crank value: ${typeof v}`);
}

/** A crank state as TLA+ values, variable by variable. */
export function stateFromCrank(variables: readonly string[], state: { readonly [v: string]: unknown }, policy?: StringPolicy): Map<string, TlaValue> {
  const out = new Map<string, TlaValue>();
  for (const name of variables) out.set(name, fromCrank(state[name], policy));
  return out;
}

/** Every model value that occurs in `v`, added to `into`. */
export function collectModelValues(v: TlaValue, into: Set<string>): Set<string> {
  if (typeof v === 'string') into.add(v);
  else if (typeof v === 'object') {
    switch (v.t) {
      case 'set':
      case 'seq':
        for (const e of v.elems) collectModelValues(e, into);
        break;
      case 'fcn':
        for (const k of v.keys) collectModelValues(k, into);
        for (const x of v.vals) collectModelValues(x, into);
        break;
      case 'rec':
        for (const x of v.vals) collectModelValues(x, into);
        break;
    }
  }
  return into;
}

/**
 * `v` with its strings re-read under `policy`: for formats that do not tell model values
 * from strings (ITF, crank's JSON), so that they compare with a model that declares
 * `modelValues`.
 */
export function restring(v: TlaValue, policy: StringPolicy): TlaValue {
  if (typeof v === 'string') return policy(v) ? v : tlaString(v);
  if (typeof v !== 'object') return v;
  switch (v.t) {
    case 'str':
      return policy(v.v) && isModelValueName(v.v) ? v.v : v;
    case 'set':
      return tlaSet(v.elems.map((e) => restring(e, policy)));
    case 'seq':
      return tlaSeq(v.elems.map((e) => restring(e, policy)));
    case 'fcn':
      return tlaFcn(v.keys.map((k, i) => [restring(k, policy), restring(v.vals[i]!, policy)] as const));
    case 'rec':
      return tlaRec(v.names, v.vals.map((x) => restring(x, policy)));
  }
}
