// raft.tla's actions, one function each. An action takes the pre-state and its
// arguments and returns the successor, or undefined when the action is not enabled.
//
// As in raft.tla, the actions leave allLogs alone: Next sets
// allLogs' = allLogs \cup {log[i] : i \in Server} once, for whichever action ran
// (`RaftContext.allLogsNext`, used by the model's `next`).
//
// The bag `messages` follows the reference WithoutMessage: removing the last copy of a
// message removes it from the bag's domain, so it cannot be received again.
import { Map as IMap, Set as ISet } from 'immutable';
import {
  AppendEntriesRequest,
  AppendEntriesResponse,
  Candidate,
  EMPTY_LOG,
  AppendEntriesRequestRecord,
  AppendEntriesResponseRecord,
  ElectionRecord,
  EntryRecord,
  Follower,
  Leader,
  Nil,
  RequestVoteRequest,
  RequestVoteRequestRecord,
  RequestVoteResponse,
  RequestVoteResponseRecord,
  lastTerm,
  type AppendEntriesRequestMsg,
  type AppendEntriesResponseMsg,
  type Log,
  type Message,
  type RaftState,
  type RequestVoteRequestMsg,
  type RequestVoteResponseMsg,
  type Server,
  type Value,
} from './types.ts';

/** The one-place changes `--variant` can switch on. */
export const raftVariants = {
  'forget-vote': 'Restart also resets votedFor to Nil: a restarted server forgets its vote (two leaders in one term)',
  figure8:
    "AdvanceCommitIndex commits any index replicated on a quorum, without raft.tla's check that the entry is from the leader's current term (Raft paper, Figure 8)",
} as const;
export type RaftVariant = keyof typeof raftVariants;

const EMPTY_VOTER_LOG: IMap<Server, Log> = IMap();

/** Everything an action needs besides the state: the constants. */
export class RaftContext {
  readonly n: number;
  /** The smallest quorum size: Cardinality(q) * 2 > Cardinality(Server). */
  readonly quorumSize: number;
  readonly noVotes: ISet<Server> = ISet();
  private readonly indexMaps: IMap<Server, number>[] = [];
  private lastState: RaftState | undefined;
  private lastAllLogs: ISet<Log> | undefined;

  constructor(
    readonly servers: readonly Server[],
    readonly values: readonly Value[],
    readonly variant?: RaftVariant,
  ) {
    this.n = servers.length;
    this.quorumSize = Math.floor(this.n / 2) + 1;
  }

  /** [j \in Server |-> v], shared. */
  indexMap(v: number): IMap<Server, number> {
    let m = this.indexMaps[v];
    if (m === undefined) {
      m = IMap(this.servers.map((j) => [j, v] as const));
      this.indexMaps[v] = m;
    }
    return m;
  }

  /** allLogs' = allLogs \cup {log[i] : i \in Server}: the same for every step out of `s`. */
  allLogsNext(s: RaftState): ISet<Log> {
    if (s !== this.lastState) {
      this.lastState = s;
      this.lastAllLogs = s.allLogs.withMutations((all) => s.log.forEach((l) => void all.add(l)));
    }
    return this.lastAllLogs!;
  }
}

/** [f EXCEPT ![k] = v], returning f itself when nothing changes (saves immutable's update path). */
function put<V>(f: IMap<Server, V>, k: Server, v: V): IMap<Server, V> {
  return f.get(k) === v ? f : f.set(k, v);
}

/** [f EXCEPT ![k] = [j \in Server |-> x]], returning f itself when f[k] is that already. */
function putConstant(c: RaftContext, f: IMap<Server, IMap<Server, number>>, k: Server, x: number): IMap<Server, IMap<Server, number>> {
  const old = f.get(k)!;
  const target = c.indexMap(x);
  return old === target || old.every((v) => v === x) ? f : f.set(k, target);
}

// ---- Bag helpers (raft.tla's WithMessage / WithoutMessage) ----------------------------

