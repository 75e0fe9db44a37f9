// Hand-built raft states and scripted runs for the raft tests.
import { Map as IMap, is } from 'immutable';
import { RaftContext } from '../../spec/raft/actions.ts';
import { buildRaft, initialState, type RaftEvent, type RaftParams } from '../../spec/raft/model.ts';
import {
  AppendEntriesRequest,
  AppendEntriesRequestRecord,
  AppendEntriesResponse,
  AppendEntriesResponseRecord,
  EMPTY_LOG,
  EntryRecord,
  RequestVoteRequest,
  RequestVoteRequestRecord,
  RequestVoteResponse,
  RequestVoteResponseRecord,
  VARIABLES,
  type Log,
  type RaftState,
  type Role,
  type Server,
} from '../../spec/raft/types.ts';
import type { Spec } from '../../src/spec.ts';

export const SMALL: RaftParams = { servers: 3, values: 2, maxTerm: 9, maxLog: 9, maxDup: 9, maxMsgs: 9 };

export function setup(servers = 3, values = 2, variant?: 'forget-vote' | 'figure8') {
  const c = new RaftContext(
    Array.from({ length: servers }, (_, k) => `r${k + 1}`),
    Array.from({ length: values }, (_, k) => `v${k + 1}`),
    variant,
  );
  return { c, init: initialState(c) };
}

/** A log from [term, value] pairs. */
export function logOf(_c: RaftContext, ...entries: [number, string][]): Log {
  let log = EMPTY_LOG;
  for (const [term, value] of entries) log = log.push(EntryRecord({ term, value }));
  return log;
}

/** Messages for the tests, fields in the order of raft.tla's message constructors. */
export const msg = {
  requestVoteRequest: (mterm: number, mlastLogTerm: number, mlastLogIndex: number, msource: Server, mdest: Server) =>
    RequestVoteRequestRecord({ mtype: RequestVoteRequest, mterm, mlastLogTerm, mlastLogIndex, msource, mdest }),
  requestVoteResponse: (mterm: number, mvoteGranted: boolean, mlog: Log, msource: Server, mdest: Server) =>
    RequestVoteResponseRecord({ mtype: RequestVoteResponse, mterm, mvoteGranted, mlog, msource, mdest }),
  appendEntriesRequest: (mterm: number, mprevLogIndex: number, mprevLogTerm: number, mentries: Log, mlog: Log, mcommitIndex: number, msource: Server, mdest: Server) =>
    AppendEntriesRequestRecord({ mtype: AppendEntriesRequest, mterm, mprevLogIndex, mprevLogTerm, mentries, mlog, mcommitIndex, msource, mdest }),
  appendEntriesResponse: (mterm: number, msuccess: boolean, mmatchIndex: number, msource: Server, mdest: Server) =>
    AppendEntriesResponseRecord({ mtype: AppendEntriesResponse, mterm, msuccess, mmatchIndex, msource, mdest }),
};

export interface ServerPatch {
  state?: Role;
  currentTerm?: number;
  votedFor?: Server;
  log?: Log;
  commitIndex?: number;
  votesResponded?: Server[];
  votesGranted?: Server[];
  nextIndex?: Record<Server, number>;
  matchIndex?: Record<Server, number>;
}

/** `s` with server i's variables changed as given. */
export function withServer(c: RaftContext, s: RaftState, i: Server, p: ServerPatch): RaftState {
  const set = (names: Server[]) => names.reduce((acc, j) => acc.add(j), c.noVotes);
  return {
    ...s,
    state: p.state === undefined ? s.state : s.state.set(i, p.state),
    currentTerm: p.currentTerm === undefined ? s.currentTerm : s.currentTerm.set(i, p.currentTerm),
    votedFor: p.votedFor === undefined ? s.votedFor : s.votedFor.set(i, p.votedFor),
    log: p.log === undefined ? s.log : s.log.set(i, p.log),
    commitIndex: p.commitIndex === undefined ? s.commitIndex : s.commitIndex.set(i, p.commitIndex),
    votesResponded: p.votesResponded === undefined ? s.votesResponded : s.votesResponded.set(i, set(p.votesResponded)),
    votesGranted: p.votesGranted === undefined ? s.votesGranted : s.votesGranted.set(i, set(p.votesGranted)),
    nextIndex: p.nextIndex === undefined ? s.nextIndex : s.nextIndex.set(i, s.nextIndex.get(i)!.merge(IMap(p.nextIndex))),
    matchIndex: p.matchIndex === undefined ? s.matchIndex : s.matchIndex.set(i, s.matchIndex.get(i)!.merge(IMap(p.matchIndex))),
  };
}

/** The successor of `s` under the one enabled event whose label starts with `label`. */
export function step(spec: Spec<RaftState, RaftEvent>, s: RaftState, label: string): RaftState {
  const matches = spec.events(s).filter((e) => spec.eventLabel!(e, s).startsWith(label));
  const succs = matches.flatMap((e) => spec.next(s, e));
  if (succs.length !== 1) {
    const all = spec.events(s).map((e) => spec.eventLabel!(e, s));
    throw new Error(`'${label}' gives ${succs.length} successors; events here: ${all.join('; ')}`);
  }
  return succs[0]!;
}

/** Runs a script of event labels from the initial state. */
export function run(spec: Spec<RaftState, RaftEvent>, labels: readonly string[]): RaftState {
  return labels.reduce((s, label) => step(spec, s, label), spec.initialStates()[0]!);
}

export function spec(params: Partial<RaftParams> = {}, variant?: string): Spec<RaftState, RaftEvent> {
  return buildRaft({ ...SMALL, ...params }, variant);
}

/** The variables on which two states differ (by value). */
export function diff(a: RaftState, b: RaftState): string[] {
  return VARIABLES.filter((v) => !is(a[v], b[v]));
}
