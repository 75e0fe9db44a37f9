// Raft's values: model values, record types (log entries, the four message types,
// election records), the state shape, and the interning tables that make equal log
// entries, logs, messages and server sets the SAME object.
//
// Interning matters for speed, not for meaning: every value still compares by value
// (states decoded from bytes hold fresh, un-interned objects and work the same), but
// interned values compare by identity first and keep their cached hashes, so a successor
// that rebuilds an equal message or log costs almost nothing to fingerprint.
import { List, Map as IMap, Set as ISet, is, isRecord, type RecordOf } from 'immutable';
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

// ---- Interning -------------------------------------------------------------------------
//
// Content tables are module-wide (one per thread): equal content always gets the same
// canonical object and the same content id, whichever model instance asked.
//
// A canonical record carries two hidden extras: its content id, and its field values as
// own (non-enumerable) properties, so reading `m.mterm` skips immutable's Record getter.
// A record decoded from bytes (the engine's frontier) is "adopted": given the id and
// fields of its canonical twin. Two records that both carry ids are equal exactly when
// their ids are; any other comparison is field by field, the answer immutable's Record
// equality gives.

const ID = Symbol('raft.contentId');
let nextContentId = 1;

type Marked = { [ID]?: number };

function idOf(x: unknown): number | undefined {
  return typeof x === 'object' && x !== null ? (x as Marked)[ID] : undefined;
}

/** Gives `rec` the id and own field values of `canon` (no-op on frozen objects). */
function mark<R extends object>(rec: R, canon: R, id: number, fields: readonly string[]): R {
  if (!Object.isExtensible(rec)) return rec;
  const c = canon as unknown as Record<string, unknown>;
  for (const f of fields) Object.defineProperty(rec, f, { value: rec === canon ? (rec as unknown as { get(f: string): unknown }).get(f) : c[f] });
  Object.defineProperty(rec, ID, { value: id });
  return rec;
}

const raftPrototypes = new Set<object>();

function fastEquality(factory: { prototype: object }, fields: readonly string[]): void {
  const proto = factory.prototype as { equals(this: object, other: unknown): boolean };
  const generic = proto.equals;
  raftPrototypes.add(proto);
  proto.equals = function (this: object, other: unknown): boolean {
    if (this === other) return true;
    const a = (this as Marked)[ID];
    const b = idOf(other);
    if (a !== undefined && b !== undefined) return a === b;
    if (!isRecord(other)) return false;
    const otherProto = Object.getPrototypeOf(other) as object;
    // Raft's record types have pairwise different field sets: never equal to each other.
    if (otherProto !== proto) return raftPrototypes.has(otherProto) ? false : generic.call(this, other);
    const x = this as unknown as { get(f: string): unknown };
    const y = other as unknown as { get(f: string): unknown };
    for (const f of fields) if (!is(x.get(f), y.get(f))) return false;
    return true;
  };
}

const ENTRY_FIELDS = ['term', 'value'] as const;
const RVQ_FIELDS = ['mtype', 'mterm', 'mlastLogTerm', 'mlastLogIndex', 'msource', 'mdest'] as const;
const RVP_FIELDS = ['mtype', 'mterm', 'mvoteGranted', 'mlog', 'msource', 'mdest'] as const;
const AEQ_FIELDS = ['mtype', 'mterm', 'mprevLogIndex', 'mprevLogTerm', 'mentries', 'mlog', 'mcommitIndex', 'msource', 'mdest'] as const;
const AEP_FIELDS = ['mtype', 'mterm', 'msuccess', 'mmatchIndex', 'msource', 'mdest'] as const;
const ELECTION_FIELDS = ['eterm', 'eleader', 'elog', 'evotes', 'evoterLog'] as const;
fastEquality(EntryRecord, ENTRY_FIELDS);
fastEquality(RequestVoteRequestRecord, RVQ_FIELDS);
fastEquality(RequestVoteResponseRecord, RVP_FIELDS);
fastEquality(AppendEntriesRequestRecord, AEQ_FIELDS);
fastEquality(AppendEntriesResponseRecord, AEP_FIELDS);
fastEquality(ElectionRecord, ELECTION_FIELDS);

export const EMPTY_LOG: Log = List<Entry>();

// Entries, by `term:value`.
const entries = new Map<string, Entry>();

function canonicalEntry(term: number, value: Value): Entry {
  const key = `${term}:${value}`;
  let e = entries.get(key);
  if (e === undefined) {
    e = EntryRecord({ term, value });
    mark(e, e, nextContentId++, ENTRY_FIELDS);
    entries.set(key, e);
  }
  return e;
}

