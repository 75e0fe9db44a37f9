import { describe, expect, it } from 'vitest';
import { check } from '../../checker/check.ts';
import { counterModel, graphModel } from '../support/graph-model.ts';

const nodesOf = (steps: readonly { state: { node?: unknown } }[]) => steps.map((s) => s.state.node);

describe('BFS on hand-built graphs', () => {
  // 0 -> 1, 2;  1 -> 3;  2 -> 3, 4;  3 -> 5;  4 -> 5;  5 -> 0
  const diamond = { 0: [1, 2], 1: [3], 2: [3, 4], 3: [5], 4: [5], 5: [0] };

  it('counts distinct, generated and depth as TLC does', async () => {
    const r = await check(graphModel(diamond));
    expect(r.verdict).toBe('ok');
    expect(r.distinct).toBe(6);
    // 1 initial state + 8 edges.
    expect(r.generated).toBe(9);
    // Levels: {0} {1,2} {3,4} {5}.
    expect(r.depth).toBe(4);
  });

  it('reports a shortest counterexample', async () => {
    const r = await check(graphModel({ ...diamond, 4: [5, 6], 6: [] }, { bad: [5] }));
    expect(r.verdict).toBe('violation');
    expect(r.violation?.property).toBe('NotBad');
    expect(nodesOf(r.violation!.steps)).toEqual([0, 1, 3, 5]);
    expect(r.violation!.steps.map((s) => s.label)).toEqual(['Initial predicate', 'go(1)', 'go(3)', 'go(5)']);
  });

  it('finds a violating initial state at once', async () => {
    const r = await check(graphModel(diamond, { init: [3, 0], bad: [0] }));
    expect(r.verdict).toBe('violation');
    expect(nodesOf(r.violation!.steps)).toEqual([0]);
  });

  it('checks only the invariants asked for', async () => {
    const r = await check(graphModel(diamond, { bad: [5] }), { invariants: [] });
    expect(r.verdict).toBe('ok');
    await expect(check(graphModel(diamond), { invariants: ['Nope'] })).rejects.toThrow(/unknown invariant 'Nope'/);
  });

  it('stops expanding at --max-depth', async () => {
    const r = await check(graphModel(diamond), { maxDepth: 2 });
    expect(r.distinct).toBe(3);
    expect(r.depth).toBe(2);
  });
});

describe('CONSTRAINT semantics (TLC: x\' = x + 1, x <= 3)', () => {
  it('counts the out-of-model successor as generated but not distinct', async () => {
    const r = await check(counterModel());
    expect(r.generated).toBe(5);
    expect(r.distinct).toBe(4);
    expect(r.depth).toBe(4);
    // The out-of-model state x = 4 is a successor, so x = 3 is no deadlock.
    expect(r.verdict).toBe('ok');
  });

  it('checks the out-of-model state against the invariants', async () => {
    const r = await check(counterModel((x) => x < 4));
    expect(r.verdict).toBe('violation');
    expect(r.violation!.steps.map((s) => s.state.x)).toEqual([0, 1, 2, 3, 4]);
  });
});

describe('deadlock', () => {
  const deadEnd = { 0: [1], 1: [2], 2: [] };

  it('is reported by default, with the path to the dead state', async () => {
    const r = await check(graphModel(deadEnd), { checkDeadlock: true });
    expect(r.verdict).toBe('deadlock');
    expect(r.violation?.property).toBe('Deadlock');
    expect(nodesOf(r.violation!.steps)).toEqual([0, 1, 2]);
  });

  it('is not reported with checkDeadlock off', async () => {
    const r = await check(graphModel(deadEnd), { checkDeadlock: false });
    expect(r.verdict).toBe('ok');
    expect(r.distinct).toBe(3);
  });

  it('does not flag states whose only successors are outside the constraint', async () => {
    const r = await check(graphModel({ 0: [1], 1: [9] }, { constraint: (n) => n < 9 }), { checkDeadlock: true });
    expect(r.verdict).toBe('ok');
    expect(r.generated).toBe(3);
  });

  it('is not reported at the depth bound', async () => {
    const r = await check(graphModel(deadEnd), { checkDeadlock: true, maxDepth: 2 });
    expect(r.verdict).toBe('ok');
  });
});

describe('DFS', () => {
  const chainWithShortcut = { 0: [1, 4], 1: [2], 2: [3], 3: [4], 4: [5], 5: [] };

  it('visits every state and counts as BFS does', async () => {
    const r = await check(graphModel(chainWithShortcut), { strategy: 'dfs' });
    expect(r.distinct).toBe(6);
    expect(r.generated).toBe(7);
  });

  it('finds every state within the depth bound even when first reached by a longer path', async () => {
    // DFS reaches 3 first at depth 4 (0-1-2-3), where the bound stops it; the shortcut
    // 0-3 reaches it again at depth 2, so it is explored again and 4 is found.
    const g = { 0: [1, 3], 1: [2], 2: [3], 3: [4], 4: [] };
    const dfs = await check(graphModel(g), { strategy: 'dfs', maxDepth: 4 });
    const bfs = await check(graphModel(g), { strategy: 'bfs', maxDepth: 4 });
    expect(dfs.distinct).toBe(5);
    expect(bfs.distinct).toBe(5);
  });

  it('reports deadlock and violations with a valid trace', async () => {
    const r = await check(graphModel(chainWithShortcut, { bad: [5] }), { strategy: 'dfs' });
    expect(r.verdict).toBe('violation');
    const path = nodesOf(r.violation!.steps) as number[];
    expect(path[0]).toBe(0);
    expect(path.at(-1)).toBe(5);
    for (let i = 1; i < path.length; i++) expect(chainWithShortcut[path[i - 1] as 0]).toContain(path[i]);
  });
});

describe('default invariants', () => {
  it('checks the model\'s defaultInvariants when none are named, and any invariant when named', async () => {
    const base = graphModel({ 0: [1], 1: [] }, { bad: [1] });
    const spec = { ...base, invariants: { ...base.invariants, Always: { description: 'true', holds: () => true } }, defaultInvariants: ['Always'] };
    expect((await check(spec)).verdict).toBe('ok');
    expect((await check(spec, { invariants: ['NotBad'] })).verdict).toBe('violation');
  });
});
