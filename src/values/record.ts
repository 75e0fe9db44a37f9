// Record types: TLA+ records with a fixed field order, as immutable.js Records.
//
// crank needs to rebuild a record from its encoding (frontier bytes, trace files), so
// every record type is registered under its name. Field order is declaration order,
// which is also the order traces print fields in (raft.tla's order for raft).
//
// Records are hash-consed: the factory looks the record up by its 64-bit structural
// hash and returns the one record already built with equal fields, so equal records
// made by the factory are one object. Each such record carries its hash and its field
// values, which makes what immutable.js does with records in sets and maps cheap:
// `hashCode` is a property load, `equals` is identity or a hash comparison (fields are
// compared only when the hashes agree), and `get` reads the field array. Plain
// immutable.js Records rebuild a keyed sequence for every hashCode and equals.
//
// Equality of records is by type and fields: records of two different types are never
// equal, even with the same field names and values (crank's hash tells them apart too).
import { is, Record as IRecord } from 'immutable';
import { cachedHash, hashRecordFieldsInto, hashRecordName, hashValue, rememberHash, type Hash64 } from './hash.ts';
import { RECORD_VALUES, recordTypeNamed, registerRecordType, type RecordFactory } from './record-registry.ts';

export { recordFields, recordTypeNamed, type RecordFactory } from './record-registry.ts';

/** What every immutable.js Record instance already has: not usable as field names. */
const RECORD_PROTOTYPE: object = Object.getPrototypeOf(IRecord({})());

/** Canonical records kept per type before the table is cleared (bounds its memory). */
const MAX_CANONICAL = 1 << 18;

/**
 * On a canonical record: the generation of its type's canonical table it was entered in.
 * Two distinct records entered in one generation are unequal (an equal one would have
 * been found and returned instead), which answers immutable.js's `equals` at once.
 */
const GENERATION = Symbol('crank.recordGeneration');

type Fields = { [RECORD_VALUES]?: readonly unknown[]; [GENERATION]?: number };
interface RecordProto {
  equals(this: object, other: unknown): boolean;
  hashCode(this: object): number;
  get(this: object, key: string, notSetValue?: unknown): unknown;
}

