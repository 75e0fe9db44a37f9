// Whether two crank values are the same value, as the engine counts states.
//
// immutable.js's `is` is exact for immutable.js collections and records, but compares
// plain objects and arrays (src/values/plain.ts) by reference, also inside a Map's values
// or a List: two equal records built apart would differ. The engine tells states apart
// by their 64-bit hashes, so where `is` says no, the hashes decide.
import { is } from 'immutable';
import { hashValue } from './hash.ts';

export function sameValue(a: unknown, b: unknown): boolean {
  if (is(a, b)) return true;
  if (typeof a !== 'object' || a === null || typeof b !== 'object' || b === null) return false;
  const ha = hashValue(a);
  const hb = hashValue(b);
  return ha.hi === hb.hi && ha.lo === hb.lo;
}
