// Record types: TLA+ records with a fixed field order, as immutable.js Records.
//
// crank needs to rebuild a record from its encoding (frontier bytes, trace files), so
// every record type is registered here under its name. Field order is declaration
// order, which is also the order traces print fields in (raft.tla's order for raft).
import { Record as IRecord } from 'immutable';

export type RecordFactory<T extends object> = IRecord.Factory<T>;

/** What every immutable.js Record instance already has: not usable as field names. */
const RECORD_PROTOTYPE: object = Object.getPrototypeOf(IRecord({})());

const registry = new Map<string, { factory: RecordFactory<object>; fields: readonly string[] }>();

/** Defines (or returns the already defined) record type `name` with these fields and defaults. */
export function recordType<T extends object>(name: string, defaults: T): RecordFactory<T> {
  const fields = Object.keys(defaults);
  // immutable.js only warns, then the field reads as the Record's own method (`entries`).
  const reserved = fields.filter((f) => f in RECORD_PROTOTYPE);
  if (reserved.length > 0) {
    throw new Error(`record type ${name}: field name${reserved.length > 1 ? 's' : ''} ${reserved.join(', ')} ${reserved.length > 1 ? 'are' : 'is'} taken by immutable.js Records (methods such as entries, get, set); rename ${reserved.length > 1 ? 'them' : 'it'}`);
  }
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
