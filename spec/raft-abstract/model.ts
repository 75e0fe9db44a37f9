// raft-abstract: Raft at the granularity of the Raft paper's figures, for teaching.
//
// No messages. A step is one of the things the paper's figures draw between panels:
//
//   Elect(c, quorum)     c wins an election in one step: a majority that includes c grants
//                        its vote for term T (each voter's term is below T, or equal with no
//                        vote cast for anybody else, and c's log is at least as up-to-date
//                        as the voter's); the voters move to term T and vote c, c becomes
//                        leader. T is the smallest term above c's in which that quorum grants:
//                        lost elections in between are collapsed, and a larger T would only
//                        rename terms (a skipped term can never be won later), so nothing
//                        is lost but states that differ by an order-preserving renaming.
//   Append(L)            leader L accepts a client entry, stamped with L's term.
//   Copy(L, f, i)        L sends its entry i to follower f (AppendEntries with one entry):
//                        the log-matching check on entry i-1 applies, a conflicting entry
//                        at i is overwritten together with everything after it.
//   Commit(L)            L advances its commit index by the commit rule: the largest index
//                        that a majority holds, counting only followers that have heard
//                        from L in L's term, and whose entry has L's current term.
//   Restart(s)           s crashes and comes back as a follower; its term, vote and log
//                        are on disk and kept.
//
// A crash is silence: any server may simply stop taking steps, so no event is needed for
// it. Servers are s1..sN; a log is a list of entry terms (there is only one client value).
// `committed` is a history variable: every entry a leader ever committed, with the term in
// which it was committed, so that LeaderCompleteness can talk about the past. It also
// stands for the leaders' commit indexes (nothing else in the protocol reads them), which
// keeps the state space small: a leader's commit index is the last committed index of its
// log.
//
// Each variant is a one-place change, marked `VARIANT <name>` below. figure8 also decides,
// in one marked place, which invariants a plain run checks (see `defaultInvariants`).
import { List, Set as ISet } from 'immutable';
import { eventually, leadsTo, weakFairness, type Fairness } from '../../src/liveness.ts';
import { defineModel, type Spec } from '../../src/spec.ts';
import { recordType } from '../../src/values/record.ts';
import type { LogView } from '../../src/render/logview.ts';

export type Role = 'Follower' | 'Leader';

export interface CommittedEntry {
  readonly index: number;
  readonly term: number;
  /** The term of the leader that committed it. */
  readonly inTerm: number;
}
export const Committed = recordType<CommittedEntry>('RaftAbstractCommitted', { index: 0, term: 0, inTerm: 0 });
export type CommittedRecord = ReturnType<typeof Committed>;

export interface RaftAbstractState {
  readonly currentTerm: List<number>;
  readonly role: List<Role>;
  /**
   * Has the server voted in its current term (Raft's votedFor ≠ Nil)? Whom it voted for
   * never matters here: a candidate asks for votes only in a term above its own, so it
   * can never be the server a voter already voted for in that term. Keeping a boolean
   * instead of a name makes the 5-server state space 2-3 times smaller.
   */
  readonly voted: List<boolean>;
  /** Each server's log: the terms of its entries, index 1 first. */
  readonly log: List<List<number>>;
  /** History: every entry ever committed (first commit of each index/term pair). */
  readonly committed: ISet<CommittedRecord>;
  readonly [variable: string]: unknown;
}

export type RaftAbstractEvent =
  | { readonly kind: 'Elect'; readonly candidate: number; readonly voters: readonly number[] }
  | { readonly kind: 'Append'; readonly leader: number }
  | { readonly kind: 'Copy'; readonly leader: number; readonly follower: number; readonly index: number }
  | { readonly kind: 'Commit'; readonly leader: number }
  | { readonly kind: 'Restart'; readonly server: number };

/** Variants: one-place bugs a student switches on with `--variant NAME`. */
export const raftAbstractVariants = {
  figure8: 'a leader commits any index replicated on a majority, whatever its term (Raft paper, Figure 8)',
  'no-log-check': 'votes are granted without the "candidate\'s log is at least as up-to-date" check',
  'forget-vote': 'a restarted server forgets that it voted in its current term',
  'no-fairness': 'the correct model without fairness: no election timeout ever has to fire (liveness only)',
} as const;
export type RaftAbstractVariant = keyof typeof raftAbstractVariants;

export interface RaftAbstractParams {
  readonly servers: number;
  readonly maxTerm: number;
  readonly maxLog: number;
}

export const DEFAULT_PARAMS: RaftAbstractParams = { servers: 3, maxTerm: 4, maxLog: 1 };

export function serverName(i: number): string {
  return `s${i + 1}`;
}

