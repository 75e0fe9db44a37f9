// Each raft.tla action on hand-built states: when it is enabled, and its exact successor.
import { Map as IMap, Set as ISet, is } from 'immutable';
import { describe, expect, it } from 'vitest';
import {
  advanceCommitIndex,
  appendEntries,
  becomeLeader,
  clientRequest,
  receive,
  requestVote,
  restart,
  timeout,
  withMessage,
} from '../../spec/raft/actions.ts';
import type { Message, RaftState } from '../../spec/raft/types.ts';
import { diff, logOf, msg, setup, spec, withServer } from './helpers.ts';

/** `s` with m added to the bag `count` times. */
function sent(s: RaftState, m: Message, count = 1): RaftState {
  let messages = s.messages;
  for (let k = 0; k < count; k++) messages = withMessage(messages, m);
  return { ...s, messages };
}

describe('Restart', () => {
  it('keeps currentTerm, votedFor, log and messages; resets the rest', () => {
    const { c, init } = setup();
    const log = logOf(c, [2, 'v1']);
    const rv = msg.requestVoteRequest(2, 0, 0, 'r2', 'r1');
    const s = sent(
      withServer(c, init, 'r1', {
        state: 'Leader',
        currentTerm: 2,
        votedFor: 'r1',
        log,
        commitIndex: 1,
        votesResponded: ['r1', 'r2'],
        votesGranted: ['r1', 'r2'],
        nextIndex: { r2: 2, r3: 2 },
        matchIndex: { r2: 1 },
      }),
      rv,
    );
    const t = restart(c, s, 'r1');
    const expected: RaftState = {
      ...withServer(c, s, 'r1', {
        state: 'Follower',
        commitIndex: 0,
        votesResponded: [],
        votesGranted: [],
        nextIndex: { r1: 1, r2: 1, r3: 1 },
        matchIndex: { r1: 0, r2: 0, r3: 0 },
      }),
    };
    expect(diff(t, expected)).toEqual([]);
    expect(t.votedFor.get('r1')).toBe('r1');
    expect(t.messages.get(rv)).toBe(1);
  });

  it('is enabled in every state; with Next setting allLogs, it may change nothing else', () => {
    const { c, init } = setup();
    expect(diff(restart(c, init, 'r2'), init)).toEqual([]);
    const [t, ...more] = spec().next(init, { kind: 'Restart', i: 'r2' });
    expect(more).toEqual([]);
    expect(diff(t!, init)).toEqual(['allLogs']);
    expect(t!.allLogs.toArray()).toEqual([logOf(c)]);
  });

  it('forget-vote variant: also resets votedFor', () => {
    const { c, init } = setup(3, 1, 'forget-vote');
    const s = withServer(c, init, 'r1', { votedFor: 'r2', currentTerm: 2 });
    expect(restart(c, s, 'r1').votedFor.get('r1')).toBe('Nil');
  });
});

describe('Timeout', () => {
  it('makes a follower a candidate of the next term with no votes', () => {
    const { c, init } = setup();
    const s = withServer(c, init, 'r1', { votedFor: 'r2', votesResponded: ['r3'], votesGranted: ['r3'] });
    const t = timeout(c, s, 'r1')!;
    const expected = {
      ...withServer(c, s, 'r1', { state: 'Candidate', currentTerm: 2, votedFor: 'Nil', votesResponded: [], votesGranted: [] }),
    };
    expect(diff(t, expected)).toEqual([]);
  });

  it('is enabled for a candidate, not for a leader', () => {
    const { c, init } = setup();
    expect(timeout(c, withServer(c, init, 'r1', { state: 'Candidate' }), 'r1')!.currentTerm.get('r1')).toBe(2);
    expect(timeout(c, withServer(c, init, 'r1', { state: 'Leader' }), 'r1')).toBeUndefined();
  });
});

describe('RequestVote', () => {
  it('sends a request carrying the last log term and index, also to the candidate itself', () => {
    const { c, init } = setup();
    const s = withServer(c, init, 'r1', { state: 'Candidate', currentTerm: 3, log: logOf(c, [1, 'v1'], [2, 'v2']) });
    for (const j of ['r1', 'r2']) {
      const t = requestVote(c, s, 'r1', j)!;
      const m = msg.requestVoteRequest(3, 2, 2, 'r1', j);
      expect(diff(t, { ...s, messages: IMap([[m as Message, 1]]) })).toEqual([]);
    }
  });

  it('needs a candidate that has no response from j yet', () => {
    const { c, init } = setup();
    expect(requestVote(c, init, 'r1', 'r2')).toBeUndefined();
    const s = withServer(c, init, 'r1', { state: 'Candidate', votesResponded: ['r2'] });
    expect(requestVote(c, s, 'r1', 'r2')).toBeUndefined();
    expect(requestVote(c, s, 'r1', 'r3')).toBeDefined();
  });

  it('adds a copy when the same request is already in the bag', () => {
    const { c, init } = setup();
    const s = withServer(c, init, 'r1', { state: 'Candidate' });
    const t = requestVote(c, requestVote(c, s, 'r1', 'r2')!, 'r1', 'r2')!;
    expect([...t.messages.values()]).toEqual([2]);
  });
});