/** The bag with one more copy of m. */
export function withMessage(msgs: IMap<Message, number>, m: Message): IMap<Message, number> {
  const count = msgs.get(m);
  return msgs.set(m, count === undefined ? 1 : count + 1);
}

/** The bag with one copy of m fewer; the last copy leaves the domain (reference semantics). */
export function withoutMessage(msgs: IMap<Message, number>, m: Message): IMap<Message, number> {
  const count = msgs.get(m);
  if (count === undefined) return msgs;
  return count <= 1 ? msgs.remove(m) : msgs.set(m, count - 1);
}

/** Reply: send the response and discard the request. */
function reply(msgs: IMap<Message, number>, response: Message, request: Message): IMap<Message, number> {
  return withoutMessage(withMessage(msgs, response), request);
}

/** log[i][k].term with TLC's strictness: indexing outside the log is an error. */
function termAt(log: Log, k: number): number {
  const e = log.get(k - 1);
  if (k < 1 || e === undefined) throw new RangeError(`log index ${k} out of range 1..${log.size}`);
  return e.term;
}

// ---- Server actions ---------------------------------------------------------------------

/** Restart(i): server i restarts, keeping only currentTerm, votedFor and log. */
export function restart(c: RaftContext, s: RaftState, i: Server): RaftState {
  return {
    ...s,
    state: put(s.state, i, Follower),
    // VARIANT forget-vote: the restarted server also forgets whom it voted for.
    votedFor: c.variant === 'forget-vote' ? put(s.votedFor, i, Nil) : s.votedFor,
    votesResponded: put(s.votesResponded, i, c.noVotes),
    votesGranted: put(s.votesGranted, i, c.noVotes),
    voterLog: put(s.voterLog, i, EMPTY_VOTER_LOG),
    nextIndex: putConstant(c, s.nextIndex, i, 1),
    matchIndex: putConstant(c, s.matchIndex, i, 0),
    commitIndex: put(s.commitIndex, i, 0),
  };
}

/** Timeout(i): a follower or candidate starts an election in the next term. */
export function timeout(c: RaftContext, s: RaftState, i: Server): RaftState | undefined {
  const role = s.state.get(i);
  if (role !== Follower && role !== Candidate) return undefined;
  return {
    ...s,
    state: put(s.state, i, Candidate),
    currentTerm: put(s.currentTerm, i, s.currentTerm.get(i)! + 1),
    votedFor: put(s.votedFor, i, Nil),
    votesResponded: put(s.votesResponded, i, c.noVotes),
    votesGranted: put(s.votesGranted, i, c.noVotes),
    voterLog: put(s.voterLog, i, EMPTY_VOTER_LOG),
  };
}

/** RequestVote(i, j): candidate i asks j (possibly itself) for its vote. */
export function requestVote(_c: RaftContext, s: RaftState, i: Server, j: Server): RaftState | undefined {
  if (s.state.get(i) !== Candidate) return undefined;
  if (s.votesResponded.get(i)!.has(j)) return undefined;
  const log = s.log.get(i)!;
  const m = RequestVoteRequestRecord({
    mtype: RequestVoteRequest,
    mterm: s.currentTerm.get(i)!,
    mlastLogTerm: lastTerm(log),
    mlastLogIndex: log.size,
    msource: i,
    mdest: j,
  });
  return { ...s, messages: withMessage(s.messages, m) };
}

/** AppendEntries(i, j): leader i sends j at most one entry (or a heartbeat). */
export function appendEntries(_c: RaftContext, s: RaftState, i: Server, j: Server): RaftState | undefined {
  if (i === j) return undefined;
  if (s.state.get(i) !== Leader) return undefined;
  const log = s.log.get(i)!;
  const next = s.nextIndex.get(i)!.get(j)!;
  const prevLogIndex = next - 1;
  const prevLogTerm = prevLogIndex > 0 ? termAt(log, prevLogIndex) : 0;
  const lastEntry = Math.min(log.size, next);
  // SubSeq(log[i], nextIndex[i][j], lastEntry)
  const entries = next <= lastEntry ? log.slice(next - 1, lastEntry) : EMPTY_LOG;
  const m = AppendEntriesRequestRecord({
    mtype: AppendEntriesRequest,
    mterm: s.currentTerm.get(i)!,
    mprevLogIndex: prevLogIndex,
    mprevLogTerm: prevLogTerm,
    mentries: entries,
    mlog: log,
    mcommitIndex: Math.min(s.commitIndex.get(i)!, lastEntry),
    msource: i,
    mdest: j,
  });
  return { ...s, messages: withMessage(s.messages, m) };
}

