// The values a crank state may hold, and how to tell them apart at run time.
//
// A state is built from TLA+-like values: integers, strings (model values such as
// `r1` or `Follower`), booleans, and immutable.js collections standing for TLA+'s
// sequences (List), functions and bags (Map), sets (Set) and records (Record types
// made with `recordType`). Every value compares by value, so two states that hold
// equal values are the same state whatever order they were built in.
import { List, Map as IMap, Set as ISet, Record, isList, isMap, isSet, isRecord, isOrderedMap, isOrderedSet } from 'immutable';

export type Primitive = number | string | boolean | null;
export interface RecordValue {
  readonly [field: string]: unknown;
}
export type Value =
  | Primitive
  | List<Value>
  | IMap<Value, Value>
  | ISet<Value>
  | Record<object>;

export type ValueKind = 'null' | 'boolean' | 'number' | 'string' | 'list' | 'map' | 'set' | 'record';

/** Classifies a value; throws on anything outside the value universe. */
export function kindOf(v: unknown): ValueKind {
  if (v === null || v === undefined) return 'null';
  switch (typeof v) {
    case 'number':
      return 'number';
    case 'string':
      return 'string';
    case 'boolean':
      return 'boolean';
    case 'object':
      if (isRecord(v)) return 'record';
      if (isList(v)) return 'list';
      // Ordered collections would make equal TLA+ values print and encode differently.
      if (isOrderedMap(v) || isOrderedSet(v)) throw new TypeError('ordered immutable collections are not crank values');
      if (isMap(v)) return 'map';
      if (isSet(v)) return 'set';
      break;
  }
  throw new TypeError(`not a crank value: ${describe(v)}`);
}

function describe(v: unknown): string {
  if (typeof v === 'object' && v !== null) return v.constructor?.name ?? 'object';
  return typeof v;
}