describe('AppendEntries', () => {
  const leader = () => {
    const { c, init } = setup();
    const log = logOf(c, [1, 'v1'], [2, 'v2']);
    const s = withServer(c, init, 'r1', { state: 'Leader', currentTerm: 2, log, commitIndex: 1, nextIndex: { r2: 2, r3: 3 } });
    return { c, s, log };
  };

  it('sends the entry at nextIndex with the previous index and term', () => {
    const { c, s, log } = leader();
    const t = appendEntries(c, s, 'r1', 'r2')!;
    const m = msg.appendEntriesRequest(2, 1, 1, logOf(c, [2, 'v2']), log, 1, 'r1', 'r2');
    expect(diff(t, { ...s, messages: IMap([[m as Message, 1]]) })).toEqual([]);
  });

  it('sends no entry past the end of the log (a heartbeat), and commitIndex at most lastEntry', () => {
    const { c, s, log } = leader();
    const t = appendEntries(c, s, 'r1', 'r3')!;
    const m = msg.appendEntriesRequest(2, 2, 2, logOf(c), log, 1, 'r1', 'r3');
    expect([...t.messages.keys()]).toEqual([m]);
    // nextIndex 1 on an empty log: prevLogIndex 0, prevLogTerm 0, commit index min(commitIndex, 0).
    const { c: c2, init } = setup();
    const e = withServer(c2, init, 'r1', { state: 'Leader', commitIndex: 0 });
    expect([...appendEntries(c2, e, 'r1', 'r2')!.messages.keys()]).toEqual([msg.appendEntriesRequest(1, 0, 0, logOf(c2), logOf(c2), 0, 'r1', 'r2')]);
  });

  it('needs a leader and another server', () => {
    const { c, s } = leader();
    expect(appendEntries(c, s, 'r1', 'r1')).toBeUndefined();
    expect(appendEntries(c, s, 'r2', 'r1')).toBeUndefined();
  });
});

describe('BecomeLeader', () => {
  it('needs a candidate with a quorum of votes', () => {
    const { c, init } = setup();
    const one = withServer(c, init, 'r1', { state: 'Candidate', votesGranted: ['r1'] });
    expect(becomeLeader(c, one, 'r1')).toBeUndefined();
    expect(becomeLeader(c, withServer(c, init, 'r1', { votesGranted: ['r1', 'r2'] }), 'r1')).toBeUndefined();
    const { c: c2, init: i2 } = setup(2);
    expect(becomeLeader(c2, withServer(c2, i2, 'r1', { state: 'Candidate', votesGranted: ['r1'] }), 'r1')).toBeUndefined();
  });

  it('records the election and resets nextIndex/matchIndex', () => {
    const { c, init } = setup();
    const log = logOf(c, [1, 'v1']);
    let s = withServer(c, init, 'r1', { state: 'Candidate', currentTerm: 2, log, votesGranted: ['r1', 'r3'], votesResponded: ['r1', 'r2', 'r3'], matchIndex: { r2: 1 } });
    s = { ...s, voterLog: s.voterLog.set('r1', IMap([['r1', log], ['r3', logOf(c)]])) };
    const t = becomeLeader(c, s, 'r1')!;
    const expected = {
      ...withServer(c, s, 'r1', { state: 'Leader', nextIndex: { r1: 2, r2: 2, r3: 2 }, matchIndex: { r1: 0, r2: 0, r3: 0 } }),
    };
    expect(diff(t, expected)).toEqual(['elections']);
    const e = t.elections.first()!;
    expect(t.elections.size).toBe(1);
    expect([e.eterm, e.eleader, e.elog, e.evotes, e.evoterLog]).toEqual([2, 'r1', log, ISet(['r1', 'r3']), s.voterLog.get('r1')]);
  });
});

