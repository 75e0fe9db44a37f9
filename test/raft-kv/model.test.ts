// raft-kv: each action checked on states reached step by step (by event label, as traces
// print them), the state machine's deduplication, the incremental Linearizable against
// the full check on random walks, and the correct model's figures at its default bounds.
import { invariantTable } from '../../src/spec-defaults.ts';
import { List } from 'immutable';
import { describe, expect, it } from 'vitest';
import { check } from '../../checker/check.ts';
import { checkHistory } from '../../src/lin/index.ts';
import { random } from '../lin/histories.ts';
import { historyEvents, isLinearizable, linStats } from '../../spec/raft-kv/linearizable.ts';
import { applyLog } from '../../spec/raft-kv/machine.ts';
import { buildRaftKv, raftKv, type RaftKvModel } from '../../spec/raft-kv/model.ts';
import { Entry, type RaftKvState } from '../../spec/raft-kv/types.ts';
import { findModel } from '../../spec/index.ts';
import { frozen } from '../support/frozen-spec.ts';

/** The successors of `s` whose step prints as `label`. */
function successors(spec: RaftKvModel, s: RaftKvState, label: string): RaftKvState[] {
  return spec.events(s).filter((e) => spec.eventLabel!(e, s) === label).flatMap((e) => spec.next(s, e));
}

/** Takes the steps named by `labels` from the initial state; each must be enabled. */
function run(spec: RaftKvModel, labels: readonly string[]): RaftKvState {
  let s = spec.initialStates()[0]!;
  for (const label of labels) {
    const next = successors(spec, s, label);
    expect(next, `${label} is not enabled`).toHaveLength(1);
    s = next[0]!;
  }
  return s;
}

function enabled(spec: RaftKvModel, s: RaftKvState, prefix: string): string[] {
  return spec.events(s).filter((e) => spec.next(s, e).length > 0).map((e) => spec.eventLabel!(e, s)).filter((l) => l.startsWith(prefix));
}

const correct = buildRaftKv();

// s1 leads term 1 and commits its no-op on s1, s2; then s2 is elected for term 2 by s3,
// commits its no-op and c1's increment, and answers c1.
const deposed = [
  'Elect(s1, term 1, votes s1 s2)',
  'Copy(s1→s2, index 1)',
  'Commit(s1, index 1)',
  'Elect(s2, term 2, votes s2 s3)',
  'Invoke(c1 add(x, 1) → s2)',
  'Copy(s2→s3, index 1)',
  'Copy(s2→s3, index 2)',
  'Copy(s2→s3, index 3)',
  'Commit(s2, index 3)',
  'Reply(s2→c1: add(x, 1) ok)',
  'Invoke(c2 read(x) → s1)',
];

describe('raft-kv actions', () => {
  it('a new leader appends a no-op of its term; a follower takes entries one at a time', () => {
    const s = run(correct, ['Elect(s1, term 1, votes s1 s2)']);
    expect(s.log.get(0)!.toArray()).toEqual([Entry({ term: 1 })]);
    expect(enabled(correct, s, 'Copy')).toEqual(['Copy(s1→s2, index 1)', 'Copy(s1→s3, index 1)']);
    expect(enabled(correct, s, 'Commit')).toEqual([]); // on s1 only: no majority
  });

  it('a deposed leader still believes it leads, but cannot answer a read without a quorum', () => {
    const s = run(correct, deposed);
    expect(s.role.get(0)).toBe('Leader');
    expect(enabled(correct, s, 'Read')).toEqual([]);
    // With the variant, it answers from its own state machine: the stale value.
    const stale = buildRaftKv({}, 'stale-read');
    const t = run(stale, deposed);
    expect(enabled(stale, t, 'Read')).toEqual(['Read(s1→c2: x = null)']);
    const after = successors(stale, t, 'Read(s1→c2: x = null)')[0]!;
    expect(isLinearizable(t.history)).toBe(true);
    expect(isLinearizable(after.history)).toBe(false);
  });

  it('the read is answered by the current leader once it has committed its no-op', () => {
    const s = run(correct, [...deposed.slice(0, -1), 'Invoke(c2 read(x) → s2)']);
    expect(enabled(correct, s, 'Read')).toEqual(['Read(s2→c2: x = 1)']);
  });

  it('a new leader cannot answer a read before it commits an entry of its term (unless no-noop)', () => {
    const steps = [
      'Elect(s1, term 1, votes s1 s2)',
      'Invoke(c1 add(x, 1) → s1)',
      'Copy(s1→s2, index 1)',
      'Copy(s1→s2, index 2)',
      'Commit(s1, index 2)',
      'Reply(s1→c1: add(x, 1) ok)',
      'Elect(s2, term 2, votes s2 s1)',
      'Invoke(c2 read(x) → s2)',
    ];
    const s = run(correct, steps);
    expect(s.commitIndex.toArray()).toEqual([2, 0, 0]); // s2 never learned s1's commit index
    expect(enabled(correct, s, 'Read')).toEqual([]);
    const noNoop = buildRaftKv({}, 'no-noop');
    expect(enabled(noNoop, run(noNoop, steps), 'Read')).toEqual(['Read(s2→c2: x = null)']);
    // Committing the no-op (index 3) moves s2's commit index past c1's entry.
    const t = run(correct, [...steps, 'Copy(s2→s1, index 3)', 'Commit(s2, index 3)']);
    expect(enabled(correct, t, 'Read')).toEqual(['Read(s2→c2: x = 1)']);
  });

  it('a client retries elsewhere, at most `retries` times; the reply needs a committed copy', () => {
    const s = run(correct, ['Elect(s1, term 1, votes s1 s2)', 'Invoke(c1 add(x, 1) → s1)']);
    expect(enabled(correct, s, 'Retry')).toEqual([]); // s1 is the only leader
    expect(enabled(correct, s, 'Reply')).toEqual([]); // not committed
    const t = run(correct, ['Elect(s1, term 1, votes s1 s2)', 'Invoke(c1 add(x, 1) → s1)', 'Elect(s3, term 2, votes s3 s2)']);
    expect(enabled(correct, t, 'Retry')).toEqual(['Retry(c1 add(x, 1) → s3)']);
    const u = successors(correct, t, 'Retry(c1 add(x, 1) → s3)')[0]!;
    expect(u.log.get(2)!.last()!.toJS()).toEqual({ term: 2, client: 'c1', seq: 1, f: 'add', key: 'x', value: 1 });
    expect(enabled(correct, u, 'Retry')).toEqual([]); // one retry allowed (--retries 1)
    const twice = buildRaftKv({ retries: 2 });
    expect(enabled(twice, successors(twice, t, 'Retry(c1 add(x, 1) → s3)')[0]!, 'Retry')).toEqual(['Retry(c1 add(x, 1) → s1)']);
    expect(enabled(buildRaftKv({ retries: 0 }), t, 'Retry')).toEqual([]);
  });

  it('a restart makes a server a follower and forgets its commit index', () => {
    const s = run(correct, ['Elect(s1, term 1, votes s1 s2)', 'Copy(s1→s2, index 1)', 'Commit(s1, index 1)', 'Restart(s1)']);
    expect([s.role.get(0), s.commitIndex.get(0), s.log.get(0)!.size, s.currentTerm.get(0)]).toEqual(['Follower', 0, 1, 1]);
    expect(enabled(correct, s, 'Restart')).toEqual([]); // nothing left to lose
  });
});

