import { describe, expect, it } from 'vitest';
import { simulate } from '../../checker/simulate.ts';
import { buildTrafficLight } from '../../spec/traffic-light/model.ts';
import { crank } from '../support/run-cli.ts';
import { raftPreset } from '../support/raft-source.ts';

describe('random simulation', () => {
  it('is reproducible: the same seed gives the same walks, another seed others', () => {
    const spec = buildTrafficLight('yellow-skip');
    const walk = (seed: number) => simulate(spec, { seed, depth: 400, runs: 50 }).violation!.steps.map((s) => s.label).join(' ');
    expect(walk(3)).toBe(walk(3));
    expect(walk(4)).not.toBe(walk(3));
  });

  it('finds the forget-vote bug in raft with 3 servers, seed 1', () => {
    const { spec } = raftPreset('s3-v1-t2-l1-d1-m1', {}, 'forget-vote');
    const r = simulate(spec, { seed: 1, depth: 100, seconds: 60 });
    expect(r.verdict).toBe('violation');
    expect(r.violation!.property).toBe('ElectionSafetyHistory');
    const again = simulate(spec, { seed: 1, depth: 100, seconds: 60 });
    expect(again.violation!.steps.map((s) => s.label)).toEqual(r.violation!.steps.map((s) => s.label));
    // The trace is a behavior: each step a successor of the one before.
    const steps = r.violation!.steps;
    for (let i = 1; i < steps.length; i++) {
      const before = steps[i - 1]!.state;
      expect(spec.events(before).flatMap((e) => spec.next(before, e))).toContainEqual(steps[i]!.state);
    }
  });

  it('checks invariants at every step and stops at the first violation', () => {
    const r = simulate(buildTrafficLight('yellow-skip'), { seed: 3, depth: 400, runs: 50 });
    expect(r.verdict).toBe('violation');
    const last = r.violation!.steps.at(-1)!.state;
    expect(last.ew !== 'R' && last.ns !== 'R').toBe(true);
  });

  it('runs from the command line and prints the seed that reproduces a violation', () => {
    const args = ['simulate', 'raft', '--preset', 's3-v1-t2-l1-d1-m1', '--variant', 'forget-vote', '--seed', '1', '--seconds', '60'];
    const r = crank(args);
    expect(r.code).toBe(1);
    expect(r.stdout).toContain('Invariant ElectionSafetyHistory is violated.');
    expect(r.stdout).toContain('Reproduce with: crank simulate raft --preset s3-v1-t2-l1-d1-m1 --variant forget-vote --seconds 60 --seed 1');
    const ok = crank(['simulate', 'traffic-light', '--seed', '5', '--runs', '20', '--json']);
    expect(ok.code).toBe(0);
    expect(JSON.parse(ok.stdout)).toMatchObject({ model: 'traffic-light', result: 'ok', seed: 5, runs: 20 });
    const bad = crank(['simulate', 'raft', '--runs', '0']);
    expect(bad.code).toBe(2);
    expect(bad.stderr).toMatch(/^crank: --runs must be a positive integer/);
  });
});