describe('ClientRequest', () => {
  it("appends [term |-> currentTerm, value |-> v] to a leader's log", () => {
    const { c, init } = setup();
    const s = withServer(c, init, 'r2', { state: 'Leader', currentTerm: 3, log: logOf(c, [1, 'v1']) });
    const t = clientRequest(c, s, 'r2', 'v2')!;
    expect(diff(t, { ...withServer(c, s, 'r2', { log: logOf(c, [1, 'v1'], [3, 'v2']) }), allLogs: s.allLogs })).toEqual([]);
    expect(clientRequest(c, init, 'r2', 'v1')).toBeUndefined();
  });
});

describe('AdvanceCommitIndex', () => {
  const leader = (variant?: 'figure8', entryTerm = 2) => {
    const { c, init } = setup(3, 1, variant);
    const s = withServer(c, init, 'r1', {
      state: 'Leader',
      currentTerm: 2,
      log: logOf(c, [1, 'v1'], [entryTerm, 'v1']),
      matchIndex: { r2: 2, r3: 1 },
    });
    return { c, s };
  };

  it('commits the highest index a quorum holds when its entry is from the current term', () => {
    const { c, s } = leader();
    expect(advanceCommitIndex(c, s, 'r1')!.commitIndex.get('r1')).toBe(2);
  });

  it('does not commit an entry of an older term, but still steps', () => {
    const { c, s } = leader(undefined, 1);
    const t = advanceCommitIndex(c, s, 'r1')!;
    expect(diff(t, s)).toEqual([]);
  });

  it('figure8 variant: commits the older-term entry', () => {
    const { c, s } = leader('figure8', 1);
    expect(advanceCommitIndex(c, s, 'r1')!.commitIndex.get('r1')).toBe(2);
  });

  it('keeps commitIndex when no index has a quorum, and needs a leader', () => {
    const { c, s } = leader();
    const lonely = withServer(c, s, 'r1', { matchIndex: { r2: 0, r3: 0 }, commitIndex: 1 });
    expect(advanceCommitIndex(c, lonely, 'r1')!.commitIndex.get('r1')).toBe(1);
    expect(advanceCommitIndex(c, s, 'r2')).toBeUndefined();
  });
});

describe('Receive: RequestVoteRequest', () => {
  it('grants when the term matches, the log is up to date and no other vote was cast', () => {
    const { c, init } = setup();
    const s0 = withServer(c, init, 'r2', { currentTerm: 2, log: logOf(c, [1, 'v1']) });
    const m = msg.requestVoteRequest(2, 1, 1, 'r1', 'r2');
    const s = sent(s0, m);
    const t = receive(c, s, m)!;
    const response = msg.requestVoteResponse(2, true, logOf(c, [1, 'v1']), 'r2', 'r1');
    expect(diff(t, { ...withServer(c, s0, 'r2', { votedFor: 'r1' }), messages: IMap([[response as Message, 1]]) })).toEqual([]);
  });

  it('denies (and still replies) when it voted for another, the log is behind, or the term is stale', () => {
    const { c, init } = setup();
    const base = withServer(c, init, 'r2', { currentTerm: 2, log: logOf(c, [2, 'v1']) });
    const cases: [RaftState, Message][] = [
      [withServer(c, base, 'r2', { votedFor: 'r3' }), msg.requestVoteRequest(2, 2, 1, 'r1', 'r2')],
      [base, msg.requestVoteRequest(2, 1, 5, 'r1', 'r2')], // older last term
      [base, msg.requestVoteRequest(2, 2, 0, 'r1', 'r2')], // same last term, shorter
      [base, msg.requestVoteRequest(1, 2, 1, 'r1', 'r2')], // stale term
    ];
    for (const [s0, m] of cases) {
      const t = receive(c, sent(s0, m), m)!;
      expect(t.votedFor).toBe(s0.votedFor);
      expect([...t.messages.keys()]).toEqual([msg.requestVoteResponse(2, false, logOf(c, [2, 'v1']), 'r2', 'r1')]);
    }
  });

  it('grants again to the server it already voted for', () => {
    const { c, init } = setup();
    const s0 = withServer(c, init, 'r2', { currentTerm: 2, votedFor: 'r1' });
    const m = msg.requestVoteRequest(2, 0, 0, 'r1', 'r2');
    expect(receive(c, sent(s0, m), m)!.messages.keySeq().first()).toBe(msg.requestVoteResponse(2, true, logOf(c), 'r2', 'r1'));
  });
});

