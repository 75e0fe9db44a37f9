// `crank lin FILE`: verdicts and exit codes on hand-made history files, and one line
// `FILE:LINE:COL: problem` (exit 2) for each kind of bad input. Most cases run in-process
// (runLin); a few run the executable, for the exit codes and the help text.
import { existsSync, mkdtempSync, readFileSync, rmSync, truncateSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { MAX_HISTORY_BYTES, runLin } from '../../src/cli/commands/lin.ts';
import { UsageError } from '../../src/cli/errors.ts';
import { crank } from '../support/run-cli.ts';

const dir = mkdtempSync(join(tmpdir(), 'crank-lin-'));
afterAll(() => rmSync(dir, { recursive: true, force: true }));

function file(name: string, text: string): string {
  const path = join(dir, name);
  writeFileSync(path, text);
  return path;
}

const ev = (process: string, type: string, f: string, key: string, value?: unknown) =>
  JSON.stringify({ process, type, f, key, ...(value !== undefined ? { value } : {}) });

function run(path: string): { code: number; out: string[]; err: string[] } {
  const out: string[] = [];
  const err: string[] = [];
  const code = runLin(path, { out: (l) => out.push(l), err: (l) => err.push(l) });
  return { code, out, err };
}

const staleRead = [
  ev('c1', 'invoke', 'write', 'x', 1),
  ev('c1', 'ok', 'write', 'x', 1),
  ev('c2', 'invoke', 'write', 'x', 2),
  ev('c2', 'ok', 'write', 'x', 2),
  ev('c3', 'invoke', 'read', 'x', null),
  ev('c3', 'ok', 'read', 'x', 1),
].join('\n');

describe('crank lin: verdicts', () => {
  it('accepts a linearizable history (exit 0), pending operations included', () => {
    const path = file('good.jsonl', [
      ev('c1', 'invoke', 'write', 'x', 1),
      ev('c2', 'invoke', 'read', 'x', null),
      ev('c2', 'ok', 'read', 'x', 1),
      ev('c1', 'info', 'write', 'x', 1),
      ev('c3', 'invoke', 'cas', 'y', [null, 3]),
      ev('c3', 'fail', 'cas', 'y', [null, 3]),
      '',
    ].join('\n'));
    const r = run(path);
    expect(r.code).toBe(0);
    expect(r.out).toEqual([`${path}: linearizable: 2 operations (1 pending) on 1 key.`]);
  });

  it('rejects a stale read (exit 1) and names the operations with their lines', () => {
    const path = file('stale.jsonl', staleRead);
    const r = run(path);
    expect(r.code).toBe(1);
    expect(r.out).toEqual([
      `${path}: not linearizable: 3 operations on 1 key.`,
      'key x: 3 operations that cannot be linearized:',
      '  c1 write(x, 1)  lines 1–2',
      '  c2 write(x, 2)  lines 3–4',
      '  c3 read(x) → 1  lines 5–6',
      'real time: c1 write(x, 1) returned before c2 write(x, 2) was invoked; c2 write(x, 2) returned before c3 read(x) → 1 was invoked',
      'they can be ordered to explain what they returned, but no such order respects real time.',
      'the furthest any order of the history gets: after c1 write(x, 1), c2 write(x, 2) (value 2), nothing can come next:',
      '  c3 read(x) → 1, but the value is 2',
    ]);
  });

  it('rejects a read of a value never written, and a duplicated append', () => {
    expect(run(file('never.jsonl', [ev('c1', 'invoke', 'read', 'x', null), ev('c1', 'ok', 'read', 'x', 5)].join('\n'))).code).toBe(1);
    const dup = [ev('c1', 'invoke', 'append', 'x', 'a'), ev('c1', 'ok', 'append', 'x', 'a'), ev('c2', 'invoke', 'read', 'x'), ev('c2', 'ok', 'read', 'x', ['a', 'a'])];
    const r = run(file('dup.jsonl', dup.join('\n')));
    expect(r.code).toBe(1);
    expect(r.out).toContain('  c2 read(x) → ["a","a"], but the value is ["a"]');
  });

  it('numbers as processes and keys, CRLF line ends, extra fields (Maelstrom/Jepsen files)', () => {
    const lines = [
      '{"process": 0, "type": "invoke", "f": "write", "key": 1, "value": 4, "time": 12}',
      '{"process": 0, "type": "ok", "f": "write", "key": 1, "value": 4, "time": 15}',
      '{"process": 1, "type": "invoke", "f": "read", "key": 1, "value": null}',
      '{"process": 1, "type": "ok", "f": "read", "key": 1, "value": 4}',
    ];
    expect(run(file('maelstrom.jsonl', lines.join('\r\n') + '\r\n')).code).toBe(0);
  });
});

describe('crank lin: bad input is one line, exit 2', () => {
  const cases: [string, string, string][] = [
    ['not JSON', '{"process": "c1", "type": "invoke", "f": "read", key}', ':1:50: expected a property name in an object'],
    ['not an object', '[1, 2]', ':1:1: expected an event object, found an array'],
    ['no type', '{"process": "c1", "f": "read"}', ':1:1: the event has no "type" field'],
    ['a bad type', '{"process": "c1", "type": "done", "f": "read"}', ':1:27: "type" must be one of invoke, ok, fail, info'],
    ['a bad function', '\n{"process": "c1", "type": "invoke", "f": "incr"}', ':2:42: "f" must be one of read, write, cas, append, add'],
    ['a bad process', '{"process": true, "type": "invoke", "f": "read"}', ':1:13: "process" must be a string or a number, found a boolean'],
    ['an object value', '{"process": 1, "type": "invoke", "f": "write", "value": {"a": 1}}', ':1:57: a value must be null'],
    ['a completion without an invoke', `${ev('c1', 'invoke', 'read', 'x')}\n\n${ev('c2', 'ok', 'read', 'x', 1)}`, ':3:1: process c2 completes read (ok) without an open invoke'],
    ['a second invoke', `${ev('c1', 'invoke', 'read', 'x')}\n${ev('c1', 'invoke', 'read', 'x')}`, ':2:1: process c1 invokes read while its read (event 1) is still open'],
  ];
  for (const [what, text, expected] of cases) {
    it(what, () => {
      const path = file('bad.jsonl', text);
      const r = run(path);
      expect(r.code).toBe(2);
      expect(r.out).toEqual([]);
      expect(r.err).toHaveLength(1);
      expect(r.err[0]!.startsWith(`${path}${expected}`), r.err[0]).toBe(true);
    });
  }

  it('a missing file, a directory, a device, a file over the size limit', () => {
    expect(() => run(join(dir, 'none.jsonl'))).toThrow(new UsageError(`cannot read ${join(dir, 'none.jsonl')}: no such file`));
    expect(() => run(dir)).toThrow(/it is a directory/);
    expect(() => run('/dev/null')).toThrow(/not a regular file/);
    const big = file('big.jsonl', '');
    truncateSync(big, MAX_HISTORY_BYTES + 1); // sparse: no disk used
    expect(() => run(big)).toThrow(/64\.0 MiB: crank lin reads histories of at most 64 MiB/);
  });
});

describe('crank lin --out: the history as a timeline of intervals', () => {
  it('one bar per operation, the explanation\'s in red, a pending one dashed, the explanation under it', () => {
    const path = file('draw.jsonl', [staleRead, ev('c4', 'invoke', 'write', 'x', 9)].join('\n'));
    const svg = join(dir, 'draw.svg');
    const r = runLin(path, { out: () => {}, err: () => {} }, { out: svg });
    expect(r).toBe(1);
    const text = readFileSync(svg, 'utf8');
    expect(text.startsWith('<svg')).toBe(true);
    expect(text.match(/<g class="op/g)).toHaveLength(4);
    expect(text.match(/<g class="op culprit"/g)).toHaveLength(3);
    expect(text.match(/<g class="op pending"/g)).toHaveLength(1);
    expect(text).toContain('read(x) → 1</text>');
    expect(text).toContain('c3 read(x) → 1, but the value is 2</text>');
    expect(existsSync(`${svg}.tmp-${process.pid}`)).toBe(false);
  });

  it('a numeric time on every event labels the axis; otherwise line numbers', () => {
    const timed = [ev('c1', 'invoke', 'write', 'x', 1), ev('c1', 'ok', 'write', 'x', 1)].map((l, i) => l.replace(/}$/, `, "time": ${(i + 1) * 100}}`));
    const svg = join(dir, 'timed.svg');
    expect(runLin(file('timed.jsonl', timed.join('\n')), { out: () => {}, err: () => {} }, { out: svg })).toBe(0);
    expect(readFileSync(svg, 'utf8')).toMatch(/>time<\/text>[\s\S]*>100<\/text>[\s\S]*>200<\/text>/);
  });

  it('refuses a file that is not .svg, or in a missing directory, before reading anything', () => {
    const path = file('ok2.jsonl', ev('c1', 'invoke', 'read', 'x'));
    expect(() => runLin(path, { out: () => {}, err: () => {} }, { out: join(dir, 'h.png') })).toThrow(/name a \.svg file/);
    expect(() => runLin(path, { out: () => {}, err: () => {} }, { out: join(dir, 'nope', 'h.svg') })).toThrow(/does not exist/);
  });
});

describe('crank lin, run as a user would', () => {
  it('exit 0, 1, 2; --help documents the format', { timeout: 60_000 }, () => {
    const good = file('ok.jsonl', [ev('c1', 'invoke', 'write', 'x', 1), ev('c1', 'ok', 'write', 'x', 1)].join('\n'));
    expect(crank(['lin', good]).code).toBe(0);
    const stale = crank(['lin', file('stale2.jsonl', staleRead)]);
    expect([stale.code, stale.stdout.split('\n')[0]]).toEqual([1, `${join(dir, 'stale2.jsonl')}: not linearizable: 3 operations on 1 key.`]);
    const bad = crank(['lin', file('bad2.jsonl', '{')]);
    expect([bad.code, bad.stdout, bad.stderr.trim().split('\n')]).toEqual([2, '', [`${join(dir, 'bad2.jsonl')}:1:2: ${bad.stderr.trim().split(': ').slice(1).join(': ')}`]]);
    const missing = crank(['lin', join(dir, 'nope')]);
    expect([missing.code, missing.stderr]).toEqual([2, `crank: cannot read ${join(dir, 'nope')}: no such file\n`]);
    const help = crank(['lin', '--help']);
    expect(help.code).toBe(0);
    expect(help.stdout).toContain('"process": "c1", "type": "invoke", "f": "write", "key": "x", "value": 1');
    expect(help.stdout).toContain('info (unknown');
  });
});
