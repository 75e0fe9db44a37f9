// Lasso counterexamples: the golden trace of the traffic light's liveness bug, every
// trace format writing the loop and reading it back, replay checking that the loop
// closes, and the command line's exit codes.
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { check } from '../../checker/check.ts';
import { specModuleUrl } from '../../spec/index.ts';
import { buildRaftAbstract } from '../../spec/raft-abstract/model.ts';
import { buildTrafficLight } from '../../spec/traffic-light/model.ts';
import type { Spec, State } from '../../src/spec.ts';
import { formatTrace } from '../../src/trace/output.ts';
import { readTrace } from '../../src/trace/read.ts';
import { replay } from '../../src/trace/replay.ts';
import type { Counterexample } from '../../src/trace/trace.ts';
import { crank } from '../support/run-cli.ts';

const scratch = mkdtempSync(join(tmpdir(), 'crank-lasso-'));
afterAll(() => rmSync(scratch, { recursive: true, force: true }));

async function lasso(spec: Spec<State, unknown>, property: string): Promise<Counterexample> {
  const r = await check(spec, { properties: [property] });
  expect(r.verdict).toBe('violation');
  return r.violation!;
}

const restarts = buildTrafficLight('press-restarts-timer') as unknown as Spec<State, unknown>;
const unfair = buildTrafficLight('no-fairness') as unknown as Spec<State, unknown>;

