import { List, Map as IMap } from 'immutable';
import { describe, expect, it } from 'vitest';
import { check } from '../../checker/check.ts';
import { orderingsBySignature, pairOrderings, SymmetryReducer } from '../../checker/symmetry.ts';
import type { Spec } from '../../src/spec.ts';
import { StateCodec } from '../../src/values/state-codec.ts';
import { raftPreset } from '../support/raft-source.ts';
import { buildRaftAbstract } from '../../spec/raft-abstract/model.ts';

describe('symmetry reduction', () => {
  it("counts exactly TLC's orbits on raft s2-v1-t2-l1-d1-m2: 7,651 distinct, depth 32", async () => {
    const { spec } = raftPreset('s2-v1-t2-l1-d1-m2');
    const r = await check(spec, { symmetry: true });
    expect([r.verdict, r.distinct, r.generated, r.depth]).toEqual(['ok', 7651, 76636, 32]);
    expect(r.stats['permutationsTried']! / r.stats['statesCanonicalized']!).toBeLessThan(1.5);
  });

  it('the allocation-free path for paired ties gives the same orderings as the general one', () => {
    const patternOf = (sigs: number[]) =>
      sigs.map((x, i) => 2 * sigs.filter((y) => y < x).length + (sigs.some((y, j) => j !== i && y === x) ? 1 : 0));
    const sorted = (ps: number[][]) => ps.map((p) => p.join()).sort();
    for (const sigs of [[5, 1, 3], [2, 2, 1], [1, 2, 2], [4, 1, 4], [1, 1, 2, 2], [3, 1, 3, 1, 9], [7, 8, 9, 10]]) {
      expect(sorted(pairOrderings(patternOf(sigs)))).toEqual(sorted(orderingsBySignature(sigs)));
    }
  });

  it('tries only the orderings among signature ties', () => {
    expect(orderingsBySignature([5, 1, 3])).toEqual([[2, 0, 1]]);
    expect(orderingsBySignature([2, 2, 1]).sort()).toEqual([[1, 2, 0], [2, 1, 0]]);
    expect(orderingsBySignature([0, 0, 0])).toHaveLength(6);
  });

  it('gives every permutation of a random reachable state the same canonical fingerprint', async () => {
    const { spec } = raftPreset('s3-v1-t2-l1-d1-m1');
    const sym = spec.symmetry!;
    const codec = new StateCodec(spec.variables);
    const reducer = new SymmetryReducer(sym, codec);
    const perms = [[0, 1, 2], [0, 2, 1], [1, 0, 2], [1, 2, 0], [2, 0, 1], [2, 1, 0]];
    // A seeded random walk collects varied states.
    let seed = 12345;
    const random = () => ((seed = (Math.imul(seed, 1103515245) + 12345) >>> 0) / 2 ** 32);
    let state = spec.initialStates()[0]!;
    const fp = new Int32Array(2);
    const other = new Int32Array(2);
    let checked = 0;
    for (let step = 0; step < 400; step++) {
      const succs = spec.events(state).flatMap((e) => spec.next(state, e)).filter((s) => spec.constraint!(s));
      if (succs.length === 0) state = spec.initialStates()[0]!;
      else state = succs[Math.floor(random() * succs.length)]!;
      const batch: number[] = [];
      sym.signatures!(state, 0, batch);
      expect(batch).toEqual([0, 1, 2].map((i) => sym.signature!(state, 0, i)));
      reducer.fingerprint(state, fp);
      for (const p of perms) {
        reducer.fingerprint(sym.permute(state, [p]), other);
        expect([...other]).toEqual([...fp]);
        checked++;
      }
    }
    expect(checked).toBe(2400);
  });

  it('prints concrete traces: every step is a real successor, as long as without symmetry', async () => {
    const { spec } = raftPreset('s2-v1-t2-l1-d1-m2');
    const leaderIn = (name: string, holds: (s: Record<string, unknown>) => boolean): Spec => ({ ...spec, invariants: { [name]: { description: name, holds } } });
    const cases: Spec[] = [
      leaderIn('NoLeader', (s) => !(s['state'] as IMap<string, string>).includes('Leader')),
      leaderIn('NoCommit', (s) => (s['commitIndex'] as IMap<string, number>).every((c) => c === 0)),
      leaderIn('ShortLogs', (s) => (s['log'] as IMap<string, List<unknown>>).every((l) => l.size === 0)),
    ];
    for (const model of cases) {
      const plain = await check(model);
      const reduced = await check(model, { symmetry: true });
      expect(reduced.verdict).toBe('violation');
      const steps = reduced.violation!.steps;
      expect(steps).toHaveLength(plain.violation!.steps.length);
      expect(model.initialStates()).toContainEqual(steps[0]!.state);
      for (let i = 1; i < steps.length; i++) {
        const before = steps[i - 1]!.state;
        const succs = model.events(before).flatMap((e) => model.next(before, e));
        expect(succs.some((s) => IMap(s).equals(IMap(steps[i]!.state)))).toBe(true);
      }
    }
  });

  it('5 servers: far fewer than 120 permutations per state, and the same orbits as trying all 120', async () => {
    const { spec } = raftPreset('s3-v1-t2-l1-d1-m1', { servers: 5 });
    const cheap = await check(spec, { symmetry: true, maxDepth: 7 });
    const bruteForce: Spec = { ...spec, symmetry: { ...spec.symmetry!, signature: undefined } };
    const all = await check(bruteForce, { symmetry: true, maxDepth: 7 });
    expect([cheap.distinct, cheap.generated, cheap.depth]).toEqual([all.distinct, all.generated, all.depth]);
    const perState = (r: typeof cheap) => r.stats['permutationsTried']! / r.stats['statesCanonicalized']!;
    expect(perState(cheap)).toBeLessThan(10);
    expect(perState(all)).toBeGreaterThan(1);
    const plain = await check(spec, { maxDepth: 7 });
    expect(cheap.distinct).toBeLessThan(plain.distinct / 10);
  });

  it('refuses a model that claims membersByName but refers to members by position', async () => {
    const positional = buildRaftAbstract({ servers: 3 }) as unknown as Spec;
    const claims: Spec = { ...positional, symmetry: { ...positional.symmetry!, membersByName: true } };
    await expect(check(claims, { symmetry: true })).rejects.toThrow(/declares membersByName, but renaming member names/);
    const honest = await check(positional, { symmetry: true });
    expect(honest.verdict).toBe('ok');
  });

  it('refuses an invariant that names a particular server', async () => {
    const { spec } = raftPreset('s2-v1-t2-l1-d1-m2');
    const biased: Spec = { ...spec, invariants: { R1NeverLeads: { description: 'r1 never leads', holds: (s) => (s['state'] as IMap<string, string>).get('r1') !== 'Leader' } } };
    await expect(check(biased, { symmetry: true })).rejects.toThrow(/--symmetry is unsound for this model: invariant R1NeverLeads is not symmetric/);
  });
});
