// raft.tla (Diego Ongaro's Raft specification) as a crank model.
//
// Next is raft.tla's disjunction of actions: every satisfying assignment of a disjunct is
// one event with one successor, so crank's generated count matches TLC's. The state
// CONSTRAINT is the Bounds of the reference TLC runs (MCraftB.tla). The reference figures
// (TLC, BFS, no deadlock check, invariant ElectionSafety):
//   s2-v1-t2-l1-d1-m2: 15254 distinct, 152835 generated, depth 32
//   s2-v1-t3-l1-d1-m2: 689211 distinct, 7223351 generated, depth 47
//   s3-v1-t2-l1-d1-m1: 2379781 distinct, 28169044 generated, depth 53
import { Map as IMap, Set as ISet } from 'immutable';
import type { LogView } from '../../src/render/logview.ts';
import { defineModel, type Spec } from '../../src/spec.ts';
import {
  RaftContext,
  advanceCommitIndex,
  appendEntries,
  becomeLeader,
  clientRequest,
  dropMessage,
  duplicateMessage,
  raftVariants,
  receive,
  receiveCase,
  requestVote,
  restart,
  timeout,
  type RaftVariant,
} from './actions.ts';
import { memoOn, raftInvariants, read } from './invariants.ts';
import { raftSymmetry } from './symmetry.ts';
import {
  Candidate,
  EMPTY_LOG,
  Follower,
  Leader,
  Nil,
  RequestVoteRequest,
  VARIABLES,
  describeMessage,
  lastTerm,
  type Election,
  type Log,
  type Message,
  type RaftState,
  type RequestVoteRequestMsg,
  type Role,
  type Server,
  type Value,
} from './types.ts';

export type RaftEvent =
  | { readonly kind: 'Restart' | 'Timeout' | 'BecomeLeader' | 'AdvanceCommitIndex'; readonly i: Server }
  | { readonly kind: 'RequestVote' | 'AppendEntries'; readonly i: Server; readonly j: Server }
  | { readonly kind: 'ClientRequest'; readonly i: Server; readonly v: Value }
  | { readonly kind: 'Receive' | 'DuplicateMessage' | 'DropMessage'; readonly m: Message };

export interface RaftParams {
  readonly servers: number;
  readonly values: number;
  readonly maxTerm: number;
  readonly maxLog: number;
  readonly maxDup: number;
  readonly maxMsgs: number;
}

/** Init: every server a follower in term 1 with an empty log; no messages, no history. */
export function initialState(c: RaftContext): RaftState {
  const all = <V>(v: V): IMap<Server, V> => IMap(c.servers.map((i) => [i, v] as const));
  return {
    messages: IMap(),
    elections: ISet<Election>(),
    allLogs: ISet<Log>(),
    voterLog: all(IMap<Server, Log>()),
    currentTerm: all(1),
    state: all<Role>(Follower),
    votedFor: all<Server>(Nil),
    log: all(EMPTY_LOG),
    commitIndex: all(0),
    votesResponded: all(c.noVotes),
    votesGranted: all(c.noVotes),
    nextIndex: all(c.indexMap(1)),
    matchIndex: all(c.indexMap(0)),
  };
}

/** Bounds (MCraftB.tla's CONSTRAINT): terms, log lengths, copies per message, bag size. */
export function bounds(p: RaftParams, servers: readonly Server[]) {
  const withinDup = (count: number) => count <= p.maxDup;
  const serversOk = memoOn([read.currentTerm, read.log], (s) => {
    for (const i of servers) {
      if (s.currentTerm.get(i)! > p.maxTerm) return false;
      if (s.log.get(i)!.size > p.maxLog) return false;
    }
    return true;
  });
  const bagOk = memoOn([read.messages], (s) => s.messages.size <= p.maxMsgs && s.messages.every(withinDup));
  return (s: RaftState): boolean => serversOk(s) && bagOk(s);
}

const NONE: readonly RaftState[] = [];