/** BecomeLeader(i): a candidate with a quorum of votes becomes leader. */
export function becomeLeader(c: RaftContext, s: RaftState, i: Server): RaftState | undefined {
  if (s.state.get(i) !== Candidate) return undefined;
  const granted = s.votesGranted.get(i)!;
  if (granted.size * 2 <= c.n) return undefined;
  const log = s.log.get(i)!;
  const election = ElectionRecord({
    eterm: s.currentTerm.get(i)!,
    eleader: i,
    elog: log,
    evotes: granted,
    evoterLog: s.voterLog.get(i)!,
  });
  return {
    ...s,
    state: put(s.state, i, Leader),
    nextIndex: putConstant(c, s.nextIndex, i, log.size + 1),
    matchIndex: putConstant(c, s.matchIndex, i, 0),
    elections: s.elections.add(election),
  };
}

/** ClientRequest(i, v): leader i appends v to its log in its current term. */
export function clientRequest(_c: RaftContext, s: RaftState, i: Server, v: Value): RaftState | undefined {
  if (s.state.get(i) !== Leader) return undefined;
  const entry = EntryRecord({ term: s.currentTerm.get(i)!, value: v });
  return { ...s, log: s.log.set(i, s.log.get(i)!.push(entry)) };
}

/** AdvanceCommitIndex(i): leader i commits the highest index a quorum agrees on. */
export function advanceCommitIndex(c: RaftContext, s: RaftState, i: Server): RaftState | undefined {
  if (s.state.get(i) !== Leader) return undefined;
  const log = s.log.get(i)!;
  const match = s.matchIndex.get(i)!;
  // Max(agreeIndexes): the highest index in 1..Len(log[i]) that {i} \cup {k : matchIndex[i][k] >= index} is a quorum for.
  let maxAgree = 0;
  for (let index = log.size; index >= 1 && maxAgree === 0; index--) {
    let agree = 0;
    for (const k of c.servers) if (k === i || match.get(k)! >= index) agree++;
    if (agree * 2 > c.n) maxAgree = index;
  }
  let newCommitIndex = s.commitIndex.get(i)!;
  if (maxAgree > 0) {
    // VARIANT figure8: commit without checking that the entry is from the current term.
    if (c.variant === 'figure8' || termAt(log, maxAgree) === s.currentTerm.get(i)) newCommitIndex = maxAgree;
  }
  return { ...s, commitIndex: put(s.commitIndex, i, newCommitIndex) };
}

// ---- Message handlers (i = recipient, j = sender, m = message) -------------------------

/** HandleRequestVoteRequest(i, j, m), for m.mterm <= currentTerm[i]: vote and reply. */
export function handleRequestVoteRequest(_c: RaftContext, s: RaftState, m: RequestVoteRequestMsg): RaftState {
  const i = m.mdest;
  const j = m.msource;
  const term = s.currentTerm.get(i)!;
  const log = s.log.get(i)!;
  const myLastTerm = lastTerm(log);
  const logOk = m.mlastLogTerm > myLastTerm || (m.mlastLogTerm === myLastTerm && m.mlastLogIndex >= log.size);
  const voted = s.votedFor.get(i)!;
  const grant = m.mterm === term && logOk && (voted === Nil || voted === j);
  const response = RequestVoteResponseRecord({ mtype: RequestVoteResponse, mterm: term, mvoteGranted: grant, mlog: log, msource: i, mdest: j });
  return {
    ...s,
    votedFor: grant ? put(s.votedFor, i, j) : s.votedFor,
    messages: reply(s.messages, response, m),
  };
}

