import { describe, expect, it } from 'vitest';
import { check } from '../../checker/check.ts';
import { specModuleUrl } from '../../spec/index.ts';
import { buildTrafficLight } from '../../spec/traffic-light/model.ts';
import { raftPreset } from '../support/raft-source.ts';

const trafficSource = (variant?: string) => ({ module: specModuleUrl, exportName: 'buildSpec', args: ['traffic-light', {}, variant] });

describe('parallel BFS on worker threads', () => {
  it('gives the same figures with 1 and 2 workers (raft, 2 servers)', async () => {
    const { spec, source } = raftPreset('s2-v1-t2-l1-d1-m2');
    const one = await check(spec, { workers: 1, source });
    const two = await check(spec, { workers: 2, source, handOffAt: 1 });
    expect(two.workers).toBe(2);
    expect(one.workers).toBe(1);
    expect([one.distinct, one.generated, one.depth, one.verdict]).toEqual([15254, 152835, 32, 'ok']);
    expect([two.distinct, two.generated, two.depth, two.verdict]).toEqual([15254, 152835, 32, 'ok']);
  });

  it('stays on the main thread for small models', async () => {
    const r = await check(buildTrafficLight(), { workers: 2, source: trafficSource() });
    expect(r.workers).toBe(1);
    expect([r.distinct, r.generated, r.depth]).toEqual([208, 418, 99]);
  });

  it('finds a shortest counterexample with 3 workers', async () => {
    const spec = buildTrafficLight('yellow-skip');
    const r = await check(spec, { workers: 3, source: trafficSource('yellow-skip'), handOffAt: 1 });
    expect(r.workers).toBe(3);
    expect(r.verdict).toBe('violation');
    expect(r.violation!.steps).toHaveLength(76);
    // Every step is a real successor of the one before.
    for (let i = 1; i < r.violation!.steps.length; i++) {
      const before = r.violation!.steps[i - 1]!.state;
      const succs = spec.events(before).flatMap((e) => spec.next(before, e));
      expect(succs).toContainEqual(r.violation!.steps[i]!.state);
    }
  });

  it('grows the shared table and store mid-level without losing states', async () => {
    // Sized for 500 states, the run must resize many times, with workers paused.
    const { spec, source } = raftPreset('s2-v1-t2-l1-d1-m2');
    const two = await check(spec, { workers: 2, source, expectedStates: 500, handOffAt: 1 });
    expect([two.distinct, two.generated, two.depth]).toEqual([15254, 152835, 32]);
    expect(two.stats['tableCapacity']).toBeGreaterThanOrEqual(15254 / 0.75);
  });
});
