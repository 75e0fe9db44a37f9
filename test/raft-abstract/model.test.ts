// raft-abstract: each action on hand-built states, each invariant caught on a state that
// breaks it, and the correct model's figures at the bounds the variants are checked at.
import { List, Set as ISet } from 'immutable';
import { describe, expect, it } from 'vitest';
import { check } from '../../checker/check.ts';
import {
  buildRaftAbstract,
  Committed,
  commitTarget,
  electionSafety,
  leaderCompleteness,
  logMatching,
  renderLogs,
  stateMachineSafety,
  upToDate,
  type RaftAbstractEvent,
  type RaftAbstractState,
  type Role,
} from '../../spec/raft-abstract/model.ts';
import { frozen } from '../support/frozen-spec.ts';

interface Server {
  term: number;
  role?: Role;
  voted?: boolean;
  log?: number[];
}

/** A state from one line per server; `committed` as [index, term, inTerm] triples. */
function state(servers: Server[], committed: [number, number, number][] = []): RaftAbstractState {
  return {
    currentTerm: List(servers.map((s) => s.term)),
    role: List(servers.map((s) => s.role ?? 'Follower')),
    voted: List(servers.map((s) => s.voted ?? s.term > 0)),
    log: List(servers.map((s) => List(s.log ?? []))),
    committed: ISet(committed.map(([index, term, inTerm]) => Committed({ index, term, inTerm }))),
  };
}

const spec = buildRaftAbstract({ servers: 3, maxTerm: 4, maxLog: 2 });
const fig8 = buildRaftAbstract({ servers: 3, maxTerm: 4, maxLog: 2 }, 'figure8');
const step = (s: RaftAbstractState, e: RaftAbstractEvent, m = spec) => m.next(s, e);

