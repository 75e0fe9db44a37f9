// The liveness decision against a brute-force oracle on random small graphs, and every
// lasso it prints checked to be a fair behavior that violates the property.
//
// The oracle: a property fails exactly when some set S of states could be the set a fair
// behavior visits forever: S is reachable in the negation's region, strongly connected
// (a single state is, by stuttering), and with every edge inside S taken forever (the
// most a behavior staying in S can take) no WF action is enabled in all of S and never
// taken, and no SF action enabled somewhere in S and never taken. On six states every S
// is tried; that shares nothing with the checker's Tarjan-and-refinement search.
import { describe, expect, it } from 'vitest';
import { check } from '../../checker/check.ts';
import { alwaysEventually, eventually, eventuallyAlways, leadsTo, strongFairness, weakFairness, type Fairness, type TemporalForm, type TemporalProperty } from '../../src/liveness.ts';
import type { Spec } from '../../src/spec.ts';

interface N {
  readonly n: number;
  readonly [v: string]: unknown;
}

interface Edge {
  readonly from: number;
  readonly event: string;
  readonly to: number;
}

interface Case {
  readonly size: number;
  readonly edges: readonly Edge[];
  readonly p: ReadonlySet<number>;
  readonly q: ReadonlySet<number>;
  readonly form: TemporalForm;
  readonly fair: readonly { kind: 'weak' | 'strong'; event: string }[];
}

const EVENTS = ['a', 'b', 'c'];
const FORMS: TemporalForm[] = ['eventually', 'alwaysEventually', 'eventuallyAlways', 'leadsTo'];

function rng(seed: number): () => number {
  let x = seed >>> 0 || 1;
  return () => {
    x ^= x << 13;
    x ^= x >>> 17;
    x ^= x << 5;
    return (x >>> 0) / 2 ** 32;
  };
}

function randomCase(r: () => number): Case {
  const size = 1 + Math.floor(r() * 6);
  const edges: Edge[] = [];
  for (let from = 0; from < size; from++) {
    for (const event of EVENTS) {
      for (let to = 0; to < size; to++) if (r() < 0.18) edges.push({ from, event, to });
    }
  }
  const p = new Set<number>();
  const q = new Set<number>();
  for (let s = 0; s < size; s++) {
    if (r() < 0.5) p.add(s);
    if (r() < 0.4) q.add(s);
  }
  const fair = EVENTS.flatMap((event) => (r() < 0.5 ? [{ kind: (r() < 0.5 ? 'weak' : 'strong') as 'weak' | 'strong', event }] : []));
  return { size, edges, p, q, form: FORMS[Math.floor(r() * FORMS.length)]!, fair };
}

function specOf(c: Case): Spec<N, string> {
  const P = (s: N): boolean => c.p.has(s.n);
  const Q = (s: N): boolean => c.q.has(s.n);
  const property: TemporalProperty<N> =
    c.form === 'eventually' ? eventually(P) : c.form === 'alwaysEventually' ? alwaysEventually(P) : c.form === 'eventuallyAlways' ? eventuallyAlways(P) : leadsTo(P, Q);
  const fairness: Fairness<string>[] = c.fair.map((f) => (f.kind === 'weak' ? weakFairness<string>(f.event, (e) => e === f.event) : strongFairness<string>(f.event, (e) => e === f.event)));
  return {
    variables: ['n'],
    initialStates: () => [{ n: 0 }],
    events: () => EVENTS,
    next: (s, ev) => c.edges.filter((e) => e.from === s.n && e.event === ev).map((e) => ({ n: e.to })),
    eventLabel: (e) => e,
    invariants: {},
    checkDeadlock: false,
    properties: { Prop: property },
    fairness,
  };
}

/** A non-stuttering step of event `event` from `s` exists (ENABLED <A>_vars). */
const enabled = (c: Case, s: number, event: string): boolean => c.edges.some((e) => e.from === s && e.event === event && e.to !== s);

/** The negation's region, entry and accepting sets (as in TLA+'s semantics of the four forms). */
function negation(c: Case, reach: ReadonlySet<number>): { region: Set<number>; accepting: (s: number) => boolean } {
  const notP = (s: number): boolean => !c.p.has(s);
  const notQ = (s: number): boolean => !c.q.has(s);
  const closure = (starts: number[], inside: (s: number) => boolean): Set<number> => {
    const out = new Set(starts.filter(inside));
    const todo = [...out];
    while (todo.length > 0) {
      const s = todo.pop()!;
      for (const e of c.edges) if (e.from === s && inside(e.to) && !out.has(e.to)) out.add(e.to), todo.push(e.to);
    }
    return out;
  };
  const all = [...reach];
  switch (c.form) {
    case 'eventually':
      return { region: closure([0], notP), accepting: () => true };
    case 'alwaysEventually':
      return { region: closure(all, notP), accepting: () => true };
    case 'eventuallyAlways':
      return { region: new Set(all), accepting: notP };
    case 'leadsTo':
      return { region: closure(all.filter((s) => c.p.has(s) && notQ(s)), notQ), accepting: () => true };
  }
}