export function buildRaft(p: RaftParams, variant?: string): Spec<RaftState, RaftEvent> {
  if (variant !== undefined && !(variant in raftVariants)) throw new Error(`unknown raft variant ${variant}`);
  const servers = Array.from({ length: p.servers }, (_, k) => `r${k + 1}`);
  const values = Array.from({ length: p.values }, (_, k) => `v${k + 1}`);
  const c = new RaftContext(servers, values, variant as RaftVariant | undefined);
  const n = servers.length;

  // The server events never change: build them once, try them in raft.tla's Next order.
  const per = <E>(f: (i: Server) => E): E[] => servers.map(f);
  const restartEv = per((i) => ({ kind: 'Restart', i }) as const);
  const timeoutEv = per((i) => ({ kind: 'Timeout', i }) as const);
  const requestVoteEv = per((i) => servers.map((j) => ({ kind: 'RequestVote', i, j }) as const));
  const becomeLeaderEv = per((i) => ({ kind: 'BecomeLeader', i }) as const);
  const clientRequestEv = per((i) => values.map((v) => ({ kind: 'ClientRequest', i, v }) as const));
  const advanceEv = per((i) => ({ kind: 'AdvanceCommitIndex', i }) as const);
  const appendEntriesEv = per((i) => servers.map((j) => ({ kind: 'AppendEntries', i, j }) as const));

  function events(s: RaftState): RaftEvent[] {
    const out: RaftEvent[] = [...restartEv];
    const roles = servers.map((i) => s.state.get(i));
    for (let a = 0; a < n; a++) if (roles[a] !== Leader) out.push(timeoutEv[a]!);
    for (let a = 0; a < n; a++) {
      if (roles[a] !== Candidate) continue;
      const responded = s.votesResponded.get(servers[a]!)!;
      for (let b = 0; b < n; b++) if (!responded.has(servers[b]!)) out.push(requestVoteEv[a]![b]!);
    }
    for (let a = 0; a < n; a++) if (roles[a] === Candidate) out.push(becomeLeaderEv[a]!);
    for (let a = 0; a < n; a++) if (roles[a] === Leader) out.push(...clientRequestEv[a]!);
    for (let a = 0; a < n; a++) if (roles[a] === Leader) out.push(advanceEv[a]!);
    for (let a = 0; a < n; a++) {
      if (roles[a] !== Leader) continue;
      for (let b = 0; b < n; b++) if (b !== a) out.push(appendEntriesEv[a]![b]!);
    }
    if (s.messages.size > 0) {
      const msgs: Message[] = [];
      s.messages.forEach((_, m) => void msgs.push(m));
      for (const m of msgs) out.push({ kind: 'Receive', m });
      for (const m of msgs) out.push({ kind: 'DuplicateMessage', m });
      for (const m of msgs) out.push({ kind: 'DropMessage', m });
    }
    return out;
  }

  // Next == (\/ Restart(i) \/ ... \/ DropMessage(m)) /\ allLogs' = allLogs \cup {log[i] : i \in Server}
  function next(s: RaftState, e: RaftEvent): readonly RaftState[] {
    const t = action(s, e) as { -readonly [v in keyof RaftState]: RaftState[v] } | undefined;
    if (t === undefined) return NONE;
    // Every action returns a state object of its own, made for this step: setting its
    // allLogs here is building the successor, not changing a state anyone holds.
    t.allLogs = c.allLogsNext(s);
    return [t];
  }

  function action(s: RaftState, e: RaftEvent): RaftState | undefined {
    switch (e.kind) {
      case 'Restart':
        return restart(c, s, e.i);
      case 'Timeout':
        return timeout(c, s, e.i);
      case 'RequestVote':
        return requestVote(c, s, e.i, e.j);
      case 'BecomeLeader':
        return becomeLeader(c, s, e.i);
      case 'ClientRequest':
        return clientRequest(c, s, e.i, e.v);
      case 'AdvanceCommitIndex':
        return advanceCommitIndex(c, s, e.i);
      case 'AppendEntries':
        return appendEntries(c, s, e.i, e.j);
      case 'Receive':
        return receive(c, s, e.m);
      case 'DuplicateMessage':
        return s.messages.has(e.m) ? duplicateMessage(c, s, e.m) : undefined;
      case 'DropMessage':
        return s.messages.has(e.m) ? dropMessage(c, s, e.m) : undefined;
    }
  }

  function eventLabel(e: RaftEvent, s: RaftState): string {
    switch (e.kind) {
      case 'Restart':
      case 'Timeout':
      case 'BecomeLeader':
      case 'AdvanceCommitIndex':
        return `${e.kind}(${e.i})`;
      case 'RequestVote':
      case 'AppendEntries':
        return `${e.kind}(${e.i}, ${e.j})`;
      case 'ClientRequest':
        return `ClientRequest(${e.i}, ${e.v})`;
      case 'Receive': {
        let how = receiveCase(s, e.m) ?? 'no handler';
        if (how === 'request-vote') how = grantsVote(s, e.m as RequestVoteRequestMsg) ? 'grant' : 'deny';
        return `Receive(${describeMessage(e.m)}): ${how}`;
      }
      case 'DuplicateMessage':
      case 'DropMessage':
        return `${e.kind}(${describeMessage(e.m)})`;
    }
  }

  function renderState(s: RaftState): string[] {
    return servers.map((i) => {
      const log = s.log.get(i)!;
      const entries = log.map((en, k) => `${k + 1}:t${en.term}/${en.value}`).join(' ');
      const vote = s.votedFor.get(i);
      return `${i} ${s.state.get(i)} term ${s.currentTerm.get(i)} vote ${vote} commit ${s.commitIndex.get(i)} log [${entries}]`;
    });
  }

  /** The logs as the Raft paper draws them; an entry is marked committed when some server committed an equal entry at its index. */
  function logView(s: RaftState): LogView {
    const committedAt = (k: number, term: number, value: Value) =>
      servers.some((j) => {
        const e = s.log.get(j)!.get(k - 1);
        return s.commitIndex.get(j)! >= k && e !== undefined && e.term === term && e.value === value;
      });
    return {
      servers: servers.map((i) => ({
        name: i,
        term: s.currentTerm.get(i)!,
        leader: s.state.get(i) === Leader,
        commitIndex: s.commitIndex.get(i)!,
        entries: s.log.get(i)!.toArray().map((e, k) => ({ term: e.term, committed: committedAt(k + 1, e.term, e.value) })),
      })),
    };
  }

  return {
    variables: VARIABLES,
    initialStates: () => [initialState(c)],
    events,
    next,
    eventLabel,
    invariants: raftInvariants(servers, values),
    constraint: bounds(p, servers),
    checkDeadlock: false,
    symmetry: raftSymmetry(c),
    renderState,
    logView,
    expectedStates: variant === undefined ? KNOWN_SIZES[`s${p.servers}-v${p.values}-t${p.maxTerm}-l${p.maxLog}-d${p.maxDup}-m${p.maxMsgs}`] : undefined,
  };
}

