// The linearizability checker on hand-made histories: the classic non-linearizable ones
// (a stale read after an acknowledged write, a read of a value never written, two reads
// that see two writes in opposite orders), pending and failed operations as Jepsen reads
// them, every operation of the spec, and the explanations.
import { describe, expect, it } from 'vitest';
import { checkHistory, describeOp, explanationLines, HistoryError, operationsOf, register, SearchBudgetError } from '../../src/lin/index.ts';
import { history } from './histories.ts';

const lin = (text: string) => checkHistory(history(text));
const minimal = (text: string) => lin(text).explanation!.ops.map(describeOp);

describe('linearizable histories are accepted', () => {
  it('sequential writes and reads', () => {
    expect(lin(`
      c1 invoke write x 1
      c1 ok write x 1
      c2 invoke read x
      c2 ok read x 1
    `).linearizable).toBe(true);
  });

  it('a read concurrent with a write may see the old or the new value', () => {
    for (const seen of ['null', '1']) {
      expect(lin(`
        c1 invoke write x 1
        c2 invoke read x
        c2 ok read x ${seen}
        c1 ok write x 1
      `).linearizable).toBe(true);
    }
  });

  it('concurrent writes may take effect in either order', () => {
    const r = lin(`
      c1 invoke write x 1
      c2 invoke write x 2
      c1 ok write x 1
      c2 ok write x 2
      c3 invoke read x
      c3 ok read x 1
    `);
    expect(r.linearizable).toBe(true);
  });

  it('a pending write (info) may have taken effect, at any time after its invoke', () => {
    expect(lin(`
      c1 invoke write x 1
      c1 info write x 1
      c2 invoke read x
      c2 ok read x 1
    `).linearizable).toBe(true);
    expect(lin(`
      c1 invoke write x 1
      c1 info write x 1
      c2 invoke read x
      c2 ok read x null
    `).linearizable).toBe(true);
    // An invoke that never completes is pending too; it may take effect late.
    expect(lin(`
      c1 invoke write x 1
      c2 invoke read x
      c2 ok read x null
      c2 invoke read x
      c2 ok read x 1
    `).linearizable).toBe(true);
  });

  it('cas, append and add', () => {
    expect(lin(`
      c1 invoke cas x [null, 1]
      c1 ok cas x [null, 1]
      c1 invoke append y "a"
      c1 ok append y "a"
      c1 invoke add z 2
      c1 ok add z 2
      c2 invoke read x
      c2 ok read x 1
      c2 invoke read y
      c2 ok read y ["a"]
      c2 invoke read z
      c2 ok read z 2
    `).linearizable).toBe(true);
  });

  it('keys are independent objects: checked one by one', () => {
    const r = lin(`
      c1 invoke write x 1
      c2 invoke write y 2
      c1 ok write x 1
      c2 ok write y 2
    `);
    expect([r.linearizable, r.objects, r.operations]).toEqual([true, 2, 2]);
  });
});

