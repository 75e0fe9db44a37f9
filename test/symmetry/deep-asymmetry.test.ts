// The symmetry guard covers the whole search, not only its first states, and costs in
// proportion to it. Three counters count up; a model's asymmetry (in next, in permute,
// or in the constraint) shows only once their sum reaches `deep`, past the guard's
// pre-pass and past the first 1,000 states of the unreduced model, where the guard used
// to stop looking: it let the first three through, with a wrong orbit count.
import { mkdtempSync, rmSync, symlinkSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { afterAll, describe, expect, it } from 'vitest';
import { check, SymmetryError } from '../../checker/check.ts';
import { ThinningSample } from '../../checker/symmetry-guard.ts';
import { BufferIo } from '../../src/cli/io.ts';
import { main } from '../../src/cli/main.ts';
import { buildModel } from '../../src/models.ts';
import type { Spec, State } from '../../src/spec.ts';

const dir = mkdtempSync(join(tmpdir(), 'crank-deep-asymmetry-'));
symlinkSync(fileURLToPath(new URL('../../node_modules', import.meta.url)), join(dir, 'node_modules'), 'dir');
afterAll(() => rmSync(dir, { recursive: true, force: true }));
const crankEntry = fileURLToPath(new URL('../../src/index.ts', import.meta.url));

const modelFile = join(dir, 'counters.ts');
writeFileSync(
  modelFile,
  `import { defineModel } from ${JSON.stringify(crankEntry)};
import { Map as IMap } from 'immutable';
interface Counters { count: IMap<string, number>; last: string }
interface Inc { type: 'Inc'; proc: string }
const P = ['p1', 'p2', 'p3'];
const sum = (s: Counters): number => s.count.reduce((a, n) => a + n, 0);
export default defineModel<Counters, Inc>({
  name: 'counters',
  params: {
    max: { description: 'the largest count', default: 20, min: 1, max: 40 },
    deep: { description: 'the sum from which a variant is asymmetric', default: 18, min: 1, max: 120 },
    byName: { description: '1: declare membersByName', default: 0, min: 0, max: 1 },
  },
  variants: {
    'deep-next': 'p1 stops counting once the sum reaches deep',
    'deep-forgets': 'permute forgets to rename last once the sum reaches deep',
    'deep-lossy': 'permute loses last once the sum reaches deep (no bijection)',
    'deep-constraint': 'a constraint that orders p1 before p2 once the sum reaches deep',
  },
  build: ({ max, deep, byName }, variant) => ({
    variables: ['count', 'last'],
    initialStates: () => [{ count: IMap(P.map((p) => [p, 0] as [string, number])), last: 'none' }],
    events: () => P.map((proc) => ({ type: 'Inc' as const, proc })),
    next: (s: Counters, e: Inc): Counters[] => {
      if (s.count.get(e.proc)! >= max) return [];
      if (variant === 'deep-next' && e.proc === 'p1' && sum(s) >= deep) return [];
      return [{ count: s.count.update(e.proc, (n) => n! + 1), last: e.proc }];
    },
    invariants: {
      Bounded: (s: Counters) => s.count.every((n) => n <= max),
    },
    constraint: variant === 'deep-constraint' ? (s: Counters) => sum(s) < deep || s.count.get('p1')! <= s.count.get('p2')! : undefined,
    checkDeadlock: false,
    symmetry: {
      groups: [{ name: 'procs', members: P }],
      membersByName: byName === 1,
      permute: (s: Counters, perms: readonly (readonly number[])[]): Counters => {
        const rename = (x: string): string => (P.includes(x) ? P[perms[0]![P.indexOf(x)]!]! : x);
        const count = IMap(s.count.toArray().map(([p, n]) => [rename(p), n] as [string, number]));
        if (sum(s) >= deep && variant === 'deep-forgets') return { count, last: s.last };
        if (sum(s) >= deep && variant === 'deep-lossy') return { count, last: 'none' };
        return { count, last: rename(s.last) };
      },
    },
  }),
});
`,
);

const deep = 18;
/** Depth of the first state whose counts sum to `deep` (initial states are depth 1). */
const firstDeepDepth = deep + 1;

/** The number of states of the unreduced model reached before the first deep one, breadth-first. */
async function statesBeforeDeep(): Promise<number> {
  const { spec } = await buildModel(modelFile, {});
  return (await check(spec, { maxDepth: firstDeepDepth - 1 })).distinct;
}

const expected: Record<string, RegExp> = {
  'deep-next': /swapping p1 and p\d \(group procs\): the successors of the renamed state are not the renamed successors: .*under event Inc\(p\d\).*on a state at depth (\d+);/,
  'deep-forgets': /swapping p\d and p\d \(group procs\): the successors of the renamed state are not the renamed successors: .*under event Inc\(p\d\).*on a state at depth (\d+);/,
  'deep-lossy': /swapping p\d and p\d \(group procs\): permute is not a bijection: renaming a state and renaming it back does not give the state \(variable last differs, on a state at depth (\d+)\)/,
  'deep-constraint': /the state constraint is not symmetric in procs \(it names particular members\): swapping p\d and p\d \(group procs\) changes its answer on a state at depth (\d+)/,
};

describe('the symmetry guard covers the whole search', () => {
  it('the asymmetric states lie past the first 1,000 states, breadth-first', async () => {
    expect(await statesBeforeDeep()).toBeGreaterThan(1000);
  });

  it('a correct model passes, with fewer orbits than states', async () => {
    for (const byName of [0, 1]) {
      const { spec } = await buildModel(modelFile, { params: { byName } });
      const plain = await check(spec);
      const reduced = await check(spec, { symmetry: true });
      expect(reduced.verdict).toBe('ok');
      expect(reduced.distinct).toBeLessThan(plain.distinct / 4);
    }
  });

  for (const variant of Object.keys(expected)) {
    for (const workers of [1, 2]) {
      it(`${variant}, ${workers} worker${workers > 1 ? 's' : ''}: SymmetryError naming the swap, the event or variable, and a deep depth`, async () => {
        const { spec, source } = await buildModel(modelFile, { variant });
        // handOffAt 1: with 2 workers, every state past the initial one is a worker's.
        const r = check(spec, { symmetry: true, workers, source, handOffAt: 1 });
        await expect(r).rejects.toThrow(SymmetryError);
        const message = await r.then(() => 'no error', (e: Error) => e.message);
        const depth = Number(expected[variant]!.exec(message)?.[1]);
        expect(message).toMatch(expected[variant]!);
        expect(depth).toBeGreaterThanOrEqual(variant === 'deep-forgets' ? firstDeepDepth - 1 : firstDeepDepth);
      });
    }
  }

  it('a permute that disagrees with membersByName deep: SymmetryError', async () => {
    const { spec, source } = await buildModel(modelFile, { variant: 'deep-forgets', params: { byName: 1 } });
    for (const workers of [1, 2]) {
      await expect(check(spec, { symmetry: true, workers, source, handOffAt: 1 })).rejects.toThrow(
        /swapping p\d and p\d \(group procs\): the model declares membersByName, but renaming member names in a state does not give what its permute gives \(members must appear only as their names; on a state at depth (19|[2-9]\d)\)/,
      );
    }
  });

  it('from the command line: one line, exit 2', async () => {
    const io = new BufferIo();
    const code = await main(['check', modelFile, '--symmetry', '--variant', 'deep-next', '--workers', '2'], io);
    expect(code).toBe(2);
    const lines = io.stderr.split('\n').filter((l) => l.startsWith('crank:'));
    expect(lines).toHaveLength(1);
    expect(lines[0]).toMatch(expected['deep-next']!);
    expect(io.stderr).not.toMatch(/internal error|\n\s+at /);
    expect(io.stdout).not.toMatch(/No violation found/);
  });
});

describe("the symmetry guard's cost is in proportion to the search", () => {
  it('a thinning sample takes all of the first states, then half as many per doubling, down to its cap', () => {
    const taken = (dense: number, cap: number, n: number): number => {
      const sample = new ThinningSample(dense, cap);
      let k = 0;
      for (let i = 0; i < n; i++) if (sample.take()) k++;
      return k;
    };
    expect(taken(8, 512, 8)).toBe(8);
    expect(taken(8, 512, 16)).toBe(12);
    // 8, then 4 per doubling up to 4,096, then one in 512.
    expect(taken(8, 512, 4096)).toBe(8 + 4 * 9);
    expect(taken(8, 512, 4096 + 512 * 100)).toBe(8 + 4 * 9 + 100);
  });

  it('counted on a run: the guard expands and renames a small part of what the search does', async () => {
    // membersByName: the engine renames by substituting names, so every call of permute
    // is the guard's; the search calls events once per state it expands, the guard once
    // per state whose successors it compares (and in the pre-pass's breadth-first sample).
    // The runs have 1,093 and 7,801 orbits: the guard made 66 and 80 expansions, 171 and
    // 223 renamings; comparing successors on 1 state in 64, or the old 1,000-state
    // sample, would break these bounds.
    for (const max of [12, 24]) {
      const { spec } = await buildModel(modelFile, { params: { byName: 1, max, deep: 120 } });
      const calls = { events: 0, permute: 0 };
      const sym = spec.symmetry!;
      const counted: Spec = {
        ...spec,
        events: (s: State) => (calls.events++, spec.events(s)),
        symmetry: { ...sym, permute: (s: State, perms: readonly (readonly number[])[]) => (calls.permute++, sym.permute(s, perms)) },
      };
      const r = await check(counted, { symmetry: true });
      expect(r.verdict).toBe('ok');
      const guardExpansions = calls.events - r.distinct;
      expect(guardExpansions).toBeGreaterThan(0);
      expect(guardExpansions).toBeLessThanOrEqual(100 + r.distinct / 100);
      expect(calls.permute).toBeLessThanOrEqual(300 + r.distinct / 32);
    }
  });
});
