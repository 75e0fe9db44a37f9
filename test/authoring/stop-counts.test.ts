// What crank has counted when it stops at an invariant violation equals what TLC prints,
// when crank generates successors in TLC's order. TLC 2.20 (tlc2.tool.Worker.addElement,
// called by Tool.getNextStates for each sub-action in turn) counts a successor as
// generated the moment it is produced, puts it in the seen set, checks the invariants on
// it if it is new, and stops at the first that fails; its sub-actions are Next's
// disjuncts from left to right, and `\E p \in P : A(p) \/ B(p)` with a constant P is one
// sub-action per element of P, each with its disjuncts: A(p1), B(p1), A(p2), B(p2), …
// crank counts the same way (checker/exploration.ts's admit), so a model whose
// `events(state)` list that order stops at TLC's figures; another order stops elsewhere
// in the last level, with the same depth and trace length.
//
// The figures are TLC's (java -cp tla2tools.jar tlc2.TLC -workers 1), for these TLA+
// transcriptions of the models below:
//
//   ---- MODULE DieHard ----                       ---- MODULE Split ----
//   EXTENDS Naturals                               EXTENDS Naturals
//   VARIABLES small, big                           CONSTANT P            \* {p1, p2, p3}
//   Init == small = 0 /\ big = 0                   VARIABLES c
//   FillSmall == small' = 3 /\ big' = big          Init == c = [p \in P |-> 0]
//   FillBig == big' = 5 /\ small' = small          Inc(p) == c[p] < 2 /\ c' = [c EXCEPT ![p] = c[p] + 1]
//   EmptySmall == small' = 0 /\ big' = big         Reset(p) == c[p] > 0 /\ c' = [c EXCEPT ![p] = 0]
//   EmptyBig == big' = 0 /\ small' = small         Next == \E p \in P : Inc(p) \/ Reset(p)
//   SmallToBig == LET p == IF small < 5 - big      NotBoth == ~(\A p \in P : c[p] = 2)
//       THEN small ELSE 5 - big                    ====
//     IN small' = small - p /\ big' = big + p
//   BigToSmall == LET p == IF big < 3 - small
//       THEN big ELSE 3 - small
//     IN small' = small + p /\ big' = big - p
//   Next == FillSmall \/ FillBig \/ EmptySmall \/ EmptyBig \/ SmallToBig \/ BigToSmall
//   NotSolved == big /= 4
//   ====
//
// DieHard: 73 states generated, 14 distinct states found, 1 states left on queue, depth 7
// (7 states in the trace). With Next's disjuncts reversed: 62 generated, 13 distinct,
// depth 7. Split: 97 generated, 27 distinct, 2 left on queue, depth 7 (7 states).
import { Map } from 'immutable';
import { describe, expect, it } from 'vitest';
import { check, type Spec } from '../../src/index.ts';

interface Jugs {
  readonly small: number;
  readonly big: number;
}
type Pour = 'FillSmall' | 'FillBig' | 'EmptySmall' | 'EmptyBig' | 'SmallToBig' | 'BigToSmall';
const TLC_ORDER: readonly Pour[] = ['FillSmall', 'FillBig', 'EmptySmall', 'EmptyBig', 'SmallToBig', 'BigToSmall'];

function dieHard(order: readonly Pour[]): Spec<Jugs, Pour> {
  return {
    variables: ['small', 'big'],
    initialStates: () => [{ small: 0, big: 0 }],
    events: () => order,
    next(s, pour) {
      switch (pour) {
        case 'FillSmall':
          return [{ ...s, small: 3 }];
        case 'FillBig':
          return [{ ...s, big: 5 }];
        case 'EmptySmall':
          return [{ ...s, small: 0 }];
        case 'EmptyBig':
          return [{ ...s, big: 0 }];
        case 'SmallToBig': {
          const p = Math.min(s.small, 5 - s.big);
          return [{ small: s.small - p, big: s.big + p }];
        }
        case 'BigToSmall': {
          const p = Math.min(s.big, 3 - s.small);
          return [{ small: s.small + p, big: s.big - p }];
        }
      }
    },
    invariants: { NotSolved: (s) => s.big !== 4 },
  };
}

interface Counters {
  readonly c: Map<string, number>;
}
interface Step {
  readonly type: 'Inc' | 'Reset';
  readonly p: string;
}
const P = ['p1', 'p2', 'p3'];

/** Split's events element by element, as TLC splits `\E p \in P : Inc(p) \/ Reset(p)`, or all Incs first. */
function split(order: 'by element' | 'by action'): Spec<Counters, Step> {
  const steps: Step[] =
    order === 'by element'
      ? P.flatMap((p) => [{ type: 'Inc', p }, { type: 'Reset', p }] as const)
      : [...P.map((p) => ({ type: 'Inc', p }) as const), ...P.map((p) => ({ type: 'Reset', p }) as const)];
  return {
    variables: ['c'],
    initialStates: () => [{ c: Map(P.map((p) => [p, 0])) }],
    events: () => steps,
    next(s, { type, p }) {
      const v = s.c.get(p)!;
      if (type === 'Inc') return v < 2 ? [{ c: s.c.set(p, v + 1) }] : [];
      return v > 0 ? [{ c: s.c.set(p, 0) }] : [];
    },
    invariants: { NotBoth: (s) => !s.c.every((v) => v === 2) },
    modelValues: P,
  };
}

async function stoppedAt<S extends object, E>(spec: Spec<S, E>): Promise<{ generated: number; distinct: number; depth: number; states: number | undefined }> {
  const r = await check(spec, { workers: 1 });
  expect(r.verdict).toBe('violation');
  return { generated: r.generated, distinct: r.distinct, depth: r.depth, states: r.violation?.steps.length };
}

describe("the figures at a violation are TLC's when successors come in TLC's order", () => {
  it("DieHard in Next's order: TLC's 73 generated, 14 distinct, depth 7", async () => {
    expect(await stoppedAt(dieHard(TLC_ORDER))).toEqual({ generated: 73, distinct: 14, depth: 7, states: 7 });
  });

  it("DieHard with Next's disjuncts reversed, in TLC and in crank: 62 generated, 13 distinct", async () => {
    expect(await stoppedAt(dieHard([...TLC_ORDER].reverse()))).toEqual({ generated: 62, distinct: 13, depth: 7, states: 7 });
  });

  it('Split, events element by element as TLC splits \\E: 97 generated, 27 distinct', async () => {
    expect(await stoppedAt(split('by element'))).toEqual({ generated: 97, distinct: 27, depth: 7, states: 7 });
  });

  it("Split, events action by action (not TLC's order): the same depth and trace, fewer generated", async () => {
    // Not a TLC figure: what another order gives, to show the order is what matters.
    expect(await stoppedAt(split('by action'))).toEqual({ generated: 95, distinct: 27, depth: 7, states: 7 });
  });
});
