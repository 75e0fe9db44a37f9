// The two-phase commit written with immer (plain objects and arrays, successors made
// with produce) explores exactly the immutable.js version's state space, which is TLC's,
// on one thread and on workers (whose states come back from the frontier's bytes); its
// broken variant's counterexample prints and replays in every trace format.
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { afterAll, describe, expect, it } from 'vitest';
import { check } from '../../checker/check.ts';
import { main } from '../../src/cli/main.ts';
import { BufferIo } from '../../src/cli/io.ts';
import type { Spec, State } from '../../src/spec.ts';
import { readItfStates } from '../../src/trace/itf.ts';
import { readCrankJson } from '../../src/trace/json.ts';
import { parseJson } from '../../src/tla/json.ts';
import { sameValue } from '../../src/values/equal.ts';
import { twoPhaseConfig, twoPhaseSource } from '../bench/two-phase-reference.ts';
import { buildTwoPhaseImmer } from './two-phase-immer.ts';

const modelFile = fileURLToPath(new URL('./two-phase-immer.ts', import.meta.url));
const immerSource = (rm: number) => ({ module: new URL('./two-phase-immer.ts', import.meta.url).href, exportName: 'buildTwoPhaseImmer', args: [rm] });
const dir = mkdtempSync(join(tmpdir(), 'crank-immer-'));
afterAll(() => rmSync(dir, { recursive: true, force: true }));

const figures = (r: { distinct: number; generated: number; depth: number }) => ({ distinct: r.distinct, generated: r.generated, depth: r.depth });

describe.each(['rm3', 'rm3-sym', 'rm4', 'rm4-sym'])('two-phase with immer, %s', (name) => {
  const ref = twoPhaseConfig(name);
  const tlc = { distinct: ref.distinct, generated: ref.generated, depth: ref.depth };

  it(`equals TLC and the immutable.js version: ${ref.distinct} distinct, ${ref.generated} generated, depth ${ref.depth}`, async () => {
    const r = await check(buildTwoPhaseImmer(ref.rm) as unknown as Spec<State, unknown>, { symmetry: ref.symmetry });
    expect(r.verdict).toBe('ok');
    expect(figures(r)).toEqual(tlc);
    const immutable = await check(twoPhaseSource(ref.rm).spec, { symmetry: ref.symmetry });
    expect(figures(immutable)).toEqual(tlc);
  });
});

// On workers, states come back from the frontier's bytes (decoded frozen); two
// configurations, with and without symmetry, keep the suite short.
describe.each(['rm4', 'rm3-sym'])('two-phase with immer on workers, %s', (name) => {
  const ref = twoPhaseConfig(name);
  const tlc = { distinct: ref.distinct, generated: ref.generated, depth: ref.depth };

  it('equals TLC on two workers, the model checked on every state', async () => {
    const r = await check(buildTwoPhaseImmer(ref.rm) as unknown as Spec<State, unknown>, {
      symmetry: ref.symmetry,
      workers: 2,
      handOffAt: 4,
      source: immerSource(ref.rm),
      checkModel: true,
    });
    expect(r.workers).toBe(2);
    expect(figures(r)).toEqual(tlc);
  });
});

describe('symmetry over sorted arrays', () => {
  it('is refused with membersByName: a renaming reorders a sorted array, which only permute sorts again', async () => {
    const spec = buildTwoPhaseImmer(3);
    const byName = { ...spec, symmetry: { ...spec.symmetry!, membersByName: true } };
    await expect(check(byName as unknown as Spec<State, unknown>, { symmetry: true })).rejects.toThrow(
      /the model declares membersByName, but renaming member names in a state does not give what its permute gives/,
    );
  });
});

async function crank(words: string[]): Promise<{ code: number; out: string; err: string }> {
  const io = new BufferIo();
  const code = await main(words, io);
  return { code, out: io.stdout, err: io.stderr };
}

describe('the broken variant (commit-unprepared)', () => {
  it('prints its counterexample with plain values as TLA+ records and sequences', async () => {
    const r = await crank(['check', modelFile, '--variant', 'commit-unprepared']);
    expect(r.code).toBe(1);
    expect(r.out).toContain('Invariant Consistent is violated; the behavior up to this point (4 states):');
    expect(r.out).toContain('    rmState = [rm1 |-> "working", rm2 |-> "working", rm3 |-> "working"]\n    tmState = "init"\n    tmPrepared = <<>>\n    msgs = <<>>');
    expect(r.out).toContain('State 4: RMRcvCommitMsg(rm2)\n  * rmState = [rm1 |-> "aborted", rm2 |-> "committed", rm3 |-> "working"]\n');
  });

  it.each(['json', 'itf', 'tla'])('writes it as %s, and replay accepts it for the variant only', async (format) => {
    const file = join(dir, `cex.${format}`);
    const written = await crank(['check', modelFile, '--variant', 'commit-unprepared', '--rm', '4', '--trace-format', format, '--out', file]);
    expect(written.code).toBe(1);
    const text = readFileSync(file, 'utf8');
    if (format === 'tla') expect(text).toContain('/\\ msgs = <<[type |-> "Commit"]>>');
    const ok = await crank(['replay', modelFile, file]);
    expect([ok.code, ok.out]).toEqual([0, expect.stringMatching(/Trace accepted: .* \(.*, 4 states\) is a behavior of two-phase-immer with --rm 4 --variant commit-unprepared\./)]);
    const bad = await crank(['replay', modelFile, file, '--base']);
    expect(bad.code).toBe(1);
    expect(bad.out).toContain('Trace rejected at state 2');
  });

  it('reads back, from json and itf, into the frozen plain values it came from', async () => {
    const r = await check(buildTwoPhaseImmer(3, 'commit-unprepared') as unknown as Spec<State, unknown>);
    const cex = r.violation!;
    for (const format of ['json', 'itf'] as const) {
      const file = join(dir, `back.${format}`);
      await crank(['check', modelFile, '--variant', 'commit-unprepared', '--trace-format', format, '--out', file]);
      const text = readFileSync(file, 'utf8');
      const states = format === 'itf' ? readItfStates(text).map((s) => s.state) : readCrankJson(text, parseJson(text)).states.map((s) => s.crank!);
      expect(states).toHaveLength(cex.steps.length);
      states.forEach((s, i) => {
        for (const v of ['rmState', 'tmState', 'tmPrepared', 'msgs']) expect(sameValue(s[v], cex.steps[i]!.state[v])).toBe(true);
        expect(Object.isFrozen(s['rmState']) && Object.isFrozen(s['msgs'])).toBe(true);
        expect(Array.isArray(s['msgs'])).toBe(true);
      });
    }
  });
});
