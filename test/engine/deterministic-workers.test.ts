// With worker threads, the counterexample reported is the one a single thread reports:
// the same property, the same trace, step for step, on every run (level-order.ts).
import { describe, expect, it } from 'vitest';
import { buildModel, check, formatTrace } from '../../src/index.ts';

const modelFile = new URL('./fixtures/counters.ts', import.meta.url).pathname;

/** The property and JSON trace reported with 1 worker, then with each count in `workers`. */
async function reported(params: Record<string, number>, options: { symmetry: boolean; invariants?: string[] }, workers: readonly number[]): Promise<string[]> {
  const { spec, source } = await buildModel(modelFile, { params });
  const out: string[] = [];
  for (const w of [1, ...workers]) {
    const r = await check(spec, { ...options, workers: w, source, handOffAt: 1 });
    expect(r.workers).toBe(w);
    expect(r.verdict).toBe('violation');
    out.push(`${r.violation!.property}\n${formatTrace(spec, r.violation!, 'json')}`);
  }
  return out;
}

describe('a violation found by worker threads', () => {
  // Under symmetry a fifth plain counter keeps the levels of orbits wide.
  for (const symmetry of [false, true]) {
    const params: Record<string, number> = symmetry ? { m: 5 } : {};
    const label = symmetry ? ' (under symmetry)' : '';

    it(`is the one a single thread reports: the property declared first, the same trace${label}`, async () => {
      const [one, ...many] = await reported(params, { symmetry }, [2, 3, 2]);
      // One thread meets the spike first (c1 at 8), which breaks NoSpike and BelowGoal.
      expect(one!.split('\n')[0]).toBe('NoSpike');
      for (const r of many) expect(r).toBe(one);
    });

    it(`follows a single thread's parent links to a state reached along many paths${label}`, async () => {
      const [one, ...many] = await reported({ ...params, goal: 20 }, { symmetry, invariants: ['AvoidsTarget'] }, [2, 3]);
      expect(JSON.parse(one!.slice(one!.indexOf('\n'))).steps).toHaveLength(9);
      for (const r of many) expect(r).toBe(one);
    });
  }
});
