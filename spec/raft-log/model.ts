// raft-log: the Raft log as a standalone object, the "Rafting Trip" course's Project 4.
//
// The object under test is one function, `appendEntries(log, prevIndex, prevTerm,
// entries)`, which a follower applies to its log for every AppendEntries request that
// arrives. It must never leave a gap (refuse a request whose prevIndex is past the end of
// the log), keep the Log Matching property (refuse a request whose entry at prevIndex has
// another term), and be idempotent: a request applied twice leaves the log as applying it
// once does, so a duplicated request is harmless. An entry that is already there with the
// same term is kept (and so is everything after it); an entry of another term at the
// same index is deleted together with everything after it, then the request's entries
// are written.
//
// The model drives that function with one leader and one follower over a network that
// duplicates, drops and reorders requests:
//
//   Append          the leader appends an entry of its term (logs hold at most `entries`).
//   NewTerm(k)      leadership passes to a new leader in the next term (up to `terms`),
//                   whose log holds only the first k entries of the old one: the entries
//                   after k were never replicated to it. This is where conflicting
//                   entries come from.
//   Send(p)         the leader sends AppendEntries(prevIndex p, the term of its entry p,
//                   its entries p+1..end): p is any guess of the follower's next index - 1.
//   Deliver(m)      the network delivers request m to the follower, which applies it.
//                   The request stays in the network: it may arrive again (duplication).
//   Drop(m)         the network loses request m.
//
// The network is a set of at most `msgs` requests, any of which may arrive next
// (reordering). A log is a list of entry terms, index 1 first (entries carry no command:
// only their terms decide what the function does). No responses are modelled: the
// leader's guess p ranges over every index, which covers whatever nextIndex a real
// leader would have learnt.
//
// Sizes (equal to TLC's on test/examples/tla/RaftLog.tla): the default (--terms 3
// --entries 2 --msgs 2) 4,748 states; --terms 3 --entries 3 --msgs 3, 273,889. Terms are
// ordered (a later term wins a conflict), so there is no symmetry to declare.
//
// The one variant, `no-prev-term-check`, is marked `VARIANT` below.
import { List, Set as ISet } from 'immutable';
import { defineModel, type Spec } from '../../src/spec.ts';
import { recordType } from '../../src/values/record.ts';

export type Log = List<number>;

export interface AppendEntriesFields {
  readonly prevIndex: number;
  readonly prevTerm: number;
  /** `entries` in the course and the paper; immutable.js reserves that name in records. */
  readonly newEntries: Log;
}
/** An AppendEntries request, as the leader sends it. */
export const AppendEntries = recordType<AppendEntriesFields>('RaftLogAppendEntries', { prevIndex: 0, prevTerm: 0, newEntries: List<number>() });
export type Request = ReturnType<typeof AppendEntries>;

export interface RaftLogState {
  /** The current leader's term. */
  readonly term: number;
  readonly leader: Log;
  readonly follower: Log;
  /** The requests in flight. */
  readonly network: ISet<Request>;
  readonly [variable: string]: unknown;
}

export type RaftLogEvent =
  | { readonly kind: 'Append' }
  | { readonly kind: 'NewTerm'; readonly keep: number }
  | { readonly kind: 'Send'; readonly prevIndex: number }
  | { readonly kind: 'Deliver'; readonly request: Request }
  | { readonly kind: 'Drop'; readonly request: Request };

export const raftLogVariants = {
  'no-prev-term-check': 'append_entries checks only that prev_index is inside the log, not the term of the entry there',
} as const;

export interface RaftLogParams {
  /** The highest term a leader may have (terms start at 1). */
  readonly terms: number;
  /** The longest log a leader may grow. */
  readonly entries: number;
  /** The most requests in flight at once. */
  readonly msgs: number;
}

export const DEFAULT_PARAMS: RaftLogParams = { terms: 3, entries: 2, msgs: 2 };

export interface AppendResult {
  /** Whether the follower accepted the request (what it would answer the leader). */
  readonly ok: boolean;
  readonly log: Log;
}

