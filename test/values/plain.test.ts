// Plain objects and arrays (what immer's produce returns) as crank values: canonical
// fingerprints, the codec, printing, renaming under symmetry (src/values/plain.ts).
import { produce } from 'immer';
import { List, Map as IMap, Set as ISet } from 'immutable';
import { describe, expect, it } from 'vitest';
import { ByteReader, ByteWriter, decodeValue, encodeValue } from '../../src/values/codec.ts';
import { sameValue } from '../../src/values/equal.ts';
import { cachedHash, hashTuple, hashTupleRenamed, hashValue } from '../../src/values/hash.ts';
import { printValue } from '../../src/values/print.ts';
import { recordType } from '../../src/values/record.ts';
import { StateCodec } from '../../src/values/state-codec.ts';

const key = (v: unknown): string => {
  const h = hashValue(v);
  return `${h.hi}:${h.lo}`;
};

const Pair = recordType('PlainTest.Pair', { a: 0, b: 0 });

describe('fingerprints of plain values', () => {
  it('a record does not depend on the order of its keys, at any depth', () => {
    expect(key({ a: 1, b: 2 })).toBe(key({ b: 2, a: 1 }));
    expect(key({ x: { a: 1, b: [1, 2] }, y: 'r1' })).toBe(key({ y: 'r1', x: { b: [1, 2], a: 1 } }));
    expect(key(Object.assign(Object.create(null) as object, { b: 2, a: 1 }))).toBe(key({ a: 1, b: 2 }));
  });

  it('tell different values apart', () => {
    const values: unknown[] = [
      {}, [], { a: 1 }, { a: 2 }, { b: 1 }, { a: 1, b: 2 }, { a: 2, b: 1 }, { a: { a: 1 } }, { a: [1] },
      [1], [1, 2], [2, 1], [[1], 2], [1, [2]], [{ a: 1 }], ['a'], { a: 'b' }, { b: 'a' },
      IMap([['a', 1]]), ISet(['a']), Pair({ a: 1, b: 2 }), 'a', 1,
    ];
    expect(new Set(values.map(key)).size).toBe(values.length);
  });

  it('an array is the List with its elements (the same sequence)', () => {
    expect(key([1, 'r1', [2]])).toBe(key(List([1, 'r1', List([2])])));
    expect(sameValue([1, 2], List([1, 2]))).toBe(true);
  });

  it('a plain record is never a recordType record, nor a Map with string keys', () => {
    expect(key({ a: 1, b: 2 })).not.toBe(key(Pair({ a: 1, b: 2 })));
    expect(key({ a: 1, b: 2 })).not.toBe(key(IMap({ a: 1, b: 2 })));
    expect(sameValue({ a: 1, b: 2 }, Pair({ a: 1, b: 2 }))).toBe(false);
  });

  it('nest both ways with immutable.js collections', () => {
    const build = (order: number[]) => ({
      msgs: ISet(order.map((i) => Pair({ a: i, b: 0 }))),
      log: List(order.map((i) => ({ term: i }))),
      votes: IMap(order.map((i) => [`r${i}`, { granted: i > 1, at: [i] }])),
    });
    expect(key(build([1, 2, 3]))).not.toBe(key(build([3, 2, 1]))); // the List's order counts
    const a = { ...build([1, 2, 3]), log: List([{ term: 1 }]) };
    const b = { log: List([{ term: 1 }]), votes: IMap([3, 2, 1].map((i) => [`r${i}`, { at: [i], granted: i > 1 }])), msgs: ISet([3, 1, 2].map((i) => Pair({ a: i, b: 0 }))) };
    expect(key(a)).toBe(key(b));
    // immutable.js itself compares the plain values by reference: its `is` says no.
    expect(sameValue(a, b)).toBe(true);
  });

  it('freezes a plain value when it hashes it, and keeps its hash (immer shares what did not change)', () => {
    const s = { rm: { r1: 'working', r2: 'working' }, log: [1] };
    hashValue(s);
    expect(Object.isFrozen(s) && Object.isFrozen(s.rm) && Object.isFrozen(s.log)).toBe(true);
    expect(() => {
      (s.rm as { r1: string }).r1 = 'aborted';
    }).toThrow(TypeError);
    const t = produce(s, (d) => {
      d.log.push(2);
    });
    expect(t.rm).toBe(s.rm);
    expect(cachedHash(t.rm)).toMatchObject(hashValue(s.rm));
    expect(cachedHash(t)).toBeUndefined();
    expect(key(t)).toBe(key({ rm: { r2: 'working', r1: 'working' }, log: [1, 2] }));
  });

  it('rename member names in keys and values under symmetry, as renaming the value would', () => {
    const swap = new Map([
      ['r1', 'r2'],
      ['r2', 'r1'],
    ]);
    const state = [{ r1: 'leader', r2: 'follower' }, [{ to: 'r1', from: 'r2' }], ISet(['r1'])];
    const renamed = [{ r2: 'leader', r1: 'follower' }, [{ to: 'r2', from: 'r1' }], ISet(['r2'])];
    const a = new Int32Array(2);
    const b = new Int32Array(2);
    hashTupleRenamed(state, swap, 7001, a);
    hashTuple(renamed, b);
    expect([...a]).toEqual([...b]);
    hashTuple(state, b);
    expect([...a]).not.toEqual([...b]);
  });
});

