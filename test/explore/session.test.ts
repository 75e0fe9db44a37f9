// The explorer's model side without HTTP: paths of successor indices, and the Spec that
// "check from here" explores.
import { describe, expect, it } from 'vitest';
import { check } from '../../checker/check.ts';
import { buildTrafficLight } from '../../spec/traffic-light/model.ts';
import { BadRequest } from '../../src/explore/errors.ts';
import { parsePath, pathOf, startingAt, successorsOf, walk } from '../../src/explore/session.ts';
import type { Invariant, Spec, State } from '../../src/spec.ts';

/** A counter mod `#size`, written as a class with a private field, as a user might. */
class Counter implements Spec<State, 'inc'> {
  readonly #size: number;
  readonly variables = ['n'];
  readonly invariants: Record<string, Invariant<State>> = { Small: { description: 'n < 4', holds: (s) => (s['n'] as number) < 4 } };
  constructor(size: number) {
    this.#size = size;
  }
  initialStates(): State[] {
    return [{ n: 0 }];
  }
  events(): 'inc'[] {
    return ['inc'];
  }
  next(s: State): State[] {
    return [{ n: ((s['n'] as number) + 1) % this.#size }];
  }
  eventLabel(): string {
    return `Inc(${this.#size})`;
  }
}

describe('explorer paths', () => {
  const spec = buildTrafficLight() as unknown as Spec<State, unknown>;

  it('number successors event by event, one per successor', () => {
    const start = walk(spec, [0])[0]!.state;
    expect(successorsOf(spec, start).map((s) => s.label)).toEqual(['clock', 'press']);
    // At clock 60 with the button pressed, a tick has two equal successors (one per rule): two entries.
    const busy = { ew: 'R', ns: 'G', clock: 60, button: true };
    expect(successorsOf(spec, busy).map((s) => s.label)).toEqual(['clock', 'clock', 'press']);
  });

  it('parse and walk, refusing what is not a path of the model', () => {
    expect(parsePath('0.1.0')).toEqual([0, 1, 0]);
    for (const bad of ['', '0..1', '0.', '.0', '1e3', '0x1', ' 0', '0,1', '9999999']) expect(() => parsePath(bad), bad).toThrow(BadRequest);
    expect(walk(spec, [0, 1, 0]).map((s) => s.label)).toEqual(['Initial predicate', 'press', 'clock']);
    expect(() => walk(spec, [])).toThrow(/the path is empty/);
    expect(() => walk(spec, [0, 2])).toThrow('no successor 2 at step 2: state 1 has 2 (0 to 1)');
  });

  it('turn a behavior back into its path', () => {
    const states = walk(spec, [0, 1, 0]).map((s) => ({ state: s.state, label: s.label }));
    expect(pathOf(spec, states)).toEqual([0, 1, 0]);
    expect(pathOf(spec, states.slice(2), [0, 1])).toEqual([0, 1, 0]);
    expect(() => pathOf(spec, [{ state: { ew: 'R', ns: 'G', clock: 60, button: true } }])).toThrow(/not an initial state/);
  });
});

describe('check from here', () => {
  it('explores from the given state only, with the model methods bound (a class with private fields)', async () => {
    const counter = new Counter(6);
    const from3 = startingAt(counter as Spec<State, unknown>, { n: 3 });
    expect(from3.initialStates()).toEqual([{ n: 3 }]);
    expect(from3.eventLabel!('inc', { n: 3 })).toBe('Inc(6)');
    const result = await check(from3, {});
    expect(result.violation?.steps.map((s) => s.state['n'])).toEqual([3, 4]);
    const whole = await check(startingAt(counter as Spec<State, unknown>, { n: 5 }), { invariants: [] });
    expect(whole).toMatchObject({ verdict: 'ok', distinct: 6, depth: 6 });
  });
});
