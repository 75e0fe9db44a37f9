// The liveness decision on small hand-made graphs: every operator, weak against strong
// fairness, families, stuttering steps, deadlock states and the CONSTRAINT. Each case
// is a tiny model (states are numbers, events letters) checked end to end by check().
import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { check } from '../../checker/check.ts';
import { alwaysEventually, eventually, eventuallyAlways, leadsTo, strongFairness, weakFairness, type Fairness, type TemporalProperty } from '../../src/liveness.ts';
import type { Spec } from '../../src/spec.ts';

interface N {
  readonly n: number;
  readonly [v: string]: unknown;
}

/** A model from an edge list: `0a1` is an edge from 0 to 1 by event a. */
function graph(
  edges: readonly string[],
  property: TemporalProperty<N>,
  fairness: readonly Fairness<string>[] = [],
  extra: Partial<Spec<N, string>> = {},
): Spec<N, string> {
  const parsed = edges.map((e) => {
    const m = /^(\d+)([a-z])(\d+)$/.exec(e)!;
    return { from: Number(m[1]), event: m[2]!, to: Number(m[3]) };
  });
  const events = [...new Set(parsed.map((e) => e.event))].sort();
  return {
    variables: ['n'],
    initialStates: () => [{ n: 0 }],
    events: () => events,
    next: (s, ev) => parsed.filter((e) => e.from === s.n && e.event === ev).map((e) => ({ n: e.to })),
    eventLabel: (e) => e,
    invariants: {},
    checkDeadlock: false,
    properties: { Prop: property },
    fairness,
    ...extra,
  };
}

const at = (k: number) => (s: N) => s.n === k;
const wf = (e: string) => weakFairness<string>(e, (x) => x === e);
const sf = (e: string) => strongFairness<string>(e, (x) => x === e);

/** The verdict, and the lasso as "0 1 2 -> 1" (back to the state with n = 1) or "0 1 ~" (stuttering). */
async function decide(spec: Spec<N, string>): Promise<string> {
  const r = await check(spec);
  if (r.verdict === 'ok') return 'holds';
  const c = r.violation!;
  expect(c.kind).toBe('liveness');
  const states = c.steps.map((s) => s.state.n).join(' ');
  const loop = c.loop!;
  return loop.label === undefined ? `${states} ~` : `${states} -> ${c.steps[loop.to]!.state.n}`;
}

