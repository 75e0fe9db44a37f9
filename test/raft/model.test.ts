// The raft model as a whole: TLC parity on the default preset, event labels, the
// constraint, the two variants on scripted runs, and the symmetry declaration.
import { invariantTable } from '../../src/spec-defaults.ts';
import { is } from 'immutable';
import { describe, expect, it } from 'vitest';
import { check } from '../../checker/check.ts';
import { raft } from '../../spec/raft/model.ts';
import { VARIABLES, type RaftState } from '../../spec/raft/types.ts';
import { frozen } from '../support/frozen-spec.ts';
import { logOf, run, setup, spec, step, withServer, msg } from './helpers.ts';

describe('raft model: parity with TLC', () => {
  it('s2-v1-t2-l1-d1-m2: 15254 distinct, 152835 generated, depth 32, every invariant holds', async () => {
    const r = await check(raft.build(raft.presets!['s2-v1-t2-l1-d1-m2']!), { strategy: 'bfs' });
    expect([r.verdict, r.distinct, r.generated, r.depth]).toEqual(['ok', 15254, 152835, 32]);
  });

  it('never mutates a state it is given (frozen states, first 10 levels)', async () => {
    const r = await check(frozen(raft.build(raft.presets!['s2-v1-t2-l1-d1-m2']!)), { strategy: 'bfs', maxDepth: 10 });
    expect(r.verdict).toBe('ok');
    expect(r.distinct).toBeGreaterThan(100);
  });

  it("with symmetry: TLC's 7651 distinct, 76636 generated, depth 32", async () => {
    const r = await check(raft.build(raft.presets!['s2-v1-t2-l1-d1-m2']!), { strategy: 'bfs', symmetry: true });
    expect([r.verdict, r.distinct, r.generated, r.depth]).toEqual(['ok', 7651, 76636, 32]);
  });
});

describe('raft model: definition', () => {
  it('declares the presets, the default preset, the parameters and the variants', () => {
    expect(Object.keys(raft.presets!)).toEqual(['s2-v1-t2-l1-d1-m2', 's2-v1-t3-l1-d1-m2', 's3-v1-t2-l1-d1-m1', 's3-v2-t3-l2-d2-m3']);
    expect(raft.defaultPreset).toBe('s2-v1-t2-l1-d1-m2');
    expect(Object.keys(raft.params)).toEqual(['servers', 'values', 'maxTerm', 'maxLog', 'maxDup', 'maxMsgs']);
    expect(Object.keys(raft.variants!)).toEqual(['forget-vote', 'figure8']);
    const sp = raft.build(raft.presets!['s2-v1-t2-l1-d1-m2']!);
    expect(sp.variables).toEqual(VARIABLES);
    expect(sp.checkDeadlock).toBe(false);
    expect(() => raft.build(raft.presets!['s2-v1-t2-l1-d1-m2']!, 'nope')).toThrow(/unknown raft variant/);
  });

  it('labels events with the action, its arguments and the handler case', () => {
    const sp = spec({ servers: 2 });
    let s = run(sp, ['Timeout(r1)', 'RequestVote(r1, r2)']);
    const labels = (x: RaftState) => sp.events(x).map((e) => sp.eventLabel!(e, x));
    expect(labels(s)).toEqual([
      'Restart(r1)',
      'Restart(r2)',
      'Timeout(r1)',
      'Timeout(r2)',
      'RequestVote(r1, r1)',
      'RequestVote(r1, r2)',
      'BecomeLeader(r1)',
      'Receive(RequestVoteRequest r1→r2, term 2): update-term',
      'DuplicateMessage(RequestVoteRequest r1→r2, term 2)',
      'DropMessage(RequestVoteRequest r1→r2, term 2)',
    ]);
    s = step(sp, s, 'Receive(RequestVoteRequest r1→r2, term 2): update-term');
    expect(labels(s)).toContain('Receive(RequestVoteRequest r1→r2, term 2): grant');
  });

  it('the constraint is Bounds: terms, log lengths, copies per message, distinct messages', () => {
    const sp = raft.build({ servers: 2, values: 1, maxTerm: 2, maxLog: 1, maxDup: 1, maxMsgs: 1 });
    const { c, init } = setup(2, 1);
    const bounds = sp.constraint!;
    expect(bounds(init)).toBe(true);
    expect(bounds(withServer(c, init, 'r2', { currentTerm: 3 }))).toBe(false);
    expect(bounds(withServer(c, init, 'r1', { log: logOf(c, [1, 'v1'], [1, 'v1']) }))).toBe(false);
    const m = msg.requestVoteRequest(1, 0, 0, 'r1', 'r2');
    const n = msg.requestVoteRequest(1, 0, 0, 'r2', 'r1');
    expect(bounds({ ...init, messages: init.messages.set(m, 1) })).toBe(true);
    expect(bounds({ ...init, messages: init.messages.set(m, 2) })).toBe(false);
    expect(bounds({ ...init, messages: init.messages.set(m, 1).set(n, 1) })).toBe(false);
  });
});

