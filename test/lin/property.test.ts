// Property: a history produced by a sequential execution is always linearizable. Each
// generated history runs random operations one after another against the register spec
// (so every result is the true one), gives each operation a linearization point in that
// order and a random interval around it (so intervals overlap freely but stay consistent
// with the order), assigns processes so that each runs one operation at a time, and makes
// some operations pending (`info`, or no completion) and adds some `fail`ed ones that
// never took effect. A seeded generator keeps every run the same; the seed of a failing
// history is in the test's message.
//
// The converse guards the property from passing vacuously: the same histories with one
// read's result changed to a value never written are always rejected.
import { describe, expect, it } from 'vitest';
import { checkHistory, type HistoryEvent, type LinValue } from '../../src/lin/index.ts';
import { register } from '../../src/lin/specs.ts';
import type { Operation } from '../../src/lin/history.ts';
import { random } from './histories.ts';

interface Planned {
  f: string;
  key: string;
  input: LinValue;
  output: LinValue;
  call: number;
  point: number;
  ret: number; // Infinity: pending
  fail: boolean;
}

function sequentialHistory(seed: number): HistoryEvent[] {
  const rnd = random(seed);
  const pick = <T>(xs: readonly T[]): T => xs[Math.floor(rnd() * xs.length)]!;
  const n = 2 + Math.floor(rnd() * 12);
  const keys = ['x', 'y'].slice(0, 1 + Math.floor(rnd() * 2));
  const state = new Map<string, LinValue>();
  const planned: Planned[] = [];
  let time = 0;
  for (let i = 0; i < n; i++) {
    const key = pick(keys);
    const before = state.get(key) ?? null;
    const f = pick(['read', 'read', 'write', 'cas', 'append', 'add']);
    const fail = f !== 'read' && rnd() < 0.1;
    let input: LinValue = null;
    if (f === 'write') input = Math.floor(rnd() * 3);
    if (f === 'cas') input = [rnd() < 0.7 ? before : 9, Math.floor(rnd() * 3)];
    if (f === 'append') input = pick(['a', 'b']);
    if (f === 'add') input = 1;
    const op = { id: 0, process: '', f, key, input, output: undefined, call: 0, ret: 0 } satisfies Operation;
    let after = register.step(before, op);
    // A cas whose expectation does not hold fails (Jepsen's `fail`): it never takes effect.
    const failed = fail || after === undefined;
    if (failed) after = before;
    state.set(key, after!);
    time += 2;
    planned.push({ f, key, input, output: f === 'read' ? before : input, call: 0, point: time, ret: 0, fail: failed });
  }
  // Intervals around the points: call up to 6 before, return up to 6 after.
  for (const p of planned) {
    p.call = p.point - 1 - Math.floor(rnd() * 6);
    p.ret = rnd() < 0.1 ? Infinity : p.point + 1 + Math.floor(rnd() * 6);
  }
  // Processes: reuse one whose last operation has completed before this call.
  const busyUntil: number[] = [];
  const events: { time: number; order: number; e: HistoryEvent }[] = [];
  planned
    .map((p, i) => ({ p, i }))
    .sort((a, b) => a.p.call - b.p.call)
    .forEach(({ p, i }) => {
      let proc = busyUntil.findIndex((t) => t < p.call);
      if (proc === -1) proc = busyUntil.push(0) - 1;
      busyUntil[proc] = p.ret;
      const base = { process: `c${proc + 1}`, f: p.f, key: p.key };
      events.push({ time: p.call, order: i, e: { ...base, type: 'invoke', value: p.f === 'read' ? null : p.input } });
      if (p.ret !== Infinity) {
        const type = p.fail ? 'fail' : 'ok';
        events.push({ time: p.ret, order: i, e: { ...base, type, value: p.output } });
      } else if (rnd() < 0.5) {
        events.push({ time: 1e9 + i, order: i, e: { ...base, type: 'info', value: p.f === 'read' ? null : p.input } });
      }
    });
  // Equal times: order arbitrarily but fixed; a call and a return at one time may go either way
  // without breaking the order (the points are 2 apart and strictly inside the intervals).
  return events.sort((a, b) => a.time - b.time || a.order - b.order).map((x) => x.e);
}

const SEEDS = 600;

describe('a history produced by a sequential execution is always linearizable', () => {
  it(`${SEEDS} random histories are accepted`, () => {
    let pendingSeen = 0;
    for (let seed = 1; seed <= SEEDS; seed++) {
      const events = sequentialHistory(seed);
      if (events.some((e) => e.type === 'info')) pendingSeen++;
      const r = checkHistory(events);
      expect(r.linearizable, `seed ${seed}: ${JSON.stringify(events)}`).toBe(true);
    }
    expect(pendingSeen).toBeGreaterThan(10);
  });

  it('...and the same histories with one read returning a value never written are rejected', () => {
    let tried = 0;
    for (let seed = 1; seed <= SEEDS; seed++) {
      const events = sequentialHistory(seed);
      const i = events.findIndex((e) => e.type === 'ok' && e.f === 'read');
      if (i === -1) continue;
      tried++;
      const changed = events.map((e, j) => (j === i ? { ...e, value: 'never written' } : e));
      const r = checkHistory(changed);
      expect(r.linearizable, `seed ${seed}`).toBe(false);
      expect(r.explanation!.kind).toBe('values');
    }
    expect(tried).toBeGreaterThan(SEEDS / 2);
  });
});
