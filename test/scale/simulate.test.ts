import { describe, expect, it } from 'vitest';
import { simulate } from '../../checker/simulate.ts';
import { buildTrafficLight } from '../../spec/traffic-light/model.ts';
import { crank } from '../support/run-cli.ts';
import { raftPreset } from '../support/raft-source.ts';

describe('random simulation', () => {
  it('is reproducible: the same seed gives the same walks, another seed others', async () => {
    const spec = buildTrafficLight('yellow-skip');
    const walk = async (seed: number) => (await simulate(spec, { seed, depth: 400, runs: 50 })).violation!.steps.map((s) => s.label).join(' ');
    expect(await walk(3)).toBe(await walk(3));
    expect(await walk(4)).not.toBe(await walk(3));
  });

  it('finds the forget-vote bug in raft with 3 servers, seed 1; the failing walk alone reproduces it', async () => {
    const { spec } = raftPreset('s3-v1-t2-l1-d1-m1', {}, 'forget-vote');
    const r = await simulate(spec, { seed: 1, depth: 100, seconds: 60 });
    expect(r.verdict).toBe('violation');
    expect(r.violation!.property).toBe('ElectionSafetyHistory');
    const again = await simulate(spec, { seed: r.failingSeed!, depth: 100, runs: 1 });
    expect(again.violation!.steps.map((s) => s.label)).toEqual(r.violation!.steps.map((s) => s.label));
    // The trace is a behavior: each step a successor of the one before.
    const steps = r.violation!.steps;
    for (let i = 1; i < steps.length; i++) {
      const before = steps[i - 1]!.state;
      expect(spec.events(before).flatMap((e) => spec.next(before, e))).toContainEqual(steps[i]!.state);
    }
  });

  it('checks invariants at every step and stops at the first violation', async () => {
    const r = await simulate(buildTrafficLight('yellow-skip'), { seed: 3, depth: 400, runs: 50 });
    expect(r.verdict).toBe('violation');
    const last = r.violation!.steps.at(-1)!.state;
    expect(last.ew !== 'R' && last.ns !== 'R').toBe(true);
  });

  it('runs from the command line and prints the seed that reproduces a violation', () => {
    // The seed given as --seed=1: the reproduce line must still reproduce, verbatim.
    const args = ['simulate', 'raft', '--preset', 's3-v1-t2-l1-d1-m1', '--variant', 'forget-vote', '--seed=1', '--seconds', '60', '--json'];
    const r = crank(args);
    expect(r.code).toBe(1);
    const found = JSON.parse(r.stdout);
    expect(found.violation.property).toBe('ElectionSafetyHistory');
    const text = crank(args.filter((a) => a !== '--json'));
    const line = /Reproduce this behavior alone with: crank (.*)\n/.exec(text.stdout)![1]!;
    expect(line).toBe(`simulate raft --preset s3-v1-t2-l1-d1-m1 --variant forget-vote --seed ${found.failingSeed} --runs 1`);
    const again = crank([...line.split(' '), '--json']);
    expect(again.code).toBe(1);
    const replayed = JSON.parse(again.stdout);
    expect(replayed.runs).toBe(1);
    expect(replayed.violation.trace).toEqual(found.violation.trace);
    const ok = crank(['simulate', 'traffic-light', '--seed', '5', '--runs', '20', '--json']);
    expect(ok.code).toBe(0);
    expect(JSON.parse(ok.stdout)).toMatchObject({ model: 'traffic-light', result: 'ok', seed: 5, runs: 20 });
    const bad = crank(['simulate', 'raft', '--runs', '0']);
    expect(bad.code).toBe(2);
    expect(bad.stderr).toMatch(/^crank: --runs must be at least 1, got 0/);
  });
});
