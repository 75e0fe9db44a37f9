// Record types: TLA+ records with a fixed field order, as immutable.js Records.
//
// crank needs to rebuild a record from its encoding (frontier bytes, trace files), so
// every record type is registered here under its name. Field order is declaration
// order, which is also the order traces print fields in (raft.tla's order for raft).
import { Record as IRecord } from 'immutable';

export type RecordFactory<T extends object> = IRecord.Factory<T>;

const registry = new Map<string, { factory: RecordFactory<object>; fields: readonly string[] }>();

/** Defines (or returns the already defined) record type `name` with these fields and defaults. */
export function recordType<T extends object>(name: string, defaults: T): RecordFactory<T> {
  const fields = Object.keys(defaults);
  const known = registry.get(name);
  if (known !== undefined) {
    if (known.fields.join(',') !== fields.join(',')) {
      throw new Error(`record type ${name} is already defined with fields ${known.fields.join(', ')}`);
    }
    return known.factory as unknown as RecordFactory<T>;
  }
  const factory = IRecord<T>(defaults, name);
  registry.set(name, { factory: factory as unknown as RecordFactory<object>, fields });
  return factory;
}

export function recordTypeNamed(name: string): { factory: RecordFactory<object>; fields: readonly string[] } | undefined {
  return registry.get(name);
}

/** The field names of a record value, in declaration order. */
export function recordFields<T extends object>(rec: IRecord<T>): readonly string[] {
  const name = IRecord.getDescriptiveName(rec as Parameters<typeof IRecord.getDescriptiveName>[0]);
  const known = registry.get(name);
  if (known !== undefined) return known.fields;
  return Object.keys(rec.toObject());
}
