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
export const RequestVoteResponseRecord = recordType<RequestVoteResponseFields>('raft.RequestVoteResponse', {
  mtype: RequestVoteResponse,
  mterm: 0,
  mvoteGranted: false,
  mlog: List(),
  msource: '',
  mdest: '',
});
export const AppendEntriesRequestRecord = recordType<AppendEntriesRequestFields>('raft.AppendEntriesRequest', {
  mtype: AppendEntriesRequest,
  mterm: 0,
  mprevLogIndex: 0,
  mprevLogTerm: 0,
  mentries: List(),
  mlog: List(),
  mcommitIndex: 0,
  msource: '',
  mdest: '',
});
export const AppendEntriesResponseRecord = recordType<AppendEntriesResponseFields>('raft.AppendEntriesResponse', {
  mtype: AppendEntriesResponse,
  mterm: 0,
  msuccess: false,
  mmatchIndex: 0,
  msource: '',
  mdest: '',
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

/**
 * Canonical records carry two hidden extras: their field values as own (non-enumerable)
 * properties, so reading `m.mterm` skips immutable's Record getter, and the id of the
 * Interner that made them. Two distinct canonical records of one Interner are unequal
 * without looking at their fields; any other comparison is field by field (the same
 * answer as immutable's Record equality, which compares field/value pairs).
 */
const CANON = Symbol('raft.canonical');
let interners = 0;

function markCanonical<R extends object>(rec: R, fields: readonly string[], owner: number): R {
  const r = rec as unknown as { get(f: string): unknown };
  for (const f of fields) Object.defineProperty(rec, f, { value: r.get(f) });
  Object.defineProperty(rec, CANON, { value: owner });
  return rec;
}

function fastEquality(factory: { prototype: object }, fields: readonly string[]): void {
  const proto = factory.prototype as { equals(this: object, other: unknown): boolean };
  const generic = proto.equals;
  proto.equals = function (this: object, other: unknown): boolean {
    if (this === other) return true;
    const owner = (this as Record<symbol, unknown>)[CANON];
    if (owner !== undefined && other !== null && typeof other === 'object' && (other as Record<symbol, unknown>)[CANON] === owner) return false;
    if (!isRecord(other) || Object.getPrototypeOf(other) !== proto) return generic.call(this, other);
    const a = this as unknown as { get(f: string): unknown };
    const b = other as unknown as { get(f: string): unknown };
    for (const f of fields) if (!is(a.get(f), b.get(f))) return false;
    return true;
  };
}

const ENTRY_FIELDS = ['term', 'value'] as const;
const RVQ_FIELDS = ['mtype', 'mterm', 'mlastLogTerm', 'mlastLogIndex', 'msource', 'mdest'] as const;
const RVP_FIELDS = ['mtype', 'mterm', 'mvoteGranted', 'mlog', 'msource', 'mdest'] as const;
const AEQ_FIELDS = ['mtype', 'mterm', 'mprevLogIndex', 'mprevLogTerm', 'mentries', 'mlog', 'mcommitIndex', 'msource', 'mdest'] as const;
const AEP_FIELDS = ['mtype', 'mterm', 'msuccess', 'mmatchIndex', 'msource', 'mdest'] as const;
fastEquality(EntryRecord, ENTRY_FIELDS);
fastEquality(RequestVoteRequestRecord, RVQ_FIELDS);
fastEquality(RequestVoteResponseRecord, RVP_FIELDS);
fastEquality(AppendEntriesRequestRecord, AEQ_FIELDS);
fastEquality(AppendEntriesResponseRecord, AEP_FIELDS);

export const EMPTY_LOG: Log = List<Entry>();

/**
 * Canonical objects for one model instance. Logs form a trie: each canonical log has a
 * small integer id, its parent (the log without its last entry) and children by entry.
 */
export class Interner {
  readonly servers: readonly Server[];
  private readonly id = ++interners;
  private readonly serverBit: Record<string, number> = Object.create(null);

  private readonly entries = new Map<string, Entry>();
  private readonly entryIds = new WeakMap<Entry, number>();
  private entryCount = 0;

  private readonly logs: Log[] = [EMPTY_LOG];
  private readonly logParent: number[] = [-1];
  private readonly logChildren: Map<number, number>[] = [new Map()];
  private readonly logIds = new WeakMap<Log, number>([[EMPTY_LOG, 0]]);

  private readonly messages = new Map<string, Message>();
  private readonly serverSets: ISet<Server>[] = [];
  private readonly serverSetMasks = new WeakMap<ISet<Server>, number>();

  constructor(servers: readonly Server[]) {
    this.servers = servers;
    servers.forEach((s, k) => (this.serverBit[s] = 1 << k));
  }

  // -- entries and logs --

  entry(term: number, value: Value): Entry {
    const key = `${term}:${value}`;
    let e = this.entries.get(key);
    if (e === undefined) {
      e = markCanonical(EntryRecord({ term, value }), ENTRY_FIELDS, this.id);
      this.entries.set(key, e);
      this.entryIds.set(e, this.entryCount++);
    }
    return e;
  }

  private entryId(e: Entry): number {
    const id = this.entryIds.get(e);
    if (id !== undefined) return id;
    return this.entryIds.get(this.entry(e.term, e.value))!;
  }

  private child(parent: number, e: Entry): number {
    const eid = this.entryId(e);
    const children = this.logChildren[parent]!;
    let id = children.get(eid);
    if (id === undefined) {
      id = this.logs.length;
      const log = this.logs[parent]!.push(this.entry(e.term, e.value));
      log.hashCode(); // cached on the list: unequal canonical logs then compare in O(1)
      this.logs.push(log);
      this.logParent.push(parent);
      this.logChildren.push(new Map());
      this.logIds.set(log, id);
      children.set(eid, id);
    }
    return id;
  }

  /** The id of a log's canonical object (any equal list maps to the same id). */
  logId(log: Log): number {
    const known = this.logIds.get(log);
    if (known !== undefined) return known;
    let id = 0;
    for (let k = 0; k < log.size; k++) id = this.child(id, log.get(k)!);
    this.logIds.set(log, id);
    return id;
  }

  /** The canonical object equal to `log`. */
  log(log: Log): Log {
    return this.logs[this.logId(log)]!;
  }

  /** Append(log, e). */
  append(log: Log, e: Entry): Log {
    return this.logs[this.child(this.logId(log), e)]!;
  }

  /** The log without its last entry (log must be non-empty). */
  withoutLast(log: Log): Log {
    return this.logs[this.logParent[this.logId(log)]!]!;
  }

  /** <<log[k]>> as a canonical one-entry log (k is 1-based). */
  single(log: Log, k: number): Log {
    return this.logs[this.child(0, log.get(k - 1)!)]!;
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
    return this.serverSet(this.maskOf(set) | this.serverBit[s]!);
  }

  // -- messages --

  private intern<M extends Message>(key: string, fields: readonly string[], make: () => M): M {
    let m = this.messages.get(key);
    if (m === undefined) {
      m = markCanonical(make(), fields, this.id);
      this.messages.set(key, m);
    }
    return m as M;
  }

  requestVoteRequest(mterm: number, mlastLogTerm: number, mlastLogIndex: number, msource: Server, mdest: Server): RequestVoteRequestMsg {
    return this.intern(`q${mterm},${mlastLogTerm},${mlastLogIndex},${msource},${mdest}`, RVQ_FIELDS, () =>
      RequestVoteRequestRecord({ mtype: RequestVoteRequest, mterm, mlastLogTerm, mlastLogIndex, msource, mdest }),
    );
  }

  requestVoteResponse(mterm: number, mvoteGranted: boolean, mlog: Log, msource: Server, mdest: Server): RequestVoteResponseMsg {
    const logId = this.logId(mlog);
    return this.intern(`p${mterm},${mvoteGranted ? 1 : 0},${logId},${msource},${mdest}`, RVP_FIELDS, () =>
      RequestVoteResponseRecord({ mtype: RequestVoteResponse, mterm, mvoteGranted, mlog: this.logs[logId]!, msource, mdest }),
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
    const entriesId = this.logId(mentries);
    const logId = this.logId(mlog);
    return this.intern(`a${mterm},${mprevLogIndex},${mprevLogTerm},${entriesId},${logId},${mcommitIndex},${msource},${mdest}`, AEQ_FIELDS, () =>
      AppendEntriesRequestRecord({
        mtype: AppendEntriesRequest,
        mterm,
        mprevLogIndex,
        mprevLogTerm,
        mentries: this.logs[entriesId]!,
        mlog: this.logs[logId]!,
        mcommitIndex,
        msource,
        mdest,
      }),
    );
  }

  appendEntriesResponse(mterm: number, msuccess: boolean, mmatchIndex: number, msource: Server, mdest: Server): AppendEntriesResponseMsg {
    return this.intern(`r${mterm},${msuccess ? 1 : 0},${mmatchIndex},${msource},${mdest}`, AEP_FIELDS, () =>
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