/** The content id of an entry, adopting a foreign (decoded) one. */
function entryId(e: Entry): number {
  const id = (e as Marked)[ID];
  if (id !== undefined) return id;
  const canon = canonicalEntry(e.term, e.value);
  const cid = (canon as Marked)[ID]!;
  mark(e, canon, cid, ENTRY_FIELDS);
  return cid;
}

// Logs form a trie: each canonical log has an index, its parent (the log without its last
// entry) and its children by entry id.
const logs: Log[] = [EMPTY_LOG];
const logParent: number[] = [-1];
const logChildren: Map<number, number>[] = [new Map()];
const logIndex = new WeakMap<Log, number>([[EMPTY_LOG, 0]]);

function childLog(parent: number, e: Entry): number {
  const eid = entryId(e);
  const children = logChildren[parent]!;
  let k = children.get(eid);
  if (k === undefined) {
    k = logs.length;
    const log = logs[parent]!.push(canonicalEntry(e.term, e.value));
    log.hashCode(); // cached on the list: unequal canonical logs then compare in O(1)
    logs.push(log);
    logParent.push(parent);
    logChildren.push(new Map());
    logIndex.set(log, k);
    children.set(eid, k);
  }
  return k;
}

/** The index of a log's canonical object (any equal list maps to the same index). */
function logKey(log: Log): number {
  const known = logIndex.get(log);
  if (known !== undefined) return known;
  let k = 0;
  for (let p = 0; p < log.size; p++) k = childLog(k, log.get(p)!);
  logIndex.set(log, k);
  return k;
}

// Messages, by a composite key of their fields.
const messages = new Map<string, Message>();

function canonicalMessage<M extends Message>(key: string, fields: readonly string[], make: () => M): M {
  let m = messages.get(key);
  if (m === undefined) {
    m = make();
    mark(m, m, nextContentId++, fields);
    messages.set(key, m);
  }
  return m as M;
}

function fieldsOf(m: Message): readonly string[] {
  switch (m.mtype) {
    case RequestVoteRequest:
      return RVQ_FIELDS;
    case RequestVoteResponse:
      return RVP_FIELDS;
    case AppendEntriesRequest:
      return AEQ_FIELDS;
    case AppendEntriesResponse:
      return AEP_FIELDS;
  }
}

/** Canonical values, and canonical sets of the servers of one model instance. */
export class Interner {
  readonly servers: readonly Server[];
  private readonly serverBit: Record<string, number> = Object.create(null);
  private readonly serverSets: ISet<Server>[] = [];
  private readonly serverSetMasks = new WeakMap<ISet<Server>, number>();

  constructor(servers: readonly Server[]) {
    this.servers = servers;
    servers.forEach((s, k) => (this.serverBit[s] = 1 << k));
  }

  // -- entries and logs --

  entry(term: number, value: Value): Entry {
    return canonicalEntry(term, value);
  }

  /** A number naming the log's value: equal logs, and only they, get the same number. */
  logNumber(log: Log): number {
    return logKey(log);
  }

  /** The canonical object equal to `log`. */
  log(log: Log): Log {
    return logs[logKey(log)]!;
  }

  /** Append(log, e). */
  append(log: Log, e: Entry): Log {
    return logs[childLog(logKey(log), e)]!;
  }

  /** The log without its last entry (log must be non-empty). */
  withoutLast(log: Log): Log {
    return logs[logParent[logKey(log)]!]!;
  }

  /** <<log[k]>> as a canonical one-entry log (k is 1-based). */
  single(log: Log, k: number): Log {
    return logs[childLog(0, log.get(k - 1)!)]!;
  }

  // -- sets of servers, by bit mask --

  maskOf(set: ISet<Server>): number {
    const known = this.serverSetMasks.get(set);
    if (known !== undefined) return known;
    let mask = 0;
    set.forEach((s) => (mask |= this.serverBit[s]!));
    this.serverSetMasks.set(set, mask);
    return mask;
  }

  serverSet(mask: number): ISet<Server> {
    let set = this.serverSets[mask];
    if (set === undefined) {
      set = ISet(this.servers.filter((_, k) => (mask & (1 << k)) !== 0));
      this.serverSets[mask] = set;
      this.serverSetMasks.set(set, mask);
    }
    return set;
  }

  /** set \cup {s}, canonical. */
  withServer(set: ISet<Server>, s: Server): ISet<Server> {
    if (set.has(s)) return set;
    return this.serverSet(this.maskOf(set) | this.serverBit[s]!);
  }

