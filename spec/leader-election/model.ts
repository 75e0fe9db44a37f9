// leader-election: Raft's leader election as the Maelstrom Raft tutorial builds it
// (the "Leader Election" chapter: become_candidate!, request_votes!, the request_vote
// handler, maybe_step_down!, become_leader!, and the leader step-down thread).
//
// Nodes n1..nN, each a follower, a candidate or a leader, with a term, whom it voted for
// in that term, the votes it has collected as a candidate, and a log of entry terms.
// Events (each one handler of the tutorial, run atomically as under its lock):
//
//   Timeout(i)    i's election deadline passes and i is not a leader: it becomes a
//                 candidate, advances its term, votes for itself and sends RequestVote
//                 (its term, last log index and last log term) to every other node.
//   Receive(m)    a message arrives (once; the network reorders freely). Either kind first
//                 steps the receiver down if it carries a higher term (maybe_step_down!).
//                 RequestVote: the receiver grants its vote unless the candidate's term is
//                 lower, it already voted in this term, or its own log is more up to date
//                 (a higher last term, or the same last term and a longer log); it replies
//                 with its term and the verdict. A reply: a candidate still in that term
//                 counts a granted vote, and becomes leader on a majority.
//   Append(i)     a leader takes a client request: an entry of its term (logs hold at most
//                 `maxLog`), which makes its log more up to date than the others'.
//
// Replication is not modelled (no AppendEntries), and neither is the tutorial's leader
// step-down thread, which turns a leader that hears no acks to its AppendEntries back
// into a follower: here a leader stays leader until it sees a higher term.
// Bounds: no Timeout past `maxTerm`; everything else is bounded by it. A lost message is
// one that is never received, so there is no Drop event (it would only add states in
// which a message that will never matter is gone rather than waiting).
//
// Sizes (equal to TLC's on test/examples/tla/LeaderElection.tla): the default, 3 nodes
// and one term, 1,285 states (235 under --symmetry); --nodes 4, 702,056; --max-term 2
// with 3 nodes is well over a million, because every reply waits in the network until
// it is received and any subset of them may be waiting.
//
// Nodes appear in states only by name (map keys, votedFor, vote sets, message sources
// and destinations), so they are interchangeable: `--symmetry`.
//
// The one variant, `vote-twice`, is marked `VARIANT` below.
import { List, Map as IMap, Set as ISet } from 'immutable';
import { defineModel, type Spec } from '../../src/spec.ts';
import { recordType } from '../../src/values/record.ts';

export type Node = string;
export type Role = 'Follower' | 'Candidate' | 'Leader';
/** votedFor when a node has not voted in its term. */
export const Nil = 'Nil';

export interface RequestVoteFields {
  readonly mtype: 'RequestVote';
  readonly src: Node;
  readonly dst: Node;
  readonly term: number;
  readonly lastLogIndex: number;
  readonly lastLogTerm: number;
}
export interface RequestVoteResFields {
  readonly mtype: 'RequestVoteRes';
  readonly src: Node;
  readonly dst: Node;
  readonly term: number;
  readonly voteGranted: boolean;
}
export const RequestVote = recordType<RequestVoteFields>('LeaderElectionRequestVote', {
  mtype: 'RequestVote',
  src: '',
  dst: '',
  term: 0,
  lastLogIndex: 0,
  lastLogTerm: 0,
});
export const RequestVoteRes = recordType<RequestVoteResFields>('LeaderElectionRequestVoteRes', {
  mtype: 'RequestVoteRes',
  src: '',
  dst: '',
  term: 0,
  voteGranted: false,
});
export type Message = ReturnType<typeof RequestVote> | ReturnType<typeof RequestVoteRes>;

export interface ElectionState {
  readonly currentTerm: IMap<Node, number>;
  readonly role: IMap<Node, Role>;
  readonly votedFor: IMap<Node, Node>;
  /** The votes a candidate has collected in its term (empty unless a candidate). */
  readonly votes: IMap<Node, ISet<Node>>;
  readonly log: IMap<Node, List<number>>;
  /** Messages sent and not yet received. */
  readonly network: ISet<Message>;
  readonly [variable: string]: unknown;
}

export type ElectionEvent =
  | { readonly kind: 'Timeout'; readonly node: Node }
  | { readonly kind: 'Receive'; readonly message: Message }
  | { readonly kind: 'Append'; readonly node: Node };

export const leaderElectionVariants = {
  'vote-twice': 'a node grants its vote without checking whether it already voted in this term',
} as const;