describe('raft model: variants on scripted runs', () => {
  const broken = (sp: ReturnType<typeof spec>, s: RaftState) => [...invariantTable(sp).values()].filter((inv) => !inv.holds(s)).map((inv) => inv.name);

  // Two candidates of term 2; r3 votes for r2, restarts, and is asked by r1.
  const twoLeaders = [
    'Timeout(r1)',
    'Timeout(r2)',
    'RequestVote(r1, r1)',
    'Receive(RequestVoteRequest r1→r1, term 2): grant',
    'Receive(RequestVoteResponse r1→r1, term 2): vote-granted',
    'RequestVote(r2, r2)',
    'Receive(RequestVoteRequest r2→r2, term 2): grant',
    'Receive(RequestVoteResponse r2→r2, term 2): vote-granted',
    'RequestVote(r2, r3)',
    'Receive(RequestVoteRequest r2→r3, term 2): update-term',
    'Receive(RequestVoteRequest r2→r3, term 2): grant',
    'Receive(RequestVoteResponse r3→r2, term 2): vote-granted',
    'BecomeLeader(r2)',
    'Restart(r3)',
    'RequestVote(r1, r3)',
  ];

  it('forget-vote: a restarted voter votes twice in one term and two leaders share it', () => {
    const bad = spec({}, 'forget-vote');
    const s = run(bad, [...twoLeaders, 'Receive(RequestVoteRequest r1→r3, term 2): grant', 'Receive(RequestVoteResponse r3→r1, term 2): vote-granted', 'BecomeLeader(r1)']);
    expect(broken(bad, s)).toEqual(['ElectionSafety', 'ElectionSafetyHistory']);
    // raft.tla as written: r3 remembers its vote for r2 and denies r1.
    const good = spec();
    const t = run(good, [...twoLeaders, 'Receive(RequestVoteRequest r1→r3, term 2): deny']);
    expect(broken(good, t)).toEqual([]);
  });

  // Figure 8 of the Raft paper with three servers: r1 (term 4) replicates its term-2
  // entry to r3 and, in the variant, counts it committed; r2 then wins term 5 with a
  // conflicting term-3 entry.
  const election = (i: string, term: number, voter: string, update: boolean) => [
    `RequestVote(${i}, ${i})`,
    `Receive(RequestVoteRequest ${i}→${i}, term ${term}): grant`,
    `Receive(RequestVoteResponse ${i}→${i}, term ${term}): vote-granted`,
    `RequestVote(${i}, ${voter})`,
    ...(update ? [`Receive(RequestVoteRequest ${i}→${voter}, term ${term}): update-term`] : []),
    `Receive(RequestVoteRequest ${i}→${voter}, term ${term}): grant`,
    `Receive(RequestVoteResponse ${voter}→${i}, term ${term}): vote-granted`,
    `BecomeLeader(${i})`,
  ];
  const figure8 = [
    'Timeout(r1)',
    ...election('r1', 2, 'r2', true),
    'ClientRequest(r1, v1)',
    'Restart(r1)',
    'Timeout(r2)',
    ...election('r2', 3, 'r3', true),
    'ClientRequest(r2, v1)',
    'Restart(r2)',
    'Timeout(r1)',
    'Timeout(r1)',
    ...election('r1', 4, 'r3', true),
    'AppendEntries(r1, r3)',
    'Receive(AppendEntriesRequest r1→r3, term 4): reject',
    'Receive(AppendEntriesResponse r3→r1, term 4): failure',
    'AppendEntries(r1, r3)',
    'Receive(AppendEntriesRequest r1→r3, term 4): accept/append',
    'Receive(AppendEntriesRequest r1→r3, term 4): accept/done',
    'Receive(AppendEntriesResponse r3→r1, term 4): success',
    'AdvanceCommitIndex(r1)',
    'AppendEntries(r1, r3)',
    'Receive(AppendEntriesRequest r1→r3, term 4): accept/done',
    'Receive(AppendEntriesResponse r3→r1, term 4): success',
    'Restart(r1)',
    'Timeout(r2)',
    'Timeout(r2)',
    ...election('r2', 5, 'r3', true),
  ];

  it('figure8: committing an older-term entry by counting replicas loses it to the next leader', () => {
    const bad = spec({ values: 1 }, 'figure8');
    const s = run(bad, figure8);
    expect(s.commitIndex.get('r3')).toBe(1);
    expect(broken(bad, s)).toEqual(['LeaderCompleteness']);
    expect(bad.logView!(s).servers).toEqual([
      { name: 'r1', term: 4, leader: false, commitIndex: 0, entries: [{ term: 2, committed: true }] },
      { name: 'r2', term: 5, leader: true, commitIndex: 0, entries: [{ term: 3, committed: false }] },
      { name: 'r3', term: 5, leader: false, commitIndex: 1, entries: [{ term: 2, committed: true }] },
    ]);
    // raft.tla as written never commits the term-2 entry in term 4.
    const good = spec({ values: 1 });
    const t = run(good, figure8);
    expect(t.commitIndex.get('r3')).toBe(0);
    expect(broken(good, t)).toEqual([]);
  });
});