describe('the codec and plain values', () => {
  it('round-trips them, nested with immutable.js values, frozen and in their key order', () => {
    const v = { b: [1, { y: ISet(['r1']), x: List([[2], {}]) }], a: IMap([['k', { z: null, w: true }]]), c: Pair({ a: 1, b: { n: -3 } as unknown as number }) };
    const w = new ByteWriter(8);
    encodeValue(w, v);
    const back = decodeValue(new ByteReader(w.take())) as typeof v;
    expect(key(back)).toBe(key(v));
    expect(Object.keys(back)).toEqual(['b', 'a', 'c']);
    expect(Object.keys(back.b[1] as object)).toEqual(['y', 'x']);
    expect(Object.isFrozen(back) && Object.isFrozen(back.b) && Object.isFrozen(back.b[1])).toBe(true);
    expect(Object.isFrozen((back.a.get('k') as object))).toBe(true);
    expect(Object.getPrototypeOf(back)).toBe(Object.prototype);
    expect(Array.isArray(back.b)).toBe(true);
    expect(printValue(back)).toBe(printValue(v));
  });

  it('a state codec gives back the states it encoded', () => {
    const codec = new StateCodec<{ rm: unknown; msgs: unknown }>(['rm', 'msgs']);
    const s = { rm: { r1: 'prepared', r2: 'working' }, msgs: [{ type: 'Prepared', rm: 'r1' }] };
    const w = new ByteWriter();
    codec.encode(s, w);
    codec.encode(s, w);
    const r = new ByteReader(w.take());
    const first = codec.decode(r);
    const second = codec.decode(r);
    const f1 = new Int32Array(2);
    const f2 = new Int32Array(2);
    codec.fingerprint(s, f1);
    codec.fingerprint(first, f2);
    expect([...f2]).toEqual([...f1]);
    // Interned: equal bytes give back one object.
    expect(second.rm).toBe(first.rm);
    expect(Object.isFrozen(first.msgs)).toBe(true);
  });
});

describe('printing plain values', () => {
  it('as TLA+ records and sequences', () => {
    expect(printValue({ type: 'Prepared', rm: 'rm1' })).toBe('[type |-> Prepared, rm |-> rm1]');
    expect(printValue({ type: 'Prepared', rm: 'rm1' }, (s) => s.startsWith('rm'))).toBe('[type |-> "Prepared", rm |-> rm1]');
    expect(printValue([1, [2, 3], { a: List([4]) }])).toBe('<<1, <<2, 3>>, [a |-> <<4>>]>>');
    // TLA+ has no empty record: an empty object is the empty function.
    expect(printValue({})).toBe('<<>>');
    expect(printValue({ m: IMap([['r1', { ok: true }]]) })).toBe('[m |-> (r1 :> [ok |-> TRUE])]');
  });
});