/** HandleRequestVoteResponse(i, j, m), for m.mterm = currentTerm[i]: tally the vote. */
export function handleRequestVoteResponse(_c: RaftContext, s: RaftState, m: RequestVoteResponseMsg): RaftState {
  const i = m.mdest;
  const j = m.msource;
  let votesGranted = s.votesGranted;
  let voterLog = s.voterLog;
  if (m.mvoteGranted) {
    votesGranted = votesGranted.set(i, votesGranted.get(i)!.add(j));
    // voterLog[i] @@ (j :> m.mlog): @@ keeps an existing entry for j.
    const voters = voterLog.get(i)!;
    if (!voters.has(j)) voterLog = voterLog.set(i, voters.set(j, m.mlog));
  }
  return {
    ...s,
    votesResponded: s.votesResponded.set(i, s.votesResponded.get(i)!.add(j)),
    votesGranted,
    voterLog,
    messages: withoutMessage(s.messages, m),
  };
}

/** The case of HandleAppendEntriesRequest that applies, or undefined when none does. */
export type AppendEntriesCase = 'reject' | 'step-down' | 'accept/done' | 'accept/conflict' | 'accept/append';

export function appendEntriesCase(s: RaftState, m: AppendEntriesRequestMsg): AppendEntriesCase | undefined {
  const i = m.mdest;
  const term = s.currentTerm.get(i)!;
  if (m.mterm > term) return undefined;
  if (m.mterm < term) return 'reject';
  const role = s.state.get(i);
  if (role === Candidate) return 'step-down';
  if (role !== Follower) return undefined; // a leader in the same term: no case applies
  const log = s.log.get(i)!;
  const prev = m.mprevLogIndex;
  const logOk = prev === 0 || (prev > 0 && prev <= log.size && m.mprevLogTerm === termAt(log, prev));
  if (!logOk) return 'reject';
  const index = prev + 1;
  if (m.mentries.size === 0) return 'accept/done';
  const entryTerm = m.mentries.get(0)!.term;
  if (log.size >= index) return termAt(log, index) === entryTerm ? 'accept/done' : 'accept/conflict';
  if (log.size === prev) return 'accept/append';
  return undefined; // unreachable: logOk implies Len(log[i]) >= prev
}

/** HandleAppendEntriesRequest(i, j, m), for m.mterm <= currentTerm[i]. */
export function handleAppendEntriesRequest(_c: RaftContext, s: RaftState, m: AppendEntriesRequestMsg): RaftState | undefined {
  const i = m.mdest;
  const j = m.msource;
  switch (appendEntriesCase(s, m)) {
    case undefined:
      return undefined;
    case 'reject': {
      const response = AppendEntriesResponseRecord({ mtype: AppendEntriesResponse, mterm: s.currentTerm.get(i)!, msuccess: false, mmatchIndex: 0, msource: i, mdest: j });
      return { ...s, messages: reply(s.messages, response, m) };
    }
    case 'step-down':
      // The message stays in the bag: it is processed again as a follower.
      return { ...s, state: put(s.state, i, Follower) };
    case 'accept/done': {
      // Already have the entries: adopt the leader's commitIndex (may even decrease) and ack.
      const response = AppendEntriesResponseRecord({
        mtype: AppendEntriesResponse,
        mterm: s.currentTerm.get(i)!,
        msuccess: true,
        mmatchIndex: m.mprevLogIndex + m.mentries.size,
        msource: i,
        mdest: j,
      });
      return {
        ...s,
            commitIndex: put(s.commitIndex, i, m.mcommitIndex),
        messages: reply(s.messages, response, m),
      };
    }
    case 'accept/conflict':
      // Remove ONE entry: the last one. The message stays in the bag.
      // [log EXCEPT ![i] = SubSeq(@, 1, Len(@) - 1)]
      return { ...s, log: s.log.set(i, s.log.get(i)!.pop()) };
    case 'accept/append':
      // The message stays in the bag; the next receive acknowledges it.
      return { ...s, log: s.log.set(i, s.log.get(i)!.push(m.mentries.get(0)!)) };
  }
}