function lastTerm(log: List<number>): number {
  return log.size === 0 ? 0 : log.get(log.size - 1)!;
}

/** Raft's up-to-date check (§5.4.1): may a voter whose log is `voter` vote for `cand`? */
export function upToDate(cand: List<number>, voter: List<number>): boolean {
  const c = lastTerm(cand);
  const v = lastTerm(voter);
  return c > v || (c === v && cand.size >= voter.size);
}

/** Do logs `a` and `b` hold the same entries at indexes 1..n (both at least n long)? */
function samePrefix(a: List<number>, b: List<number>, n: number): boolean {
  if (a.size < n || b.size < n) return false;
  for (let k = 0; k < n; k++) if (a.get(k) !== b.get(k)) return false;
  return true;
}

/** All subsets of `pool` with exactly `k` members, in lexicographic order. */
function combinations(pool: readonly number[], k: number): number[][] {
  const out: number[][] = [];
  const pick: number[] = [];
  const go = (from: number): void => {
    if (pick.length === k) {
      out.push(pick.slice());
      return;
    }
    for (let i = from; i < pool.length; i++) {
      pick.push(pool[i]!);
      go(i + 1);
      pick.pop();
    }
  };
  go(0);
  return out;
}

export function majority(n: number): number {
  return Math.floor(n / 2) + 1;
}

/** Is entry `index` of `log` (with this term) in the history of committed entries? */
export function isCommitted(s: RaftAbstractState, index: number, term: number): boolean {
  return s.committed.some((c) => c.index === index && c.term === term);
}

/** L's commit index: the last index of its log up to which every entry is committed. */
export function commitIndexOf(s: RaftAbstractState, leader: number): number {
  const log = s.log.get(leader)!;
  let i = 0;
  while (i < log.size && isCommitted(s, i + 1, log.get(i)!)) i++;
  return i;
}

/**
 * The index a Commit(L) step moves L's commit index to, or 0 if it cannot move.
 * L counts itself and each follower that holds its log up to the index and is in L's
 * term: such a follower has acknowledged (or can acknowledge) L's AppendEntries in this
 * term, which is how a real leader learns matchIndex. A follower that got the entry from
 * another leader, in another term, is not known to L.
 */
export function commitTarget(s: RaftAbstractState, leader: number, variant: string | undefined): number {
  const n = s.currentTerm.size;
  const log = s.log.get(leader)!;
  const term = s.currentTerm.get(leader)!;
  for (let i = log.size; i > commitIndexOf(s, leader); i--) {
    // VARIANT figure8: the naive rule counts replicas of any entry; Raft's rule (§5.4.2)
    // counts replicas only of an entry from the leader's current term.
    const termOk = variant === 'figure8' || log.get(i - 1) === term;
    if (!termOk) continue;
    let holders = 0;
    for (let j = 0; j < n; j++) {
      if (j === leader || (s.currentTerm.get(j) === term && samePrefix(s.log.get(j)!, log, i))) holders++;
    }
    if (holders >= majority(n)) return i;
  }
  return 0;
}

