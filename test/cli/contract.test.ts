// The command line's contract under hostile input (issue: the command line holds):
// names that are prototype keys, stopped runs, --out checked before the search, options
// with no value or a bad one, reproduce lines, hostile trace files, help and version.
import { existsSync, mkdirSync, mkdtempSync, readdirSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { main } from '../../src/cli/main.ts';
import { BufferIo } from '../../src/cli/io.ts';

const dir = mkdtempSync(join(tmpdir(), 'crank-contract-'));
afterAll(() => rmSync(dir, { recursive: true, force: true }));

async function run(words: string[]): Promise<{ code: number; out: string; err: string }> {
  const io = new BufferIo();
  const code = await main(words, io);
  return { code, out: io.stdout, err: io.stderr };
}

/** Exit 2 with exactly one line on stderr, naming the problem; nothing on stdout. */
async function refused(words: string[], message: RegExp): Promise<void> {
  const r = await run(words);
  expect(r.code, `${words.join(' ')}: ${r.err}`).toBe(2);
  expect(r.err.trim().split('\n')).toHaveLength(1);
  expect(r.err).toMatch(message);
  expect(r.err).not.toMatch(/\n\s+at /);
  expect(r.out).toBe('');
}

describe('prototype keys are not names', () => {
  it.each([
    [['check', 'traffic-light', '--inv', 'toString'], /unknown invariant 'toString'/],
    [['check', 'traffic-light', '--inv', '__proto__'], /unknown invariant '__proto__'/],
    [['check', 'traffic-light', '--inv', 'constructor'], /unknown invariant 'constructor'/],
    [['simulate', 'traffic-light', '--inv', 'toString'], /unknown invariant 'toString'/],
    [['check', 'traffic-light', '--variant', 'toString'], /unknown variant 'toString'/],
    [['check', 'traffic-light', '--variant', '__proto__'], /unknown variant '__proto__'/],
    [['check', 'raft', '--preset', 'hasOwnProperty'], /unknown preset 'hasOwnProperty'/],
    [['check', 'raft', '--variant', 'valueOf'], /unknown variant 'valueOf'/],
    [['check', 'constructor'], /unknown model 'constructor'/],
  ])('%j', async (words, message) => refused(words, message));
});

describe('options with no value or a bad value', () => {
  it.each([
    [['check', 'traffic-light', '--inv'], /^crank: --inv needs a value/],
    [['check', 'traffic-light', '--workers'], /^crank: --workers needs a value/],
    [['check', 'traffic-light', '--max-depth'], /^crank: --max-depth needs a value/],
    [['check', 'traffic-light', '--trace-format'], /^crank: --trace-format needs a value/],
    [['check', 'traffic-light', '--json=no'], /^crank: --json takes no value, got 'no'/],
    [['check', 'traffic-light', '--full=maybe'], /^crank: --full takes no value, got 'maybe'/],
    [['check', 'traffic-light', '--stats=3'], /^crank: --stats takes no value, got '3'/],
    [['check', 'traffic-light', '--no-bfs'], /^crank: --no-bfs is not an option/],
    [['check', 'traffic-light', '--trace-format', 'xml'], /^crank: --trace-format must be one of text, tla, itf, json; got 'xml'/],
    [['check', 'traffic-light', '--workers', 'abc'], /^crank: --workers must be a positive integer, got 'abc'/],
    [['check', 'raft', '--max-memory', '-5G'], /^crank: --max-memory must be a size such as 512M or 4G, got '-5G'/],
    [['check', 'traffic-light', '--out', 'a', '--out', 'b'], /^crank: --out is given twice; it takes one value/],
    [['check', 'traffic-light', '--out', ''], /^crank: --out needs a value/],
    [['check', 'traffic-light', '--out'], /^crank: --out needs a value/],
    [['check', 'traffic-light', '--out', 'README.md/x.txt'], /^crank: cannot write README.md\/x.txt/],
    [['check', 'traffic-light', '--out', '/proc/x.txt'], /^crank: cannot write \/proc\/x.txt/],
    [['check', 'traffic-light', '--bfs', '--dfs'], /^crank: --bfs and --dfs exclude each other/],
    [['check', 'raft', '--servers', 'three'], /^crank: --servers must be a positive integer, got 'three'/],
    [['check', 'raft', '--servers', '9'], /^crank: --servers must be at most 7, got 9/],
    [['check', 'traffic-light', '--servers', '3'], /^crank: unknown option --servers/],
    [['check', 'traffic-light', 'extra'], /^crank: unexpected argument 'extra'/],
    [['check'], /^crank: name a model/],
    [['chekc', 'raft'], /^crank: unknown command 'chekc' \(did you mean check\?\)/],
  ])('%j', async (words, message) => refused(words, message));

  it('a model parameter may come before the model; min 0 is accepted where the model declares it', async () => {
    const before = await run(['check', '--servers', '1', 'raft', '--max-log', '0', '--max-msgs', '0', '--json']);
    expect(before.code).toBe(0);
    expect(JSON.parse(before.out)).toMatchObject({ model: 'raft', params: { servers: 1, maxLog: 0, maxMsgs: 0 } });
  });

  it('model parameters show as integers in --help, with their bounds, and help tells the exit codes', async () => {
    const r = await run(['check', 'raft', '--help']);
    expect(r.code).toBe(0);
    expect(r.out).toMatch(/--servers\s+number of servers.*\[number\]/);
    expect(r.out).toContain('raft parameters:');
    expect(r.out).toContain('Exit codes: 0 no violation');
    const plain = await run(['check', '--help']);
    expect(plain.out).toContain('Model parameters are options too');
    expect(plain.out).toContain('--no-deadlock');
    const replay = await run(['replay', '--help']);
    expect(replay.out).toContain('record their model parameters and variant');
  });

  it('--version prints the package version', async () => {
    const r = await run(['--version']);
    expect(r.code).toBe(0);
    expect(r.out).toMatch(/^\d+\.\d+\.\d+\n$/);
  });

  it('the header says which invariants are checked, with how many workers, and whether symmetry is on', async () => {
    const r = await run(['check', 'raft', '--symmetry', '--workers', '1', '--inv', 'ElectionSafety']);
    expect(r.code).toBe(0);
    expect(r.err).toMatch(/^Checking raft \(preset s2-v1-t2-l1-d1-m2\): BFS, up to 1 worker, symmetry on; invariants ElectionSafety\./);
  });
});

describe('--out', () => {
  it('a run with no counterexample says the file was not written, and leaves an old one alone', async () => {
    const file = join(dir, 'old.txt');
    writeFileSync(file, 'stale');
    const r = await run(['check', 'traffic-light', '--out', file]);
    expect(r.code).toBe(0);
    expect(r.out).toContain(`No counterexample; ${file} not written.`);
  });
});

describe('replay', () => {
  it("crank's own traces record the model, parameters and variant, and replay uses them", async () => {
    for (const format of ['json', 'itf', 'tla']) {
      const file = join(dir, `forget-vote.${format}`);
      const w = await run(['check', 'raft-abstract', '--variant', 'forget-vote', '--max-term', '3', '--trace-format', format, '--out', file, '--workers', '1']);
      expect(w.code).toBe(1);
      const r = await run(['replay', 'raft-abstract', file]);
      expect(r.code, r.out + r.err).toBe(0);
      expect(r.out).toMatch(/Trace accepted: .* is a behavior of raft-abstract with --servers 3 --max-term 3 --max-log 1 --variant forget-vote\./);
    }
  });

  it("the text form is refused with advice, not a parse error", async () => {
    await refused(['replay', 'traffic-light', 'traces/traffic-light/yellow-skip.txt'], /crank's text form, which is for reading; write the trace with --trace-format json/);
    await refused(['replay', 'traffic-light', 'traces/traffic-light/press-restarts-timer.txt'], /crank's text form, which is for reading/);
  });

  it('hostile files: a device, a directory, a huge file, values of the wrong type', async () => {
    await refused(['replay', 'raft', '/dev/zero'], /cannot read \/dev\/zero: not a regular file/);
    await refused(['replay', 'raft', dir], /is a directory/);
    const itf = join(dir, 'bad.itf.json');
    writeFileSync(itf, JSON.stringify({ vars: ['ew', 'ns', 'clock', 'button'], states: [{ ew: 'G', ns: 'R', clock: 'zero', button: false }] }));
    const r = await run(['replay', 'traffic-light', itf]);
    expect(r.code).toBe(2);
    expect(r.err).toMatch(/variable clock: expected an integer, got a string/);
  });
});

describe('the CLI under random argument vectors (fuzz)', () => {
  it('exit 0, 1 or 2, never 3; exit 2 is exactly one stderr line without a stack; no file left behind', async () => {
    let seed = 20261201;
    const rand = (n: number): number => {
      seed = (Math.imul(seed, 1103515245) + 12345) & 0x7fffffff;
      return seed % n;
    };
    const pick = <T>(xs: readonly T[]): T => xs[rand(xs.length)]!;
    const out = join(dir, 'fuzz');
    mkdirSync(out);
    const commands = ['check', 'simulate', 'replay', 'list', 'frobnicate', '--help', '--version', ''];
    const models = ['traffic-light', 'raft', 'raft-abstract', 'toString', '__proto__', './nowhere.ts', 'spec/index.ts', ''];
    const options = ['--inv', '--variant', '--preset', '--workers', '--max-depth', '--trace-format', '--out', '--json', '--full', '--stats', '--symmetry', '--dfs', '--bfs', '--no-deadlock', '--deadlock', '--max-memory', '--seed', '--runs', '--depth', '--seconds', '--servers', '--max-term', '--no-bfs', '--json=no', '--color', '--no-color', '-x', '--', '--check-model'];
    const values = ['', '0', '1', '2', '-1', 'abc', 'toString', '__proto__', 'constructor', 'yellow-skip', 'forget-vote', 'Safe', 'text', 'tla', 'xml', '1G', '-5G', join(out, 'f.txt'), join(out, 'nodir', 'f.txt'), '/proc/x', 'README.md/x'];
    for (let i = 0; i < 300; i++) {
      const words: string[] = [];
      const c = pick(commands);
      if (c !== '') words.push(c);
      if (rand(4) !== 0) words.push(pick(models));
      for (let k = rand(5); k > 0; k--) {
        words.push(pick(options));
        if (rand(3) !== 0) words.push(pick(values));
      }
      // Keep runs small: raft with more than 2 servers is out of scope for a fuzz step.
      if (words.includes('raft') || words.includes('raft-abstract')) words.push('--max-term', '1');
      words.push('--runs', '3');
      const io = new BufferIo();
      const code = await main(words, io);
      expect([0, 1, 2], `${JSON.stringify(words)} -> ${code}: ${io.stderr}`).toContain(code);
      if (code === 2) {
        const lines = io.stderr.split('\n').filter((l) => l.startsWith('crank:') && !l.startsWith('crank: warning'));
        expect(lines, JSON.stringify(words)).toHaveLength(1);
        expect(io.stderr).not.toMatch(/\n\s+at /);
      }
    }
    expect(readdirSync(out).filter((f) => f.endsWith('.tmp'))).toEqual([]);
    expect(existsSync(join(out, 'nodir'))).toBe(false);
  }, 300_000);
});

describe('colour', () => {
  it('off when stdout is no terminal; --color forces it on the verdict, the property and changed variables; NO_COLOR and --no-color keep it off', async () => {
    const plain = await run(['check', 'traffic-light', '--variant', 'yellow-skip']);
    expect(plain.out).not.toContain('\x1b[');
    const forced = await run(['check', 'traffic-light', '--variant', 'yellow-skip', '--color']);
    expect(forced.out).toContain('\x1b[1;31mInvariant Safe is violated.\x1b[0m');
    expect(forced.out).toMatch(/\x1b\[33m {2}\* clock = \d+\x1b\[0m/);
    const io = new BufferIo({ NO_COLOR: '1' });
    Object.defineProperty(io, 'outIsTTY', { value: true });
    await main(['check', 'traffic-light'], io);
    expect(io.stdout).not.toContain('\x1b[');
    const off = await run(['check', 'traffic-light', '--no-color']);
    expect(off.out).not.toContain('\x1b[');
  });
});

describe('list', () => {
  it('describes one model, shipped or a file, with its temporal properties and fairness', async () => {
    const r = await run(['list', 'traffic-light']);
    expect(r.code).toBe(0);
    expect(r.out).toContain('ButtonServed (P ~> Q): a pressed button is eventually served');
    expect(r.out).toContain('fairness: WF(clock)');
    const file = await run(['list', 'spec/traffic-light/model.ts']);
    expect(file.code).toBe(2);
    expect(file.err).toMatch(/the file has a default export|the file has no default export/);
  });
});
