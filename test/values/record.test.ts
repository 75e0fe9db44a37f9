// recordType's records are hash-consed and carry their hash: equal records made by the
// factory are one object, and immutable.js's own lookups stay exact for records made
// any other way (set, a Map argument, decoding).
import { describe, expect, it } from 'vitest';
import { Map as IMap, Set as ISet, is, List } from 'immutable';
import { recordType } from '../../src/values/record.ts';
import { hashValue } from '../../src/values/hash.ts';
import { ByteReader, ByteWriter, decodeValue, encodeValue } from '../../src/values/codec.ts';

const Point = recordType('test.record.Point', { x: 0, y: 0 });
const Other = recordType('test.record.Other', { x: 0, y: 0 });
const Boxed = recordType('test.record.Boxed', { items: List<number>(), tag: '' });

describe('recordType records', () => {
  it('are one object for equal fields, whatever the field order or defaults', () => {
    expect(Point({ x: 1, y: 2 })).toBe(Point({ y: 2, x: 1 }));
    expect(Point({ x: 0 })).toBe(Point());
    expect(Point({ x: 1, y: 2 })).not.toBe(Point({ x: 2, y: 1 }));
    expect(Boxed({ items: List([1, 2]) })).toBe(Boxed({ items: List([1]).push(2) }));
  });

  it('read fields as properties and with get', () => {
    const p = Point({ x: 3, y: 4 });
    expect([p.x, p.y, p.get('x'), p.get('y'), p.get('z' as 'x', 9)]).toEqual([3, 4, 3, 4, 9]);
    expect(p.toObject()).toEqual({ x: 3, y: 4 });
  });

  it('compare by value with records made by set, from a Map, or decoded', () => {
    const p = Point({ x: 1, y: 2 });
    const viaSet = Point({ x: 1, y: 0 }).set('y', 2);
    const viaMap = Point(IMap({ x: 1, y: 2 }) as never);
    const w = new ByteWriter();
    encodeValue(w, p);
    const decoded = decodeValue(new ByteReader(w.take())) as typeof p;
    for (const q of [viaSet, viaMap, decoded]) {
      expect(is(p, q)).toBe(true);
      expect(is(q, p)).toBe(true);
      expect(q.hashCode()).toBe(p.hashCode());
      expect(hashValue(q)).toEqual(hashValue(p));
    }
    expect(ISet([p]).has(viaSet)).toBe(true);
    expect(IMap([[viaSet, 'a']]).get(p)).toBe('a');
    expect(is(p, Point({ x: 1, y: 3 }))).toBe(false);
    expect(is(viaSet.set('y', 3), p)).toBe(false);
  });

  it('of different types are never equal, even with the same fields', () => {
    expect(is(Point({ x: 1, y: 2 }), Other({ x: 1, y: 2 }))).toBe(false);
    expect(ISet([Point({ x: 1, y: 2 })]).has(Other({ x: 1, y: 2 }))).toBe(false);
    expect(hashValue(Point({ x: 1, y: 2 }))).not.toEqual(hashValue(Other({ x: 1, y: 2 })));
  });

  it('are sets elements and map keys like any value, in large collections too', () => {
    const many = ISet(Array.from({ length: 200 }, (_, i) => Point({ x: i, y: i % 7 })));
    expect(many.size).toBe(200);
    for (let i = 0; i < 200; i++) expect(many.has(Point({ x: i, y: i % 7 }))).toBe(true);
    expect(many.has(Point({ x: 5, y: 6 }))).toBe(false);
  });

  it('with primitive fields are one object per value, told apart by type and by field', () => {
    const Pair = recordType('test.record.Pair', { a: 0 as unknown, b: 0 as unknown });
    expect(Pair({ a: 'x', b: 1 })).toBe(Pair({ b: 1, a: 'x' }));
    expect(Pair({ a: NaN, b: -0 })).toBe(Pair({ a: NaN, b: 0 }));
    const distinct = [Pair({ a: 1, b: 2 }), Pair({ a: 2, b: 1 }), Pair({ a: '1', b: 2 }), Pair({ a: null, b: 2 }), Pair({ a: undefined, b: 2 }), Pair({ a: true, b: 2 })];
    for (let i = 0; i < distinct.length; i++) {
      for (let j = 0; j < distinct.length; j++) expect(is(distinct[i], distinct[j])).toBe(i === j);
    }
    // A field holding a collection takes the hash path: equal collections built apart
    // still give one record.
    expect(Pair({ a: List([1]), b: 1 })).toBe(Pair({ a: List([1]), b: 1 }));
    expect(Pair({ a: List([1]), b: 1 })).not.toBe(Pair({ a: 1, b: 1 }));
  });

  it('stay equal across a clearing of the canonical table (2^18 records of one type)', () => {
    const Cell = recordType('test.record.Cell', { n: 0 });
    const before = Cell({ n: -1 });
    for (let i = 0; i < 1 << 18; i++) Cell({ n: i });
    const after = Cell({ n: -1 });
    // A record built after the clearing is a new object, equal to the one built before.
    expect(after).not.toBe(before);
    expect(is(after, before)).toBe(true);
    expect(ISet([before]).has(after)).toBe(true);
    expect(is(after, Cell({ n: 0 }))).toBe(false);
    expect(is(Cell({ n: 1 }), Cell({ n: 2 }))).toBe(false);
  });
});
describe('recordType field names', () => {
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
