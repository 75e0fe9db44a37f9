import { existsSync, mkdtempSync, readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { crank } from '../support/run-cli.ts';
import { scratchDir } from '../support/scratch.ts';

const scratch = scratchDir('out');

describe('crank check (spawned as a user runs it)', () => {
  it('checks the traffic light: figures on stdout, exit 0', () => {
    const r = crank(['check', 'traffic-light']);
    expect(r.code).toBe(0);
    expect(r.stdout).toContain('No violation found.');
    expect(r.stdout).toContain('418 states generated, 208 distinct states found, depth 99.');
  });

  it('--json prints exactly one JSON object with the contract fields', () => {
    const r = crank(['check', 'traffic-light', '--json']);
    expect(r.code).toBe(0);
    const out = JSON.parse(r.stdout);
    expect(out).toMatchObject({ model: 'traffic-light', result: 'ok', distinct: 208, generated: 418, depth: 99 });
    expect(typeof out.durationMs).toBe('number');
    expect(r.stdout.trim().split('\n')).toHaveLength(1);
  });

  it('a violation exits 1 and prints the trace; --json carries it', () => {
    const text = crank(['check', 'traffic-light', '--variant', 'yellow-skip']);
    expect(text.code).toBe(1);
    expect(text.stdout).toContain('Invariant Safe is violated');
    expect(text.stdout).toContain('State 76: clock');
    const json = crank(['check', 'traffic-light', '--variant', 'yellow-skip', '--json']);
    expect(json.code).toBe(1);
    const out = JSON.parse(json.stdout);
    expect(out.result).toBe('violation');
    expect(out.violation.property).toBe('Safe');
    expect(out.violation.trace).toHaveLength(76);
    // The same lossless steps as --trace-format json writes.
    expect(out.violation.trace[75]).toEqual({ step: 76, event: 'clock', state: { ew: 'G', ns: 'Y', clock: 0, button: false } });
  });

  it('--out writes the trace to a file and nothing else to it', () => {
    const dir = mkdtempSync(join(scratch, 'case-'));
    const file = join(dir, 'trace.txt');
    const r = crank(['check', 'traffic-light', '--variant', 'yellow-skip', '--out', file]);
    expect(r.code).toBe(1);
    expect(readFileSync(file, 'utf8')).toContain('State 76: clock');
    expect(readdirSync(dir)).toEqual(['trace.txt']);
  });

  it.each([
    [['check', 'no-such-model'], /^crank: unknown model 'no-such-model'/],
    [['check', 'traffic-light', '--inv', 'Nope'], /^crank: unknown invariant 'Nope'/],
    [['check', 'traffic-light', '--bogus'], /^crank: unknown option --bogus/],
    [['check', 'traffic-light', '--preset', 'big'], /^crank: unknown preset 'big'/],
    [['check', 'traffic-light', '--variant', 'nope'], /^crank: unknown variant 'nope'/],
    [['check', 'traffic-light', '--max-depth', '0'], /^crank: --max-depth must be at least 1, got 0/],
    [['check', 'traffic-light', '--workers', '-1'], /^crank: --workers must be at least 1, got -1/],
    [['check', 'traffic-light', '--symmetry'], /^crank: model traffic-light declares no symmetry/],
    [['frobnicate'], /^crank: unknown command 'frobnicate'/],
    [[], /^crank: name a command/],
  ])('bad input %j: one line, exit 2, no stack trace', (args, message) => {
    const r = crank(args);
    expect(r.code).toBe(2);
    expect(r.stderr).toMatch(message);
    expect(r.stderr.trim().split('\n')).toHaveLength(1);
    expect(r.stderr).not.toMatch(/\n\s+at /);
    expect(r.stdout).toBe('');
  });

  it('a failed --out leaves no partial file behind', () => {
    const dir = mkdtempSync(join(scratch, 'case-'));
    const r = crank(['check', 'traffic-light', '--variant', 'yellow-skip', '--out', join(dir, 'missing-dir', 't.txt')]);
    expect(r.code).toBe(2);
    expect(r.stderr).toMatch(/^crank: cannot write .*missing-dir.* does not exist\n$/);
    expect(existsSync(join(dir, 'missing-dir'))).toBe(false);
  });

  it('list shows models with their invariants', () => {
    const r = crank(['list']);
    expect(r.code).toBe(0);
    expect(r.stdout).toContain('traffic-light');
    expect(r.stdout).toContain('Safe: one direction is always red');
  });

  it('--help describes check options', () => {
    const r = crank(['check', '--help']);
    expect(r.code).toBe(0);
    for (const opt of ['--bfs', '--dfs', '--max-depth', '--inv', '--no-deadlock', '--preset', '--json', '--out', '--trace-format']) {
      expect(r.stdout).toContain(opt);
    }
  });
});

describe('resource limits', () => {
  it('--max-memory stops cleanly and says so on stdout with the figures so far: exit 3, no stack trace', () => {
    // Node alone needs more than 40 MiB resident, so the budget is passed at the first look.
    const r = crank(['check', 'raft', '--workers', '1', '--max-memory', '40M']);
    expect(r.code).toBe(3);
    expect(r.stdout).not.toContain('No violation found.');
    expect(r.stdout).toMatch(/^Stopped before the search finished: resident memory \d+ MiB passed the memory budget of 40 MiB \(--max-memory\)\.\nSo far: [\d,]+ states generated, [\d,]+ distinct states found, depth \d+\./);
    expect(r.stderr).not.toMatch(/\n\s+at /);
    const json = crank(['check', 'raft', '--workers', '1', '--max-memory', '40M', '--json']);
    expect(json.code).toBe(3);
    const out = JSON.parse(json.stdout);
    expect(out).toMatchObject({ model: 'raft', result: 'stopped' });
    expect(out.reason).toMatch(/memory budget/);
    expect(typeof out.distinct).toBe('number');
  });

  it('--max-memory must be a size', () => {
    const r = crank(['check', 'raft', '--max-memory', 'lots']);
    expect(r.code).toBe(2);
    expect(r.stderr).toMatch(/^crank: --max-memory must be a size such as 512M or 4G, got 'lots'/);
  });
});
