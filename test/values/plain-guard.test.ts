// The model guard and plain values (src/values/plain.ts): what it accepts, freezes and
// refuses, each refusal naming the variable and the path inside it.
import { produce } from 'immer';
import { List, Map as IMap, Set as ISet } from 'immutable';
import { describe, expect, it } from 'vitest';
import { check, ModelFault } from '../../checker/check.ts';
import type { Spec, State } from '../../src/spec.ts';
import { recordType } from '../../src/values/record.ts';

/** A model whose variable `x` goes from `first` to `second` in one step (`n` counts steps). */
function twoStates(first: unknown, second: unknown, next?: (s: State) => State[]): Spec<State, string> {
  return {
    variables: ['n', 'x'],
    initialStates: () => [{ n: 0, x: first }],
    events: () => ['Step'],
    next: next ?? ((s) => (s['n'] === 0 ? [{ n: 1, x: second }] : [])),
    checkDeadlock: false,
  };
}

async function fault(spec: Spec<State, string>): Promise<string> {
  const err = await check(spec).then(
    () => undefined,
    (e: unknown) => e,
  );
  expect(err).toBeInstanceOf(ModelFault);
  return (err as ModelFault).message;
}

const Msg = recordType('PlainGuard.Msg', { type: '', rm: '' });

describe('the model guard accepts plain values', () => {
  it('counts states of plain records and arrays by value, whatever their key order, frozen or not', async () => {
    // Three states: the second and third successor are equal records built apart.
    const spec: Spec<State, string> = {
      variables: ['x'],
      initialStates: () => [{ x: { a: 1, b: [1] } }],
      events: () => ['A', 'B'],
      next: (s, e) => {
        const x = s['x'] as { a: number; b: number[] };
        if (x.a !== 1) return [];
        return e === 'A' ? [{ x: { a: 2, b: [1, 2] } }] : [{ x: produce(x, (d) => ((d.a = 2), void d.b.push(2))) }, { x: { b: [1, 2], a: 2 } }];
      },
      checkDeadlock: false,
    };
    const r = await check(spec);
    expect({ distinct: r.distinct, generated: r.generated }).toEqual({ distinct: 2, generated: 4 });
  });

  it('catches a next that assigns into a plain value of its input, in strict and sloppy-mode code', async () => {
    const message = await fault(
      twoStates({ a: 1 }, { a: 2 }, (s) => {
        (s['x'] as { a: number }).a = 2;
        return [s];
      }),
    );
    expect(message).toMatch(/^next\(state, Step\) on state n = 0, x = \[a \|-> 1\] changed its input state \(property x\.a\)/);
    const pushed = await fault(
      twoStates([1], [1, 2], (s) => {
        (s['x'] as number[]).push(2);
        return [s];
      }),
    );
    expect(pushed).toMatch(/changed its input state \(property x\[1\]\)/);
    // Sloppy-mode code (new Function's body is, as a .ts file in a CommonJS folder is)
    // would ignore an assignment to a frozen object: next is given copies, and the
    // guard compares them with the state afterwards.
    const sloppy = await fault(twoStates({ a: { b: [1] } }, 0, new Function('s', 's.x.a.b[0] = 2; return [s];') as (s: State) => State[]));
    expect(sloppy).toMatch(/changed its input state \(property x\.a\.b\[0\]\)/);
    const added = await fault(twoStates({ a: 1 }, 0, new Function('s', 's.x.c = 2; return [s];') as (s: State) => State[]));
    expect(added).toMatch(/changed its input state \(property x\.c\)/);
  });

  it('takes immutable.js collections inside plain values and plain values as List elements and Map values', async () => {
    const r = await check(twoStates({ s: ISet([1]), l: List([{ a: 1 }]) }, { s: ISet([1]), l: List([{ a: 1 }]), m: IMap([['r1', [{ b: 2 }]]]) }));
    expect(r.verdict).toBe('ok');
    expect(r.distinct).toBe(2);
  });
});

describe('the model guard refuses', () => {
  it.each([
    ['a plain object in a Set', ISet([{ a: 1 }]), /^a successor of next\(state, Step\): variable x \(an element\) is a plain object inside an element of the immutable\.js Set variable x: immutable\.js compares plain objects and arrays by reference there/],
    ['a plain array deep in a Set element', ISet([List([0, [1]])]), /variable x \(an element\)\[1\] is a plain array inside an element of the immutable\.js Set variable x/],
    ['a plain value in a Map key', IMap([[{ a: 1 }, 1]]), /variable x \(a key\) is a plain object inside a key of the immutable\.js Map variable x/],
    ['a plain value in a record in a Set', { msgs: ISet([Msg({ type: 'Prepared', rm: { id: 1 } as unknown as string })]) }, /variable x\.msgs \(an element\)\.rm is a plain object inside an element of the immutable\.js Set variable x\.msgs/],
    ['a field that is no TLA+ name', { 'a-b': 1 }, /variable x has a field 'a-b', which is no TLA\+ name: .*use an immutable\.js Map for a function of other keys/],
    ['a numeric field', { 1: 'one' }, /variable x has a field '1', which is no TLA\+ name/],
    ['a symbol key', { [Symbol('s')]: 1 }, /variable x has a symbol key Symbol\(s\)/],
    ['a getter', Object.defineProperty({}, 'a', { get: () => 1, enumerable: true }), /variable x\.a is a getter or setter/],
    ['a class instance', new (class Jug { small = 1 })(), /variable x is a Jug object, not a plain one/],
    ['an array with holes', [1, , 3], /variable x is an array with holes/],
    ['a fraction in a plain record', { a: [1, 0.5] }, /variable x\.a\[1\] is 0\.5: crank values are integers/],
    ['undefined in a plain record', { a: undefined }, /variable x\.a is undefined/],
  ])('%s', async (_what, value, message) => {
    expect(await fault(twoStates(0, value))).toMatch(message);
  });

  it('a plain value that a Set takes after the guard saw it elsewhere', async () => {
    const log = List([{ term: 1 }]);
    expect(await fault(twoStates({ log, seen: ISet() }, { log, seen: ISet([log]) }))).toMatch(/variable x\.seen \(an element\)\[0\] is a plain object inside an element of the immutable\.js Set variable x\.seen/);
  });

  it('plain records and recordType records with the same fields, in either order', async () => {
    expect(await fault(twoStates(0, { a: Msg({ type: 'Commit' }), b: { type: 'Commit', rm: '' } }))).toMatch(
      /^a successor of next\(state, Step\): variable x\.b is a plain object with the fields rm, type, and variable x\.a \(in this state or an earlier one\) is a PlainGuard\.Msg record \(recordType\) with the same fields: crank counts them as different values although they print alike/,
    );
    expect(await fault(twoStates({ rm: 'r1', type: 'Prepared' }, Msg({ type: 'Prepared', rm: 'r1' })))).toMatch(
      /^a successor of next\(state, Step\): variable x is a PlainGuard\.Msg record \(recordType\) with the fields rm, type, and variable x \(in this state or an earlier one\) is a plain object with the same fields/,
    );
  });
});