function oracle(c: Case): boolean {
  const reach = new Set([0]);
  for (let changed = true; changed; ) {
    changed = false;
    for (const e of c.edges) if (reach.has(e.from) && !reach.has(e.to)) reach.add(e.to), (changed = true);
  }
  const { region, accepting } = negation(c, reach);
  const states = [...region];
  for (let mask = 1; mask < 1 << states.length; mask++) {
    const S = new Set(states.filter((_, i) => mask & (1 << i)));
    if (![...S].some(accepting)) continue;
    // Strongly connected with the edges inside S.
    const first = [...S][0]!;
    const from = (start: number, forward: boolean): Set<number> => {
      const seen = new Set([start]);
      const todo = [start];
      while (todo.length > 0) {
        const s = todo.pop()!;
        for (const e of c.edges) {
          const [a, b] = forward ? [e.from, e.to] : [e.to, e.from];
          if (a === s && S.has(b) && S.has(a) && !seen.has(b)) seen.add(b), todo.push(b);
        }
      }
      return seen;
    };
    if (from(first, true).size !== S.size || from(first, false).size !== S.size) continue;
    const inside = c.edges.filter((e) => S.has(e.from) && S.has(e.to) && e.from !== e.to);
    const fair = c.fair.every((f) => {
      const taken = inside.some((e) => e.event === f.event);
      const en = [...S].map((s) => enabled(c, s, f.event));
      return taken || (f.kind === 'weak' ? en.some((x) => !x) : en.every((x) => !x));
    });
    if (fair) return true;
  }
  return false;
}

/** Checks that the lasso is a behavior of the graph, fair, and violating the property. */
function checkLasso(c: Case, states: readonly number[], labels: readonly string[], loopTo: number, loopLabel: string | undefined): void {
  expect(states[0]).toBe(0);
  for (let i = 1; i < states.length; i++) {
    expect(c.edges.some((e) => e.from === states[i - 1] && e.to === states[i] && e.event === labels[i])).toBe(true);
  }
  const last = states.length - 1;
  const cycleStates = states.slice(loopTo);
  const cycleSteps: { from: number; event: string; to: number }[] = [];
  for (let i = loopTo + 1; i <= last; i++) cycleSteps.push({ from: states[i - 1]!, event: labels[i]!, to: states[i]! });
  if (loopLabel === undefined) expect(loopTo).toBe(last);
  else {
    expect(c.edges.some((e) => e.from === states[last] && e.to === states[loopTo] && e.event === loopLabel)).toBe(true);
    cycleSteps.push({ from: states[last]!, event: loopLabel, to: states[loopTo]! });
  }
  // Fair: judged on what the cycle does forever (stuttering when it has no step).
  for (const f of c.fair) {
    const taken = cycleSteps.some((s) => s.event === f.event && s.from !== s.to);
    const en = cycleStates.map((s) => enabled(c, s, f.event));
    const ok = taken || (f.kind === 'weak' ? en.some((x) => !x) : en.every((x) => !x));
    expect(ok, `the lasso violates ${f.kind} fairness of ${f.event}`).toBe(true);
  }
  const P = (s: number): boolean => c.p.has(s);
  const Q = (s: number): boolean => c.q.has(s);
  switch (c.form) {
    case 'eventually':
      expect(states.some(P)).toBe(false);
      break;
    case 'alwaysEventually':
      expect(cycleStates.some(P)).toBe(false);
      break;
    case 'eventuallyAlways':
      expect(cycleStates.some((s) => !P(s))).toBe(true);
      break;
    case 'leadsTo':
      expect(states.some((s, i) => P(s) && !Q(s) && states.slice(Math.min(i, loopTo)).every((t) => !Q(t)))).toBe(true);
      break;
  }
}

describe('liveness against a brute-force oracle on random graphs', () => {
  it('agrees on 400 random graphs, forms and fairness conditions, and prints only real fair lassos', async () => {
    const r = rng(20261201);
    let violated = 0;
    for (let i = 0; i < 400; i++) {
      const c = randomCase(r);
      const result = await check(specOf(c));
      const expected = oracle(c);
      expect(result.verdict === 'violation', `case ${i}: ${JSON.stringify({ ...c, p: [...c.p], q: [...c.q] })}`).toBe(expected);
      if (result.verdict !== 'violation') continue;
      violated++;
      const cex = result.violation!;
      checkLasso(
        c,
        cex.steps.map((s) => s.state.n),
        cex.steps.map((s) => s.label),
        cex.loop!.to,
        cex.loop!.label,
      );
    }
    // Both verdicts are well represented.
    expect(violated).toBeGreaterThan(80);
    expect(violated).toBeLessThan(320);
  });
});
