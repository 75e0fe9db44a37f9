// Each invariant holds initially and catches a hand-built violating state.
import { Map as IMap, Set as ISet } from 'immutable';
import { describe, expect, it } from 'vitest';
import { withMessage } from '../../spec/raft/actions.ts';
import { raftInvariants } from '../../spec/raft/invariants.ts';
import { ElectionRecord, EntryRecord, type Message, type RaftState } from '../../spec/raft/types.ts';
import { logOf, setup, withServer, msg } from './helpers.ts';

const { c, init } = setup();
const inv = raftInvariants(c.servers, c.values);
const broken = (s: RaftState) => Object.keys(inv).filter((name) => !inv[name]!.holds(s));

describe('raft invariants', () => {
  it('all hold in the initial state', () => {
    expect(broken(init)).toEqual([]);
  });

  it('ElectionSafety: two leaders of one term', () => {
    const one = withServer(c, init, 'r1', { state: 'Leader', currentTerm: 2 });
    expect(broken(one)).toEqual([]);
    expect(broken(withServer(c, one, 'r3', { state: 'Leader', currentTerm: 3 }))).toEqual([]);
    expect(broken(withServer(c, one, 'r3', { state: 'Leader', currentTerm: 2 }))).toEqual(['ElectionSafety']);
  });

  it('ElectionSafetyHistory: two elections of different leaders in one term', () => {
    const e = (term: number, leader: string) =>
      ElectionRecord({ eterm: term, eleader: leader, elog: logOf(c), evotes: ISet([leader]), evoterLog: IMap() });
    expect(broken({ ...init, elections: ISet([e(2, 'r1'), e(3, 'r2')]) })).toEqual([]);
    expect(broken({ ...init, elections: ISet([e(2, 'r1'), e(2, 'r2')]) })).toEqual(['ElectionSafetyHistory']);
  });

  it('LogMatching: same index and term but different earlier entries', () => {
    const s = withServer(c, withServer(c, init, 'r1', { log: logOf(c, [1, 'v1'], [2, 'v1']) }), 'r2', { log: logOf(c, [1, 'v2'], [2, 'v1']) });
    expect(broken(s)).toEqual(['LogMatching']);
    const fine = withServer(c, s, 'r2', { log: logOf(c, [1, 'v1'], [3, 'v1']) });
    expect(broken(fine)).toEqual([]);
  });

  it('LeaderCompleteness: a leader lacking an entry committed in its term or before', () => {
    const committed = withServer(c, init, 'r2', { currentTerm: 2, log: logOf(c, [1, 'v1']), commitIndex: 1 });
    const leader = withServer(c, committed, 'r1', { state: 'Leader', currentTerm: 2, log: logOf(c, [2, 'v2']) });
    expect(broken(leader)).toEqual(['LeaderCompleteness']);
    const empty = withServer(c, leader, 'r1', { log: logOf(c) });
    expect(broken(empty)).toEqual(['LeaderCompleteness']);
    // A stale leader (older term than the committing server) is not bound.
    expect(broken(withServer(c, committed, 'r1', { state: 'Leader', currentTerm: 1, log: logOf(c) }))).toEqual([]);
    expect(broken(withServer(c, leader, 'r1', { log: logOf(c, [1, 'v1'], [2, 'v2']) }))).toEqual([]);
  });

  it('StateMachineSafety: two servers committed different entries at one index', () => {
    const s = withServer(c, withServer(c, init, 'r1', { log: logOf(c, [1, 'v1']), commitIndex: 1 }), 'r3', { log: logOf(c, [2, 'v1']), commitIndex: 1 });
    expect(broken(s)).toEqual(['StateMachineSafety']);
    expect(broken(withServer(c, s, 'r3', { commitIndex: 0 }))).toEqual([]);
  });

  it('TypeOK: a value outside its type in any variable', () => {
    const bad: RaftState[] = [
      { ...init, state: init.state.set('r1', 'Boss' as never) },
      { ...init, currentTerm: init.currentTerm.set('r1', 0) },
      { ...init, votedFor: init.votedFor.set('r1', 'r9') },
      { ...init, log: init.log.set('r2', logOf(c).push(EntryRecord({ term: 1, value: 'v7' }))) },
      { ...init, commitIndex: init.commitIndex.remove('r3') },
      { ...init, votesGranted: init.votesGranted.set('r1', ISet(['x'])) },
      { ...init, nextIndex: init.nextIndex.set('r1', IMap([['r1', 0], ['r2', 1], ['r3', 1]])) },
      { ...init, messages: IMap<Message, number>([[msg.requestVoteRequest(1, 0, 0, 'r1', 'r2'), 0]]) },
      { ...init, messages: IMap([['hello' as unknown as Message, 1]]) },
      { ...init, allLogs: ISet([42 as never]) },
    ];
    for (const s of bad) expect(broken(s)).toEqual(['TypeOK']);
    const ok = { ...init, messages: withMessage(init.messages, msg.appendEntriesRequest(1, 0, 0, logOf(c, [1, 'v1']), logOf(c, [1, 'v1']), 0, 'r1', 'r2')) };
    expect(broken(ok)).toEqual([]);
  });
});