describe('raft-abstract actions', () => {
  it('Elect: the quorum moves to the smallest term above the candidate in which it grants', () => {
    const s = state([{ term: 1 }, { term: 2 }, { term: 0 }]);
    const [t] = step(s, { kind: 'Elect', candidate: 0, voters: [1] });
    expect(t!.currentTerm.toArray()).toEqual([3, 3, 0]);
    expect(t!.role.toArray()).toEqual(['Leader', 'Follower', 'Follower']);
    expect(t!.voted.toArray()).toEqual([true, true, false]);
    expect(spec.eventLabel!({ kind: 'Elect', candidate: 0, voters: [1] }, s)).toBe('Elect(s1, term 3, votes s1 s2)');
  });

  it('Elect: a voter that already voted in a term does not vote again in it; one that has not, does', () => {
    const s = state([{ term: 0 }, { term: 1, voted: true }, { term: 1, voted: false }]);
    expect(step(s, { kind: 'Elect', candidate: 0, voters: [1] })[0]!.currentTerm.toArray()).toEqual([2, 2, 1]);
    expect(step(s, { kind: 'Elect', candidate: 0, voters: [2] })[0]!.currentTerm.toArray()).toEqual([1, 1, 1]);
  });

  it('Elect: the up-to-date check (§5.4.1) refuses a candidate with a less up-to-date log', () => {
    expect(upToDate(List([2]), List([1, 1]))).toBe(true); // higher last term wins
    expect(upToDate(List([1]), List([1, 1]))).toBe(false); // same last term: longer wins
    expect(upToDate(List([1, 1]), List([1, 1]))).toBe(true);
    const s = state([{ term: 1, log: [1] }, { term: 1, log: [1, 1] }, { term: 0 }]);
    expect(step(s, { kind: 'Elect', candidate: 0, voters: [1] })).toEqual([]);
    expect(step(s, { kind: 'Elect', candidate: 0, voters: [2] })).toHaveLength(1);
    const lax = buildRaftAbstract({ servers: 3, maxTerm: 4, maxLog: 2 }, 'no-log-check');
    expect(step(s, { kind: 'Elect', candidate: 0, voters: [1] }, lax)).toHaveLength(1);
  });

  it('Elect: no term beyond maxTerm', () => {
    const s = state([{ term: 4 }, { term: 4 }, { term: 3 }]);
    expect(step(s, { kind: 'Elect', candidate: 2, voters: [0] })).toEqual([]);
  });

  it('Append: a leader stamps the entry with its term, up to maxLog', () => {
    const s = state([{ term: 2, role: 'Leader', log: [1] }, { term: 2 }, { term: 0 }]);
    expect(step(s, { kind: 'Append', leader: 0 })[0]!.log.get(0)!.toArray()).toEqual([1, 2]);
    expect(step(step(s, { kind: 'Append', leader: 0 })[0]!, { kind: 'Append', leader: 0 })).toEqual([]);
    expect(step(s, { kind: 'Append', leader: 1 })).toEqual([]);
  });

  it('Copy: appends after a matching entry, and the follower joins the leader\'s term', () => {
    const s = state([{ term: 3, role: 'Leader', log: [1, 3] }, { term: 2, voted: true, log: [1] }, { term: 0 }]);
    const [t] = step(s, { kind: 'Copy', leader: 0, follower: 1, index: 2 });
    expect(t!.log.get(1)!.toArray()).toEqual([1, 3]);
    expect([t!.currentTerm.get(1), t!.voted.get(1)]).toEqual([3, false]);
  });

  it('Copy: the log-matching check refuses an entry whose predecessor differs or is missing', () => {
    const s = state([{ term: 3, role: 'Leader', log: [1, 3] }, { term: 2, log: [2] }, { term: 0 }]);
    expect(step(s, { kind: 'Copy', leader: 0, follower: 1, index: 2 })).toEqual([]);
    expect(step(s, { kind: 'Copy', leader: 0, follower: 2, index: 2 })).toEqual([]);
  });

  it('Copy: a conflicting entry is overwritten together with everything after it', () => {
    const s = state([{ term: 4, role: 'Leader', log: [1, 4] }, { term: 2, log: [2, 2] }, { term: 0 }]);
    const [t] = step(s, { kind: 'Copy', leader: 0, follower: 1, index: 1 });
    expect(t!.log.get(1)!.toArray()).toEqual([1]);
    expect(spec.eventLabel!({ kind: 'Copy', leader: 0, follower: 1, index: 1 }, s)).toBe('Copy(s1→s2, index 1, term 1, overwrite)');
  });

  it('Copy: a follower of a higher term refuses, and a copy that changes nothing is no step', () => {
    const s = state([{ term: 2, role: 'Leader', log: [2] }, { term: 3, log: [] }, { term: 2, log: [2] }]);
    expect(step(s, { kind: 'Copy', leader: 0, follower: 1, index: 1 })).toEqual([]);
    expect(step(s, { kind: 'Copy', leader: 0, follower: 2, index: 1 })).toEqual([]);
  });

  it('Commit: Raft counts replicas only of an entry from the current term (§5.4.2); figure8 counts any', () => {
    // Figure 8 (c): s1, leader in term 3, has its term-1 entry on a majority.
    const s = state([{ term: 3, role: 'Leader', log: [1] }, { term: 3, log: [1] }, { term: 2, log: [2] }]);
    expect(commitTarget(s, 0, undefined)).toBe(0);
    expect(step(s, { kind: 'Commit', leader: 0 })).toEqual([]);
    const [t] = step(s, { kind: 'Commit', leader: 0 }, fig8);
    expect(t!.committed.toArray().map((c) => c.toJS())).toEqual([{ index: 1, term: 1, inTerm: 3 }]);
    // Figure 8 (e): with an entry of its own term on the majority, the old entry commits too.
    const e = state([{ term: 3, role: 'Leader', log: [1, 3] }, { term: 3, log: [1, 3] }, { term: 2, log: [2] }]);
    const [u] = step(e, { kind: 'Commit', leader: 0 });
    expect(u!.committed.toArray().map((c) => [c.index, c.term, c.inTerm])).toEqual(
      expect.arrayContaining([
        [1, 1, 3],
        [2, 3, 3],
      ]),
    );
    expect(spec.eventLabel!({ kind: 'Commit', leader: 0 }, e)).toBe('Commit(s1, index 2)');
  });

  it('Commit: a leader counts only followers in its own term (it cannot know of the others)', () => {
    const s = state([{ term: 1, role: 'Leader', log: [1] }, { term: 3, log: [1] }, { term: 0 }]);
    expect(step(s, { kind: 'Commit', leader: 0 })).toEqual([]);
  });

  it('Restart: a leader comes back as a follower; forget-vote also loses its vote', () => {
    const s = state([{ term: 1, role: 'Leader' }, { term: 1, voted: true }, { term: 0 }]);
    expect(step(s, { kind: 'Restart', server: 0 })[0]!.role.get(0)).toBe('Follower');
    expect(step(s, { kind: 'Restart', server: 1 })).toEqual([]);
    const forget = buildRaftAbstract({}, 'forget-vote');
    expect(forget.next(s, { kind: 'Restart', server: 1 })[0]!.voted.get(1)).toBe(false);
  });

  it('renders one line per server: role, term, log boxes, committed entries starred', () => {
    const s = state([{ term: 3, role: 'Leader', log: [1, 3] }, { term: 3, log: [1] }, { term: 2, log: [2] }], [[1, 1, 3]]);
    expect(renderLogs(s)).toEqual(['s1 leader   t3 voted │ [1]* [3]', 's2 follower t3 voted │ [1]*', 's3 follower t2 voted │ [2]']);
    expect(renderLogs(state([{ term: 0 }, { term: 1, voted: false }, { term: 0 }]))[1]).toBe('s2 follower t1       │');
  });
});

