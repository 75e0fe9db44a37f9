// raft-kv: a key-value store replicated by Raft, checked for linearizability; the
// course's "trouble with reads" (stale reads, the no-op, duplicate requests).
//
// Raft at raft-abstract's granularity (spec/raft-abstract/model.ts): no messages, a step
// is one thing the paper's figures draw. The servers replicate a log of client requests;
// each applies its log up to its own commit index to a small key-value map (machine.ts).
// Clients run short scripts (types.ts SCRIPTS), each operation recorded in a history
// variable as Jepsen records it (an invoke, then an ok), and the one property is that the
// history is linearizable (linearizable.ts).
//
//   Elect(c, quorum)   c wins an election in one step, as in raft-abstract (a majority
//                      including c grants its vote for the smallest term above c's in
//                      which it can), and appends a no-op entry of its new term: the
//                      entry whose commit tells a new leader what is committed.
//   Copy(L, f, i)      L sends entry i to f (AppendEntries with one entry): the
//                      log-matching check on i-1, a conflicting entry at i overwritten
//                      with everything after it; f moves to L's term. A step only if f's
//                      log changes. Followers do not learn the leader's commit index
//                      (as in raft-abstract): only a leader answers clients, and a new
//                      leader's commit index is what it knew when it last led, or 0.
//   Commit(L)          L advances its commit index by Raft's rule: the largest index that
//                      a majority holds (counting followers in L's term) whose entry has
//                      L's term.
//   Restart(s)         s crashes and comes back as a follower; term, vote and log are on
//                      disk, the commit index is volatile (0). A crash is silence.
//   Invoke(c, s)       client c invokes its next operation (history: invoke) and sends it
//                      to s, which it believes is leader (s is a leader, maybe deposed): a
//                      write or add becomes an entry of s's log with c's serial number; a
//                      read waits at s.
//   Retry(c, s)        c's request timed out (its reply may have been lost, or never sent):
//                      c sends it again, elsewhere: to s, another server that is a
//                      leader, at most `retries` more times.
//   Reply(c)           the server c last sent its write to has applied it (its commit
//                      index covers an entry with c's serial number) and answers: ok.
//   Read(c)            the server s that holds c's read answers it from its state machine,
//                      after (1) a quorum round: a majority of servers, s included, are
//                      in a term no higher than s's, so no newer leader can have been
//                      elected and s's commit index is still the latest (ReadIndex, Raft
//                      thesis §6.4; the round happens at this step, after the read
//                      arrived), and (2) s has committed an entry of its own term (the
//                      no-op), so its commit index covers every entry committed before
//                      its term.
//
// The quorum round only checks the majority's terms and does not move them to s's term:
// a heartbeat would, but nothing after the round depends on it (a server that has not
// moved can only vote in an election that completes after the round, whose writes are
// later than the read), so leaving the terms alone keeps the state space smaller.
//
// Each variant is a one-place change, marked `VARIANT <name>` below.
import { List } from 'immutable';
import { defineModel, type Spec } from '../../src/spec.ts';
import { readValue } from './machine.ts';
import { isLinearizable } from './linearizable.ts';
import { logView, renderState } from './render.ts';
import {
  Client,
  clientName,
  DEFAULT_PARAMS,
  Entry,
  HistoryEntry,
  raftKvVariants,
  SCRIPTS,
  serverName,
  type ClientOp,
  type ClientRecord,
  type EntryRecord,
  type RaftKvEvent,
  type RaftKvParams,
  type RaftKvState,
  type Role,
} from './types.ts';

export function majority(n: number): number {
  return Math.floor(n / 2) + 1;
}

function lastTerm(log: List<EntryRecord>): number {
  return log.size === 0 ? 0 : log.get(log.size - 1)!.term;
}

/** Raft's up-to-date check (§5.4.1). */
function upToDate(cand: List<EntryRecord>, voter: List<EntryRecord>): boolean {
  const c = lastTerm(cand);
  const v = lastTerm(voter);
  return c > v || (c === v && cand.size >= voter.size);
}

/** Do logs `a` and `b` hold the same entries at indexes 1..n? */
function samePrefix(a: List<EntryRecord>, b: List<EntryRecord>, n: number): boolean {
  if (a.size < n || b.size < n) return false;
  for (let k = 0; k < n; k++) if (!a.get(k)!.equals(b.get(k)!)) return false;
  return true;
}

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

/** The script operation client `c` runs next (or is running). */
export function opOf(client: number, c: ClientRecord): ClientOp {
  return SCRIPTS[client]![c.done]!;
}

export interface RaftKvModel extends Spec<RaftKvState, RaftKvEvent> {
  readonly params: RaftKvParams;
  readonly variant: string | undefined;
  /** Does the state machine deduplicate by serial number (false in retry-duplicates)? */
  readonly dedup: boolean;
}

