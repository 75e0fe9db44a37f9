// Replaying TLC's traces of raft.tla against crank's raft model: every fixture is a
// behavior; corrupted ones are rejected at the right step with a diff.
import { mkdtempSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { raft } from '../../spec/raft/model.ts';
import { runReplay } from '../../src/cli/commands/replay.ts';
import { BufferIo } from '../../src/cli/io.ts';
import { scanArgs } from '../../src/cli/options.ts';
import { readTrace } from '../../src/trace/read.ts';
import { checkTraceVariables, replay, replayModel, type ReplayResult } from '../../src/trace/replay.ts';
import { TraceSyntaxError } from '../../src/tla/errors.ts';
import { crank } from '../support/run-cli.ts';
import { fixtures, readFixture, repoRoot } from './fixtures.ts';
import { scratchDir } from '../support/scratch.ts';

const scratch = scratchDir('replay');

const DEFAULTS = Object.fromEntries(Object.entries(raft.params).map(([k, p]) => [k, p.default]));

function replayText(text: string, params: Readonly<Record<string, number>>): ReplayResult {
  const spec = raft.build(params);
  const trace = readTrace(text);
  checkTraceVariables(spec, trace, 'raft');
  return replay(spec, trace);
}

/** The offset of state `k`'s header (`State k:` or `STATE_k ==`). */
function stateStart(text: string, k: number): number {
  const m = new RegExp(`^(State ${k}:|STATE_${k} ==)`, 'm').exec(text);
  if (m === null) throw new Error(`no state ${k}`);
  return m.index;
}

function lineOf(text: string, offset: number): number {
  return text.slice(0, offset).split('\n').length;
}

/** Changes r1's currentTerm in state k by `delta`. */
function corruptTerm(text: string, k: number, delta: number): { text: string; was: number } {
  const at = text.indexOf('/\\ currentTerm = (r1 :> ', stateStart(text, k));
  const numAt = at + '/\\ currentTerm = (r1 :> '.length;
  const m = /^\d+/.exec(text.slice(numAt))!;
  const was = Number(m[0]);
  return { text: text.slice(0, numAt) + String(was + delta) + text.slice(numAt + m[0].length), was };
}

/** Swaps the bodies (the `/\ var = value` lines) of states k and k+1. */
function swapStates(text: string, k: number): string {
  const bodyOf = (n: number): [number, number] => {
    const start = text.indexOf('\n', stateStart(text, n)) + 1;
    const end = text.indexOf('\n\n', start);
    return [start, end];
  };
  const [a0, a1] = bodyOf(k);
  const [b0, b1] = bodyOf(k + 1);
  return text.slice(0, a0) + text.slice(b0, b1) + text.slice(a1, b0) + text.slice(a0, a1) + text.slice(b1);
}

describe('TLC traces of raft.tla replay against crank’s raft model', () => {
  const all = fixtures();

  it('has all 79 fixtures (7 counterexamples, 72 simulations)', () => {
    expect(all.filter((f) => f.kind === 'counterexample')).toHaveLength(7);
    expect(all.filter((f) => f.kind === 'simulation')).toHaveLength(72);
  });

  it('accepts every fixture under TLC’s bounds, naming an action for every step', () => {
    for (const f of all) {
      const text = readFixture(f.path);
      const r = replayText(text, f.params);
      expect(r.rejection, `${f.path}: rejected at state ${r.rejection?.index}`).toBeUndefined();
      const trace = readTrace(text);
      expect(r.accepted).toHaveLength(trace.states.length);
      expect(r.accepted[0]!.label).toBe('Initial predicate');
      for (const step of r.accepted.slice(1)) expect(step.label).toMatch(/^[A-Z][A-Za-z]+\(/);
    }
  });

  it('infers the number of servers and values from the traces', () => {
    for (const f of all) {
      const text = readFixture(f.path);
      const { params, result } = replayModel(raft, readTrace(text), DEFAULTS, Object.keys(raft.params));
      expect(result.rejection, f.path).toBeUndefined();
      expect(params['servers'], f.path).toBe(f.params['servers']);
      const usesV2 = /\bv2\b/.test(text);
      expect(params['values'], f.path).toBe(usesV2 ? 2 : 1);
    }
  });

  it('names the action of each of s3-no-commit’s 16 steps', () => {
    const r = replayText(readFixture('traces/tlc/counterexamples/s3-no-commit.txt'), { ...DEFAULTS, servers: 3 });
    expect(r.rejection).toBeUndefined();
    expect(r.accepted.map((s) => s.label)).toEqual([
      'Initial predicate',
      'Timeout(r1)',
      'RequestVote(r1, r1)',
      'Receive(RequestVoteRequest r1→r1, term 2): grant',
      'Receive(RequestVoteResponse r1→r1, term 2): vote-granted',
      'RequestVote(r1, r2)',
      'Receive(RequestVoteRequest r1→r2, term 2): update-term',
      'Receive(RequestVoteRequest r1→r2, term 2): grant',
      'Receive(RequestVoteResponse r2→r1, term 2): vote-granted',
      'BecomeLeader(r1)',
      'ClientRequest(r1, v1)',
      'AppendEntries(r1, r2)',
      'Receive(AppendEntriesRequest r1→r2, term 2): accept/append',
      'Receive(AppendEntriesRequest r1→r2, term 2): accept/done',
      'Receive(AppendEntriesResponse r2→r1, term 2): success',
      'AdvanceCommitIndex(r1)',
    ]);
  });
});

describe('corrupted traces are rejected at their step, with a diff', () => {
  const cases = [
    { path: 'traces/tlc/counterexamples/s3-no-commit.txt', k: 9 },
    { path: 'traces/tlc/counterexamples/s2-commit-two.txt', k: 14 },
    { path: 'traces/tlc/counterexamples/s2-two-elections.txt', k: 5 },
    { path: 'traces/tlc/simulation/s3-v1-t2-l1-d1-m1/trace_0_31', k: 12 },
    { path: 'traces/tlc/simulation/s3-v2-t3-l2-d2-m3/trace_0_100', k: 38 },
  ];
  const params = (path: string) => fixtures().find((f) => f.path === path)!.params;

  it('one value changed: rejected at that state, the diff names the value', () => {
    for (const { path, k } of cases) {
      const original = readFixture(path);
      const { text, was } = corruptTerm(original, k, 5);
      const r = replayText(text, params(path));
      expect(r.rejection?.index, path).toBe(k);
      expect(r.accepted).toHaveLength(k - 1);
      expect(r.rejection!.line).toBe(lineOf(text, stateStart(text, k)));
      expect(r.rejection!.before?.index).toBe(k - 1);
      const diffs = r.rejection!.nearest!.diffs;
      expect(diffs.map((d) => d.variable), path).toEqual(['currentTerm']);
      expect(diffs[0]!.details).toContainEqual({ path: 'currentTerm[r1]', trace: was + 5, model: was });
    }
  });

  it('two states swapped: rejected at the first of them', () => {
    for (const { path, k } of cases) {
      const r = replayText(swapStates(readFixture(path), k), params(path));
      expect(r.rejection?.index, path).toBe(k);
      expect(r.rejection!.nearest!.diffs.length).toBeGreaterThan(0);
    }
  });

  it('a first state that is not initial is rejected at state 1', () => {
    const path = 'traces/tlc/counterexamples/s2-no-leader.txt';
    const r = replayText(corruptTerm(readFixture(path), 1, 1).text, params(path));
    expect(r.rejection?.index).toBe(1);
    expect(r.rejection!.before).toBeUndefined();
    expect(r.rejection!.nearest!.diffs.map((d) => d.variable)).toEqual(['currentTerm']);
  });

  it('prints the step, the state before, the nearest successor and a per-variable diff (exit 1)', () => {
    const path = 'traces/tlc/counterexamples/s3-no-commit.txt';
    const dir = mkdtempSync(join(scratch, 'case-'));
    const file = join(dir, 'bad.txt');
    writeFileSync(file, corruptTerm(readFixture(path), 9, 5).text);
    const io = new BufferIo();
    const code = runReplay({ definition: raft, origin: { kind: 'shipped', name: 'raft' } }, file, scanArgs([], []).options, io);
    expect(code).toBe(1);
    expect(io.stderr).toBe('');
    const out = io.stdout.trimEnd().split('\n');
    const text = io.stdout;
    expect(out.slice(0, 8).every((l) => /^State +\d+: /.test(l))).toBe(true);
    expect(text).toContain('State 9 (line ');
    expect(text).toContain('is not a successor of state 8 under any action of raft');
    expect(text).toContain('State 8 (the state before):');
    expect(text).toMatch(/Nearest successor \(of \d+\): Receive\(RequestVoteResponse r2→r1, term 2\): vote-granted; 1 variable differs/);
    expect(text).toContain('  - (r1 :> 7 @@ r2 :> 2 @@ r3 :> 1)');
    expect(text).toContain('  + (r1 :> 2 @@ r2 :> 2 @@ r3 :> 1)');
    expect(text).toContain('currentTerm[r1]: trace 7, model 2');
    expect(out.at(-1)).toMatch(/^Trace rejected at state 9 \(line \d+\): .* is not a behavior of raft with --servers 3 /);
  });
});

describe('crank replay on the command line (spawned)', () => {
  it('accepts s3-no-commit and names the action of each of its 16 steps (exit 0)', () => {
    const r = crank(['replay', 'raft', 'traces/tlc/counterexamples/s3-no-commit.txt']);
    expect(r.stderr).toBe('');
    expect(r.code).toBe(0);
    const lines = r.stdout.trim().split('\n');
    expect(lines).toHaveLength(17);
    expect(lines[1]).toBe('State  2: Timeout(r1)');
    expect(lines[15]).toBe('State 16: AdvanceCommitIndex(r1)');
    expect(lines[16]).toMatch(/^Trace accepted: traces\/tlc\/counterexamples\/s3-no-commit.txt \(TLC's error trace, 16 states\) is a behavior of raft with --servers 3 .*--servers inferred from the trace/);
  });

  it('a malformed file: exit 2 with file:line:col and one line', () => {
    const dir = mkdtempSync(join(scratch, 'case-'));
    const file = join(dir, 'broken.txt');
    const text = readFixture('traces/tlc/counterexamples/s2-no-leader.txt').replace('/\\ votedFor = (r1 :> Nil @@', '/\\ votedFor = (r1 :> Nil @ ');
    writeFileSync(file, text);
    const r = crank(['replay', 'raft', file], { cwd: repoRoot });
    expect(r.code).toBe(2);
    expect(r.stdout).toBe('');
    const line = lineOf(text, text.indexOf('/\\ votedFor = (r1 :> Nil @ '));
    expect(r.stderr).toBe(`${file}:${line}:26: expected '@@' or ')' in a function, found '@'\n`);
  });

  it('a missing file or unknown model: exit 2, one line', () => {
    const r = crank(['replay', 'raft', 'no/such/file.txt']);
    expect(r.code).toBe(2);
    expect(r.stderr.trim().split('\n')).toHaveLength(1);
    expect(r.stderr).toContain('cannot read no/such/file.txt');
  });
});

describe('a trace that does not fit the model', () => {
  it('other variables: a positioned error', () => {
    const text = readFixture('traces/tlc/counterexamples/s2-no-leader.txt').replace(/votedFor/g, 'votedFour');
    expect(() => replayText(text, DEFAULTS)).toThrow(TraceSyntaxError);
    try {
      replayText(text, DEFAULTS);
    } catch (err) {
      expect((err as TraceSyntaxError).format('f')).toBe("f:4:1: the trace's variables are not those of raft: it lacks votedFor and has votedFour, which raft does not");
    }
  });
});