export interface LeaderElectionParams {
  readonly nodes: number;
  readonly maxTerm: number;
  readonly maxLog: number;
}

export const DEFAULT_PARAMS: LeaderElectionParams = { nodes: 3, maxTerm: 1, maxLog: 1 };

export function nodeName(i: number): Node {
  return `n${i + 1}`;
}

export function majority(n: number): number {
  return Math.floor(n / 2) + 1;
}

function lastTerm(log: List<number>): number {
  return log.size === 0 ? 0 : log.get(log.size - 1)!;
}

/** maybe_step_down!: a higher term makes any node a follower in that term, not yet voted. */
function stepDownTo(s: ElectionState, i: Node, term: number): ElectionState {
  if (term <= s.currentTerm.get(i)!) return s;
  return {
    ...s,
    currentTerm: s.currentTerm.set(i, term),
    role: s.role.set(i, 'Follower'),
    votedFor: s.votedFor.set(i, Nil),
    votes: s.votes.set(i, ISet()),
  };
}

export function buildLeaderElection(params: Partial<LeaderElectionParams> = {}, variant?: string): Spec<ElectionState, ElectionEvent> {
  const { nodes: n, maxTerm, maxLog } = { ...DEFAULT_PARAMS, ...params };
  if (variant !== undefined && !(variant in leaderElectionVariants)) throw new Error(`unknown variant ${variant}`);
  const all = Array.from({ length: n }, (_, i) => nodeName(i));
  const quorum = majority(n);

  /** The request_vote handler at m.dst. */
  function requestVote(s0: ElectionState, m: ReturnType<typeof RequestVote>): ElectionState {
    const j = m.dst;
    const s = stepDownTo(s0, j, m.term);
    const term = s.currentTerm.get(j)!;
    const log = s.log.get(j)!;
    const grant =
      m.term >= term &&
      // VARIANT vote-twice: the "already voted in this term" check is skipped.
      (variant === 'vote-twice' || s.votedFor.get(j) === Nil) &&
      !(m.lastLogTerm < lastTerm(log)) &&
      !(m.lastLogTerm === lastTerm(log) && m.lastLogIndex < log.size);
    const reply = RequestVoteRes({ mtype: 'RequestVoteRes', src: j, dst: m.src, term, voteGranted: grant });
    return { ...s, votedFor: grant ? s.votedFor.set(j, m.src) : s.votedFor, network: s.network.add(reply) };
  }

  /** The request_votes! callback at m.dst: count a vote for this term, lead on a majority. */
  function voteReply(s0: ElectionState, m: ReturnType<typeof RequestVoteRes>): ElectionState {
    const i = m.dst;
    const s = stepDownTo(s0, i, m.term);
    if (s.role.get(i) !== 'Candidate' || s.currentTerm.get(i) !== m.term || !m.voteGranted) return s;
    const votes = s.votes.get(i)!.add(m.src);
    // A new leader forgets the count (in the tutorial it lives in the RPC's closure).
    if (votes.size >= quorum) return { ...s, votes: s.votes.set(i, ISet()), role: s.role.set(i, 'Leader') };
    return { ...s, votes: s.votes.set(i, votes) };
  }

  function next(s: ElectionState, e: ElectionEvent): ElectionState[] {
    switch (e.kind) {
      case 'Timeout': {
        const i = e.node;
        const term = s.currentTerm.get(i)! + 1;
        if (s.role.get(i) === 'Leader' || term > maxTerm) return [];
        const log = s.log.get(i)!;
        const requests = all
          .filter((j) => j !== i)
          .map((j) => RequestVote({ mtype: 'RequestVote', src: i, dst: j, term, lastLogIndex: log.size, lastLogTerm: lastTerm(log) }));
        return [
          {
            ...s,
            currentTerm: s.currentTerm.set(i, term),
            role: s.role.set(i, 'Candidate'),
            votedFor: s.votedFor.set(i, i),
            votes: s.votes.set(i, ISet([i])),
            network: s.network.union(requests),
          },
        ];
      }
      case 'Receive': {
        const m = e.message;
        if (!s.network.has(m)) return [];
        const rest = { ...s, network: s.network.remove(m) };
        return [m.mtype === 'RequestVote' ? requestVote(rest, m) : voteReply(rest, m)];
      }
      case 'Append': {
        const i = e.node;
        const log = s.log.get(i)!;
        if (s.role.get(i) !== 'Leader' || log.size >= maxLog) return [];
        return [{ ...s, log: s.log.set(i, log.push(s.currentTerm.get(i)!)) }];
      }
    }
  }

  function events(s: ElectionState): ElectionEvent[] {
    const out: ElectionEvent[] = [];
    for (const node of all) out.push({ kind: 'Timeout', node });
    for (const message of s.network) out.push({ kind: 'Receive', message });
    for (const node of all) out.push({ kind: 'Append', node });
    return out;
  }

  function eventLabel(e: ElectionEvent, s: ElectionState): string {
    switch (e.kind) {
      case 'Timeout':
        return `Timeout(${e.node}, term ${s.currentTerm.get(e.node)! + 1})`;
      case 'Receive': {
        const m = e.message;
        if (m.mtype === 'RequestVote') return `Receive(RequestVote ${m.src}→${m.dst}, term ${m.term})`;
        return `Receive(RequestVoteRes ${m.src}→${m.dst}, term ${m.term}, ${m.voteGranted ? 'granted' : 'refused'})`;
      }
      case 'Append':
        return `Append(${e.node}, term ${s.currentTerm.get(e.node)})`;
    }
  }

  const byName = <V>(f: (node: Node) => V): IMap<Node, V> => IMap(all.map((node) => [node, f(node)] as const));
  const initial: ElectionState = {
    currentTerm: byName(() => 0),
    role: byName((): Role => 'Follower'),
    votedFor: byName((): Node => Nil),
    votes: byName(() => ISet<Node>()),
    log: byName(() => List<number>()),
    network: ISet<Message>(),
  };

  return {
    variables: ['currentTerm', 'role', 'votedFor', 'votes', 'log', 'network'],
    initialStates: () => [initial],
    events,
    next,
    eventLabel,
    invariants: {
      ElectionSafety: {
        description: 'at most one leader per term',
        holds: electionSafety,
      },
    },
    // At maxTerm, once every message is received, nothing is enabled: no deadlock.
    checkDeadlock: false,
    symmetry: {
      groups: [{ name: 'nodes', members: all }],
      membersByName: true,
      permute(s, perms) {
        const p = perms[0]!;
        const index = new Map(all.map((node, k) => [node, k]));
        const rename = (x: Node): Node => {
          const k = index.get(x);
          return k === undefined ? x : all[p[k]!]!;
        };
        const keys = <V>(m: IMap<Node, V>, f: (v: V) => V = (v) => v): IMap<Node, V> => IMap(m.toArray().map(([k, v]) => [rename(k), f(v)] as const));
        const message = (m: Message): Message => m.merge({ src: rename(m.src), dst: rename(m.dst) });
        return {
          currentTerm: keys(s.currentTerm),
          role: keys(s.role),
          votedFor: keys(s.votedFor, rename),
          votes: keys(s.votes, (v) => v.map(rename)),
          log: keys(s.log),
          network: s.network.map(message),
        };
      },
    },
    renderState: (s) =>
      all.map((i) => {
        const role = s.role.get(i)!.toLowerCase().padEnd(9);
        const vote = s.votedFor.get(i) === Nil ? '-' : s.votedFor.get(i)!;
        const cells = [...s.log.get(i)!.map((t) => `[${t}]`)];
        if (s.votes.get(i)!.size > 0) cells.push(`votes {${s.votes.get(i)!.toArray().sort().join(',')}}`);
        return `${i} ${role} t${s.currentTerm.get(i)} vote ${vote.padEnd(2)} │ ${cells.join(' ')}`.trimEnd();
      }),
  };
}

/** At most one leader per term. */
export function electionSafety(s: ElectionState): boolean {
  const terms = new Set<number>();
  for (const [i, role] of s.role) {
    if (role !== 'Leader') continue;
    const t = s.currentTerm.get(i)!;
    if (terms.has(t)) return false;
    terms.add(t);
  }
  return true;
}

export const leaderElection = defineModel<ElectionState, ElectionEvent>({
  name: 'leader-election',
  summary: 'Raft leader election as the Maelstrom Raft tutorial builds it (timeouts, RequestVote, step-down)',
  params: {
    nodes: { description: 'number of nodes (n1..nN)', default: DEFAULT_PARAMS.nodes, min: 2, max: 7 },
    maxTerm: { description: 'highest term a candidate may start an election in', default: DEFAULT_PARAMS.maxTerm, min: 1 },
    maxLog: { description: 'longest log a leader may grow', default: DEFAULT_PARAMS.maxLog, min: 1 },
  },
  variants: leaderElectionVariants,
  build: (params, variant) => buildLeaderElection(params as Partial<LeaderElectionParams>, variant),
});