describe('the state machine', () => {
  const log = List([Entry({ term: 1 }), Entry({ term: 1, client: 'c1', seq: 1, f: 'add', key: 'x', value: 1 }), Entry({ term: 2 }), Entry({ term: 2, client: 'c1', seq: 1, f: 'add', key: 'x', value: 1 }), Entry({ term: 2, client: 'c2', seq: 1, f: 'write', key: 'y', value: 4 })]);
  it('deduplicates by client serial number', () => {
    const r = applyLog(log, 5, true);
    expect([Object.fromEntries(r.values), r.applied]).toEqual([{ x: 1, y: 4 }, [2, 5]]);
  });
  it('without deduplication (retry-duplicates) applies a retried request twice', () => {
    const r = applyLog(log, 5, false);
    expect([Object.fromEntries(r.values), r.applied]).toEqual([{ x: 2, y: 4 }, [2, 4, 5]]);
  });
  it('applies only up to the commit index', () => {
    expect(Object.fromEntries(applyLog(log, 3, false).values)).toEqual({ x: 1 });
  });
});

describe('Linearizable, checked incrementally', () => {
  it('agrees with the full check on every state of random walks, in every variant', () => {
    for (const variant of [undefined, 'stale-read', 'no-noop', 'retry-duplicates']) {
      const spec = buildRaftKv({}, variant);
      const rnd = random(variant?.length ?? 7);
      for (let walk = 0; walk < 150; walk++) {
        let s = spec.initialStates()[0]!;
        for (let step = 0; step < 30; step++) {
          const next = spec.events(s).flatMap((e) => spec.next(s, e));
          if (next.length === 0) break;
          s = next[Math.floor(rnd() * next.length)]!;
          const full = checkHistory(historyEvents(s.history)).linearizable;
          expect(invariantTable(spec).get('Linearizable')!.holds(s)).toBe(full);
        }
      }
    }
  });

  it('fails exactly when the full check does, on the stale read (and every state before it)', () => {
    const stale = buildRaftKv({}, 'stale-read');
    const states = [stale.initialStates()[0]!];
    for (const label of [...deposed, 'Read(s1→c2: x = null)']) states.push(successors(stale, states[states.length - 1]!, label)[0]!);
    const verdicts = states.map((s) => invariantTable(stale).get('Linearizable')!.holds(s));
    expect(verdicts).toEqual(states.map((s) => checkHistory(historyEvents(s.history)).linearizable));
    expect(verdicts.indexOf(false)).toBe(states.length - 1);
  });

  it('the model never mutates a state it is handed (deep-frozen, a few levels deep)', async () => {
    for (const variant of [undefined, 'retry-duplicates']) {
      const r = await check(frozen(buildRaftKv({}, variant)), { strategy: 'bfs', workers: 1, maxDepth: 6 });
      expect(r.verdict).toBe('ok');
    }
  });
});

describe('raft-kv at its default bounds', () => {
  it('is registered, with its variants', () => {
    expect(findModel('raft-kv')).toBe(raftKv);
    expect(Object.keys(raftKv.variants!)).toEqual(['stale-read', 'no-noop', 'retry-duplicates']);
  });

  it('the correct model is linearizable: 151,300 distinct states, depth 20', { timeout: 300_000 }, async () => {
    const searches = linStats.searches;
    const r = await check(correct, { strategy: 'bfs', workers: 1 });
    expect([r.verdict, r.distinct, r.generated, r.depth]).toEqual(['ok', 151_300, 429_058, 20]);
    // Incremental: a search only for a history never seen that ends in a completion
    // (16 in a fresh process), not one per state.
    expect(linStats.searches - searches).toBeLessThanOrEqual(16);
  });

  it('two operations per client (two keys) and three clients build and run', async () => {
    for (const params of [{ ops: 2 }, { clients: 3 }]) {
      const r = await check(buildRaftKv(params), { strategy: 'bfs', workers: 1, maxDepth: 8 });
      expect(r.verdict).toBe('ok');
    }
  });
});