describe('raft model: symmetry', () => {
  const sp = spec();
  const sym = sp.symmetry!;
  const s = run(sp, ['Timeout(r1)', 'RequestVote(r1, r1)', 'RequestVote(r1, r3)', 'Receive(RequestVoteRequest r1→r1, term 2): grant', 'Receive(RequestVoteResponse r1→r1, term 2): vote-granted', 'Timeout(r2)']);

  it('declares the servers as one group', () => {
    expect(sym.groups).toEqual([{ name: 'Server', members: ['r1', 'r2', 'r3'] }]);
  });

  it('the identity permutation gives an equal state; a swap renames keys, votes, messages and sets', () => {
    const same = sym.permute(s, [[0, 1, 2]]);
    expect(VARIABLES.filter((v) => !is(same[v], s[v]))).toEqual([]);
    const swapped = sym.permute(s, [[2, 1, 0]]); // r1 <-> r3
    expect(swapped.state.get('r3')).toBe('Candidate');
    expect(swapped.votedFor.get('r3')).toBe('r3');
    expect([...swapped.votesGranted.get('r3')!]).toEqual(['r3']);
    expect([...swapped.messages.keys()].map((m) => `${m.msource}→${m.mdest}`)).toEqual(['r3→r1']);
    const back = sym.permute(swapped, [[2, 1, 0]]);
    expect(VARIABLES.filter((v) => !is(back[v], s[v]))).toEqual([]);
  });

  it('signatures do not depend on names: member i of s is member perm[i] of the permuted state', () => {
    const perm = [1, 2, 0];
    const p = sym.permute(s, [perm]);
    for (let i = 0; i < 3; i++) expect(sym.signature!(p, 0, perm[i]!)).toBe(sym.signature!(s, 0, i));
    expect(sym.signature!(s, 0, 0)).not.toBe(sym.signature!(s, 0, 2));
  });
});
