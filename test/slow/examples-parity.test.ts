// The example models' benchmark configurations equal TLC's figures (npm run test:slow);
// the small ones run in npm test (test/examples/tlc-examples.test.ts).
import { describe, expect, it } from 'vitest';
import { check } from '../../checker/check.ts';
import { findModel } from '../../spec/index.ts';
import { examplesReference } from '../examples/tlc-examples.ts';

const HOUR = 3_600_000;

describe('example models, benchmark configurations: crank equals TLC', () => {
  for (const c of examplesReference.configs.filter((x) => x.size === 'bench')) {
    it(`${c.name}: ${c.distinct} distinct, ${c.generated} generated, depth ${c.depth}`, async () => {
      const r = await check(findModel(c.model)!.build(c.params, c.variant), { symmetry: c.symmetry });
      expect([r.verdict, r.distinct, r.generated, r.depth]).toEqual(['ok', c.distinct, c.generated, c.depth]);
    }, HOUR);
  }
});