export function buildRaftAbstract(
  params: Partial<RaftAbstractParams> = {},
  variant?: string,
): Spec<RaftAbstractState, RaftAbstractEvent> {
  const { servers: n, maxTerm, maxLog } = { ...DEFAULT_PARAMS, ...params };
  if (variant !== undefined && !(variant in raftAbstractVariants)) throw new Error(`unknown variant ${variant}`);
  const all = Array.from({ length: n }, (_, i) => i);
  const quorumSize = majority(n);
  // The other members of a minimal granting quorum, for each candidate.
  const quorums = all.map((c) => combinations(all.filter((j) => j !== c), quorumSize - 1));

  /** May `voter` vote for `cand` in `term` (Figure 2, RequestVote RPC, receiver rules)? */
  function grants(s: RaftAbstractState, voter: number, cand: number, term: number): boolean {
    const t = s.currentTerm.get(voter)!;
    const free = t < term || (t === term && !s.voted.get(voter)!);
    if (!free) return false;
    // VARIANT no-log-check: the vote ignores whose log is more up-to-date (§5.4.1).
    if (variant === 'no-log-check') return true;
    return upToDate(s.log.get(cand)!, s.log.get(voter)!);
  }

  /** The term in which `voters` elect `cand`, or 0 if they cannot within maxTerm. */
  function electionTerm(s: RaftAbstractState, cand: number, voters: readonly number[]): number {
    for (let term = s.currentTerm.get(cand)! + 1; term <= maxTerm; term++) {
      if (voters.every((v) => grants(s, v, cand, term))) return term;
    }
    return 0;
  }

  function next(s: RaftAbstractState, e: RaftAbstractEvent): RaftAbstractState[] {
    switch (e.kind) {
      case 'Elect': {
        const c = e.candidate;
        const term = electionTerm(s, c, e.voters);
        if (term === 0) return [];
        let currentTerm = s.currentTerm;
        let role = s.role;
        let voted = s.voted;
        for (const v of [c, ...e.voters]) {
          currentTerm = currentTerm.set(v, term);
          role = role.set(v, 'Follower');
          voted = voted.set(v, true);
        }
        role = role.set(c, 'Leader');
        return [{ ...s, currentTerm, role, voted }];
      }
      case 'Append': {
        const l = e.leader;
        const log = s.log.get(l)!;
        if (s.role.get(l) !== 'Leader' || log.size >= maxLog) return [];
        return [{ ...s, log: s.log.set(l, log.push(s.currentTerm.get(l)!)) }];
      }
      case 'Copy': {
        const { leader: l, follower: f, index: i } = e;
        if (s.role.get(l) !== 'Leader' || f === l) return [];
        const lt = s.currentTerm.get(l)!;
        const ft = s.currentTerm.get(f)!;
        // A follower rejects a stale leader; a leader of the same term never accepts.
        if (ft > lt || (ft === lt && s.role.get(f) === 'Leader')) return [];
        const llog = s.log.get(l)!;
        const flog = s.log.get(f)!;
        if (i < 1 || i > llog.size) return [];
        // The log-matching check: the follower holds the leader's entry i-1.
        if (i > 1 && (flog.size < i - 1 || flog.get(i - 2) !== llog.get(i - 2))) return [];
        // Only a copy that changes the follower's log is a step.
        if (flog.size >= i && flog.get(i - 1) === llog.get(i - 1)) return [];
        // Append, or overwrite a conflicting entry and drop everything after it.
        const newLog = flog.setSize(i - 1).push(llog.get(i - 1)!);
        return [
          {
            ...s,
            currentTerm: s.currentTerm.set(f, lt),
            role: s.role.set(f, 'Follower'),
            voted: ft < lt ? s.voted.set(f, false) : s.voted,
            log: s.log.set(f, newLog),
          },
        ];
      }
      case 'Commit': {
        const l = e.leader;
        if (s.role.get(l) !== 'Leader') return [];
        const target = commitTarget(s, l, variant);
        if (target === 0) return [];
        const log = s.log.get(l)!;
        const inTerm = s.currentTerm.get(l)!;
        const committed = s.committed.withMutations((set) => {
          for (let k = 1; k <= target; k++) {
            const term = log.get(k - 1)!;
            if (!isCommitted(s, k, term)) set.add(Committed({ index: k, term, inTerm }));
          }
        });
        return [{ ...s, committed }];
      }
      case 'Restart': {
        const r = e.server;
        // VARIANT forget-vote: the vote is treated as volatile and lost on restart.
        const voted = variant === 'forget-vote' ? s.voted.set(r, false) : s.voted;
        const role = s.role.set(r, 'Follower');
        // A follower whose restart changes nothing takes no step.
        return role === s.role && voted === s.voted ? [] : [{ ...s, role, voted }];
      }
    }
  }

  function events(s: RaftAbstractState): RaftAbstractEvent[] {
    // The order only decides which of several shortest traces BFS reports: leaders'
    // steps first gives traces that read like the paper (a leader works, then a new one
    // is elected).
    const out: RaftAbstractEvent[] = [];
    for (const l of all) {
      if (s.role.get(l) !== 'Leader') continue;
      out.push({ kind: 'Append', leader: l });
      const size = s.log.get(l)!.size;
      for (const f of all) {
        if (f === l) continue;
        for (let index = 1; index <= size; index++) out.push({ kind: 'Copy', leader: l, follower: f, index });
      }
      out.push({ kind: 'Commit', leader: l });
    }
    for (const c of all) {
      if (s.currentTerm.get(c)! >= maxTerm) continue;
      for (const voters of quorums[c]!) out.push({ kind: 'Elect', candidate: c, voters });
    }
    for (const r of all) out.push({ kind: 'Restart', server: r });
    return out;
  }

  function eventLabel(e: RaftAbstractEvent, s: RaftAbstractState): string {
    switch (e.kind) {
      case 'Elect':
        return `Elect(${serverName(e.candidate)}, term ${electionTerm(s, e.candidate, e.voters)}, votes ${[e.candidate, ...e.voters].map(serverName).join(' ')})`;
      case 'Append':
        return `Append(${serverName(e.leader)}, term ${s.currentTerm.get(e.leader)})`;
      case 'Copy': {
        const term = s.log.get(e.leader)?.get(e.index - 1);
        const over = (s.log.get(e.follower)?.size ?? 0) >= e.index ? ', overwrite' : '';
        return `Copy(${serverName(e.leader)}→${serverName(e.follower)}, index ${e.index}, term ${term}${over})`;
      }
      case 'Commit':
        return `Commit(${serverName(e.leader)}, index ${commitTarget(s, e.leader, variant)})`;
      case 'Restart':
        return `Restart(${serverName(e.server)})`;
    }
  }

  // VARIANT figure8, what is checked: the lesson of Figure 8 is an entry committed on a
  // majority and then overwritten there, so that a different entry is committed at the
  // same index; that is StateMachineSafety failing. LeaderCompleteness fails one step
  // earlier (the election of panel (d), before any overwrite), so with every invariant
  // checked the shortest trace would stop there. This variant therefore checks by
  // default the properties whose violation IS the Figure 8 failure: StateMachineSafety,
  // plus ElectionSafety and LogMatching, which nothing breaks earlier. `--inv
  // LeaderCompleteness` still shows the earlier moment. The other variants (and the
  // correct model) check all four.
  const defaultInvariants = variant === 'figure8' ? ['ElectionSafety', 'LogMatching', 'StateMachineSafety'] : undefined;

  // Fairness (docs/liveness.md): a server whose election can succeed eventually times
  // out and wins it (WF of Elect, one condition per candidate, whatever the quorum),
  // and a live leader keeps replicating and committing (WF of Copy per leader and
  // follower, of Commit per leader). Nobody has to send a client request (Append), and
  // nobody has to crash (Restart), but anybody may. VARIANT no-fairness drops it all.
  const fairness: Fairness<RaftAbstractEvent>[] =
    variant === 'no-fairness'
      ? []
      : [
          weakFairness('Elect', (e) => e.kind === 'Elect' && serverName(e.candidate)),
          weakFairness('Copy', (e) => e.kind === 'Copy' && `${serverName(e.leader)}, ${serverName(e.follower)}`),
          weakFairness('Commit', (e) => e.kind === 'Commit' && serverName(e.leader)),
        ];

  const initial: RaftAbstractState = {
    currentTerm: List(all.map(() => 0)),
    role: List(all.map((): Role => 'Follower')),
    voted: List(all.map(() => false)),
    log: List(all.map(() => List<number>())),
    committed: ISet<CommittedRecord>(),
  };

  return {
    variables: ['currentTerm', 'role', 'voted', 'log', 'committed'],
    initialStates: () => [initial],
    events,
    next,
    eventLabel,
    ...(defaultInvariants ? { defaultInvariants } : {}),
    invariants: {
      ElectionSafety: {
        description: 'at most one leader per term (Raft paper, Figure 3)',
        holds: (s) => electionSafety(s),
      },
      LogMatching: {
        description: 'two logs with an entry of the same index and term are identical up to it',
        holds: (s) => logMatching(s),
      },
      LeaderCompleteness: {
        description: 'an entry committed in some term is in the log of every leader of a later term',
        holds: (s) => leaderCompleteness(s),
      },
      StateMachineSafety: {
        description: 'no two different entries are ever committed at the same index',
        holds: (s) => stateMachineSafety(s),
      },
    },
    properties: {
      EventuallyLeader: eventually<RaftAbstractState>((s) => s.role.includes('Leader'), 'some server eventually becomes leader: <>(\\E s : role[s] = Leader)'),
      CommittedReachesAll: leadsTo<RaftAbstractState>(
        (s) => s.committed.size > 0,
        (s) => everyLogHoldsCommitted(s),
        'a committed entry eventually reaches every server: committed # {} ~> every log holds every committed entry',
      ),
    },
    // The liveness lessons are asked for by name (`--prop`, docs/liveness.md): this
    // model's checks stay about safety, CommittedReachesAll fails on purpose, and the
    // liveness pass would explore every state again (unreduced, under --symmetry too).
    defaultProperties: [],
    fairness,
    // Bounds are enabling conditions (maxTerm, maxLog), so every state is in the model;
    // at the bounds nothing may be enabled, which is no deadlock.
    checkDeadlock: false,
    // The servers are interchangeable (no state names a server), for `--symmetry`.
    symmetry: {
      groups: [{ name: 'servers', members: all.map(serverName) }],
      permute(s, perms) {
        const p = perms[0]!;
        const move = <T>(l: List<T>): List<T> => {
          const out = new Array<T>(n);
          l.forEach((v, i) => {
            out[p[i]!] = v;
          });
          return List(out);
        };
        return { ...s, currentTerm: move(s.currentTerm), role: move(s.role), voted: move(s.voted), log: move(s.log) };
      },
      signature(s, _group, i) {
        let h = (s.currentTerm.get(i)! * 2 + (s.role.get(i) === 'Leader' ? 1 : 0)) * 2 + (s.voted.get(i) ? 1 : 0);
        for (const t of s.log.get(i)!) h = (Math.imul(h, 31) + t + 1) | 0;
        return h;
      },
    },
    renderState: (s) => renderLogs(s),
    logView: (s) => logView(s),
  };
}

