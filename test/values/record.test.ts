import { describe, expect, it } from 'vitest';
import { recordType } from '../../src/values/record.ts';

describe('recordType', () => {
  it('refuses a field name that immutable.js Records already use (it would read as their method)', () => {
    expect(() => recordType('AppendEntries', { prevIndex: 0, entries: 0 })).toThrow(/field name entries is taken by immutable.js Records/);
    expect(() => recordType('Accessors', { get: 0, set: 0 })).toThrow(/field names get, set are taken/);
  });

  it('takes ordinary field names, and returns the same type when asked again', () => {
    const A = recordType('PlainFields', { term: 0, index: 0 });
    expect(recordType('PlainFields', { term: 0, index: 0 })).toBe(A);
    expect(A({ term: 2 }).get('term')).toBe(2);
  });
});
