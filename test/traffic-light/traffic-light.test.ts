import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { check } from '../../checker/check.ts';
import { buildTrafficLight } from '../../spec/traffic-light/model.ts';
import { textTrace } from '../../src/trace/text.ts';
import { frozen } from '../support/frozen-spec.ts';

describe('traffic light', () => {
  it("matches TLC's figures: 208 distinct, 418 generated, depth 99, no violation", async () => {
    const r = await check(frozen(buildTrafficLight()));
    expect([r.verdict, r.distinct, r.generated, r.depth]).toEqual(['ok', 208, 418, 99]);
  });

  it('has no deadlock (every state can tick)', async () => {
    const r = await check(buildTrafficLight(), { checkDeadlock: true });
    expect(r.verdict).toBe('ok');
  });

  it('yields two successors where both hand-over rules apply, as TLC counts them', () => {
    const spec = buildTrafficLight();
    const s = { ew: 'R', ns: 'G', clock: 60, button: true } as const;
    expect(spec.next(s, 'clock')).toEqual([
      { ew: 'R', ns: 'Y', clock: 0, button: false },
      { ew: 'R', ns: 'Y', clock: 0, button: false },
    ]);
    expect(spec.next({ ...s, clock: 45 }, 'clock')).toHaveLength(1);
    expect(spec.next({ ...s, clock: 29 }, 'clock')).toEqual([{ ...s, clock: 30 }]);
  });

  it('press is always enabled and idempotent', () => {
    const spec = buildTrafficLight();
    const s = { ew: 'G', ns: 'R', clock: 3, button: true } as const;
    expect(spec.next(s, 'press')).toEqual([s]);
  });

  it('the yellow-skip variant breaks Safe with the golden shortest counterexample', async () => {
    const spec = buildTrafficLight('yellow-skip');
    const r = await check(frozen(spec));
    expect(r.verdict).toBe('violation');
    expect(r.violation!.property).toBe('Safe');
    expect(r.violation!.steps).toHaveLength(76);
    const golden = readFileSync(new URL('../../traces/traffic-light/yellow-skip.txt', import.meta.url), 'utf8');
    expect(textTrace(spec, r.violation!)).toBe(golden);
  });
});
