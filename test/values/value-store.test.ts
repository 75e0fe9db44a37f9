// The frontier's state bytes are value ids in a store shared by a run's threads
// (src/values/value-store.ts, state-codec.ts). Two codecs on one store stand for two
// threads here; the engine tests run real worker threads on it.
import { produce } from 'immer';
import { List, Map as IMap, Set as ISet } from 'immutable';
import { describe, expect, it } from 'vitest';
import { ByteReader, ByteWriter } from '../../src/values/codec.ts';
import { hashValue } from '../../src/values/hash.ts';
import { recordType } from '../../src/values/record.ts';
import { StateCodec } from '../../src/values/state-codec.ts';
import { ValueStore } from '../../src/values/value-store.ts';
import { sameValue } from '../../src/values/equal.ts';

const Msg = recordType('ValueStoreTest.Msg', { mtype: 'Ping', mterm: 0 });

interface S {
  readonly term: number;
  readonly log: IMap<string, List<number>>;
  readonly msgs: ISet<unknown>;
  readonly [variable: string]: unknown;
}
const variables = ['term', 'log', 'msgs'];

/** A state built afresh each call: equal states, distinct objects. */
function state(term: number, entries: readonly number[], pings: readonly number[]): S {
  return {
    term,
    log: IMap([['r1', List(entries)], ['r2', List()]]),
    msgs: ISet(pings.map((t) => Msg({ mterm: t }))),
  };
}

function bytesOf(codec: StateCodec<S>, s: S): Uint8Array {
  const w = new ByteWriter(64);
  codec.encode(s, w);
  return w.take();
}

const decode = (codec: StateCodec<S>, bytes: Uint8Array): S => codec.decode(new ByteReader(bytes));

describe('the value store', () => {
  it('gives equal values built apart one id, so equal states have equal bytes', () => {
    const codec = new StateCodec<S>(variables);
    const a = bytesOf(codec, state(2, [1, 2], [1, 3]));
    const values = codec.store.count();
    const b = bytesOf(codec, state(2, [1, 2], [3, 1]));
    expect(b).toEqual(a);
    expect(codec.store.count()).toBe(values);
    // One varint per variable: the ids are small.
    expect(a.length).toBe(variables.length);
    expect(bytesOf(codec, state(2, [1, 2, 3], [1, 3]))).not.toEqual(a);
  });

  it('decodes to the very objects a thread holds, with their hashes', () => {
    const codec = new StateCodec<S>(variables);
    const original = state(1, [1], [1]);
    const bytes = bytesOf(codec, original);
    const x = decode(codec, bytes);
    const y = decode(codec, bytes);
    expect(x.log).toBe(y.log);
    expect(x.msgs).toBe(y.msgs);
    expect(sameValue(x.log, original.log)).toBe(true);
    expect(hashValue(x.msgs)).toEqual(hashValue(original.msgs));
  });

  it('lets another thread decode what one encoded, and share its ids', () => {
    const store = ValueStore.create();
    const one = new StateCodec<S>(variables, store);
    const other = new StateCodec<S>(variables, ValueStore.attach(store.buffers()));
    const s = state(3, [1, 1, 2], [2]);
    const bytes = bytesOf(one, s);
    const decoded = decode(other, bytes);
    for (const v of variables) expect(sameValue(decoded[v], s[v])).toBe(true);
    expect(hashValue(decoded.log)).toEqual(hashValue(s.log));
    // The other thread finds the values the first appended, and appends nothing.
    const count = store.count();
    expect(bytesOf(other, state(3, [1, 1, 2], [2]))).toEqual(bytes);
    expect(store.count()).toBe(count);
  });

  it('writes new values inline once the store is full, and still decodes them', () => {
    const codec = new StateCodec<S>(variables, ValueStore.create({ maxValues: 3 }));
    const states = [state(1, [1], [1]), state(2, [2], [2]), state(3, [1, 2], [1, 2]), state(4, [], [])];
    const encoded = states.map((s) => bytesOf(codec, s));
    expect(codec.store.count()).toBe(3);
    expect(encoded.at(-1)!.length).toBeGreaterThan(variables.length);
    encoded.forEach((bytes, i) => {
      const r = new ByteReader(bytes);
      const decoded = codec.decode(r);
      expect(r.pos).toBe(bytes.length);
      for (const v of variables) expect(sameValue(decoded[v], states[i]![v])).toBe(true);
      const skipped = new ByteReader(bytes);
      codec.skip(skipped);
      expect(skipped.pos).toBe(bytes.length);
    });
  });

  it('tells apart values that immutable.js orders or nests differently', () => {
    const codec = new StateCodec<{ v: unknown }>(['v']);
    const ids = (vs: unknown[]) => vs.map((v) => { const w = new ByteWriter(8); codec.encode({ v }, w); return w.take().join(','); });
    const [a, b, c, d, e] = ids([List([1, 2]), List([2, 1]), ISet([List([1])]), ISet([List([2])]), IMap([['k', ISet([1])]])]);
    expect(new Set([a, b, c, d, e]).size).toBe(5);
    // Equal, built in other orders: the same ids.
    expect(ids([ISet([List([1])]), IMap<string, ISet<number>>().set('k', ISet([1]))])).toEqual([c, e]);
  });

  it('shares ids between equal plain values (immer) built apart', () => {
    const codec = new StateCodec<{ rm: unknown }>(['rm']);
    const base: { readonly r1: string; readonly r2: string } = Object.freeze({ r1: 'working', r2: 'working' });
    const changed = produce(base, (d) => {
      d.r1 = 'prepared';
    });
    const again = produce(base, (d) => {
      d.r1 = 'prepared';
    });
    const w1 = new ByteWriter(8);
    const w2 = new ByteWriter(8);
    codec.encode({ rm: changed }, w1);
    codec.encode({ rm: again }, w2);
    expect(changed).not.toBe(again);
    expect(w2.take()).toEqual(w1.take());
  });
});
