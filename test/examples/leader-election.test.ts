// leader-election: each handler on hand-built states, ElectionSafety caught on a state
// that breaks it, the default configuration's figures, symmetry (same verdicts, fewer
// states), and the vote-twice variant's shortest counterexample, kept as a golden trace
// in traces/leader-election/ (the text the CLI prints, and crank's JSON for `crank replay`).
//
// To rewrite the golden files after an intended change: UPDATE_GOLDEN=1 npx vitest run test/examples
import { List, Map as IMap, Set as ISet } from 'immutable';
import { describe, expect, it } from 'vitest';
import { check } from '../../checker/check.ts';
import {
  buildLeaderElection,
  DEFAULT_PARAMS,
  electionSafety,
  Nil,
  RequestVote,
  RequestVoteRes,
  type ElectionState,
  type Message,
  type Role,
} from '../../spec/leader-election/model.ts';
import { jsonTrace } from '../../src/trace/json.ts';
import { textTrace } from '../../src/trace/text.ts';
import { frozen } from '../support/frozen-spec.ts';
import { golden } from './golden.ts';

interface NodeState {
  term: number;
  role?: Role;
  votedFor?: string;
  votes?: string[];
  log?: number[];
}

/** A state from one line per node (n1, n2, ...) and the messages in flight. */
function state(nodes: NodeState[], network: Message[] = []): ElectionState {
  const names = nodes.map((_, i) => `n${i + 1}`);
  const per = <V>(f: (n: NodeState) => V) => IMap(names.map((name, i) => [name, f(nodes[i]!)] as const));
  return {
    currentTerm: per((n) => n.term),
    role: per((n) => n.role ?? 'Follower'),
    votedFor: per((n) => n.votedFor ?? Nil),
    votes: per((n) => ISet(n.votes ?? [])),
    log: per((n) => List(n.log ?? [])),
    network: ISet(network),
  };
}

const rv = (src: string, dst: string, term: number, lastLogIndex = 0, lastLogTerm = 0) =>
  RequestVote({ mtype: 'RequestVote', src, dst, term, lastLogIndex, lastLogTerm });
const res = (src: string, dst: string, term: number, voteGranted: boolean) => RequestVoteRes({ mtype: 'RequestVoteRes', src, dst, term, voteGranted });

const spec = buildLeaderElection({ nodes: 3, maxTerm: 3, maxLog: 2 });
/** Delivers `message` (put in flight first if it is not). */
const receive = (s: ElectionState, message: Message, model = spec) => model.next({ ...s, network: s.network.add(message) }, { kind: 'Receive', message });