export function buildRaftKv(params: Partial<RaftKvParams> = {}, variant?: string): RaftKvModel {
  const p = { ...DEFAULT_PARAMS, ...params };
  const { servers: n, clients: nc, ops, maxTerm, retries } = p;
  if (variant !== undefined && !(variant in raftKvVariants)) throw new Error(`unknown variant ${variant}`);
  if (nc > SCRIPTS.length) throw new Error(`at most ${SCRIPTS.length} clients`);
  if (ops > Math.min(...SCRIPTS.map((s) => s.length))) throw new Error(`at most ${Math.min(...SCRIPTS.map((s) => s.length))} operations per client`);
  const all = Array.from({ length: n }, (_, i) => i);
  const clientIds = Array.from({ length: nc }, (_, i) => i);
  const quorumSize = majority(n);
  const quorums = all.map((c) => combinations(all.filter((j) => j !== c), quorumSize - 1));
  // VARIANT retry-duplicates: the state machine applies a request as often as it is in the log.
  const dedup = variant !== 'retry-duplicates';

  function grants(s: RaftKvState, voter: number, cand: number, term: number): boolean {
    const t = s.currentTerm.get(voter)!;
    const free = t < term || (t === term && !s.voted.get(voter)!);
    return free && upToDate(s.log.get(cand)!, s.log.get(voter)!);
  }

  function electionTerm(s: RaftKvState, cand: number, voters: readonly number[]): number {
    for (let term = s.currentTerm.get(cand)! + 1; term <= maxTerm; term++) {
      if (voters.every((v) => grants(s, v, cand, term))) return term;
    }
    return 0;
  }

  /** L's commit index after a Commit step (Raft's rule), or 0 if it cannot move. */
  function commitTarget(s: RaftKvState, leader: number): number {
    const log = s.log.get(leader)!;
    const term = s.currentTerm.get(leader)!;
    for (let i = log.size; i > s.commitIndex.get(leader)!; i--) {
      if (log.get(i - 1)!.term !== term) continue;
      let holders = 0;
      for (let j = 0; j < n; j++) {
        if (j === leader || (s.currentTerm.get(j) === term && samePrefix(s.log.get(j)!, log, i))) holders++;
      }
      if (holders >= quorumSize) return i;
    }
    return 0;
  }

  /** May leader `s` answer a read now (the quorum round and the no-op, see the header)? */
  function mayServeRead(st: RaftKvState, s: number): boolean {
    if (st.role.get(s) !== 'Leader') return false;
    const term = st.currentTerm.get(s)!;
    // VARIANT stale-read: no quorum round; the leader trusts that it still is one.
    if (variant !== 'stale-read') {
      let current = 0;
      for (let j = 0; j < n; j++) if (st.currentTerm.get(j)! <= term) current++;
      if (current < quorumSize) return false;
    }
    // VARIANT no-noop: the leader reads before it has committed an entry of its own term.
    if (variant !== 'no-noop') {
      const log = st.log.get(s)!;
      const ci = st.commitIndex.get(s)!;
      let own = false;
      for (let k = 0; k < ci; k++) if (log.get(k)!.term === term) own = true;
      if (!own) return false;
    }
    return true;
  }

  /** A leader takes client c's write as a new entry of its log. */
  function accept(st: RaftKvState, s: number, c: number, op: ClientOp, seq: number): List<List<EntryRecord>> {
    const entry = Entry({ term: st.currentTerm.get(s)!, client: clientName(c), seq, f: op.f, key: op.key, value: op.value });
    return st.log.set(s, st.log.get(s)!.push(entry));
  }

  function next(st: RaftKvState, e: RaftKvEvent): RaftKvState[] {
    switch (e.kind) {
      case 'Elect': {
        const c = e.candidate;
        const term = electionTerm(st, c, e.voters);
        if (term === 0) return [];
        let currentTerm = st.currentTerm;
        let role = st.role;
        let voted = st.voted;
        for (const v of [c, ...e.voters]) {
          currentTerm = currentTerm.set(v, term);
          role = role.set(v, 'Follower');
          voted = voted.set(v, true);
        }
        role = role.set(c, 'Leader');
        const log = st.log.set(c, st.log.get(c)!.push(Entry({ term })));
        return [{ ...st, currentTerm, role, voted, log }];
      }
      case 'Copy': {
        const { leader: l, follower: f, index: i } = e;
        if (st.role.get(l) !== 'Leader' || f === l) return [];
        const lt = st.currentTerm.get(l)!;
        const ft = st.currentTerm.get(f)!;
        if (ft > lt || (ft === lt && st.role.get(f) === 'Leader')) return [];
        const llog = st.log.get(l)!;
        const flog = st.log.get(f)!;
        if (i < 1 || i > llog.size) return [];
        if (i > 1 && !(flog.size >= i - 1 && flog.get(i - 2)!.equals(llog.get(i - 2)!))) return [];
        // Only a copy that changes the follower's log is a step.
        if (flog.size >= i && flog.get(i - 1)!.equals(llog.get(i - 1)!)) return [];
        const newLog = flog.setSize(i - 1).push(llog.get(i - 1)!);
        return [
          {
            ...st,
            currentTerm: ft === lt ? st.currentTerm : st.currentTerm.set(f, lt),
            role: st.role.get(f) === 'Follower' ? st.role : st.role.set(f, 'Follower'),
            voted: ft < lt ? st.voted.set(f, false) : st.voted,
            log: st.log.set(f, newLog),
          },
        ];
      }
      case 'Commit': {
        const l = e.leader;
        if (st.role.get(l) !== 'Leader') return [];
        const target = commitTarget(st, l);
        return target === 0 ? [] : [{ ...st, commitIndex: st.commitIndex.set(l, target) }];
      }
      case 'Restart': {
        const r = e.server;
        if (st.role.get(r) === 'Follower' && st.commitIndex.get(r) === 0) return [];
        return [{ ...st, role: st.role.set(r, 'Follower'), commitIndex: st.commitIndex.set(r, 0) }];
      }
      case 'Invoke': {
        const { client: c, server: s } = e;
        const cl = st.clients.get(c)!;
        if (cl.waiting || cl.done >= ops || st.role.get(s) !== 'Leader') return [];
        const op = opOf(c, cl);
        const history = st.history.push(HistoryEntry({ process: clientName(c), type: 'invoke', f: op.f, key: op.key, value: op.f === 'read' ? null : op.value }));
        const clients = st.clients.set(c, Client({ done: cl.done, waiting: true, server: s, sends: 1 }));
        const log = op.f === 'read' ? st.log : accept(st, s, c, op, cl.done + 1);
        return [{ ...st, log, clients, history }];
      }
      case 'Retry': {
        const { client: c, server: s } = e;
        const cl = st.clients.get(c)!;
        if (!cl.waiting || cl.sends > retries || s === cl.server || st.role.get(s) !== 'Leader') return [];
        const op = opOf(c, cl);
        const clients = st.clients.set(c, cl.merge({ server: s, sends: cl.sends + 1 }));
        const log = op.f === 'read' ? st.log : accept(st, s, c, op, cl.done + 1);
        return [{ ...st, log, clients }];
      }
      case 'Reply': {
        const c = e.client;
        const cl = st.clients.get(c)!;
        if (!cl.waiting) return [];
        const op = opOf(c, cl);
        if (op.f === 'read') return [];
        const s = cl.server;
        const log = st.log.get(s)!;
        const ci = st.commitIndex.get(s)!;
        const name = clientName(c);
        let found = false;
        for (let k = 0; k < ci; k++) {
          const en = log.get(k)!;
          if (en.client === name && en.seq === cl.done + 1) found = true;
        }
        if (!found) return [];
        return [complete(st, c, cl, op, op.value, s)];
      }
      case 'Read': {
        const c = e.client;
        const cl = st.clients.get(c)!;
        if (!cl.waiting) return [];
        const op = opOf(c, cl);
        if (op.f !== 'read') return [];
        const s = cl.server;
        if (!mayServeRead(st, s)) return [];
        return [complete(st, c, cl, op, readValue(st.log.get(s)!, st.commitIndex.get(s)!, op.key, dedup), s)];
      }
    }
  }

  function complete(st: RaftKvState, c: number, cl: ClientRecord, op: ClientOp, value: number | null, s: number): RaftKvState {
    const history = st.history.push(HistoryEntry({ process: clientName(c), type: 'ok', f: op.f, key: op.key, value, server: serverName(s) }));
    return { ...st, clients: st.clients.set(c, Client({ done: cl.done + 1 })), history };
  }

  function events(st: RaftKvState): RaftKvEvent[] {
    // The order only decides which of several shortest traces BFS reports: clients and
    // leaders first reads like a story (a request, its replication, its answer).
    const out: RaftKvEvent[] = [];
    for (const c of clientIds) {
      const cl = st.clients.get(c)!;
      if (cl.waiting) {
        out.push({ kind: 'Reply', client: c }, { kind: 'Read', client: c });
        for (const s of all) out.push({ kind: 'Retry', client: c, server: s });
      } else {
        for (const s of all) out.push({ kind: 'Invoke', client: c, server: s });
      }
    }
    for (const l of all) {
      if (st.role.get(l) !== 'Leader') continue;
      const size = st.log.get(l)!.size;
      for (const f of all) {
        if (f === l) continue;
        for (let index = 1; index <= size; index++) out.push({ kind: 'Copy', leader: l, follower: f, index });
      }
      out.push({ kind: 'Commit', leader: l });
    }
    for (const c of all) {
      if (st.currentTerm.get(c)! >= maxTerm) continue;
      for (const voters of quorums[c]!) out.push({ kind: 'Elect', candidate: c, voters });
    }
    for (const r of all) out.push({ kind: 'Restart', server: r });
    return out;
  }

  function describe(op: ClientOp): string {
    return op.f === 'read' ? `read(${op.key})` : `${op.f}(${op.key}, ${op.value})`;
  }

  function eventLabel(e: RaftKvEvent, st: RaftKvState): string {
    switch (e.kind) {
      case 'Elect':
        return `Elect(${serverName(e.candidate)}, term ${electionTerm(st, e.candidate, e.voters)}, votes ${[e.candidate, ...e.voters].map(serverName).join(' ')})`;
      case 'Copy': {
        const over = (st.log.get(e.follower)?.size ?? 0) >= e.index && !st.log.get(e.follower)!.get(e.index - 1)!.equals(st.log.get(e.leader)!.get(e.index - 1)!) ? ', overwrite' : '';
        return `Copy(${serverName(e.leader)}→${serverName(e.follower)}, index ${e.index}${over})`;
      }
      case 'Commit':
        return `Commit(${serverName(e.leader)}, index ${commitTarget(st, e.leader)})`;
      case 'Restart':
        return `Restart(${serverName(e.server)})`;
      case 'Invoke':
        return `Invoke(${clientName(e.client)} ${describe(opOf(e.client, st.clients.get(e.client)!))} → ${serverName(e.server)})`;
      case 'Retry':
        return `Retry(${clientName(e.client)} ${describe(opOf(e.client, st.clients.get(e.client)!))} → ${serverName(e.server)})`;
      case 'Reply': {
        const cl = st.clients.get(e.client)!;
        return `Reply(${serverName(cl.server)}→${clientName(e.client)}: ${describe(opOf(e.client, cl))} ok)`;
      }
      case 'Read': {
        const cl = st.clients.get(e.client)!;
        const op = opOf(e.client, cl);
        const v = readValue(st.log.get(cl.server)!, st.commitIndex.get(cl.server)!, op.key, dedup);
        return `Read(${serverName(cl.server)}→${clientName(e.client)}: ${op.key} = ${v === null ? 'null' : v})`;
      }
    }
  }

  const initial: RaftKvState = {
    currentTerm: List(all.map(() => 0)),
    role: List(all.map((): Role => 'Follower')),
    voted: List(all.map(() => false)),
    log: List(all.map(() => List<EntryRecord>())),
    commitIndex: List(all.map(() => 0)),
    clients: List(clientIds.map(() => Client())),
    history: List(),
  };

  return {
    params: p,
    variant,
    dedup,
    variables: ['currentTerm', 'role', 'voted', 'log', 'commitIndex', 'clients', 'history'],
    initialStates: () => [initial],
    events,
    next,
    eventLabel,
    invariants: {
      Linearizable: {
        description: 'the history of client operations so far is linearizable (a key-value map; Wing & Gong with Lowe\'s memoisation, per key)',
        holds: (s) => isLinearizable(s.history),
      },
    },
    // Bounds are enabling conditions (maxTerm, the scripts, retries): at the bounds
    // nothing may be enabled, which is no deadlock.
    checkDeadlock: false,
    renderState: (s) => renderState(s, dedup),
    logView: (s) => logView(s),
  };
}

export const raftKv = defineModel<RaftKvState, RaftKvEvent>({
  name: 'raft-kv',
  summary: 'a key-value store on Raft (raft-abstract\'s granularity) with clients, checked for linearizability: the trouble with reads',
  params: {
    servers: { description: 'number of servers (s1..sN)', default: DEFAULT_PARAMS.servers, min: 1, max: 5 },
    clients: { description: `number of clients (c1..cN), each running its script`, default: DEFAULT_PARAMS.clients, min: 1, max: SCRIPTS.length },
    ops: { description: 'operations each client runs from its script', default: DEFAULT_PARAMS.ops, min: 0, max: 2 },
    maxTerm: { description: 'highest term an election may reach', default: DEFAULT_PARAMS.maxTerm, min: 1 },
    retries: { description: 'times a client may resend a request after a timeout', default: DEFAULT_PARAMS.retries, min: 0 },
  },
  variants: raftKvVariants,
  build: (params, variant) => buildRaftKv(params as Partial<RaftKvParams>, variant),
});