/** Distinct states of the reference configurations (TLC's figures), to size the seen set up front. */
const KNOWN_SIZES: Readonly<Record<string, number>> = {
  's2-v1-t2-l1-d1-m2': 15_254,
  's2-v1-t3-l1-d1-m2': 689_211,
  's3-v1-t2-l1-d1-m1': 2_379_781,
};

/** Whether i = m.mdest would grant m's vote (HandleRequestVoteRequest's `grant`). */
function grantsVote(s: RaftState, m: RequestVoteRequestMsg): boolean {
  const i = m.mdest;
  const log = s.log.get(i)!;
  const last = lastTerm(log);
  const logOk = m.mlastLogTerm > last || (m.mlastLogTerm === last && m.mlastLogIndex >= log.size);
  const voted = s.votedFor.get(i);
  return m.mtype === RequestVoteRequest && m.mterm === s.currentTerm.get(i) && logOk && (voted === Nil || voted === m.msource);
}

const presets = {
  's2-v1-t2-l1-d1-m2': { servers: 2, values: 1, maxTerm: 2, maxLog: 1, maxDup: 1, maxMsgs: 2 },
  's2-v1-t3-l1-d1-m2': { servers: 2, values: 1, maxTerm: 3, maxLog: 1, maxDup: 1, maxMsgs: 2 },
  's3-v1-t2-l1-d1-m1': { servers: 3, values: 1, maxTerm: 2, maxLog: 1, maxDup: 1, maxMsgs: 1 },
  's3-v2-t3-l2-d2-m3': { servers: 3, values: 2, maxTerm: 3, maxLog: 2, maxDup: 2, maxMsgs: 3 },
} as const;

export const raft = defineModel<RaftState, RaftEvent>({
  name: 'raft',
  summary: "Diego Ongaro's raft.tla: elections, log replication, commit (bounded by MCraftB's Bounds)",
  params: {
    servers: { description: 'number of servers (r1..rN)', default: 2, min: 1, max: 7 },
    values: { description: 'number of client values (v1..vK)', default: 1, min: 1, max: 9 },
    maxTerm: { description: 'MaxTerm: bound on every currentTerm', default: 2, min: 1 },
    maxLog: { description: 'MaxLogLen: bound on every log length', default: 1, min: 0 },
    maxDup: { description: 'MaxDup: bound on copies of one message in the bag', default: 1, min: 1 },
    maxMsgs: { description: 'MaxMsgs: bound on distinct messages in the bag', default: 2, min: 0 },
  },
  presets,
  defaultPreset: 's2-v1-t2-l1-d1-m2',
  variants: raftVariants,
  build: (params, variant) =>
    buildRaft(
      {
        servers: params.servers ?? 2,
        values: params.values ?? 1,
        maxTerm: params.maxTerm ?? 2,
        maxLog: params.maxLog ?? 1,
        maxDup: params.maxDup ?? 1,
        maxMsgs: params.maxMsgs ?? 2,
      },
      variant,
    ),
});
