// The two-phase commit benchmark model at the sizes the benchmark runs, against TLC's
// figures, with the available workers (npm run test:slow).
import { describe, expect, it } from 'vitest';
import { availableParallelism } from 'node:os';
import { check } from '../../checker/check.ts';
import { twoPhaseConfig, twoPhaseSource } from '../bench/two-phase-reference.ts';

describe.each(['rm6', 'rm6-sym', 'rm7', 'rm7-sym'])('two-phase %s equals TLC', (name) => {
  const ref = twoPhaseConfig(name);
  it(`${ref.distinct} distinct, ${ref.generated} generated, depth ${ref.depth}`, async () => {
    const { spec, source } = twoPhaseSource(ref.rm);
    const r = await check(spec, { symmetry: ref.symmetry, workers: availableParallelism(), source });
    expect(r.verdict).toBe('ok');
    expect({ distinct: r.distinct, generated: r.generated, depth: r.depth }).toEqual({ distinct: ref.distinct, generated: ref.generated, depth: ref.depth });
  }, 600_000);
});