/**
 * The function under test, written as the course has students write it: the two
 * checks, then entry by entry, keep an entry that is already there, and on a conflict
 * delete the entry and all that follow it before writing.
 */
export function appendEntries(log: Log, prevIndex: number, prevTerm: number, entries: Log, checkPrevTerm = true): AppendResult {
  // No gaps: the entry before the new ones must exist.
  if (prevIndex > log.size) return { ok: false, log };
  // Log Matching: and it must be the leader's entry.
  // VARIANT no-prev-term-check: this check is skipped.
  if (checkPrevTerm && prevIndex > 0 && log.get(prevIndex - 1) !== prevTerm) return { ok: false, log };
  let out = log;
  entries.forEach((term, k) => {
    const index = prevIndex + 1 + k;
    if (index <= out.size) {
      // Already there: keep it, and everything after it (a late duplicate of an older,
      // shorter request must not cut off entries that a newer one wrote).
      if (out.get(index - 1) === term) return;
      // A conflict: this entry and all that follow it go.
      out = out.setSize(index - 1);
    }
    out = out.set(index - 1, term);
  });
  return { ok: true, log: out };
}

/** What the leader sends for a guess `prevIndex` of the follower's last matching entry. */
export function requestFor(leader: Log, prevIndex: number): Request {
  return AppendEntries({
    prevIndex,
    prevTerm: prevIndex === 0 ? 0 : leader.get(prevIndex - 1)!,
    newEntries: leader.slice(prevIndex),
  });
}

/** How long a prefix logs `a` and `b` have in common. */
export function commonPrefix(a: Log, b: Log): number {
  const m = Math.min(a.size, b.size);
  let k = 0;
  while (k < m && a.get(k) === b.get(k)) k++;
  return k;
}

// ---- invariants ----

/** Log Matching: if both logs hold an entry of the same term at index i, they agree up to i. */
export function logMatching(a: Log, b: Log): boolean {
  const k = commonPrefix(a, b);
  const m = Math.min(a.size, b.size);
  // Past the common prefix, no index may hold the same term in both logs.
  for (let i = k; i < m; i++) if (a.get(i) === b.get(i)) return false;
  return true;
}

/** No gaps: every index 1..length holds an entry of some term. */
export function noGaps(log: Log, maxTerm: number): boolean {
  for (let i = 0; i < log.size; i++) {
    const t = log.get(i);
    if (!Number.isInteger(t) || t! < 1 || t! > maxTerm) return false;
  }
  return true;
}

/**
 * The follower holds a prefix of the leader's log, followed only by entries of earlier
 * terms (left by earlier leaders, and overwritten once this leader's requests arrive).
 */
export function followerConsistent(s: RaftLogState): boolean {
  for (let i = commonPrefix(s.leader, s.follower); i < s.follower.size; i++) if (s.follower.get(i)! >= s.term) return false;
  return true;
}

