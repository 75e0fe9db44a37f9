// Safety properties of Raft, checked in every reachable state. The first five are the
// properties of the Raft paper's Figure 3 (Ongaro & Ousterhout, "In Search of an
// Understandable Consensus Algorithm"), stated over raft.tla's variables; TypeOK is the
// usual TLA+ type check. ElectionSafety is the invariant of the reference TLC runs.
//
// Invariants run on every generated state, so they stay cheap: loops over a handful of
// servers and tiny logs, with identical (interned) logs skipped, and each verdict is
// remembered for the last values of the variables it reads (memoOn).
import { List, Map as IMap, Record as IRecord, Set as ISet, isList, isMap, isRecord, isSet } from 'immutable';
import {
  AppendEntriesRequest,
  AppendEntriesResponse,
  Candidate,
  Follower,
  Leader,
  Nil,
  RequestVoteRequest,
  RequestVoteResponse,
  type Election,
  type Log,
  type Message,
  type RaftState,
  type Server,
  type Value,
} from './types.ts';
import type { Invariant } from '../../src/spec.ts';

/**
 * `check`, remembering its verdict for the last values of the variables it reads: a
 * state's successors mostly share those values with it (the same objects), so most
 * calls are a few identity comparisons. (Pure functions of those variables only.)
 */
export function memoOn(reads: readonly ((s: RaftState) => unknown)[], check: (s: RaftState) => boolean): (s: RaftState) => boolean {
  const last: unknown[] = reads.map(() => undefined);
  let verdict = false;
  let primed = false;
  return (s) => {
    if (primed) {
      let same = true;
      for (let k = 0; k < reads.length; k++) {
        if (reads[k]!(s) !== last[k]) {
          same = false;
          break;
        }
      }
      if (same) return verdict;
    }
    verdict = check(s);
    for (let k = 0; k < reads.length; k++) last[k] = reads[k]!(s);
    primed = true;
    return verdict;
  };
}

/** Accessors for memoOn: one small monomorphic function per variable. */
export const read = {
  messages: (s: RaftState) => s.messages,
  elections: (s: RaftState) => s.elections,
  currentTerm: (s: RaftState) => s.currentTerm,
  state: (s: RaftState) => s.state,
  log: (s: RaftState) => s.log,
  commitIndex: (s: RaftState) => s.commitIndex,
} as const;

/**
 * Figure 3, Election Safety: at most one leader can be elected in a given term.
 * State form (raft.tla's reference invariant): no two current leaders share a term.
 */
export function electionSafety(servers: readonly Server[]) {
  return (s: RaftState): boolean => {
    for (let a = 0; a < servers.length; a++) {
      const i = servers[a]!;
      if (s.state.get(i) !== Leader) continue;
      const term = s.currentTerm.get(i);
      for (let b = a + 1; b < servers.length; b++) {
        const j = servers[b]!;
        if (s.state.get(j) === Leader && s.currentTerm.get(j) === term) return false;
      }
    }
    return true;
  };
}

/**
 * Figure 3, Election Safety, over history: the `elections` history variable never records
 * two different leaders for the same term.
 */
export function electionSafetyHistory(s: RaftState): boolean {
  if (s.elections.size < 2) return true;
  const leaderOf = new Map<number, Server>();
  let ok = true;
  s.elections.forEach((e) => {
    const other = leaderOf.get(e.eterm);
    if (other !== undefined && other !== e.eleader) ok = false;
    leaderOf.set(e.eterm, e.eleader);
  });
  return ok;
}

/** Two logs' entries at 1-based index k are equal (both present, same term and value). */
function sameEntry(a: Log, b: Log, k: number): boolean {
  const x = a.get(k - 1);
  const y = b.get(k - 1);
  if (x === undefined || y === undefined) return x === y;
  return x === y || (x.term === y.term && x.value === y.value);
}

/**
 * Figure 3, Log Matching: if two logs contain an entry with the same index and term, the
 * logs are identical in all entries up through that index.
 */
export function logMatching(servers: readonly Server[]) {
  return (s: RaftState): boolean => {
    for (let a = 0; a < servers.length; a++) {
      const x = s.log.get(servers[a]!)!;
      if (x.size === 0) continue;
      for (let b = a + 1; b < servers.length; b++) {
        const y = s.log.get(servers[b]!)!;
        if (x === y) continue;
        // The highest index where the terms agree must have equal prefixes.
        for (let k = Math.min(x.size, y.size); k >= 1; k--) {
          if (x.get(k - 1)!.term !== y.get(k - 1)!.term) continue;
          for (let p = 1; p <= k; p++) if (!sameEntry(x, y, p)) return false;
          break;
        }
      }
    }
    return true;
  };
}