// ---- invariants (Raft paper, Figure 3) ----

export function electionSafety(s: RaftAbstractState): boolean {
  const seen = new Set<number>();
  for (let i = 0; i < s.role.size; i++) {
    if (s.role.get(i) !== 'Leader') continue;
    const t = s.currentTerm.get(i)!;
    if (seen.has(t)) return false;
    seen.add(t);
  }
  return true;
}

export function logMatching(s: RaftAbstractState): boolean {
  const n = s.log.size;
  for (let i = 0; i < n; i++) {
    for (let j = i + 1; j < n; j++) {
      const a = s.log.get(i)!;
      const b = s.log.get(j)!;
      const m = Math.min(a.size, b.size);
      for (let k = 1; k <= m; k++) if (a.get(k - 1) === b.get(k - 1) && !samePrefix(a, b, k)) return false;
    }
  }
  return true;
}

export function leaderCompleteness(s: RaftAbstractState): boolean {
  for (const c of s.committed) {
    for (let l = 0; l < s.role.size; l++) {
      if (s.role.get(l) !== 'Leader' || s.currentTerm.get(l)! <= c.inTerm) continue;
      if (s.log.get(l)!.get(c.index - 1) !== c.term) return false;
    }
  }
  return true;
}

/** Does every server's log hold every committed entry (index and term)? */
export function everyLogHoldsCommitted(s: RaftAbstractState): boolean {
  for (const c of s.committed) {
    for (const log of s.log) if (log.get(c.index - 1) !== c.term) return false;
  }
  return true;
}

