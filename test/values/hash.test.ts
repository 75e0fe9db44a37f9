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

  it('tell which variable holds which value, and agree with a fresh codec after any run of changes', () => {
    type S = { a: unknown; b: unknown; c: unknown };
    const running = new StateCodec<S>(['a', 'b', 'c']);
    const fp = (codec: StateCodec<S>, s: S): string => {
      const out = new Int32Array(2);
      codec.fingerprint(s, out);
      return `${out[0]}:${out[1]}`;
    };
    const x = ISet(['x']);
    const y = List([1, 2]);
    expect(fp(running, { a: x, b: y, c: 1 })).not.toBe(fp(running, { a: y, b: x, c: 1 }));
    expect(fp(running, { a: 1, b: 2, c: 3 })).not.toBe(fp(running, { a: 3, b: 2, c: 1 }));
    // The running codec reuses each unchanged variable's contribution: whatever changed
    // in between, it must give what a codec that never saw a state gives.
    const values: unknown[] = [x, y, 1, 2, 'r1', IMap([['k', x]]), Msg({ mterm: 3 }), null];
    for (let i = 0; i < 200; i++) {
      const s = { a: values[i % 8], b: values[(i * 3) % 8], c: values[(i * 5 + (i >> 3)) % 8] };
      expect(fp(running, s)).toBe(fp(new StateCodec<S>(['a', 'b', 'c']), s));
    }
  });

  it('hash maps and sets by content whatever the shape of their trie', () => {
    // Sizes past 8 entries leave immutable.js's flat node for its hash trie; past 16
    // children a level becomes a full array node; 'Aa' and 'BB' collide in immutable.js's
    // own string hash (a collision node); removals collapse nodes again.
    const seen = new Set<string>();
    for (const n of [0, 1, 2, 7, 8, 9, 16, 17, 40, 300]) {
      const keys = [...Array.from({ length: n }, (_, i) => `k${i}`), ...(n > 8 ? ['Aa', 'BB'] : [])];
      const forward = IMap(keys.map((k, i) => [k, i]));
      const backward = IMap<string, number>().withMutations((m) => { for (let i = keys.length - 1; i >= 0; i--) m.set(keys[i]!, i); });
      const viaRemoval = keys.reduce((m, k, i) => m.set(k, i), IMap<string, number>(keys.map((k) => [`${k}x`, 0]))).deleteAll(keys.map((k) => `${k}x`));
      expect(hashValue(backward)).toEqual(hashValue(forward));
      expect(hashValue(viaRemoval)).toEqual(hashValue(forward));
      expect(hashValue(ISet([...keys].reverse()))).toEqual(hashValue(ISet(keys)));
      for (const v of [forward, ISet(keys), ...(n > 0 ? [forward.set(keys[0]!, -1), ISet(keys).remove(keys[0]!)] : [])]) {
        const h = hashValue(v);
        seen.add(`${h.hi}:${h.lo}`);
      }
    }
    // Distinct contents, distinct hashes: 2 values for n = 0, 4 for each other n, and the
    // empty set twice (n = 0, and one element removed at n = 1).
    expect(seen.size).toBe(2 + 4 * 9 - 1);
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