/**
 * Figure 3, Leader Completeness: if an entry is committed in a given term, it is present
 * in the logs of the leaders of all higher-numbered terms. Server j's entries up to
 * commitIndex[j] were committed in a term <= currentTerm[j] (j learned them in a term at
 * most its current one); so every leader i with currentTerm[i] >= currentTerm[j] has them.
 * (A leader of exactly the committing term has them because it committed them.)
 */
export function leaderCompleteness(servers: readonly Server[]) {
  return (s: RaftState): boolean => {
    for (const i of servers) {
      if (s.state.get(i) !== Leader) continue;
      const leaderTerm = s.currentTerm.get(i)!;
      const leaderLog = s.log.get(i)!;
      for (const j of servers) {
        if (j === i || s.currentTerm.get(j)! > leaderTerm) continue;
        const log = s.log.get(j)!;
        const committed = s.commitIndex.get(j)!;
        for (let k = 1; k <= committed; k++) if (!sameEntry(leaderLog, log, k)) return false;
      }
    }
    return true;
  };
}

/**
 * Figure 3, State Machine Safety: if a server has applied a log entry at a given index, no
 * other server ever applies a different entry for that index. Here: any two servers agree
 * on every index both have committed.
 */
export function stateMachineSafety(servers: readonly Server[]) {
  return (s: RaftState): boolean => {
    for (let a = 0; a < servers.length; a++) {
      const i = servers[a]!;
      const ci = s.commitIndex.get(i)!;
      if (ci === 0) continue;
      for (let b = a + 1; b < servers.length; b++) {
        const j = servers[b]!;
        const both = Math.min(ci, s.commitIndex.get(j)!);
        for (let k = 1; k <= both; k++) if (!sameEntry(s.log.get(i)!, s.log.get(j)!, k)) return false;
      }
    }
    return true;
  };
}

// ---- TypeOK ------------------------------------------------------------------------------

/**
 * Messages, logs and election records already found well-typed. They are few and shared
 * by many states (interned), so each is checked once; the per-server maps are checked
 * every time (remembering them would fill a WeakSet with millions of short-lived maps).
 */
const typed = new WeakSet<object>();

function isNat(x: unknown): x is number {
  return typeof x === 'number' && Number.isInteger(x) && x >= 0;
}

function isRecordNamed(x: unknown, name: string): boolean {
  return isRecord(x) && IRecord.getDescriptiveName(x as IRecord<object>) === name;
}

function once(v: unknown, check: () => boolean): boolean {
  if (typeof v !== 'object' || v === null) return false;
  if (typed.has(v)) return true;
  if (!check()) return false;
  typed.add(v);
  return true;
}