export function buildRaftLog(params: Partial<RaftLogParams> = {}, variant?: string): Spec<RaftLogState, RaftLogEvent> {
  const { terms, entries: maxEntries, msgs: maxMsgs } = { ...DEFAULT_PARAMS, ...params };
  if (variant !== undefined && !(variant in raftLogVariants)) throw new Error(`unknown variant ${variant}`);
  const checkPrevTerm = variant !== 'no-prev-term-check';
  const apply = (log: Log, m: Request): Log => appendEntries(log, m.prevIndex, m.prevTerm, m.newEntries, checkPrevTerm).log;

  function next(s: RaftLogState, e: RaftLogEvent): RaftLogState[] {
    switch (e.kind) {
      case 'Append':
        return s.leader.size < maxEntries ? [{ ...s, leader: s.leader.push(s.term) }] : [];
      case 'NewTerm':
        return s.term < terms && e.keep <= s.leader.size ? [{ ...s, term: s.term + 1, leader: s.leader.setSize(e.keep) }] : [];
      case 'Send': {
        if (e.prevIndex > s.leader.size || s.network.size >= maxMsgs) return [];
        const m = requestFor(s.leader, e.prevIndex);
        return s.network.has(m) ? [] : [{ ...s, network: s.network.add(m) }];
      }
      case 'Deliver':
        // Whether or not it changes the log, a delivery is a step (as in TLA+).
        return s.network.has(e.request) ? [{ ...s, follower: apply(s.follower, e.request) }] : [];
      case 'Drop':
        return s.network.has(e.request) ? [{ ...s, network: s.network.remove(e.request) }] : [];
    }
  }

  function events(s: RaftLogState): RaftLogEvent[] {
    const out: RaftLogEvent[] = [{ kind: 'Append' }];
    for (let keep = 0; keep <= s.leader.size; keep++) out.push({ kind: 'NewTerm', keep });
    for (let p = 0; p <= s.leader.size; p++) out.push({ kind: 'Send', prevIndex: p });
    for (const request of s.network) out.push({ kind: 'Deliver', request }, { kind: 'Drop', request });
    return out;
  }

  const show = (m: Request): string => `prev ${m.prevIndex}/${m.prevTerm}, entries [${m.newEntries.join(',')}]`;
  function eventLabel(e: RaftLogEvent, s: RaftLogState): string {
    switch (e.kind) {
      case 'Append':
        return `Append(term ${s.term})`;
      case 'NewTerm':
        return `NewTerm(term ${s.term + 1}, keeps ${e.keep})`;
      case 'Send':
        return `Send(${show(requestFor(s.leader, e.prevIndex))})`;
      case 'Deliver': {
        const r = appendEntries(s.follower, e.request.prevIndex, e.request.prevTerm, e.request.newEntries, checkPrevTerm);
        return `Deliver(${show(e.request)}) ${r.ok ? 'accepted' : 'refused'}`;
      }
      case 'Drop':
        return `Drop(${show(e.request)})`;
    }
  }

  return {
    variables: ['term', 'leader', 'follower', 'network'],
    initialStates: () => [{ term: 1, leader: List<number>(), follower: List<number>(), network: ISet<Request>() }],
    events,
    next,
    eventLabel,
    invariants: {
      LogMatching: {
        description: 'an entry of the same index and term in the leader\'s and the follower\'s logs means equal logs up to it',
        holds: (s) => logMatching(s.leader, s.follower),
      },
      NoGaps: {
        description: 'every index of the follower\'s log holds an entry',
        holds: (s) => noGaps(s.follower, terms),
      },
      FollowerConsistent: {
        description: 'the follower\'s log is a prefix of the leader\'s, then only entries of earlier terms',
        holds: followerConsistent,
      },
      Idempotent: {
        description: 'applying any in-flight request twice leaves the follower\'s log as applying it once',
        holds: (s) => s.network.every((m) => {
          const once = apply(s.follower, m);
          return apply(once, m).equals(once);
        }),
      },
    },
    // Every bound is an enabling condition; at the bounds, the network can still deliver.
    checkDeadlock: false,
    renderState: (s) => [`leader   t${s.term} │ ${s.leader.map((t) => `[${t}]`).join(' ')}`.trimEnd(), `follower    │ ${s.follower.map((t) => `[${t}]`).join(' ')}`.trimEnd()],
  };
}

export const raftLog = defineModel<RaftLogState, RaftLogEvent>({
  name: 'raft-log',
  summary: 'the Raft log alone (course Project 4): append_entries applied by a follower over a network that duplicates, drops and reorders',
  params: {
    terms: { description: 'highest term a leader may reach (terms start at 1)', default: DEFAULT_PARAMS.terms, min: 1, max: 9 },
    entries: { description: 'longest log a leader may grow', default: DEFAULT_PARAMS.entries, min: 1, max: 9 },
    msgs: { description: 'most AppendEntries requests in flight at once', default: DEFAULT_PARAMS.msgs, min: 1 },
  },
  variants: raftLogVariants,
  build: (params, variant) => buildRaftLog(params as Partial<RaftLogParams>, variant),
});
