// The values a crank state may hold.
//
// A state is built from TLA+-like values: integers, strings (model values such as
// `r1` or `Follower`), booleans, and immutable.js collections standing for TLA+'s
// sequences (List), functions and bags (Map), sets (Set) and records (Record types
// made with `recordType`), and plain objects and arrays standing for records and
// sequences (what immer's `produce` returns; see plain.ts). Every value compares by
// value, so two states that hold equal values are the same state whatever order they
// were built in. Ordered immutable.js collections are not values: the hasher and the
// codec refuse them.
import type { List, Map as IMap, Set as ISet, Record } from 'immutable';

export type Primitive = number | string | boolean | null;
export type Value =
  | Primitive
  | List<Value>
  | IMap<Value, Value>
  | ISet<Value>
  | Record<object>
  | readonly Value[]
  | { readonly [field: string]: Value };
