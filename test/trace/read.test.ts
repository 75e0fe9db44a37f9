// Format detection and the readers' handling of each trace form, with positioned errors.
import { describe, expect, it } from 'vitest';
import { TraceSyntaxError } from '../../src/tla/errors.ts';
import { parseTlaValue } from '../../src/tla/parse.ts';
import { canon } from '../../src/tla/value.ts';
import { readTrace } from '../../src/trace/read.ts';
import { readFixture } from './fixtures.ts';

function error(text: string): string {
  try {
    readTrace(text);
  } catch (err) {
    if (err instanceof TraceSyntaxError) return err.format('t');
    throw err;
  }
  throw new Error('read without error');
}

const same = (a: Parameters<typeof canon>[0], text: string) => expect(canon(a)).toBe(canon(parseTlaValue(text)));

describe('reading trace files', () => {
  it("TLC's printed error trace: header and statistics around the states, labels without <>", () => {
    const t = readTrace(readFixture('traces/tlc/counterexamples/s2-no-leader.txt'));
    expect(t.format).toBe('tlc-trace');
    expect(t.states).toHaveLength(10);
    expect(t.states[0]!.label).toBe('Initial predicate');
    expect(t.states[1]!.label).toBe('Next line 454, col 9 to line 465, col 58 of module raft');
    expect(t.states[0]!.line).toBe(4);
    expect(t.variables).toContain('votedFor');
    same(t.states[0]!.values.get('votedFor')!, '(r1 :> Nil @@ r2 :> Nil)');
  });

  it('a TLC trace module: STATE_k definitions with the action comment above', () => {
    const t = readTrace(readFixture('traces/tlc/simulation/s3-v1-t2-l1-d1-m1/trace_0_26'));
    expect(t.format).toBe('tlc-module');
    expect(t.states).toHaveLength(7);
    expect(t.states[0]!.label).toBe('Init line 155, col 9 to line 160, col 22 of module raft');
    expect(t.states[1]!.label).toMatch(/^Next line/);
  });

  it('ITF written elsewhere: plain numbers, #tup, #bigint, records, no crank metadata', () => {
    const t = readTrace(
      JSON.stringify({
        '#meta': { format: 'ITF', source: 'x.qnt' },
        vars: ['x', 'f'],
        states: [
          { '#meta': { index: 0 }, x: 1, f: { '#map': [[{ '#tup': ['a', { '#bigint': '2' }] }, { p: true, q: ['r1'] }]] } },
          { '#meta': { index: 1 }, x: { '#bigint': '-5' }, f: { '#map': [] } },
        ],
      }),
    );
    expect(t.format).toBe('itf');
    expect(t.variables).toEqual(['x', 'f']);
    same(t.states[0]!.values.get('f')!, '(<<a, 2>> :> [p |-> TRUE, q |-> <<r1>>])');
    same(t.states[1]!.values.get('x')!, '-5');
    same(t.states[1]!.values.get('f')!, '<<>>');
  });

  it('positions errors in TLC traces', () => {
    expect(error('State 1: <Init>\n/\\ x = 1\n\nState 3: <Next>\n/\\ x = 2\n')).toBe('t:4:7: expected State 2, found State 3');
    expect(error('State 1: <Init>\n/\\ x = 1\n/\\ y = 2\n\nState 2: <Next>\n/\\ x = 2\n')).toBe('t:7:1: State 2 lacks variable y');
    expect(error('State 1: <Init>\n/\\ x = 1\n\nState 2: <Next>\n/\\ x = 2\n/\\ z = 2\n')).toBe('t:6:4: State 2 has variable z, which the first state does not have');
    expect(error('State 1: <Init>\n/\\ x = 1\n/\\ x = 2\n')).toBe('t:3:4: variable x appears twice in State 1');
    expect(error('State 1: <Init>\n/\\ x = {1, 2\n')).toBe("t:3:1: expected ',' or '}' in a set, found end of file");
    expect(error('State 1: <Init>\n/\\ x = 1 2\n')).toBe("t:2:10: unexpected '2' after the value of x");
    expect(error('State 1: <Init>\nhello\n')).toBe('t:2:1: State 1 has no variables');
    // Lassos (liveness, issue 14) are read; a loop must go back to a state of the trace.
    expect(error('State 1: <Init>\n/\\ x = 1\n\nBack to state 2: <Next>\n')).toBe("t:4:1: 'Back to state 2': the trace has states 1 to 1");
    expect(error('State 1: Stuttering\n')).toBe('t:1:1: a trace cannot start by stuttering');
  });

  it("reads TLC's lassos: stuttering, and back to a state", () => {
    expect(readTrace('State 1: <Init>\n/\\ x = 1\n\nState 2: Stuttering\n').loop).toEqual({ to: 0 });
    expect(readTrace('State 1: <Init>\n/\\ x = 1\n\nState 2: <Next>\n/\\ x = 2\n\nBack to state 1: <Next line 3>\n').loop).toEqual({ to: 0, label: 'Next line 3' });
  });

  it('positions errors in trace modules', () => {
    expect(error('---- MODULE m ----\nSTATE_1 ==\n/\\ x = 1\n')).toBe("t:4:1: the module does not end with '===='");
    expect(error('---- MODULE m ----\nSTATE_2 ==\n/\\ x = 1\n====\n')).toBe('t:2:1: expected STATE_1, found STATE_2');
    expect(error('---- MODULE m ----\nFoo == 1\n====\n')).toBe('t:2:1: unexpected Foo: a trace module holds only STATE_k definitions');
    expect(error('---- MODULE m ----\n====\n')).toBe('t:2:1: the module defines no STATE_1');
    expect(error('---- MODULE m ----\nSTATE_1 = \n')).toBe("t:2:9: expected '==' after STATE_1, found '='");
  });

  it('positions errors in JSON and ITF', () => {
    expect(error('{"vars": ["x"], "states": [{"x": 1}, {"x": {"#set": 3}}]}')).toBe('t:1:53: #set must hold an array, found a number');
    expect(error('{"vars": ["x"], "states": [{"x": 1},\n {"y": 1}]}')).toBe('t:2:3: state 1 has variable y, which the first state does not have');
    expect(error('{"vars": ["x"],\n  "states": [{"x": 1}, ]}')).toBe("t:2:24: expected a JSON value, found ']'");
    expect(error('{"vars": ["x"], "states": []}')).toBe('t:1:27: the trace has no states');
    expect(error('{"format": "crank-trace", "version": 1, "variables": ["x"], "steps": [{"state": {"x": {"#record": "no.such.Type"}}}]}')).toBe(
      't:1:99: unknown record type no.such.Type',
    );
    expect(error('{"format": "other"}')).toMatch(/^t:1:12: not a trace/);
    expect(error('\n\n  nonsense')).toMatch(/^t:3:3: not a trace: expected TLC's error trace/);
    expect(error('')).toBe('t:1:1: empty trace file');
  });
});