describe('raft-abstract invariants catch the states that break them', () => {
  it('ElectionSafety: two leaders in one term', () => {
    expect(electionSafety(state([{ term: 1, role: 'Leader' }, { term: 1 }, { term: 1, role: 'Leader' }]))).toBe(false);
    expect(electionSafety(state([{ term: 1, role: 'Leader' }, { term: 2 }, { term: 2, role: 'Leader' }]))).toBe(true);
  });

  it('LogMatching: an equal entry over different prefixes', () => {
    expect(logMatching(state([{ term: 2, log: [1, 2] }, { term: 2, log: [2, 2] }, { term: 0 }]))).toBe(false);
    expect(logMatching(state([{ term: 2, log: [1, 2] }, { term: 2, log: [1] }, { term: 0 }]))).toBe(true);
  });

  it('LeaderCompleteness: a leader of a later term without a committed entry', () => {
    const s = state([{ term: 3, log: [1] }, { term: 4, role: 'Leader', log: [2] }, { term: 3, log: [1] }], [[1, 1, 3]]);
    expect(leaderCompleteness(s)).toBe(false);
    expect(leaderCompleteness(state([{ term: 3, role: 'Leader', log: [2] }, { term: 3 }, { term: 3 }], [[1, 1, 3]]))).toBe(true);
  });

  it('StateMachineSafety: two different entries committed at one index', () => {
    expect(stateMachineSafety(state([{ term: 0 }, { term: 0 }, { term: 0 }], [[1, 1, 3], [1, 2, 4]]))).toBe(false);
    expect(stateMachineSafety(state([{ term: 0 }, { term: 0 }, { term: 0 }], [[1, 1, 3], [2, 3, 3]]))).toBe(true);
  });
});

describe('the correct model passes every invariant at the variants\' bounds', () => {
  it('3 servers, default bounds (max term 4, max log 1): 4,714 distinct, 15,973 generated, depth 11', async () => {
    const r = await check(frozen(buildRaftAbstract()));
    expect([r.verdict, r.distinct, r.generated, r.depth]).toEqual(['ok', 4714, 15973, 11]);
  });

  it('3 servers, max log 2 (where an old entry commits through a new one): 48,670 distinct, depth 15', async () => {
    const r = await check(buildRaftAbstract({ maxLog: 2 }));
    expect([r.verdict, r.distinct, r.depth]).toEqual(['ok', 48670, 15]);
  });

  it('5 servers under symmetry, default bounds: no violation', async () => {
    const r = await check(buildRaftAbstract({ servers: 5 }), { symmetry: true });
    expect([r.verdict, r.distinct, r.depth]).toEqual(['ok', 10341, 14]);
  });
});
