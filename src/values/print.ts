// Prints crank values the way TLA+ (and TLC) writes them: functions and bags as
// `(r1 :> 1 @@ r2 :> 2)`, an empty function as `<<>>`, sequences `<<a, b>>`, sets
// `{a, b}`, records `[f |-> v]` in declaration order, model values bare, TRUE/FALSE.
// Entries of sets and functions are printed in a canonical order (by printed form,
// numbers numerically) so that equal values always print alike.
import { Map as IMap, Record as IRecord, isList, isMap, isRecord, isSet } from 'immutable';
import { recordFields } from './record.ts';

export function printValue(v: unknown): string {
  switch (typeof v) {
    case 'number':
      return String(v);
    case 'string':
      return v;
    case 'boolean':
      return v ? 'TRUE' : 'FALSE';
    case 'object':
      if (v === null) return 'NULL';
      if (isRecord(v)) {
        const rec = v as IRecord<Record<string, unknown>>;
        return `[${recordFields(rec).map((f) => `${f} |-> ${printValue(rec.get(f))}`).join(', ')}]`;
      }
      if (isList(v)) return `<<${(v as Iterable<unknown>) && [...(v as Iterable<unknown>)].map(printValue).join(', ')}>>`;
      if (isMap(v)) {
        const entries = [...(v as IMap<unknown, unknown>).entries()];
        if (entries.length === 0) return '<<>>';
        return `(${sortedBy(entries, ([k]) => k).map(([k, x]) => `${printValue(k)} :> ${printValue(x)}`).join(' @@ ')})`;
      }
      if (isSet(v)) return `{${sortedBy([...(v as Iterable<unknown>)], (e) => e).map(printValue).join(', ')}}`;
  }
  return String(v);
}

function sortedBy<T>(items: T[], key: (t: T) => unknown): T[] {
  const keyed = items.map((item) => ({ item, k: key(item), s: printValue(key(item)) }));
  keyed.sort((a, b) => (typeof a.k === 'number' && typeof b.k === 'number' ? a.k - b.k : a.s < b.s ? -1 : a.s > b.s ? 1 : 0));
  return keyed.map((x) => x.item);
}