  // -- messages --

  requestVoteRequest(mterm: number, mlastLogTerm: number, mlastLogIndex: number, msource: Server, mdest: Server): RequestVoteRequestMsg {
    return canonicalMessage(`q${mterm},${mlastLogTerm},${mlastLogIndex},${msource},${mdest}`, RVQ_FIELDS, () =>
      RequestVoteRequestRecord({ mtype: RequestVoteRequest, mterm, mlastLogTerm, mlastLogIndex, msource, mdest }),
    );
  }

  requestVoteResponse(mterm: number, mvoteGranted: boolean, mlog: Log, msource: Server, mdest: Server): RequestVoteResponseMsg {
    const logK = logKey(mlog);
    return canonicalMessage(`p${mterm},${mvoteGranted ? 1 : 0},${logK},${msource},${mdest}`, RVP_FIELDS, () =>
      RequestVoteResponseRecord({ mtype: RequestVoteResponse, mterm, mvoteGranted, mlog: logs[logK]!, msource, mdest }),
    );
  }

  appendEntriesRequest(
    mterm: number,
    mprevLogIndex: number,
    mprevLogTerm: number,
    mentries: Log,
    mlog: Log,
    mcommitIndex: number,
    msource: Server,
    mdest: Server,
  ): AppendEntriesRequestMsg {
    const entriesK = logKey(mentries);
    const logK = logKey(mlog);
    return canonicalMessage(
      `a${mterm},${mprevLogIndex},${mprevLogTerm},${entriesK},${logK},${mcommitIndex},${msource},${mdest}`,
      AEQ_FIELDS,
      () =>
        AppendEntriesRequestRecord({
          mtype: AppendEntriesRequest,
          mterm,
          mprevLogIndex,
          mprevLogTerm,
          mentries: logs[entriesK]!,
          mlog: logs[logK]!,
          mcommitIndex,
          msource,
          mdest,
        }),
    );
  }

  appendEntriesResponse(mterm: number, msuccess: boolean, mmatchIndex: number, msource: Server, mdest: Server): AppendEntriesResponseMsg {
    return canonicalMessage(`r${mterm},${msuccess ? 1 : 0},${mmatchIndex},${msource},${mdest}`, AEP_FIELDS, () =>
      AppendEntriesResponseRecord({ mtype: AppendEntriesResponse, mterm, msuccess, mmatchIndex, msource, mdest }),
    );
  }

  /** The canonical copy of any message, with its servers renamed by `rename`. */
  message(m: Message, rename: (s: Server) => Server = (s) => s): Message {
    const src = rename(m.msource);
    const dst = rename(m.mdest);
    switch (m.mtype) {
      case RequestVoteRequest: {
        const q = m as RequestVoteRequestMsg;
        return this.requestVoteRequest(q.mterm, q.mlastLogTerm, q.mlastLogIndex, src, dst);
      }
      case RequestVoteResponse: {
        const p = m as RequestVoteResponseMsg;
        return this.requestVoteResponse(p.mterm, p.mvoteGranted, p.mlog, src, dst);
      }
      case AppendEntriesRequest: {
        const a = m as AppendEntriesRequestMsg;
        return this.appendEntriesRequest(a.mterm, a.mprevLogIndex, a.mprevLogTerm, a.mentries, a.mlog, a.mcommitIndex, src, dst);
      }
      case AppendEntriesResponse: {
        const r = m as AppendEntriesResponseMsg;
        return this.appendEntriesResponse(r.mterm, r.msuccess, r.mmatchIndex, src, dst);
      }
    }
  }

  /**
   * Adopts a message met in a state (perhaps decoded from bytes): afterwards it compares
   * with canonical messages by id and its fields read fast. Returns m itself.
   */
  adopt(m: Message): Message {
    if ((m as Marked)[ID] !== undefined) return m;
    const canon = this.message(m);
    return mark(m, canon, (canon as Marked)[ID]!, fieldsOf(m));
  }
}

// ---- Small helpers shared by actions and invariants ----------------------------------

/** LastTerm(xlog): the term of the last entry, or 0 for an empty log. */
export function lastTerm(log: Log): number {
  return log.size === 0 ? 0 : log.get(log.size - 1)!.term;
}

/** A short human name for a message, used in event labels: `RequestVoteRequest r1→r2, term 2`. */
export function describeMessage(m: Message): string {
  return `${m.mtype} ${m.msource}→${m.mdest}, term ${m.mterm}`;
}