describe('Receive: RequestVoteResponse', () => {
  it('tallies a granted vote and records the voter log; @@ keeps an existing entry', () => {
    const { c, init } = setup();
    const s0 = withServer(c, init, 'r1', { state: 'Candidate', currentTerm: 2 });
    const voterLog = logOf(c, [1, 'v1']);
    const m = msg.requestVoteResponse(2, true, voterLog, 'r2', 'r1');
    const t = receive(c, sent(s0, m), m)!;
    expect(diff(t, s0).sort()).toEqual(['voterLog', 'votesGranted', 'votesResponded']);
    expect(t.votesGranted.get('r1')).toEqual(ISet(['r2']));
    expect(t.votesResponded.get('r1')).toEqual(ISet(['r2']));
    expect(is(t.voterLog.get('r1'), IMap([['r2', voterLog]]))).toBe(true);
    expect(t.messages.size).toBe(0);

    const older = logOf(c);
    const s1 = { ...s0, voterLog: s0.voterLog.set('r1', IMap([['r2', older]])) };
    const u = receive(c, sent(s1, m), m)!;
    expect(u.voterLog.get('r1')!.get('r2')).toBe(older);
  });

  it('a denied vote only counts as a response', () => {
    const { c, init } = setup();
    const s0 = withServer(c, init, 'r1', { state: 'Candidate', currentTerm: 2 });
    const m = msg.requestVoteResponse(2, false, logOf(c), 'r3', 'r1');
    const t = receive(c, sent(s0, m), m)!;
    expect(diff(t, s0).sort()).toEqual(['votesResponded']);
  });

  it('a stale response is dropped (DropStaleResponse)', () => {
    const { c, init } = setup();
    const s0 = withServer(c, init, 'r1', { state: 'Candidate', currentTerm: 3 });
    const m = msg.requestVoteResponse(2, true, logOf(c), 'r3', 'r1');
    const t = receive(c, sent(s0, m), m)!;
    expect(diff(t, s0)).toEqual([]);
  });
});

describe('Receive: AppendEntriesRequest', () => {
  const follower = (log = logOf(setup().c, [1, 'v1'])) => {
    const { c, init } = setup();
    return { c, s0: withServer(c, init, 'r2', { currentTerm: 2, log }) };
  };

  it('rejects a stale term or a mismatching previous entry', () => {
    const { c, s0 } = follower();
    const reject = msg.appendEntriesResponse(2, false, 0, 'r2', 'r1');
    for (const m of [
      msg.appendEntriesRequest(1, 0, 0, logOf(c), logOf(c), 0, 'r1', 'r2'),
      msg.appendEntriesRequest(2, 1, 2, logOf(c), logOf(c), 0, 'r1', 'r2'), // term differs at 1
      msg.appendEntriesRequest(2, 2, 1, logOf(c), logOf(c), 0, 'r1', 'r2'), // no entry at 2
    ]) {
      const t = receive(c, sent(s0, m), m)!;
      expect(diff(t, s0).sort()).toEqual(['messages']);
      expect([...t.messages.keys()]).toEqual([reject]);
    }
  });

  it('a candidate of the same term steps down and keeps the message', () => {
    const { c, s0 } = follower();
    const cand = withServer(c, s0, 'r2', { state: 'Candidate' });
    const m = msg.appendEntriesRequest(2, 0, 0, logOf(c), logOf(c), 0, 'r1', 'r2');
    const s = sent(cand, m);
    const t = receive(c, s, m)!;
    expect(diff(t, s).sort()).toEqual(['state']);
    expect(t.state.get('r2')).toBe('Follower');
  });

  it('a leader of the same term has no handler: no successor', () => {
    const { c, s0 } = follower();
    const m = msg.appendEntriesRequest(2, 0, 0, logOf(c), logOf(c), 0, 'r1', 'r2');
    expect(receive(c, sent(withServer(c, s0, 'r2', { state: 'Leader' }), m), m)).toBeUndefined();
  });

  it('accept, already done: adopts the commit index (even lower) and acknowledges', () => {
    const { c, s0 } = follower();
    const s1 = withServer(c, s0, 'r2', { commitIndex: 1 });
    for (const [m, match] of [
      [msg.appendEntriesRequest(2, 1, 1, logOf(c), logOf(c, [1, 'v1']), 0, 'r1', 'r2'), 1],
      [msg.appendEntriesRequest(2, 0, 0, logOf(c, [1, 'v1']), logOf(c, [1, 'v1']), 0, 'r1', 'r2'), 1],
    ] as const) {
      const t = receive(c, sent(s1, m), m)!;
      expect(diff(t, s1).sort()).toEqual(['commitIndex', 'messages']);
      expect(t.commitIndex.get('r2')).toBe(0);
      expect([...t.messages.keys()]).toEqual([msg.appendEntriesResponse(2, true, match, 'r2', 'r1')]);
    }
  });

  it('accept, conflict: removes the LAST entry and keeps the message', () => {
    const { c, s0 } = follower(logOf(setup().c, [1, 'v1'], [1, 'v2']));
    const m = msg.appendEntriesRequest(2, 0, 0, logOf(c, [2, 'v1']), logOf(c, [2, 'v1']), 0, 'r1', 'r2');
    const s = sent(s0, m);
    const t = receive(c, s, m)!;
    expect(diff(t, s).sort()).toEqual(['log']);
    expect(is(t.log.get('r2'), logOf(c, [1, 'v1']))).toBe(true);
  });

  it('accept, no conflict: appends the entry and keeps the message', () => {
    const { c, s0 } = follower();
    const m = msg.appendEntriesRequest(2, 1, 1, logOf(c, [2, 'v2']), logOf(c, [1, 'v1'], [2, 'v2']), 0, 'r1', 'r2');
    const s = sent(s0, m);
    const t = receive(c, s, m)!;
    expect(diff(t, s).sort()).toEqual(['log']);
    expect(is(t.log.get('r2'), logOf(c, [1, 'v1'], [2, 'v2']))).toBe(true);
  });
});