describe('liveness on hand-made graphs', () => {
  it('<>P: fails by stuttering without fairness, holds with WF', async () => {
    const p = eventually(at(2));
    expect(await decide(graph(['0a1', '1a2'], p))).toBe('0 ~');
    expect(await decide(graph(['0a1', '1a2'], p, [wf('a')]))).toBe('holds');
    // A cycle that avoids P, forced by fairness to keep going.
    expect(await decide(graph(['0a1', '1a0', '1b2'], p, [wf('a')]))).toBe('0 1 -> 0');
    expect(await decide(graph(['0a1', '1a0', '1b2'], p, [wf('a'), wf('b')]))).toBe('0 1 -> 0');
  });

  it('<>P fails at once when an initial state stutters in ~P, and holds when P holds there', async () => {
    expect(await decide(graph(['0a1'], eventually(at(0))))).toBe('holds');
  });

  it('WF against SF: an action enabled only now and then must be taken under SF only', async () => {
    // 0 and 1 alternate by t; g leaves to 2 from 0 only, so g is not continuously enabled.
    const edges = ['0t1', '1t0', '0g2'];
    const p = eventually(at(2));
    expect(await decide(graph(edges, p, [wf('t')]))).toBe('0 1 -> 0');
    expect(await decide(graph(edges, p, [wf('t'), wf('g')]))).toBe('0 1 -> 0');
    expect(await decide(graph(edges, p, [wf('t'), sf('g')]))).toBe('holds');
    // SF(g) alone: stuttering in 1, where g is disabled, is fair.
    expect(await decide(graph(edges, p, [sf('g')]))).toBe('0 1 ~');
  });

  it('SF refinement: a fair cycle survives inside a component once the SF-enabled states are removed', async () => {
    // Component {0, 1, 3}: g is enabled in 1 only; the cycle 0 <-> 3 avoids it.
    const edges = ['0t1', '1t0', '0u3', '3u0', '1g2'];
    const tAlsoFrom3 = [...edges, '3t1'];
    const p = eventually(at(2));
    expect(await decide(graph(edges, p, [sf('g'), wf('u')]))).toBe('0 3 -> 0');
    // WF(t) alone is met on 0 <-> 3 by visiting 3, where t is disabled ...
    expect(await decide(graph(edges, p, [sf('g'), wf('u'), wf('t')]))).toBe('0 3 -> 0');
    // ... but not when t is enabled in 3 as well: it holds.
    expect(await decide(graph(tAlsoFrom3, p, [sf('g'), wf('u'), wf('t')]))).toBe('holds');
  });

  it('a family is one condition per member; a single condition over the same events is weaker', async () => {
    // x cycles 0 <-> 1; y (enabled in both) leaves to 2.
    const edges = ['0x1', '1x0', '0y2', '1y2'];
    const p = eventually(at(2));
    expect(await decide(graph(edges, p, [weakFairness<string>('step', () => true)]))).toBe('0 1 -> 0');
    expect(await decide(graph(edges, p, [weakFairness<string>('step', (e) => e)]))).toBe('holds');
  });

  it('[]<>P and <>[]P', async () => {
    const cycle = ['0x1', '1x0'];
    expect(await decide(graph(cycle, alwaysEventually(at(1)), [wf('x')]))).toBe('holds');
    expect(await decide(graph(cycle, alwaysEventually(at(1))))).toBe('0 ~');
    expect(await decide(graph(cycle, eventuallyAlways(at(0)), [wf('x')]))).toBe('0 1 -> 0');
    expect(await decide(graph(cycle, eventuallyAlways(at(0))))).toBe('0 1 ~');
    expect(await decide(graph(['0x1'], eventuallyAlways(at(1)), [wf('x')]))).toBe('holds');
  });

  it('P ~> Q: the region starts at a P state where Q does not hold', async () => {
    const ring = ['0a1', '1b2', '2c0'];
    const p = leadsTo(at(1), at(2));
    expect(await decide(graph(ring, p, [wf('a'), wf('b'), wf('c')]))).toBe('holds');
    expect(await decide(graph(ring, p, [wf('a'), wf('c')]))).toBe('0 1 ~');
    // Q before P does not count.
    expect(await decide(graph(['0a2', '2a1'], leadsTo(at(1), at(2)), [wf('a')]))).toBe('0 2 1 ~');
    expect(await decide(graph(['0a1'], leadsTo(at(0), at(0))))).toBe('holds');
  });

  it('a state with no successor stutters forever (a deadlock is no violation of fairness)', async () => {
    expect(await decide(graph(['0a1'], alwaysEventually(at(0)), [wf('a')]))).toBe('0 1 ~');
    expect(await decide(graph(['0a1'], eventually(at(1)), [wf('a')]))).toBe('holds');
  });

  it('a step that leaves the state unchanged is stuttering: it neither takes nor enables an action', async () => {
    // s only ever returns the same state: WF(s) asks nothing.
    expect(await decide(graph(['0s0', '0g1'], eventually(at(1)), [wf('s')]))).toBe('0 ~');
    expect(await decide(graph(['0s0', '0g1'], eventually(at(1)), [wf('s'), wf('g')]))).toBe('holds');
  });

  it("CONSTRAINT: states outside it are not in the graph, but their actions are enabled (TLC's semantics)", async () => {
    // TLC 2.20 on Con.tla (x' = x + 1, CONSTRAINT x < 3, WF): <>(x = 10) is not violated,
    // because stuttering in x = 2 is unfair: Inc is enabled there.
    const tlc = JSON.parse(readFileSync(new URL('./tlc-verdicts.json', import.meta.url), 'utf8')).constraint;
    expect([tlc.cfg, tlc.tlc, tlc.counts.distinct]).toEqual(['Con.cfg', 'holds', 3]);
    const edges = ['0i1', '1i2', '2i3', '3i4'];
    const never = eventually(at(10));
    const constraint = { constraint: (s: N) => s.n < 3 };
    expect(await decide(graph(edges, never, [wf('i')], constraint))).toBe('holds');
    expect(await decide(graph(edges, never, [], constraint))).toBe('0 ~');
    expect(await decide(graph(edges, never, [wf('i')]))).toBe('0 1 2 3 4 ~');
  });

  it('the lasso is short: the nearest fair component, entered by a shortest path', async () => {
    // Two violating cycles; the one reached first is reported.
    const edges = ['0a1', '1a2', '2a3', '3a2', '0b5', '5a6', '6a5'];
    expect(await decide(graph(edges, eventually(at(9)), [wf('a'), wf('b')]))).toBe('0 5 6 -> 5');
  });

  it('--prop chooses, --no-liveness skips, an unknown name and a depth bound are refused', async () => {
    const spec = graph(['0a1'], eventually(at(1)));
    expect((await check(spec, { liveness: false })).verdict).toBe('ok');
    expect((await check(spec, { properties: ['Prop'] })).verdict).toBe('violation');
    await expect(check(spec, { properties: ['Nope'] })).rejects.toThrow(/unknown property 'Nope'/);
    await expect(check(spec, { maxDepth: 3 })).rejects.toThrow(/depth bound/);
    expect((await check(spec, { maxDepth: 3, liveness: false })).verdict).toBe('ok');
    // defaultProperties: the ones checked when none is named; an unknown one is the model's mistake.
    expect((await check({ ...spec, defaultProperties: [] })).verdict).toBe('ok');
    await expect(check({ ...spec, defaultProperties: ['Gone'] })).rejects.toThrow(/defaultProperties names 'Gone'/);
  });
});