/** Defines (or returns the already defined) record type `name` with these fields and defaults. */
export function recordType<T extends object>(name: string, defaults: T): RecordFactory<T> {
  const fields = Object.keys(defaults);
  // immutable.js only warns, then the field reads as the Record's own method (`entries`).
  const reserved = fields.filter((f) => f in RECORD_PROTOTYPE);
  if (reserved.length > 0) {
    throw new Error(`record type ${name}: field name${reserved.length > 1 ? 's' : ''} ${reserved.join(', ')} ${reserved.length > 1 ? 'are' : 'is'} taken by immutable.js Records (methods such as entries, get, set); rename ${reserved.length > 1 ? 'them' : 'it'}`);
  }
  const known = recordTypeNamed(name);
  if (known !== undefined) {
    if (known.fields.join(',') !== fields.join(',')) {
      throw new Error(`record type ${name} is already defined with fields ${known.fields.join(', ')}`);
    }
    return known.factory as unknown as RecordFactory<T>;
  }
  const base = IRecord<T>(defaults, name);
  const proto = base.prototype as unknown as RecordProto;
  const defaultValues = fields.map((f) => (defaults as Record<string, unknown>)[f]);
  const index: Record<string, number> = Object.create(null);
  fields.forEach((f, i) => (index[f] = i));

  // Canonical records by the high word of their hash; equal hashes are checked field by
  // field, so two unequal records never share an entry.
  const canonical = new Map<number, object | object[]>();
  let canonicalCount = 0;
  let generation = 0;
  const hashOut = new Int32Array(2);
  const nameHash = hashRecordName(name);

  const fieldValues = (rec: object): readonly unknown[] => {
    const own = (rec as Fields)[RECORD_VALUES];
    if (own !== undefined) return own;
    const r = rec as unknown as { get(k: string): unknown };
    return fields.map((f) => r.get(f));
  };

  const sameFields = (a: readonly unknown[], b: readonly unknown[]): boolean => {
    for (let i = 0; i < a.length; i++) if (!is(a[i], b[i])) return false;
    return true;
  };

  const build = (values: readonly unknown[], h: Hash64): object => {
    const init: Record<string, unknown> = {};
    for (let i = 0; i < fields.length; i++) init[fields[i]!] = values[i];
    const rec = base(init as Partial<T>) as unknown as Fields & object;
    Object.defineProperty(rec, RECORD_VALUES, { value: values });
    Object.defineProperty(rec, GENERATION, { value: generation });
    // Own data properties shadow immutable.js's prototype getters: `rec.field` is a load.
    for (let i = 0; i < fields.length; i++) Object.defineProperty(rec, fields[i]!, { value: values[i] });
    rememberHash(rec, h);
    return rec;
  };

  // Records whose fields all hold primitives (message kinds, ids, small tuples of them)
  // are what models build most, often the same few again and again: they are found by
  // their field values' identity in a chain of Maps, one level per field, which costs a
  // few Map lookups where hashing costs a hash of every field and a comparison. The
  // chain holds canonical records only and is cleared with the table.
  let byPrimitives = new Map<unknown, unknown>();
  const allPrimitive = (values: readonly unknown[]): boolean => {
    for (let i = 0; i < values.length; i++) {
      const v = values[i];
      if (typeof v === 'object' ? v !== null : typeof v === 'function') return false;
    }
    return true;
  };
  const primitiveHit = (values: readonly unknown[]): object | undefined => {
    let level: unknown = byPrimitives;
    for (let i = 0; i < values.length && level !== undefined; i++) level = (level as Map<unknown, unknown>).get(values[i]);
    return level as object | undefined;
  };
  const notePrimitive = (values: readonly unknown[], rec: object): void => {
    let level = byPrimitives;
    for (let i = 0; i < values.length - 1; i++) {
      let inner = level.get(values[i]) as Map<unknown, unknown> | undefined;
      if (inner === undefined) level.set(values[i], (inner = new Map()));
      level = inner;
    }
    level.set(values[values.length - 1], rec);
  };

  const intern = (values: unknown[]): object => {
    const primitive = values.length > 0 && allPrimitive(values);
    if (primitive) {
      const hit = primitiveHit(values);
      if (hit !== undefined) return hit;
    }
    const rec = internByHash(values);
    if (primitive) notePrimitive(values, rec);
    return rec;
  };

  const internByHash = (values: unknown[]): object => {
    hashRecordFieldsInto(nameHash, values, hashOut);
    const hi = hashOut[0]!;
    const lo = hashOut[1]!;
    const slot = canonical.get(hi);
    if (slot !== undefined) {
      if (Array.isArray(slot)) {
        for (const r of slot) if (cachedHash(r)!.lo === lo && sameFields(fieldValues(r), values)) return r;
      } else if (cachedHash(slot)!.lo === lo && sameFields(fieldValues(slot), values)) return slot;
    }
    if (canonicalCount >= MAX_CANONICAL) {
      canonical.clear();
      byPrimitives = new Map();
      canonicalCount = 0;
      generation++;
    }
    const rec = build(values, { hi, lo });
    const again = canonical.get(hi);
    if (again === undefined) canonical.set(hi, rec);
    else if (Array.isArray(again)) again.push(rec);
    else canonical.set(hi, [again, rec]);
    canonicalCount++;
    return rec;
  };

  const factory = function (this: unknown, values?: unknown): object {
    if (values instanceof base) return values as object;
    const vals = defaultValues.slice();
    if (values !== undefined && values !== null) {
      const proto = Object.getPrototypeOf(values) as object | null;
      if (proto === Object.prototype || proto === null) {
        const obj = values as Record<string, unknown>;
        for (const key in obj) {
          const i = index[key];
          if (i !== undefined) vals[i] = obj[key];
        }
      } else {
        // A Map, an entry list or another record: immutable.js reads it.
        const r = base(values as Partial<T>) as unknown as { get(k: string): unknown };
        for (let i = 0; i < fields.length; i++) vals[i] = r.get(fields[i]!);
      }
    }
    return intern(vals);
  };
  factory.prototype = base.prototype;
  Object.defineProperty(factory, 'displayName', { value: name });

  proto.hashCode = function (this: object): number {
    // immutable.js asks for 32 bits; the low word of crank's 64-bit hash.
    return (cachedHash(this) ?? hashValue(this)).lo;
  };
  proto.equals = function (this: object, other: unknown): boolean {
    if (this === other) return true;
    // Records of one type share the prototype (`set` keeps it); other types never equal.
    if (typeof other !== 'object' || other === null || Object.getPrototypeOf(other) !== proto) return false;
    const g = (this as Fields)[GENERATION];
    if (g !== undefined && g === (other as Fields)[GENERATION]) return false;
    const a = cachedHash(this) ?? hashValue(this);
    const b = cachedHash(other) ?? hashValue(other);
    if (a.hi !== b.hi || a.lo !== b.lo) return false;
    return sameFields(fieldValues(this), fieldValues(other));
  };
  const genericGet = proto.get;
  proto.get = function (this: object, key: string, notSetValue?: unknown): unknown {
    const own = (this as Fields)[RECORD_VALUES];
    if (own === undefined) return genericGet.call(this, key, notSetValue);
    const i = index[key];
    return i === undefined ? notSetValue : own[i];
  };

  const result = factory as unknown as RecordFactory<T>;
  registerRecordType(name, { factory: result as unknown as RecordFactory<object>, fields });
  return result;
}
