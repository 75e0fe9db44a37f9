// Raft's values: model values, record types (log entries, the four message types,
// election records) and the state shape, as raft.tla declares them.
import { List, Map as IMap, Set as ISet, type RecordOf } from 'immutable';
import { recordType } from '../../src/values/record.ts';

// ---- Model values -------------------------------------------------------------------

export const Follower = 'Follower';
export const Candidate = 'Candidate';
export const Leader = 'Leader';
export const Nil = 'Nil';
export type Role = typeof Follower | typeof Candidate | typeof Leader;

export const RequestVoteRequest = 'RequestVoteRequest';
export const RequestVoteResponse = 'RequestVoteResponse';
export const AppendEntriesRequest = 'AppendEntriesRequest';
export const AppendEntriesResponse = 'AppendEntriesResponse';

/** A server id: a model value r1..rN. */
export type Server = string;
/** A client value: a model value v1..vK. */
export type Value = string;

// ---- Records (fields in raft.tla's order) ---------------------------------------------

export interface EntryFields {
  term: number;
  value: Value;
}
export const EntryRecord = recordType<EntryFields>('raft.Entry', { term: 0, value: '' });
export type Entry = RecordOf<EntryFields>;
/** A log: a sequence of entries (index 1 is `get(0)`). */
export type Log = List<Entry>;

export interface RequestVoteRequestFields {
  mtype: typeof RequestVoteRequest;
  mterm: number;
  mlastLogTerm: number;
  mlastLogIndex: number;
  msource: Server;
  mdest: Server;
}
export interface RequestVoteResponseFields {
  mtype: typeof RequestVoteResponse;
  mterm: number;
  mvoteGranted: boolean;
  mlog: Log;
  msource: Server;
  mdest: Server;
}
export interface AppendEntriesRequestFields {
  mtype: typeof AppendEntriesRequest;
  mterm: number;
  mprevLogIndex: number;
  mprevLogTerm: number;
  mentries: Log;
  mlog: Log;
  mcommitIndex: number;
  msource: Server;
  mdest: Server;
}
export interface AppendEntriesResponseFields {
  mtype: typeof AppendEntriesResponse;
  mterm: number;
  msuccess: boolean;
  mmatchIndex: number;
  msource: Server;
  mdest: Server;
}

export const RequestVoteRequestRecord = recordType<RequestVoteRequestFields>('raft.RequestVoteRequest', {
  mtype: RequestVoteRequest,
  mterm: 0,
  mlastLogTerm: 0,
  mlastLogIndex: 0,
  msource: '',
  mdest: '',
});
// Field order is the order TLC prints, which is the order in which each field name
// first occurs in raft.tla (TLC's intern table), not the order of each message's own
// record constructor: msource and mdest, first seen in RequestVoteRequest, come before
// the fields that later message types introduce.
export const RequestVoteResponseRecord = recordType<RequestVoteResponseFields>('raft.RequestVoteResponse', {
  mtype: RequestVoteResponse,
  mterm: 0,
  msource: '',
  mdest: '',
  mlog: List(),
  mvoteGranted: false,
});
export const AppendEntriesRequestRecord = recordType<AppendEntriesRequestFields>('raft.AppendEntriesRequest', {
  mtype: AppendEntriesRequest,
  mterm: 0,
  msource: '',
  mdest: '',
  mprevLogIndex: 0,
  mprevLogTerm: 0,
  mentries: List(),
  mlog: List(),
  mcommitIndex: 0,
});
export const AppendEntriesResponseRecord = recordType<AppendEntriesResponseFields>('raft.AppendEntriesResponse', {
  mtype: AppendEntriesResponse,
  mterm: 0,
  msource: '',
  mdest: '',
  msuccess: false,
  mmatchIndex: 0,
});

export type RequestVoteRequestMsg = RecordOf<RequestVoteRequestFields>;
export type RequestVoteResponseMsg = RecordOf<RequestVoteResponseFields>;
export type AppendEntriesRequestMsg = RecordOf<AppendEntriesRequestFields>;
export type AppendEntriesResponseMsg = RecordOf<AppendEntriesResponseFields>;
export type Message = RequestVoteRequestMsg | RequestVoteResponseMsg | AppendEntriesRequestMsg | AppendEntriesResponseMsg;

/** One successful election (raft.tla's BecomeLeader history record). */
export interface ElectionFields {
  eterm: number;
  eleader: Server;
  elog: Log;
  evotes: ISet<Server>;
  evoterLog: IMap<Server, Log>;
}
export const ElectionRecord = recordType<ElectionFields>('raft.Election', {
  eterm: 0,
  eleader: '',
  elog: List(),
  evotes: ISet(),
  evoterLog: IMap(),
});
export type Election = RecordOf<ElectionFields>;

// ---- State ---------------------------------------------------------------------------

/** raft.tla's variables, in declaration order. Per-server functions are Maps keyed r1..rN. */
export const VARIABLES = [
  'messages',
  'elections',
  'allLogs',
  'voterLog',
  'currentTerm',
  'state',
  'votedFor',
  'log',
  'commitIndex',
  'votesResponded',
  'votesGranted',
  'nextIndex',
  'matchIndex',
] as const;

export interface RaftState {
  /** The bag: message -> count (>= 1; a message with no copies is not in the domain). */
  readonly messages: IMap<Message, number>;
  readonly elections: ISet<Election>;
  readonly allLogs: ISet<Log>;
  readonly voterLog: IMap<Server, IMap<Server, Log>>;
  readonly currentTerm: IMap<Server, number>;
  readonly state: IMap<Server, Role>;
  readonly votedFor: IMap<Server, Server>;
  readonly log: IMap<Server, Log>;
  readonly commitIndex: IMap<Server, number>;
  readonly votesResponded: IMap<Server, ISet<Server>>;
  readonly votesGranted: IMap<Server, ISet<Server>>;
  readonly nextIndex: IMap<Server, IMap<Server, number>>;
  readonly matchIndex: IMap<Server, IMap<Server, number>>;
  readonly [variable: string]: unknown;
}

/** <<>>, the empty log. */
export const EMPTY_LOG: Log = List<Entry>();

// ---- Small helpers shared by actions and invariants ----------------------------------

/** LastTerm(xlog): the term of the last entry, or 0 for an empty log. */
export function lastTerm(log: Log): number {
  return log.size === 0 ? 0 : log.get(log.size - 1)!.term;
}

/** A short human name for a message, used in event labels: `RequestVoteRequest r1→r2, term 2`. */
export function describeMessage(m: Message): string {
  return `${m.mtype} ${m.msource}→${m.mdest}, term ${m.mterm}`;
}