/** TypeOK: every variable holds a value of raft.tla's intended type. */
export function typeOK(servers: readonly Server[], values: readonly Value[]) {
  const serverSet = new Set<unknown>(servers);
  const valueSet = new Set<unknown>(values);
  const isServer = (x: unknown): boolean => serverSet.has(x);

  const isLog = (l: unknown): boolean =>
    isList(l) &&
    once(l, () =>
      (l as List<unknown>).every(
        (e) => isRecordNamed(e, 'raft.Entry') && isNat((e as { term: unknown }).term) && valueSet.has((e as { value: unknown }).value),
      ),
    );
  const isServerSet = (x: unknown): boolean => isSet(x) && (x as ISet<unknown>).every(isServer);
  /** A function from exactly Server (or a subset, when `partial`). */
  const isServerFn = (x: unknown, range: (v: unknown) => boolean, partial = false): boolean => {
    if (!isMap(x)) return false;
    const m = x as IMap<unknown, unknown>;
    if (!partial && m.size !== servers.length) return false;
    return m.every((v, k) => isServer(k) && range(v));
  };
  const isMessage = (x: unknown): boolean =>
    once(x, () => {
      const m = x as Message;
      if (!isServer(m.msource) || !isServer(m.mdest) || !isNat(m.mterm)) return false;
      if (isRecordNamed(m, 'raft.RequestVoteRequest'))
        return m.mtype === RequestVoteRequest && isNat(m.mlastLogTerm) && isNat(m.mlastLogIndex);
      if (isRecordNamed(m, 'raft.RequestVoteResponse'))
        return m.mtype === RequestVoteResponse && typeof m.mvoteGranted === 'boolean' && isLog(m.mlog);
      if (isRecordNamed(m, 'raft.AppendEntriesRequest'))
        return (
          m.mtype === AppendEntriesRequest &&
          isNat(m.mprevLogIndex) &&
          isNat(m.mprevLogTerm) &&
          isLog(m.mentries) &&
          m.mentries.size <= 1 &&
          isLog(m.mlog) &&
          isNat(m.mcommitIndex)
        );
      if (isRecordNamed(m, 'raft.AppendEntriesResponse'))
        return m.mtype === AppendEntriesResponse && typeof m.msuccess === 'boolean' && isNat(m.mmatchIndex);
      return false;
    });
  const isElection = (x: unknown): boolean =>
    once(x, () => {
      if (!isRecordNamed(x, 'raft.Election')) return false;
      const e = x as Election;
      return isNat(e.eterm) && isServer(e.eleader) && isLog(e.elog) && isServerSet(e.evotes) && isServerFn(e.evoterLog, isLog, true);
    });
  const isRole = (x: unknown): boolean => x === Follower || x === Candidate || x === Leader;
  const isVote = (x: unknown): boolean => x === Nil || isServer(x);
  const isTerm = (x: unknown): boolean => isNat(x) && x >= 1;
  const isNextIndex = (x: unknown): boolean => isNat(x) && x >= 1;

  const checks: readonly [(s: RaftState) => unknown, (v: unknown) => boolean][] = [
    [(s) => s.messages, (v) => isMap(v) && (v as IMap<unknown, unknown>).every((n, m) => isMessage(m) && isNat(n) && n >= 1)],
    [(s) => s.elections, (v) => isSet(v) && (v as ISet<unknown>).every(isElection)],
    [(s) => s.allLogs, (v) => isSet(v) && (v as ISet<unknown>).every(isLog)],
    [(s) => s.voterLog, (v) => isServerFn(v, (f) => isServerFn(f, isLog, true))],
    [(s) => s.currentTerm, (v) => isServerFn(v, isTerm)],
    [(s) => s.state, (v) => isServerFn(v, isRole)],
    [(s) => s.votedFor, (v) => isServerFn(v, isVote)],
    [(s) => s.log, (v) => isServerFn(v, isLog)],
    [(s) => s.commitIndex, (v) => isServerFn(v, isNat)],
    [(s) => s.votesResponded, (v) => isServerFn(v, isServerSet)],
    [(s) => s.votesGranted, (v) => isServerFn(v, isServerSet)],
    [(s) => s.nextIndex, (v) => isServerFn(v, (f) => isServerFn(f, isNextIndex))],
    [(s) => s.matchIndex, (v) => isServerFn(v, (f) => isServerFn(f, isNat))],
  ];
  // The two latest well-typed values of each variable: a state's successors share most of
  // their variables with it (the same objects), so most checks are a comparison or two.
  const recent: unknown[] = checks.map(() => undefined);
  const older: unknown[] = checks.map(() => undefined);
  return (s: RaftState): boolean => {
    for (let k = 0; k < checks.length; k++) {
      const [get, check] = checks[k]!;
      const v = get(s);
      if (v === recent[k] || v === older[k]) continue;
      if (!check(v)) return false;
      older[k] = recent[k];
      recent[k] = v;
    }
    return true;
  };
}

/** All invariants of a model instance, by name. */
export function raftInvariants(servers: readonly Server[], values: readonly Value[]): Record<string, Invariant<RaftState>> {
  return {
    ElectionSafety: {
      description: 'no two leaders share a term (Figure 3: Election Safety, state form)',
      holds: memoOn([read.state, read.currentTerm], electionSafety(servers)),
    },
    ElectionSafetyHistory: {
      description: 'the elections history never records two leaders for one term (Figure 3: Election Safety)',
      holds: memoOn([read.elections], electionSafetyHistory),
    },
    LogMatching: {
      description: 'logs with an entry of the same index and term agree up through it (Figure 3: Log Matching)',
      holds: memoOn([read.log], logMatching(servers)),
    },
    LeaderCompleteness: {
      description: 'a leader holds every entry committed in its term or earlier (Figure 3: Leader Completeness)',
      holds: memoOn([read.state, read.currentTerm, read.log, read.commitIndex], leaderCompleteness(servers)),
    },
    StateMachineSafety: {
      description: 'servers agree on every index both have committed (Figure 3: State Machine Safety)',
      holds: memoOn([read.log, read.commitIndex], stateMachineSafety(servers)),
    },
    TypeOK: { description: 'every variable has its intended type', holds: typeOK(servers, values) },
  };
}
