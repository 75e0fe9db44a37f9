import { readdirSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { describe, expect, it } from 'vitest';
import { ChunkWriter, readEntry } from '../../checker/chunks.ts';
import { LevelQueue } from '../../checker/level-queue.ts';
import { parseSize } from '../../checker/limits.ts';
import { ByteReader } from '../../src/values/codec.ts';
import { StateCodec } from '../../src/values/state-codec.ts';
import { List, Map as IMap } from 'immutable';

describe('frontier', () => {
  const codec = new StateCodec<{ n: number; log: List<number>; bag: IMap<string, number> }>(['n', 'log', 'bag']);
  const stateOf = (i: number) => ({ n: i, log: List([i % 7, i % 3]), bag: IMap([[`m${i % 5}`, 1]]) });

  it('spills chunks past its memory budget and gives every state back', () => {
    const spillsBefore = readdirSync(tmpdir()).filter((f) => f.startsWith('crank-frontier-')).length;
    const q = new LevelQueue(8 * 1024);
    const w = new ChunkWriter(codec);
    for (let i = 0; i < 5000; i++) w.push(i, stateOf(i));
    for (const c of w.drain()) q.add(c);
    expect(q.bytesSpilled).toBeGreaterThan(0);
    expect(q.bytesInMemory).toBeLessThanOrEqual(8 * 1024);
    const back: number[] = [];
    for (let work = q.take(); work !== undefined; work = q.take()) {
      const r = new ByteReader(work.chunk.bytes);
      while (r.pos < r.end) {
        const n = readEntry(r, { number: 0, parentRank: -1, ordinal: 0 }).number;
        const s = codec.decode(r);
        expect(s.n).toBe(n);
        expect(s.log.equals(stateOf(n).log)).toBe(true);
        back.push(n);
      }
    }
    expect(back.sort((a, b) => a - b)).toEqual([...Array(5000).keys()]);
    q.dispose();
    expect(readdirSync(tmpdir()).filter((f) => f.startsWith('crank-frontier-')).length).toBe(spillsBefore);
  });

  it('decodes repeated values to the same object (interning)', () => {
    const w = new ChunkWriter(codec);
    w.push(0, stateOf(1));
    w.push(1, stateOf(6));
    const [chunk] = w.drain();
    const r = new ByteReader(chunk!.bytes);
    readEntry(r, { number: 0, parentRank: -1, ordinal: 0 });
    const a = codec.decode(r);
    readEntry(r, { number: 0, parentRank: -1, ordinal: 0 });
    const b = codec.decode(r);
    expect(a.bag).toBe(b.bag);
    expect(a.log).not.toBe(b.log);
  });

  it('parses memory sizes', () => {
    expect(parseSize('512M')).toBe(512 * 1024 ** 2);
    expect(parseSize('2G')).toBe(2 * 1024 ** 3);
    expect(parseSize('1.5GiB')).toBe(1.5 * 1024 ** 3);
    expect(parseSize('lots')).toBeUndefined();
    expect(parseSize('0')).toBeUndefined();
  });
});
