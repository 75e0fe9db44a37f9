// The long parity checks against TLC's figures (npm run test:slow). Each runs with all
// available workers, as a user would.
import { describe, expect, it } from 'vitest';
import { availableParallelism } from 'node:os';
import { check } from '../../checker/check.ts';
import { exactDepth, tlcConfig } from '../reference/reference.ts';
import { raftPreset } from '../support/raft-source.ts';

const HOUR = 3_600_000;

describe.each([
  ['s2-v1-t3-l1-d1-m2', false],
  ['s3-v1-t2-l1-d1-m1', true],
  ['s3-v1-t2-l1-d1-m1', false],
] as const)('raft %s (symmetry: %s) equals TLC', (preset, symmetry) => {
  const ref = tlcConfig(symmetry ? `${preset}-sym` : preset);
  it(`${ref.distinct} distinct, ${ref.generated} generated, depth ${exactDepth(ref)}`, async () => {
    const { spec, source } = raftPreset(preset);
    const r = await check(spec, { workers: availableParallelism(), source, symmetry });
    expect(r.verdict).toBe('ok');
    const depth = exactDepth(ref);
    expect({ distinct: r.distinct, generated: r.generated, depth: r.depth }).toEqual({ distinct: ref.distinct, generated: ref.generated, depth });
  }, HOUR);
});
