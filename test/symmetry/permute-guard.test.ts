// The symmetry guard checks a hand-written `permute` (issue 11, item 4): a model whose
// permute forgets to rename inside its message set, or is no bijection, is refused with
// one line naming the group and the swap (exit 2), never checked to a wrong orbit count.
import { mkdtempSync, rmSync, symlinkSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { Map as IMap, Set as ISet } from 'immutable';
import { afterAll, describe, expect, it } from 'vitest';
import { check, SymmetryError } from '../../checker/check.ts';
import { BufferIo } from '../../src/cli/io.ts';
import { main } from '../../src/cli/main.ts';
import { buildModel } from '../../src/models.ts';
import type { Spec, State } from '../../src/spec.ts';

// A CommonJS folder (no package.json) with immutable installed, as a user's: here a link
// to the repository's node_modules (rmSync removes the link, not what it points to).
const dir = mkdtempSync(join(tmpdir(), 'crank-permute-guard-'));
symlinkSync(fileURLToPath(new URL('../../node_modules', import.meta.url)), join(dir, 'node_modules'), 'dir');
afterAll(() => rmSync(dir, { recursive: true, force: true }));
const crankEntry = fileURLToPath(new URL('../../src/index.ts', import.meta.url));

// Processes ping each other: a ping from i to j is in flight at most once (the message
// set), and a process takes at most two pings. The processes are interchangeable, and
// members appear only as names, but the model leaves membersByName unset, so the engine
// renames states with the model's own permute: the case the guard must check.
const modelFile = join(dir, 'pings.ts');
writeFileSync(
  modelFile,
  `import { defineModel, recordType } from ${JSON.stringify(crankEntry)};
import { Map as IMap, Set as ISet } from 'immutable';
const Ping = recordType('PermuteGuardPing', { from: '', to: '' });
type Ping = ReturnType<typeof Ping>;
interface Pings { got: IMap<string, number>; msgs: ISet<Ping> }
interface Step { type: 'Send' | 'Receive'; from: string; to: string }
export default defineModel<Pings, Step>({
  name: 'pings',
  params: { procs: { description: 'processes', default: 3, min: 2, max: 3 } },
  variants: {
    'forgets-messages': 'permute renames the processes but not the pings in flight',
    'not-bijective': "permute renames a ping's receiver as its sender",
  },
  build: ({ procs }, variant) => {
    const P = ['p1', 'p2', 'p3'].slice(0, procs);
    return {
      variables: ['got', 'msgs'],
      initialStates: () => [{ got: IMap(P.map((p) => [p, 0] as [string, number])), msgs: ISet<Ping>() }],
      events: () => P.flatMap((i) => P.filter((j) => j !== i).flatMap((j) => [{ type: 'Send' as const, from: i, to: j }, { type: 'Receive' as const, from: i, to: j }])),
      next: (s: Pings, e: Step): Pings[] => {
        const m = Ping({ from: e.from, to: e.to });
        if (e.type === 'Send') return s.msgs.has(m) ? [] : [{ ...s, msgs: s.msgs.add(m) }];
        return s.msgs.has(m) && s.got.get(e.to)! < 2 ? [{ got: s.got.update(e.to, (n) => n! + 1), msgs: s.msgs.delete(m) }] : [];
      },
      invariants: { AtMostTwo: (s: Pings) => s.got.every((n) => n <= 2) },
      checkDeadlock: false,
      symmetry: {
        groups: [{ name: 'procs', members: P }],
        permute: (s: Pings, perms: readonly (readonly number[])[]): Pings => {
          const rename = (x: string): string => P[perms[0]![P.indexOf(x)]!]!;
          const got = IMap(s.got.toArray().map(([p, n]) => [rename(p), n] as [string, number]));
          if (variant === 'forgets-messages') return { got, msgs: s.msgs };
          const to = (m: Ping): string => (variant === 'not-bijective' ? rename(m.from) : rename(m.to));
          return { got, msgs: s.msgs.map((m) => Ping({ from: rename(m.from), to: to(m) })) };
        },
      },
    };
  },
});
`,
);

interface Ping {
  readonly from: string;
  readonly to: string;
}

/** All reachable states, breadth-first, by the model's own functions (no engine). */
function reachable(spec: Spec): State[] {
  const key = (s: State): string => JSON.stringify([(s['got'] as IMap<string, number>).sortBy((_, k) => k).toArray(), (s['msgs'] as ISet<Ping>).map((m) => `${m.from}>${m.to}`).sort().toArray()]);
  const seen = new Map<string, State>();
  let frontier = [...spec.initialStates()];
  for (const s of frontier) seen.set(key(s), s);
  while (frontier.length > 0) {
    const next: State[] = [];
    for (const s of frontier) {
      for (const e of spec.events(s)) {
        for (const t of spec.next(s, e)) {
          if (seen.has(key(t))) continue;
          seen.set(key(t), t);
          next.push(t);
        }
      }
    }
    frontier = next;
  }
  return [...seen.values()];
}

function permutations(xs: readonly string[]): string[][] {
  if (xs.length <= 1) return [[...xs]];
  return xs.flatMap((x, i) => permutations([...xs.slice(0, i), ...xs.slice(i + 1)]).map((rest) => [x, ...rest]));
}

/**
 * The number of orbits, by brute force and without the model's permute: a state's
 * orbit is named by the least printing of its renamings under every permutation.
 */
function orbitCount(states: readonly State[], procs: readonly string[]): number {
  const renamings = permutations(procs).map((image) => new Map(procs.map((p, i) => [p, image[i]!])));
  const printed = (s: State, r: Map<string, string>): string => {
    const got = s['got'] as IMap<string, number>;
    const counts = procs.map((q) => got.findKey((_, p) => r.get(p) === q));
    const msgs = (s['msgs'] as ISet<Ping>).toArray().map((m) => `${r.get(m.from)}>${r.get(m.to)}`);
    return `${counts.map((p) => got.get(p!)).join(',')}|${msgs.sort().join(',')}`;
  };
  const orbits = new Set(states.map((s) => renamings.map((r) => printed(s, r)).sort()[0]));
  return orbits.size;
}

async function run(words: string[]): Promise<{ code: number; out: string; err: string }> {
  const io = new BufferIo();
  const code = await main(words, io);
  return { code, out: io.stdout, err: io.stderr };
}

describe("the symmetry guard checks the model's permute", () => {
  for (const procs of [2, 3]) {
    it(`a correct permute over ${procs} processes: passes, with the brute-force orbit count`, async () => {
      const { spec } = await buildModel(modelFile, { params: { procs } });
      const states = reachable(spec);
      const plain = await check(spec);
      expect(plain.distinct).toBe(states.length);
      const reduced = await check(spec, { symmetry: true });
      expect(reduced.verdict).toBe('ok');
      const orbits = orbitCount(states, ['p1', 'p2', 'p3'].slice(0, procs));
      expect(orbits).toBeLessThan(states.length);
      expect(reduced.distinct).toBe(orbits);
    });
  }

  it('a permute that forgets the message set: one line naming the group and the swap, exit 2', async () => {
    const r = await run(['check', modelFile, '--symmetry', '--variant', 'forgets-messages']);
    expect(r.code).toBe(2);
    const lines = r.err.split('\n').filter((l) => l.startsWith('crank:'));
    expect(lines).toHaveLength(1);
    expect(lines[0]).toMatch(/--symmetry is unsound for this model: swapping p\d and p\d \(group procs\): the successors of the renamed state are not the renamed successors: .* under event (Send|Receive)\(p\d, p\d\)/);
    expect(r.err).not.toMatch(/internal error|\n\s+at /);
    expect(r.out).not.toMatch(/No violation found/);
  });

  it('a permute that forgets the message set, from the library: SymmetryError', async () => {
    const { spec } = await buildModel(modelFile, { variant: 'forgets-messages' });
    await expect(check(spec, { symmetry: true })).rejects.toThrow(SymmetryError);
    // Without --symmetry the permute is never used: the model checks as before.
    expect((await check(spec)).verdict).toBe('ok');
  });

  it('a permute that is no bijection: SymmetryError naming the variable it loses', async () => {
    const { spec } = await buildModel(modelFile, { variant: 'not-bijective' });
    const refused = check(spec, { symmetry: true });
    await expect(refused).rejects.toThrow(SymmetryError);
    await expect(refused).rejects.toThrow(/swapping p\d and p\d \(group procs\): permute is not a bijection: renaming a state and renaming it back does not give the state \(variable msgs differs/);
  });

  it('initial states not closed under renaming: SymmetryError', async () => {
    const { spec } = await buildModel(modelFile, { params: { procs: 2 } });
    const lopsided: Spec = { ...spec, initialStates: () => [{ got: IMap({ p1: 1, p2: 0 }), msgs: ISet() }] };
    await expect(check(lopsided, { symmetry: true })).rejects.toThrow(/swapping p1 and p2 \(group procs\): the initial states are not closed under renaming: renamed, initial state 1 is no initial state/);
  });

  it('a next relation that treats one member apart: SymmetryError', async () => {
    const { spec } = await buildModel(modelFile, { params: { procs: 3 } });
    // p3 never sends: renaming is right, but the model is not symmetric.
    const biased: Spec = { ...spec, events: (s) => spec.events(s).filter((e) => (e as { from: string }).from !== 'p3') };
    await expect(check(biased, { symmetry: true })).rejects.toThrow(/\(group procs\): the successors of the renamed state are not the renamed successors/);
  });
});