describe('the classic non-linearizable histories are rejected, with a minimal explanation', () => {
  it('a stale read after an acknowledged write', () => {
    const text = `
      c1 invoke write x 1
      c1 ok write x 1
      c1 invoke write x 2
      c1 ok write x 2
      c2 invoke read x
      c2 ok read x 1
    `;
    const r = lin(text);
    expect(r.linearizable).toBe(false);
    const e = r.explanation!;
    expect(e.kind).toBe('real-time');
    expect(e.ops.map(describeOp)).toEqual(['c1 write(x, 1)', 'c1 write(x, 2)', 'c2 read(x) → 1']);
    expect(e.furthest.map(describeOp)).toEqual(['c1 write(x, 1)', 'c1 write(x, 2)']);
    expect(e.blocked).toEqual(['c2 read(x) → 1, but the value is 2']);
    expect(explanationLines(e)).toEqual([
      'key x: 3 operations that cannot be linearized:',
      '  c1 write(x, 1)',
      '  c1 write(x, 2)',
      '  c2 read(x) → 1',
      'real time: c1 write(x, 1) returned before c1 write(x, 2) was invoked; c1 write(x, 2) returned before c2 read(x) → 1 was invoked',
      'they can be ordered to explain what they returned, but no such order respects real time.',
      'the furthest any order of the history gets: after c1 write(x, 1), c1 write(x, 2) (value 2), nothing can come next:',
      '  c2 read(x) → 1, but the value is 2',
    ]);
  });

  it('a stale read of the initial value: only the write and the read are kept', () => {
    expect(minimal(`
      c3 invoke write y 7
      c3 ok write y 7
      c1 invoke write x 1
      c1 ok write x 1
      c2 invoke read x
      c2 ok read x null
      c2 invoke read x
      c2 ok read x 1
    `)).toEqual(['c1 write(x, 1)', 'c2 read(x) → null']);
  });

  it('a read of a value never written: the read alone', () => {
    const r = lin(`
      c1 invoke write x 1
      c1 ok write x 1
      c2 invoke read x
      c2 ok read x 3
    `);
    expect(r.linearizable).toBe(false);
    expect(r.explanation!.kind).toBe('values');
    expect(r.explanation!.ops.map(describeOp)).toEqual(['c2 read(x) → 3']);
    expect(explanationLines(r.explanation!)).toContain('no order of them, even one that ignores real time, explains what they returned.');
  });

  it('two reads seeing two writes in opposite orders', () => {
    const text = `
      c1 invoke write x 1
      c2 invoke write x 2
      c3 invoke read x
      c4 invoke read x
      c3 ok read x 1
      c4 ok read x 2
      c3 invoke read x
      c4 invoke read x
      c3 ok read x 2
      c4 ok read x 1
      c1 ok write x 1
      c2 ok write x 2
    `;
    const r = lin(text);
    expect(r.linearizable).toBe(false);
    // c3 sees 1 then 2, c4 (at the same times) 2 then 1. Every one of the six is needed:
    // without a write a read is of a value never written, and without any read the rest
    // can be ordered.
    expect(r.explanation!.ops).toHaveLength(6);
    expect(r.explanation!.kind).toBe('real-time');
  });

  it('a value that was seen cannot be unseen, even from a pending write', () => {
    const r = lin(`
      c1 invoke write x 1
      c1 info write x 1
      c2 invoke read x
      c2 ok read x 1
      c2 invoke read x
      c2 ok read x null
    `);
    expect(r.linearizable).toBe(false);
  });

  it('a failed write did not happen: reading its value is reading a value never written', () => {
    const r = lin(`
      c1 invoke write x 1
      c1 fail write x 1
      c2 invoke read x
      c2 ok read x 1
    `);
    expect([r.linearizable, r.operations]).toEqual([false, 1]);
  });

  it('a cas that succeeded from the wrong value', () => {
    const r = lin(`
      c1 invoke write x 0
      c1 ok write x 0
      c1 invoke write x 1
      c1 ok write x 1
      c2 invoke cas x [0, 5]
      c2 ok cas x [0, 5]
    `);
    expect(r.linearizable).toBe(false);
    expect(r.explanation!.blocked).toEqual(['c2 cas(x, [0,5]) succeeded, but the value is 1, not 0']);
    // From a value never written: the cas alone.
    expect(minimal('c2 invoke cas x [0, 5]\nc2 ok cas x [0, 5]')).toEqual(['c2 cas(x, [0,5])']);
  });

  it('an append or an increment applied twice (a retried request)', () => {
    expect(lin(`
      c1 invoke append x "a"
      c1 ok append x "a"
      c2 invoke read x
      c2 ok read x ["a","a"]
    `).linearizable).toBe(false);
    const r = lin(`
      c1 invoke add x 1
      c1 ok add x 1
      c2 invoke read x
      c2 ok read x 2
    `);
    expect(r.linearizable).toBe(false);
    expect(r.explanation!.ops.map(describeOp)).toEqual(['c2 read(x) → 2']);
  });

  it('the failing key is the one explained; other keys are fine', () => {
    const r = lin(`
      c1 invoke write y 1
      c1 ok write y 1
      c1 invoke write x 1
      c1 ok write x 1
      c2 invoke read x
      c2 ok read x null
    `);
    expect(r.explanation!.object).toBe('key x');
  });

  it('without a key: one register', () => {
    const r = checkHistory(history(`
      c1 invoke write
      c1 ok write
    `).map((e) => ({ ...e, value: 1 })), register);
    expect(r.linearizable).toBe(true);
  });
});

describe('ill-formed histories', () => {
  it('a completion without an invoke, a second invoke, a completion of another function', () => {
    expect(() => operationsOf(history('c1 ok read x 1'))).toThrow(HistoryError);
    expect(() => operationsOf(history('c1 invoke read x\nc1 invoke read x'))).toThrow(/still open/);
    expect(() => operationsOf(history('c1 invoke read x\nc1 ok write x 1'))).toThrow(/invoked read/);
    try {
      operationsOf(history('c1 invoke read x\nc1 ok read x 1\nc1 ok read x 1'));
    } catch (err) {
      expect((err as HistoryError).event).toBe(2);
    }
  });
});

describe("Lowe's memoisation", () => {
  // Twelve concurrent writes of one value, then a read of a value never written: the
  // search must try every order of the writes before it gives up. Without the memo that
  // is 12! ≈ 479 million orders; with it, each (set of writes done, value) pair once.
  const writes = Array.from({ length: 12 }, (_, i) => `w${i} invoke write x 1`);
  const oks = Array.from({ length: 12 }, (_, i) => `w${i} ok write x 1`);
  const text = [...writes, ...oks, 'r invoke read x', 'r ok read x 2'].join('\n');

  it('explores each (linearized set, state) pair at most once', () => {
    const r = checkHistory(history(text), undefined, { explain: false });
    expect(r.linearizable).toBe(false);
    expect(r.explored).toBeLessThanOrEqual(2 ** 12);
  });

  it('gives up past its budget with SearchBudgetError', () => {
    expect(() => checkHistory(history(text), undefined, { explain: false, maxCache: 100 })).toThrow(SearchBudgetError);
  });
});
