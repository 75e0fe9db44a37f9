// The long parity checks against TLC's figures (npm run test:slow). Each runs with all
// available workers, as a user would.
import { describe, expect, it } from 'vitest';
import { availableParallelism } from 'node:os';
import { check } from '../../checker/check.ts';
import { raftPreset } from '../support/raft-source.ts';

import { tlcConfig } from '../reference/reference.ts';
const HOUR = 3_600_000;

/**
 * The one reference figure crank does not reproduce, and why. TLC printed depth 54 for
 * s3-v1-t2-l1-d1-m1 under SYMMETRY, with -workers 2. With several workers TLC's BFS is
 * not strict (workers dequeue concurrently, so a state can first be reached from a
 * state one level too deep), and its reported depth can overshoot by a level. An exact
 * BFS cannot give 54 here: the level of an orbit is the least level of its members, so
 * the symmetric depth is at most the plain depth, which is 53 (TLC's own plain figure,
 * and crank's). Distinct and generated counts, which do not depend on the order of
 * exploration, equal TLC's exactly.
 */
const EXACT_DEPTH: Record<string, number> = { 's3-v1-t2-l1-d1-m1-sym': 53 };

describe.each([
  ['s2-v1-t3-l1-d1-m2', false],
  ['s3-v1-t2-l1-d1-m1', true],
  ['s3-v1-t2-l1-d1-m1', false],
] as const)('raft %s (symmetry: %s) equals TLC', (preset, symmetry) => {
  const ref = tlcConfig(symmetry ? `${preset}-sym` : preset);
  it(`${ref.distinct} distinct, ${ref.generated} generated, depth ${ref.depth}`, async () => {
    const { spec, source } = raftPreset(preset);
    const r = await check(spec, { workers: availableParallelism(), source, symmetry });
    expect(r.verdict).toBe('ok');
    const depth = EXACT_DEPTH[ref.name] ?? ref.depth;
    expect({ distinct: r.distinct, generated: r.generated, depth: r.depth }).toEqual({ distinct: ref.distinct, generated: ref.generated, depth });
  }, HOUR);
});