export function stateMachineSafety(s: RaftAbstractState): boolean {
  const byIndex = new Map<number, number>();
  for (const c of s.committed) {
    const t = byIndex.get(c.index);
    if (t !== undefined && t !== c.term) return false;
    byIndex.set(c.index, c.term);
  }
  return true;
}

// ---- pictures ----

/** The model-agnostic picture of a state that src/render draws. */
export function logView(s: RaftAbstractState): LogView {
  const n = s.log.size;
  return {
    servers: Array.from({ length: n }, (_, i) => {
      const log = s.log.get(i)!;
      return {
        name: serverName(i),
        term: s.currentTerm.get(i)!,
        leader: s.role.get(i) === 'Leader',
        commitIndex: s.role.get(i) === 'Leader' ? commitIndexOf(s, i) : 0,
        entries: log.toArray().map((term, k) => ({ term, committed: isCommitted(s, k + 1, term) })),
      };
    }),
  };
}

/**
 * One terminal line per server: name, role, term, whether it voted in that term, then
 * the log as entry terms, each `[t]` box starred when that entry (this index and term)
 * has been committed.
 */
export function renderLogs(s: RaftAbstractState): string[] {
  const view = logView(s);
  return view.servers.map((v) => {
    // Fixed-width cells (for one-digit terms), so that index k is in one column on every line.
    const cells = v.entries.map((e) => `[${e.term}]${e.committed ? '*' : ' '}`);
    const voted = s.voted.get(Number(v.name.slice(1)) - 1) ? 'voted' : '     ';
    const head = `${v.name} ${v.leader ? 'leader  ' : 'follower'} t${v.term} ${voted}`;
    return `${head} │ ${cells.join(' ')}`.trimEnd();
  });
}

export const raftAbstract = defineModel<RaftAbstractState, RaftAbstractEvent>({
  name: 'raft-abstract',
  summary: 'Raft at the granularity of the paper\'s figures (one-step elections, no messages), for the Figure 8 exercise',
  params: {
    servers: { description: 'number of servers (s1..sN)', default: DEFAULT_PARAMS.servers, min: 1, max: 7 },
    maxTerm: { description: 'highest term an election may reach', default: DEFAULT_PARAMS.maxTerm, min: 1 },
    maxLog: { description: 'longest log a leader may grow', default: DEFAULT_PARAMS.maxLog, min: 1 },
  },
  variants: raftAbstractVariants,
  build: (params, variant) => buildRaftAbstract(params as Partial<RaftAbstractParams>, variant),
});