/** HandleAppendEntriesResponse(i, j, m), for m.mterm = currentTerm[i]. */
export function handleAppendEntriesResponse(_c: RaftContext, s: RaftState, m: AppendEntriesResponseMsg): RaftState {
  const i = m.mdest;
  const j = m.msource;
  const next = s.nextIndex.get(i)!;
  let nextIndex: RaftState['nextIndex'];
  let matchIndex = s.matchIndex;
  if (m.msuccess) {
    nextIndex = put(s.nextIndex, i, next.set(j, m.mmatchIndex + 1));
    matchIndex = matchIndex.set(i, matchIndex.get(i)!.set(j, m.mmatchIndex));
  } else {
    nextIndex = put(s.nextIndex, i, next.set(j, Math.max(next.get(j)! - 1, 1)));
  }
  return { ...s, nextIndex, matchIndex, messages: withoutMessage(s.messages, m) };
}

/** UpdateTerm(i, j, m): a message with a newer term makes i a follower in that term. */
export function updateTerm(_c: RaftContext, s: RaftState, m: Message): RaftState | undefined {
  const i = m.mdest;
  if (m.mterm <= s.currentTerm.get(i)!) return undefined;
  return {
    ...s,
    currentTerm: put(s.currentTerm, i, m.mterm),
    state: put(s.state, i, Follower),
    votedFor: put(s.votedFor, i, Nil),
    // messages unchanged: m is processed again in the new term.
  };
}

/** DropStaleResponse(i, j, m): a response from an older term is discarded. */
export function dropStaleResponse(_c: RaftContext, s: RaftState, m: Message): RaftState | undefined {
  if (m.mterm >= s.currentTerm.get(m.mdest)!) return undefined;
  return { ...s, messages: withoutMessage(s.messages, m) };
}

/** Which part of Receive(m) applies in `s` (for event labels); undefined when none does. */
export function receiveCase(s: RaftState, m: Message): string | undefined {
  const term = s.currentTerm.get(m.mdest)!;
  if (m.mterm > term) return 'update-term';
  switch (m.mtype) {
    case RequestVoteRequest:
      return 'request-vote';
    case RequestVoteResponse:
      return m.mterm < term ? 'drop-stale' : m.mvoteGranted ? 'vote-granted' : 'vote-denied';
    case AppendEntriesRequest:
      return appendEntriesCase(s, m);
    case AppendEntriesResponse:
      return m.mterm < term ? 'drop-stale' : m.msuccess ? 'success' : 'failure';
  }
}

/** Receive(m): at most one successor (the handlers' enabling conditions exclude each other). */
export function receive(c: RaftContext, s: RaftState, m: Message): RaftState | undefined {
  const term = s.currentTerm.get(m.mdest)!;
  if (m.mterm > term) return updateTerm(c, s, m);
  switch (m.mtype) {
    case RequestVoteRequest:
      return handleRequestVoteRequest(c, s, m);
    case RequestVoteResponse:
      return m.mterm < term ? dropStaleResponse(c, s, m) : handleRequestVoteResponse(c, s, m);
    case AppendEntriesRequest:
      return handleAppendEntriesRequest(c, s, m);
    case AppendEntriesResponse:
      return m.mterm < term ? dropStaleResponse(c, s, m) : handleAppendEntriesResponse(c, s, m);
  }
}

// ---- Network actions ---------------------------------------------------------------------

/** DuplicateMessage(m): the network adds a copy of m. */
export function duplicateMessage(_c: RaftContext, s: RaftState, m: Message): RaftState {
  return { ...s, messages: withMessage(s.messages, m) };
}

/** DropMessage(m): the network loses a copy of m. */
export function dropMessage(_c: RaftContext, s: RaftState, m: Message): RaftState {
  return { ...s, messages: withoutMessage(s.messages, m) };
}