describe('leader-election handlers', () => {
  it('Timeout: a follower or candidate advances its term, votes for itself and asks every other node', () => {
    const s = state([{ term: 1, log: [1] }, { term: 1 }, { term: 0 }]);
    const [t] = spec.next(s, { kind: 'Timeout', node: 'n1' });
    expect([t!.currentTerm.get('n1'), t!.role.get('n1'), t!.votedFor.get('n1'), t!.votes.get('n1')!.toArray()]).toEqual([2, 'Candidate', 'n1', ['n1']]);
    expect(t!.network.equals(ISet([rv('n1', 'n2', 2, 1, 1), rv('n1', 'n3', 2, 1, 1)]))).toBe(true);
    expect(spec.next(state([{ term: 1, role: 'Leader' }, { term: 1 }, { term: 0 }]), { kind: 'Timeout', node: 'n1' })).toEqual([]);
    expect(spec.next(state([{ term: 3 }, { term: 1 }, { term: 0 }]), { kind: 'Timeout', node: 'n1' })).toEqual([]);
  });

  it('RequestVote: granted once per term, and the reply carries the voter\'s term', () => {
    const s = state([{ term: 1, role: 'Candidate', votedFor: 'n1', votes: ['n1'] }, { term: 0 }, { term: 1, role: 'Candidate', votedFor: 'n3', votes: ['n3'] }], [rv('n1', 'n2', 1), rv('n3', 'n2', 1)]);
    const [t] = receive(s, rv('n1', 'n2', 1));
    expect([t!.currentTerm.get('n2'), t!.votedFor.get('n2')]).toEqual([1, 'n1']);
    expect(t!.network.equals(ISet([rv('n3', 'n2', 1), res('n2', 'n1', 1, true)]))).toBe(true);
    const [u] = receive(t!, rv('n3', 'n2', 1));
    expect(u!.votedFor.get('n2')).toBe('n1');
    expect(u!.network.has(res('n2', 'n3', 1, false))).toBe(true);
  });

  it('RequestVote: refused for a lower term, or a less up-to-date log (last term, then length)', () => {
    const voter = { term: 2, log: [1, 2] };
    expect(receive(state([{ term: 1 }, voter, { term: 0 }]), rv('n1', 'n2', 1, 2, 2))[0]!.votedFor.get('n2')).toBe(Nil);
    expect(receive(state([{ term: 1 }, voter, { term: 0 }]), rv('n1', 'n2', 3, 3, 1))[0]!.votedFor.get('n2')).toBe(Nil);
    expect(receive(state([{ term: 1 }, voter, { term: 0 }]), rv('n1', 'n2', 3, 1, 2))[0]!.votedFor.get('n2')).toBe(Nil);
    expect(receive(state([{ term: 1 }, voter, { term: 0 }]), rv('n1', 'n2', 3, 2, 2))[0]!.votedFor.get('n2')).toBe('n1');
    expect(receive(state([{ term: 1 }, voter, { term: 0 }]), rv('n1', 'n2', 3, 1, 3))[0]!.votedFor.get('n2')).toBe('n1');
  });

  it('a higher term in any message steps a leader down (and forgets its vote)', () => {
    const leader = { term: 1, role: 'Leader' as const, votedFor: 'n1', votes: ['n1', 'n2'] };
    for (const m of [rv('n3', 'n1', 2, 0, 0), res('n3', 'n1', 2, false)]) {
      const [t] = receive(state([leader, { term: 1 }, { term: 2 }], [m]), m);
      expect([t!.currentTerm.get('n1'), t!.role.get('n1'), t!.votes.get('n1')!.size]).toEqual([2, 'Follower', 0]);
      expect(t!.votedFor.get('n1')).toBe(m.mtype === 'RequestVote' ? 'n3' : Nil);
    }
  });

  it('a granted reply in the candidate\'s term counts; a majority makes it leader; stale replies do not count', () => {
    const cand = { term: 2, role: 'Candidate' as const, votedFor: 'n1', votes: ['n1'] };
    const [t] = receive(state([cand, { term: 2 }, { term: 0 }]), res('n2', 'n1', 2, true));
    expect([t!.role.get('n1'), t!.votes.get('n1')!.size]).toEqual(['Leader', 0]);
    expect(receive(state([cand, { term: 2 }, { term: 0 }]), res('n2', 'n1', 1, true))[0]!.role.get('n1')).toBe('Candidate');
    expect(receive(state([cand, { term: 2 }, { term: 0 }]), res('n2', 'n1', 2, false))[0]!.role.get('n1')).toBe('Candidate');
    const five = buildLeaderElection({ nodes: 5, maxTerm: 2, maxLog: 1 });
    const s5 = state([cand, { term: 2 }, { term: 0 }, { term: 0 }, { term: 0 }]);
    expect(receive(s5, res('n2', 'n1', 2, true), five)[0]!.role.get('n1')).toBe('Candidate');
  });

  it('Append: a leader appends an entry of its term, up to maxLog', () => {
    const s = state([{ term: 2, role: 'Leader', log: [1] }, { term: 2 }, { term: 0 }]);
    const [t] = spec.next(s, { kind: 'Append', node: 'n1' });
    expect(t!.log.get('n1')!.toArray()).toEqual([1, 2]);
    expect(spec.next(t!, { kind: 'Append', node: 'n1' })).toEqual([]);
    expect(spec.next(s, { kind: 'Append', node: 'n2' })).toEqual([]);
  });

  it('ElectionSafety fails on two leaders of one term, not on leaders of different terms', () => {
    expect(electionSafety(state([{ term: 1, role: 'Leader' }, { term: 1, role: 'Leader' }, { term: 0 }]))).toBe(false);
    expect(electionSafety(state([{ term: 1, role: 'Leader' }, { term: 2, role: 'Leader' }, { term: 2 }]))).toBe(true);
  });
});

describe('leader-election model', () => {
  it('default configuration (--nodes 3 --max-term 1 --max-log 1): 1,285 distinct, 4,420 generated, depth 16, no violation', async () => {
    expect(DEFAULT_PARAMS).toEqual({ nodes: 3, maxTerm: 1, maxLog: 1 });
    const r = await check(frozen(buildLeaderElection()));
    expect([r.verdict, r.distinct, r.generated, r.depth]).toEqual(['ok', 1285, 4420, 16]);
  });

  it('symmetry: the same verdicts as the plain runs, on fewer states', async () => {
    for (const variant of [undefined, 'vote-twice']) {
      const model = buildLeaderElection({}, variant);
      const plain = await check(model);
      const sym = await check(model, { symmetry: true });
      expect(sym.verdict).toBe(plain.verdict);
      expect(sym.violation?.steps.length).toBe(plain.violation?.steps.length);
      expect(sym.distinct).toBeLessThan(plain.distinct);
      if (variant === undefined) {
        expect([plain.distinct, sym.distinct]).toEqual([1285, 235]);
        expect(sym.depth).toBe(plain.depth);
      }
    }
  });

  it('vote-twice elects two leaders in one term: the shortest trace (7 states) is the golden one', async () => {
    const model = buildLeaderElection({}, 'vote-twice');
    const r = await check(frozen(model));
    expect([r.verdict, r.violation?.property, r.violation?.steps.length]).toEqual(['violation', 'ElectionSafety', 7]);
    golden('leader-election', 'vote-twice.txt', textTrace(model, r.violation!));
    golden('leader-election', 'vote-twice.json', jsonTrace(model, r.violation!, { model: 'leader-election', params: { ...DEFAULT_PARAMS } }));
    // Some node granted a second vote in a term it had already voted in: the step the
    // correct model refuses.
    const correct = buildLeaderElection();
    const steps = r.violation!.steps;
    const twice = steps.findIndex((step, k) => k > 0 && correct.events(steps[k - 1]!.state).every((e) => !correct.next(steps[k - 1]!.state, e).some((t) => t.votedFor.equals(step.state.votedFor) && t.network.equals(step.state.network))));
    expect(twice).toBeGreaterThan(0);
    expect(steps[twice]!.label).toMatch(/^Receive\(RequestVote /);
  });
});