describe('lasso counterexamples', () => {
  it('press-restarts-timer: the golden lasso, a pedestrian pressing forever during north-south green', async () => {
    const cex = await lasso(restarts, 'ButtonServed');
    const golden = readFileSync(new URL('../../traces/traffic-light/press-restarts-timer.txt', import.meta.url), 'utf8');
    expect(formatTrace(restarts, cex, 'text')).toBe(golden);
    expect(golden).toContain('Back to state 39: press');
    // Safety still holds in the variant.
    expect((await check(restarts, { liveness: false })).verdict).toBe('ok');
  });

  it('without fairness the lasso stutters', async () => {
    const cex = await lasso(unfair, 'ButtonServed');
    expect(cex.loop).toEqual({ to: 1 });
    expect(formatTrace(unfair, cex, 'text')).toContain('\nStuttering forever in state 2.\n');
    expect(formatTrace(unfair, cex, 'tla')).toMatch(/\nState 3: Stuttering\n/);
  });

  it('tla prints the lasso as TLC does', async () => {
    const text = formatTrace(restarts, await lasso(restarts, 'ButtonServed'), 'tla');
    expect(text.startsWith('Error: Temporal properties were violated.\nError: The following behavior constitutes a counter-example:\nState 1: <Initial predicate>\n')).toBe(true);
    expect(text).toMatch(/\nState 40: <clock>\n[^]*\nBack to state 39: <press>\n\n$/);
  });

  it('itf records the loop index and the closing action; json the step and the event', async () => {
    const cex = await lasso(restarts, 'ButtonServed');
    const itf = JSON.parse(formatTrace(restarts, cex, 'itf'));
    expect(itf.loop).toBe(38);
    expect(itf['#meta']['loop-action']).toBe('press');
    expect(JSON.parse(formatTrace(restarts, cex, 'json')).loop).toEqual({ step: 39, event: 'press' });
    const stutter = await lasso(unfair, 'ButtonServed');
    expect(JSON.parse(formatTrace(unfair, stutter, 'itf')).loop).toBe(1);
    expect(JSON.parse(formatTrace(unfair, stutter, 'json')).loop).toEqual({ step: 2, stuttering: true });
  });

  for (const format of ['tla', 'itf', 'json'] as const) {
    it(`${format}: reads back and replays, the loop closing; a loop that does not close is rejected`, async () => {
      const cex = await lasso(restarts, 'ButtonServed');
      const text = formatTrace(restarts, cex, format);
      const trace = readTrace(text);
      expect(trace.loop).toEqual({ to: 38, label: 'press' });
      const r = replay(restarts, trace);
      expect(r.rejection).toBeUndefined();
      expect(r.loop).toEqual({ to: 38, stuttering: false, closes: true, label: 'press' });
      // Back to state 1 instead: the last state has no step to the initial state.
      const broken =
        format === 'tla' ? text.replace('Back to state 39', 'Back to state 1') : format === 'itf' ? text.replace('"loop": 38', '"loop": 0') : text.replace('"step":39', '"step":1');
      expect(broken).not.toBe(text);
      expect(replay(restarts, readTrace(broken)).loop?.closes).toBe(false);
      const stutter = await lasso(unfair, 'ButtonServed');
      const back = readTrace(formatTrace(unfair, stutter, format));
      expect(back.loop).toEqual({ to: 1 });
      expect(replay(unfair, back).loop).toEqual({ to: 1, stuttering: true, closes: true });
    });
  }

  it("TLC's own lassos (traces/traffic-light/tlc-*.txt, from test/liveness/tla/) replay in crank, loop and all", () => {
    const read = (name: string) => readTrace(readFileSync(new URL(`../../traces/traffic-light/${name}`, import.meta.url), 'utf8'));
    const back = read('tlc-press-restarts-timer-lasso.txt');
    expect(back.loop).toEqual({ to: 38, label: 'Press line 24, col 3 to line 26, col 25 of module TrafficLight' });
    const r = replay(restarts, back);
    expect([r.rejection, r.accepted.length, r.loop]).toEqual([undefined, 40, { to: 38, stuttering: false, closes: true, label: 'press' }]);
    const stutter = read('tlc-no-fairness-lasso.txt');
    const s = replay(unfair, stutter);
    expect([s.rejection, s.accepted.length, s.loop]).toEqual([undefined, 69, { to: 68, stuttering: true, closes: true }]);
  });

  it('the command line: exit 0 when the properties hold, 1 with a lasso, replay accepts it and checks the loop', () => {
    const ok = crank(['check', 'traffic-light']);
    expect(ok.code).toBe(0);
    expect(ok.stdout).toContain('Temporal properties hold: ButtonServed, EastWestGreen, NorthSouthGreen');
    const bug = crank(['check', 'traffic-light', '--variant', 'press-restarts-timer', '--trace-format', 'tla', '--out', join(scratch, 'lasso.tla')]);
    expect(bug.code).toBe(1);
    expect(bug.stdout).toContain('Temporal property ButtonServed is violated.');
    const rep = crank(['replay', 'traffic-light', join(scratch, 'lasso.tla'), '--variant', 'press-restarts-timer']);
    expect(rep.code, rep.stderr).toBe(0);
    expect(rep.stdout).toContain('Loop: back to state 39: press');
    const unfairRun = crank(['check', 'traffic-light', '--variant', 'no-fairness', '--prop', 'EastWestGreen', '--json']);
    expect(unfairRun.code).toBe(1);
    expect(JSON.parse(unfairRun.stdout).violation.loop).toEqual({ step: 32, stuttering: true });
    expect(crank(['check', 'traffic-light', '--variant', 'no-fairness', '--no-liveness']).code).toBe(0);
    const bad = crank(['check', 'traffic-light', '--prop', 'Nope']);
    expect([bad.code, bad.stderr.trim().split('\n').pop()]).toEqual([2, "crank: unknown property 'Nope' (this model has: ButtonServed, EastWestGreen, NorthSouthGreen)"]);
    expect(crank(['check', 'traffic-light', '--max-depth', '5']).code).toBe(2);
  });

  it('under symmetry only safety is reduced: liveness is decided on the full graph, with the same verdicts', async () => {
    const spec = buildRaftAbstract({ servers: 3, maxTerm: 3, maxLog: 1 }) as unknown as Spec<State, unknown>;
    for (const property of ['EventuallyLeader', 'CommittedReachesAll']) {
      const plain = await check(spec, { properties: [property] });
      const reduced = await check(spec, { properties: [property], symmetry: true });
      expect(reduced.distinct).toBeLessThan(plain.distinct);
      expect(reduced.verdict).toBe(plain.verdict);
      expect(reduced.stats['livenessStates']).toBe(plain.distinct);
      expect(reduced.violation?.steps.length).toBe(plain.violation?.steps.length);
    }
  });

  it('with worker threads: the same verdicts and lassos', async () => {
    const source = { module: specModuleUrl, exportName: 'buildSpec', args: ['raft-abstract', { servers: 3, maxTerm: 4, maxLog: 1 }] };
    const spec = buildRaftAbstract({ servers: 3, maxTerm: 4, maxLog: 1 }) as unknown as Spec<State, unknown>;
    const one = await check(spec, { properties: ['CommittedReachesAll'] });
    const two = await check(spec, { properties: ['CommittedReachesAll'], workers: 2, handOffAt: 1, source });
    expect(two.workers).toBe(2);
    expect(two.violation!.steps.map((s) => s.label)).toEqual(one.violation!.steps.map((s) => s.label));
  });
});
