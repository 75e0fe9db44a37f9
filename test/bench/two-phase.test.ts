// The plain two-phase commit model explores exactly TLC's state space (figures pinned
// from TLC in tla/tlc-two-phase.json); the large sizes run in test/slow.
import { describe, expect, it } from 'vitest';
import { check } from '../../checker/check.ts';
import { twoPhaseConfig, twoPhaseSource } from './two-phase-reference.ts';

describe.each(['rm3', 'rm3-sym', 'rm4', 'rm4-sym'])('two-phase %s equals TLC', (name) => {
  const ref = twoPhaseConfig(name);
  it(`${ref.distinct} distinct, ${ref.generated} generated, depth ${ref.depth}`, async () => {
    const { spec } = twoPhaseSource(ref.rm);
    const r = await check(spec, { symmetry: ref.symmetry });
    expect(r.verdict).toBe('ok');
    expect({ distinct: r.distinct, generated: r.generated, depth: r.depth }).toEqual({ distinct: ref.distinct, generated: ref.generated, depth: ref.depth });
  });
});