describe('Receive: AppendEntriesResponse', () => {
  const leader = () => {
    const { c, init } = setup();
    return { c, s0: withServer(c, init, 'r1', { state: 'Leader', currentTerm: 2, nextIndex: { r2: 3 }, matchIndex: { r2: 0 } }) };
  };

  it('success sets nextIndex to matchIndex + 1 and matchIndex', () => {
    const { c, s0 } = leader();
    const m = msg.appendEntriesResponse(2, true, 1, 'r2', 'r1');
    const t = receive(c, sent(s0, m), m)!;
    expect(diff(t, s0).sort()).toEqual(['matchIndex', 'nextIndex']);
    expect([t.nextIndex.get('r1')!.get('r2'), t.matchIndex.get('r1')!.get('r2')]).toEqual([2, 1]);
  });

  it('failure decrements nextIndex, not below 1', () => {
    const { c, s0 } = leader();
    const m = msg.appendEntriesResponse(2, false, 0, 'r2', 'r1');
    const t = receive(c, sent(s0, m), m)!;
    expect(diff(t, s0).sort()).toEqual(['nextIndex']);
    expect(t.nextIndex.get('r1')!.get('r2')).toBe(2);
    const low = withServer(c, s0, 'r1', { nextIndex: { r2: 1 } });
    expect(receive(c, sent(low, m), m)!.nextIndex.get('r1')!.get('r2')).toBe(1);
  });

  it('a stale response is dropped', () => {
    const { c, s0 } = leader();
    const m = msg.appendEntriesResponse(1, true, 1, 'r2', 'r1');
    expect(diff(receive(c, sent(s0, m), m)!, s0)).toEqual([]);
  });
});

describe('Receive: UpdateTerm', () => {
  it('a newer term makes the recipient a follower of that term, without consuming the message', () => {
    const { c, init } = setup();
    const s0 = withServer(c, init, 'r2', { state: 'Leader', currentTerm: 2, votedFor: 'r2' });
    for (const m of [
      msg.requestVoteRequest(3, 0, 0, 'r1', 'r2'),
      msg.requestVoteResponse(3, false, logOf(c), 'r1', 'r2'),
      msg.appendEntriesRequest(3, 0, 0, logOf(c), logOf(c), 0, 'r1', 'r2'),
      msg.appendEntriesResponse(3, true, 0, 'r1', 'r2'),
    ]) {
      const s = sent(s0, m);
      const t = receive(c, s, m)!;
      expect(diff(t, s).sort()).toEqual(['currentTerm', 'state', 'votedFor']);
      expect([t.currentTerm.get('r2'), t.state.get('r2'), t.votedFor.get('r2')]).toEqual([3, 'Follower', 'Nil']);
    }
  });
});

describe(() => {
  it("every step adds the PRE-state's logs, not the successor's", () => {
    const { c, init } = setup();
    const s = withServer(c, init, 'r1', { state: 'Leader', log: logOf(c, [1, 'v1']) });
    const [t, ...more] = spec().next(s, { kind: 'ClientRequest', i: 'r1', v: 'v2' });
    expect(more).toEqual([]);
    expect(is(t!.log.get('r1'), logOf(c, [1, 'v1'], [1, 'v2']))).toBe(true);
    expect(is(t!.allLogs, ISet([logOf(c), logOf(c, [1, 'v1'])]))).toBe(true);
  });
});
