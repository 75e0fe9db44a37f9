// Tiny models built from explicit graphs, for testing the engine against counts and
// shortest paths worked out by hand.
import type { Spec } from '../../src/spec.ts';

export interface NodeState {
  readonly node: number;
  readonly [variable: string]: unknown;
}

/** A model whose states are graph nodes; `edges[n]` lists n's successors in order. */
export function graphModel(
  edges: Readonly<Record<number, readonly number[]>>,
  options: { init?: number[]; bad?: number[]; constraint?: (n: number) => boolean; deadlock?: boolean } = {},
): Spec<NodeState, number> {
  const bad = new Set(options.bad ?? []);
  return {
    variables: ['node'],
    initialStates: () => (options.init ?? [0]).map((node) => ({ node })),
    events: (s) => edges[s.node] ?? [],
    next: (_s, target) => [{ node: target }],
    eventLabel: (target) => `go(${target})`,
    invariants: { NotBad: { description: 'never reach a bad node', holds: (s) => !bad.has(s.node) } },
    constraint: options.constraint === undefined ? undefined : (s) => options.constraint!(s.node),
    checkDeadlock: options.deadlock ?? false,
  };
}

/** TLC's CONSTRAINT example: x' = x + 1 under x <= 3. */
export function counterModel(invariant: (x: number) => boolean = () => true): Spec<{ readonly x: number }, 'inc'> {
  return {
    variables: ['x'],
    initialStates: () => [{ x: 0 }],
    events: () => ['inc'],
    next: (s) => [{ x: s.x + 1 }],
    eventLabel: () => 'Inc',
    invariants: { Small: { description: 'x < 4', holds: (s) => invariant(s.x) } },
    constraint: (s) => s.x <= 3,
  };
}
