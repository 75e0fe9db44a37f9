// crank's trace outputs for raft counterexamples: `tla` has TLC's lines, and `tla`,
// `itf` and `json` all read back and replay; ITF and JSON give back the exact values.
import { is } from 'immutable';
import { mkdtempSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { raft } from '../../spec/raft/model.ts';
import type { Spec, State } from '../../src/spec.ts';
import { parseTlaValue } from '../../src/tla/parse.ts';
import { pretty } from '../../src/tla/print.ts';
import { tlaRec, type TlaValue } from '../../src/tla/value.ts';
import { readItfStates } from '../../src/trace/itf.ts';
import { formatTrace, TRACE_FORMATS } from '../../src/trace/output.ts';
import { readTrace } from '../../src/trace/read.ts';
import { replay } from '../../src/trace/replay.ts';
import type { Counterexample } from '../../src/trace/trace.ts';
import { crank } from '../support/run-cli.ts';
import { fixtures, readFixture, tlcValueTexts, type Fixture } from './fixtures.ts';
import { scratchDir } from '../support/scratch.ts';

const scratch = scratchDir('roundtrip');

/** A raft counterexample: the states and actions of one of TLC's traces, as crank's raft model has them. */
function counterexample(f: Fixture): { spec: Spec<State, unknown>; cex: Counterexample } {
  const spec = raft.build(f.params);
  const r = replay(spec, readTrace(readFixture(f.path)));
  expect(r.rejection).toBeUndefined();
  return { spec, cex: { property: 'Fixture', kind: 'invariant', steps: r.accepted.map((s) => ({ state: s.state, label: s.label })) } };
}

const counterexamples = fixtures().filter((f) => f.kind === 'counterexample');
/** The counterexamples and two long simulated behaviors (they hold AppendEntries messages and two values). */
const samples = [...counterexamples, ...fixtures().filter((f) => /trace_0_(100|437)$/.test(f.path))];

/** A value with every record's fields in name order (see the TLC line test below). */
function fieldsSorted(v: TlaValue): TlaValue {
  if (typeof v !== 'object') return v;
  switch (v.t) {
    case 'rec': {
      const order = v.names.map((_, i) => i).sort((a, b) => (v.names[a]! < v.names[b]! ? -1 : 1));
      return tlaRec(order.map((i) => v.names[i]!), order.map((i) => fieldsSorted(v.vals[i]!)));
    }
    case 'set':
    case 'seq':
      return { ...v, elems: v.elems.map(fieldsSorted) };
    case 'fcn':
      return { ...v, keys: v.keys.map(fieldsSorted), vals: v.vals.map(fieldsSorted) };
    default:
      return v;
  }
}

describe('crank’s tla output has the lines TLC prints', () => {
  // For the same state, crank's `/\ var = value` text must equal TLC's. Normalisation:
  //  - line wrapping: none; crank wraps as TLC does (width 80, TLC's indentation);
  //  - order inside sets and functions: TLC orders model values by creation, crank by
  //    name, so a bag holding messages of different types may list them in another
  //    order. Such a text is compared after parsing both and printing them in crank's
  //    order (the same elements, laid out by the same rules).
  /** Each variable line of crank's output against TLC's: equal, equal up to element order, or up to record field order. */
  function compare(fixture: Fixture) {
    const { spec, cex } = counterexample(fixture);
    const tlc = tlcValueTexts(readFixture(fixture.path));
    const mine = tlcValueTexts(formatTrace(spec, cex, 'tla'));
    expect(mine).toHaveLength(tlc.length);
    let exact = 0;
    const elementOrder: string[] = [];
    const fieldOrder: string[] = [];
    tlc.forEach((state, i) => {
      expect([...mine[i]!.keys()].sort()).toEqual([...state.keys()].sort());
      for (const [name, text] of state) {
        const ours = mine[i]!.get(name)!;
        const where = `${fixture.path} state ${i + 1} ${name}`;
        if (ours === text) exact++;
        else if (pretty(parseTlaValue(ours)) === pretty(parseTlaValue(text))) elementOrder.push(where);
        else if (pretty(fieldsSorted(parseTlaValue(ours))) === pretty(fieldsSorted(parseTlaValue(text)))) fieldOrder.push(where);
        else expect(ours, where).toBe(text);
      }
    });
    return { exact, elementOrder, fieldOrder };
  }

  it('variable by variable, for every state of the 7 counterexamples', () => {
    for (const f of counterexamples) {
      const { exact, elementOrder, fieldOrder } = compare(f);
      expect(exact, f.path).toBeGreaterThan(0);
      // Only the bag of messages may differ, in element order or record field order.
      expect([...elementOrder, ...fieldOrder].filter((d) => !d.endsWith(' messages')), f.path).toEqual([]);
    }
  });

  // TLC prints a record's fields in the order their names first occur in raft.tla (its
  // intern table): RequestVoteResponse as mtype, mterm, msource, mdest, mlog,
  // mvoteGranted; AppendEntriesRequest as mtype, mterm, msource, mdest, mprevLogIndex,
  // mprevLogTerm, mentries, mlog, mcommitIndex; AppendEntriesResponse as mtype, mterm,
  // msource, mdest, msuccess, mmatchIndex. crank prints a record type's declaration
  // order, and spec/raft/types.ts declares them in TLC's order.
  it('messages print with TLC’s record field order', () => {
    for (const f of counterexamples) expect(compare(f).fieldOrder, f.path).toEqual([]);
  });
});

describe('tla, itf and json outputs read back and replay', () => {
  it('every format of every sample counterexample replays with the same actions', () => {
    for (const f of samples) {
      const { spec, cex } = counterexample(f);
      for (const format of TRACE_FORMATS.filter((x) => x !== 'text')) {
        const text = formatTrace(spec, cex, format);
        const trace = readTrace(text);
        expect(trace.format).toBe({ tla: 'tlc-trace', itf: 'itf', json: 'crank-json' }[format]);
        expect(trace.variables).toEqual(spec.variables);
        const r = replay(spec, trace);
        expect(r.rejection, `${f.path} as ${format}`).toBeUndefined();
        expect(r.accepted.map((s) => s.label)).toEqual(cex.steps.map((s) => s.label));
        // The file's own labels are crank's event labels.
        expect(trace.states.map((s) => s.label)).toEqual(cex.steps.map((s) => s.label));
      }
    }
  });

  it('ITF parses back to equal crank values', () => {
    for (const f of samples) {
      const { spec, cex } = counterexample(f);
      const back = readItfStates(formatTrace(spec, cex, 'itf'));
      expect(back).toHaveLength(cex.steps.length);
      back.forEach((s, i) => {
        for (const v of spec.variables) expect(is(s.state[v], cex.steps[i]!.state[v]), `${f.path} state ${i + 1} ${v}`).toBe(true);
      });
    }
  });

  it('crank’s JSON gives back the exact values', () => {
    for (const f of samples) {
      const { spec, cex } = counterexample(f);
      const trace = readTrace(formatTrace(spec, cex, 'json'));
      trace.states.forEach((s, i) => {
        for (const v of spec.variables) expect(is(s.crank![v], cex.steps[i]!.state[v]), `${f.path} state ${i + 1} ${v}`).toBe(true);
      });
    }
  });

  // Spawned, so kept to two formats (json goes the same way through the same code).
  it('check writes tla and itf with --out, and replay accepts them (spawned)', () => {
    const dir = mkdtempSync(join(scratch, 'case-'));
    for (const format of ['tla', 'itf'] as const) {
      const file = join(dir, `cex.${format}`);
      const c = crank(['check', 'traffic-light', '--variant', 'yellow-skip', '--trace-format', format, '--out', file]);
      expect(c.code, c.stderr).toBe(1);
      expect(readFileSync(file, 'utf8').length).toBeGreaterThan(0);
      const r = crank(['replay', 'traffic-light', file, '--variant', 'yellow-skip']);
      expect(r.code, r.stdout + r.stderr).toBe(0);
      expect(r.stdout).toMatch(/Trace accepted: .* is a behavior of traffic-light with --variant yellow-skip\.\n$/);
    }
  });
});
