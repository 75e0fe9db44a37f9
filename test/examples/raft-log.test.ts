// raft-log: the function under test on hand-picked logs, each invariant caught on a
// state that breaks it, the default configuration's figures, and the no-prev-term-check
// variant's shortest counterexample, kept as a golden trace in traces/raft-log/ (the text
// the CLI prints, and crank's JSON for `crank replay`).
//
// To rewrite the golden files after an intended change: UPDATE_GOLDEN=1 npx vitest run test/examples
import { List, Set as ISet } from 'immutable';
import { describe, expect, it } from 'vitest';
import { check } from '../../checker/check.ts';
import {
  appendEntries,
  buildRaftLog,
  DEFAULT_PARAMS,
  followerConsistent,
  logMatching,
  noGaps,
  requestFor,
  type RaftLogState,
} from '../../spec/raft-log/model.ts';
import { jsonTrace } from '../../src/trace/json.ts';
import { textTrace } from '../../src/trace/text.ts';
import { frozen } from '../support/frozen-spec.ts';
import { golden } from './golden.ts';

const L = (...terms: number[]) => List(terms);
const apply = (log: number[], prevIndex: number, prevTerm: number, entries: number[], checkPrevTerm = true) =>
  appendEntries(List(log), prevIndex, prevTerm, List(entries), checkPrevTerm);

describe('append_entries', () => {
  it('appends after a matching entry, and into an empty log', () => {
    expect(apply([], 0, 0, [1, 1])).toEqual({ ok: true, log: L(1, 1) });
    expect(apply([1], 1, 1, [2])).toEqual({ ok: true, log: L(1, 2) });
  });

  it('never leaves a gap: a prevIndex past the end is refused', () => {
    expect(apply([1], 2, 1, [1])).toEqual({ ok: false, log: L(1) });
    expect(apply([], 1, 1, [1], false).ok).toBe(false); // the variant keeps this check
  });

  it('refuses an entry at prevIndex of another term (unless the variant skips the check)', () => {
    expect(apply([1, 1], 1, 2, [2])).toEqual({ ok: false, log: L(1, 1) });
    expect(apply([1, 1], 1, 2, [2], false)).toEqual({ ok: true, log: L(1, 2) });
  });

  it('on a conflict, deletes the entry and everything after it before writing', () => {
    expect(apply([1, 1, 1], 0, 0, [2])).toEqual({ ok: true, log: L(2) });
    expect(apply([1, 1, 1], 1, 1, [1, 2])).toEqual({ ok: true, log: L(1, 1, 2) });
  });

  it('keeps entries after the new ones when nothing conflicts (a late, shorter duplicate)', () => {
    expect(apply([1, 2, 2], 0, 0, [1])).toEqual({ ok: true, log: L(1, 2, 2) });
    expect(apply([1, 2, 2], 1, 1, [])).toEqual({ ok: true, log: L(1, 2, 2) }); // a heartbeat
  });

  it('is idempotent on every request a small leader log can send, to every small follower log', () => {
    const logs = [L(), L(1), L(2), L(1, 1), L(1, 2), L(2, 2), L(1, 1, 2), L(1, 2, 3)];
    for (const leader of logs) {
      for (let p = 0; p <= leader.size; p++) {
        const m = requestFor(leader, p);
        for (const follower of logs) {
          for (const strict of [true, false]) {
            const once = appendEntries(follower, m.prevIndex, m.prevTerm, m.newEntries, strict).log;
            expect(appendEntries(once, m.prevIndex, m.prevTerm, m.newEntries, strict).log.equals(once)).toBe(true);
          }
        }
      }
    }
  });
});

describe('raft-log invariants', () => {
  const state = (term: number, leader: number[], follower: number[]): RaftLogState => ({
    term,
    leader: List(leader),
    follower: List(follower),
    network: ISet(),
  });

  it('LogMatching fails when an index holds the same term after a difference', () => {
    expect(logMatching(L(2, 2), L(1, 2))).toBe(false);
    expect(logMatching(L(1, 2), L(1, 3))).toBe(true);
    expect(logMatching(L(1), L(1, 1, 1))).toBe(true);
  });

  it('NoGaps fails on a hole or a term out of range', () => {
    expect(noGaps(L(1, 2), 2)).toBe(true);
    expect(noGaps(List([1, undefined as unknown as number, 2]), 2)).toBe(false);
    expect(noGaps(L(1, 3), 2)).toBe(false);
  });

  it('FollowerConsistent: past the common prefix only entries of earlier terms', () => {
    expect(followerConsistent(state(2, [1, 2], [1, 1, 1]))).toBe(true);
    expect(followerConsistent(state(2, [1], [1, 2]))).toBe(false);
    expect(followerConsistent(state(3, [1, 3], [2, 3]))).toBe(false);
  });
});

describe('raft-log model', () => {
  it('default configuration (--terms 3 --entries 2 --msgs 2): 4,748 distinct, 23,089 generated, depth 14, no violation', async () => {
    const r = await check(buildRaftLog());
    expect([r.verdict, r.distinct, r.generated, r.depth]).toEqual(['ok', 4748, 23089, 14]);
  });

  it('Deliver keeps the request in flight (it may arrive again); Drop removes it; Send is bounded', () => {
    const spec = buildRaftLog({ msgs: 1 });
    const m = requestFor(L(1), 0);
    const s: RaftLogState = { term: 1, leader: L(1), follower: L(), network: ISet([m]) };
    expect(spec.next(s, { kind: 'Deliver', request: m })).toEqual([{ ...s, follower: L(1) }]);
    expect(spec.next(s, { kind: 'Drop', request: m })).toEqual([{ ...s, network: ISet() }]);
    expect(spec.next(s, { kind: 'Send', prevIndex: 1 })).toEqual([]);
  });

  it('NewTerm keeps a prefix of the leader\'s log, up to the term bound', () => {
    const spec = buildRaftLog({ terms: 2 });
    const s: RaftLogState = { term: 1, leader: L(1, 1), follower: L(), network: ISet() };
    expect(spec.next(s, { kind: 'NewTerm', keep: 1 })).toEqual([{ ...s, term: 2, leader: L(1) }]);
    expect(spec.next({ ...s, term: 2 }, { kind: 'NewTerm', keep: 1 })).toEqual([]);
  });

  it('no-prev-term-check breaks LogMatching: the shortest trace (9 states) is the golden one', async () => {
    const spec = buildRaftLog({}, 'no-prev-term-check');
    const r = await check(frozen(spec));
    expect([r.verdict, r.violation?.property, r.violation?.steps.length]).toEqual(['violation', 'LogMatching', 9]);
    golden('raft-log', 'no-prev-term-check.txt', textTrace(spec, r.violation!));
    golden('raft-log', 'no-prev-term-check.json', jsonTrace(spec, r.violation!, { model: 'raft-log', params: { ...DEFAULT_PARAMS } }));
    // The last step is the one the prev_term check would have refused.
    const last = r.violation!.steps.at(-1)!;
    expect(last.label).toMatch(/^Deliver\(prev 1\/2, .*\) accepted$/);
    const before = r.violation!.steps.at(-2)!.state;
    expect(before.follower.get(0)).not.toBe(2);
  });
});
