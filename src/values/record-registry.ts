// The registry of record types by name, and record fields in declaration order.
//
// A module of its own so that the hasher, the codec and the printers can read field
// order without importing `recordType` (which itself uses the hasher).
import { Record as IRecord } from 'immutable';

export type RecordFactory<T extends object> = IRecord.Factory<T>;

export interface RegisteredRecordType {
  readonly factory: RecordFactory<object>;
  readonly fields: readonly string[];
}

const registry = new Map<string, RegisteredRecordType>();

export function registerRecordType(name: string, type: RegisteredRecordType): void {
  registry.set(name, type);
}

export function recordTypeNamed(name: string): RegisteredRecordType | undefined {
  return registry.get(name);
}

/** The field names of a record value, in declaration order. */
export function recordFields<T extends object>(rec: IRecord<T>): readonly string[] {
  const name = IRecord.getDescriptiveName(rec as Parameters<typeof IRecord.getDescriptiveName>[0]);
  const known = registry.get(name);
  if (known !== undefined) return known.fields;
  return Object.keys(rec.toObject());
}

/**
 * Where a record built by recordType's factory keeps its field values, in declaration
 * order: read by `get`, equality and the hasher without going through immutable.js's
 * internal list.
 */
export const RECORD_VALUES = Symbol('crank.recordValues');
