// crank's liveness verdicts equal TLC's on the same specifications, with fairness and
// without. tlc-verdicts.json holds what TLC 2.20 printed for the TLA+ transcriptions in
// tla/ (tla/run-tlc.sh reproduces it; the tests never run TLC): the verdict, and for a
// violation the lasso's length and how it closes. crank's lasso must close the same
// way and be no longer than TLC's (crank looks for a short one, TLC does not).
import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { check } from '../../checker/check.ts';
import { buildRaftAbstract } from '../../spec/raft-abstract/model.ts';
import { buildTrafficLight } from '../../spec/traffic-light/model.ts';
import type { Spec, State } from '../../src/spec.ts';

interface Case {
  readonly model: 'traffic-light' | 'raft-abstract';
  readonly cfg: string;
  readonly variant: string | null;
  readonly fairness: boolean;
  readonly property: string;
  readonly params?: { servers: number; maxTerm: number; maxLog: number };
  readonly tlc: 'holds' | 'violated';
  readonly lasso?: { readonly states: number; readonly loop: 'stuttering' | 'back'; readonly backTo?: number };
  readonly counts?: { readonly generated: number; readonly distinct: number; readonly depth: number };
}

const fixture = JSON.parse(readFileSync(new URL('./tlc-verdicts.json', import.meta.url), 'utf8')) as { cases: Case[] };

/** The crank model a case's TLA+ spec transcribes; without fairness: the model with none. */
function specOf(c: Case): Spec<State, unknown> {
  const base = (c.model === 'traffic-light' ? buildTrafficLight(c.variant ?? undefined) : buildRaftAbstract(c.params, c.variant ?? undefined)) as unknown as Spec<State, unknown>;
  return c.fairness ? base : { ...base, fairness: [] };
}

describe("liveness verdicts equal TLC's", () => {
  it('covers both models, every property, with and without fairness', () => {
    const keys = new Set(fixture.cases.map((c) => `${c.model} ${c.property} ${c.fairness}`));
    expect(keys.size).toBe(10);
    expect(fixture.cases.filter((c) => c.tlc === 'holds').length).toBeGreaterThanOrEqual(4);
    expect(fixture.cases.filter((c) => c.tlc === 'violated').length).toBeGreaterThanOrEqual(8);
  });

  for (const c of fixture.cases) {
    it(`${c.cfg}: ${c.property} ${c.tlc}`, { timeout: 60_000 }, async () => {
      const r = await check(specOf(c), { properties: [c.property] });
      // TLC's figures, when it explored the whole graph: the transcription is faithful.
      if (c.counts !== undefined) expect([r.distinct, r.generated, r.depth]).toEqual([c.counts.distinct, c.counts.generated, c.counts.depth]);
      expect(r.verdict === 'ok' ? 'holds' : 'violated').toBe(c.tlc);
      if (c.tlc === 'holds') return;
      const cex = r.violation!;
      expect(cex.kind).toBe('liveness');
      expect(cex.property).toBe(c.property);
      expect(cex.loop!.label === undefined ? 'stuttering' : 'back').toBe(c.lasso!.loop);
      expect(cex.steps.length).toBeLessThanOrEqual(c.lasso!.states);
    });
  }

  it('the press-restarts-timer lasso is as long as TLC\'s and goes back by a press, as TLC\'s does', async () => {
    const c = fixture.cases.find((x) => x.variant === 'press-restarts-timer' && x.fairness && x.property === 'EastWestGreen')!;
    const r = await check(specOf(c), { properties: ['EastWestGreen'] });
    expect(r.violation!.steps.length).toBe(c.lasso!.states);
    expect(r.violation!.loop).toEqual({ to: c.lasso!.backTo! - 1, label: 'press' });
  });
});
