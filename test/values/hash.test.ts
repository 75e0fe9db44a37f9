import { List, Map as IMap, Set as ISet } from 'immutable';
import { describe, expect, it } from 'vitest';
import { ByteReader, ByteWriter, decodeValue, encodeValue } from '../../src/values/codec.ts';
import { hashValue } from '../../src/values/hash.ts';
import { recordType } from '../../src/values/record.ts';
import { StateCodec } from '../../src/values/state-codec.ts';

const Msg = recordType('TestMsg', { mtype: 'Ping', mterm: 0 });

describe('fingerprints', () => {
  it('do not depend on insertion order of sets, maps and bags', () => {
    const a = IMap<unknown, unknown>().set('r1', ISet([1, 2, 3])).set('r2', 5).set(Msg({ mterm: 2 }), 1);
    const b = IMap<unknown, unknown>().set(Msg({ mterm: 2 }), 1).set('r2', 5).set('r1', ISet([3, 2, 1]));
    expect(hashValue(a)).toEqual(hashValue(b));
  });

  it('tell different values apart', () => {
    const values: unknown[] = [
      0, 1, -1, 2 ** 40, 0.5, '0', '1', 'r1', '', true, false, null,
      List(), ISet(), IMap(), List([1]), ISet([1]), IMap([[1, 1]]), IMap([[1, 2]]), IMap([[2, 1]]),
      List([1, 2]), List([2, 1]), ISet([1, 2]), ISet([List([1, 2])]), List([List([1]), 2]), List([1, List([2])]),
      Msg({ mterm: 1 }), Msg({ mterm: 2 }), Msg({ mtype: 'Pong', mterm: 1 }),
    ];
    const seen = new Set(values.map((v) => { const h = hashValue(v); return `${h.hi}:${h.lo}`; }));
    expect(seen.size).toBe(values.length);
  });

  it('are equal for states built in different orders', () => {
    const codec = new StateCodec<{ a: unknown; b: unknown }>(['a', 'b']);
    const f1 = new Int32Array(2);
    const f2 = new Int32Array(2);
    codec.fingerprint({ a: ISet(['x', 'y']), b: IMap([['k', 1], ['j', 2]]) }, f1);
    codec.fingerprint({ b: IMap([['j', 2], ['k', 1]]), a: ISet(['y', 'x']) }, f2);
    expect([...f1]).toEqual([...f2]);
    codec.fingerprint({ a: ISet(['x']), b: IMap([['j', 2], ['k', 1]]) }, f2);
    expect([...f1]).not.toEqual([...f2]);
  });

  it('spread well: 100k small maps give no 64-bit collision', () => {
    const seen = new Set<string>();
    for (let i = 0; i < 100_000; i++) {
      const h = hashValue(IMap([['a', i % 317], ['b', Math.floor(i / 317)]]));
      seen.add(`${h.hi}:${h.lo}`);
    }
    expect(seen.size).toBe(100_000);
  });
});

describe('binary codec', () => {
  it('round-trips every kind of value', () => {
    const v = List<unknown>([IMap([[Msg({ mterm: 3 }), 2]]), ISet(['a', List([1, 2])]), -7, 2 ** 45, 0.25, 'r1', true, false, null]);
    const w = new ByteWriter(4);
    encodeValue(w, v);
    const back = decodeValue(new ByteReader(w.take()));
    expect((back as List<unknown>).equals(v)).toBe(true);
    expect(hashValue(back)).toEqual(hashValue(v));
  });

  it('refuses values outside the universe', () => {
    expect(() => encodeValue(new ByteWriter(), new Date())).toThrow(/cannot encode/);
    expect(() => hashValue(new Date())).toThrow(/not a crank value/);
  });
});
