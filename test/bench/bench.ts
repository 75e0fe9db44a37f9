// `npm run bench`: runs the benchmark rows one after another, each in a fresh process,
// and prints crank's figures. With `--tlc DIR` (DIR holding tla2tools.jar and raft.tla)
// it runs TLC on the same row right before crank, on the same machine, and prints the
// crank/TLC ratios of whole-process wall time and peak memory measured there: times
// from another machine or another day are never set against crank's.
//   npm run bench [-- --quick] [-- --tlc DIR] [-- --only SUBSTRING] [-- --workers N]
// This is a script, not a test: it asserts nothing but that counts equal TLC's (the
// pinned reference figures without --tlc, TLC's own output with it).
import { spawnSync } from 'node:child_process';
import { copyFileSync, existsSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { availableParallelism, tmpdir } from 'node:os';
import { basename, join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { raft } from '../../spec/raft/model.ts';
import { exactDepth, tlcReference } from '../reference/reference.ts';
import { twoPhaseConfig } from './two-phase-reference.ts';
import { exampleBenchRows, type ExampleBenchRow } from './examples.ts';

interface Counts {
  readonly distinct: number;
  readonly generated: number;
  readonly depth: number;
}

interface Row {
  readonly label: string;
  readonly model: 'raft' | 'two-phase' | 'example';
  /** For example models: the crank and TLC runs (test/bench/examples.ts). */
  readonly example?: ExampleBenchRow;
  readonly params: Record<string, number>;
  readonly workers: number;
  readonly symmetry: boolean;
  readonly invariants?: string;
  /** TLC's pinned figures (and the depth an exact BFS gives). */
  readonly pinned: Counts;
}

interface Measured extends Counts {
  readonly wallSeconds: number;
  readonly peakMiB: number | undefined;
}

const argv = process.argv.slice(2);
const quick = argv.includes('--quick');
const tlcAt = argv.indexOf('--tlc');
const tlcDir = tlcAt >= 0 ? argv[tlcAt + 1] : undefined;
const onlyAt = argv.indexOf('--only');
const only = onlyAt >= 0 ? argv[onlyAt + 1] : undefined;
if (tlcAt >= 0 && (tlcDir === undefined || tlcDir.startsWith('--'))) fail('--tlc needs a folder holding tla2tools.jar and raft.tla');
if (onlyAt >= 0 && only === undefined) fail('--only needs a substring of a row label');
const workersAt = argv.indexOf('--workers');
const onlyWorkers = workersAt >= 0 ? Number(argv[workersAt + 1]) : undefined;
if (onlyWorkers !== undefined && !(Number.isInteger(onlyWorkers) && onlyWorkers >= 1)) fail('--workers needs a positive whole number');
if (tlcDir !== undefined) {
  for (const f of ['tla2tools.jar', 'raft.tla']) if (!existsSync(join(tlcDir, f))) fail(`--tlc ${tlcDir}: no ${f} there`);
  if (spawnSync('java', ['-version']).error !== undefined) fail('--tlc needs java on the PATH');
}

function fail(message: string): never {
  console.error(`bench: ${message}`);
  process.exit(2);
}

// ---- Rows ------------------------------------------------------------------------------

const rows: Row[] = [];
const raftPresets = quick ? ['s2-v1-t2-l1-d1-m2'] : ['s2-v1-t2-l1-d1-m2', 's2-v1-t3-l1-d1-m2', 's3-v1-t2-l1-d1-m1'];
const workerCounts = [...new Set([1, Math.min(2, availableParallelism())])];
for (const preset of raftPresets) {
  for (const symmetry of [false, true]) {
    const ref = tlcReference.configs.find((c) => c.name === (symmetry ? `${preset}-sym` : preset));
    if (ref === undefined) continue;
    for (const workers of workerCounts) {
      rows.push({
        label: `raft ${preset}${symmetry ? ' sym' : ''}`,
        model: 'raft',
        params: { ...raft.presets![preset]! },
        workers,
        symmetry,
        // What TLC's reference runs checked.
        invariants: 'ElectionSafety',
        pinned: { distinct: ref.distinct, generated: ref.generated, depth: exactDepth(ref) },
      });
    }
  }
}
for (const name of quick ? ['rm6'] : ['rm6', 'rm7']) {
  const ref = twoPhaseConfig(name);
  rows.push({ label: `two-phase ${name}`, model: 'two-phase', params: { rm: ref.rm }, workers: 1, symmetry: false, pinned: ref });
}
// The example models written with the public API, with their own TLA+ transcriptions.
for (const ex of exampleBenchRows(quick)) {
  rows.push({ label: ex.label, model: 'example', params: { ...ex.params }, workers: 1, symmetry: ex.symmetry, example: ex, pinned: ex.tlc });
}
const selected = rows.filter((r) => (only === undefined || r.label.includes(only)) && (onlyWorkers === undefined || r.workers === onlyWorkers));
if (selected.length === 0) fail(`--only ${only}: no row matches`);

// ---- Running crank and TLC ----------------------------------------------------------------

const one = fileURLToPath(new URL('./one.ts', import.meta.url));
const runner = fileURLToPath(new URL('../../src/bin/run-ts.mjs', import.meta.url));
const timeTool = existsSync('/usr/bin/time') ? '/usr/bin/time' : undefined;

/** Runs a command, timing the whole process; peak RSS from /usr/bin/time when there is one. */
function timed(command: string, args: readonly string[], cwd?: string): { stdout: string; stderr: string; status: number | null; wallSeconds: number; peakMiB: number | undefined } {
  const memFile = timeTool !== undefined ? join(mkdtempSync(join(tmpdir(), 'crank-bench-')), 'mem') : undefined;
  const [cmd, fullArgs] = timeTool !== undefined && memFile !== undefined ? [timeTool, ['-f', '%M', '-o', memFile, command, ...args]] : [command, [...args]];
  const started = process.hrtime.bigint();
  const r = spawnSync(cmd, fullArgs, { encoding: 'utf8', maxBuffer: 1 << 26, cwd });
  const wallSeconds = Number(process.hrtime.bigint() - started) / 1e9;
  let peakMiB: number | undefined;
  if (memFile !== undefined) {
    const kb = Number(readFileSync(memFile, 'utf8').trim().split('\n').at(-1));
    peakMiB = Number.isFinite(kb) ? kb / 1024 : undefined;
    rmSync(join(memFile, '..'), { recursive: true, force: true });
  }
  return { stdout: r.stdout, stderr: r.stderr, status: r.status, wallSeconds, peakMiB };
}

const crankBin = fileURLToPath(new URL('../../src/bin/crank.mjs', import.meta.url));

function runCrank(row: Row): Measured {
  if (row.example !== undefined) {
    // As a user runs it: the command line, one worker.
    const r = timed(process.execPath, [crankBin, 'check', row.example.model, ...row.example.crankArgs, '--workers', '1', '--json']);
    if (r.status !== 0) {
      console.error(r.stderr);
      fail(`crank failed on ${row.label}`);
    }
    const m = JSON.parse(r.stdout) as Counts;
    return { distinct: m.distinct, generated: m.generated, depth: m.depth, wallSeconds: r.wallSeconds, peakMiB: r.peakMiB };
  }
  const r = timed(process.execPath, [runner, one, row.model, JSON.stringify(row.params), String(row.workers), row.symmetry ? 'sym' : 'plain', row.invariants ?? '']);
  if (r.status !== 0) {
    console.error(r.stderr);
    fail(`crank failed on ${row.label}`);
  }
  const m = JSON.parse(r.stdout.trim().split('\n').at(-1)!) as Counts & { peakRssBytes: number };
  return { distinct: m.distinct, generated: m.generated, depth: m.depth, wallSeconds: r.wallSeconds, peakMiB: r.peakMiB ?? m.peakRssBytes / 2 ** 20 };
}

const names = (prefix: string, n: number) => Array.from({ length: n }, (_, k) => `${prefix}${k + 1}`).join(', ');

/** The TLC model (module and cfg) for a row, written into `dir`; returns the module name. */
function writeTlcModel(row: Row, dir: string): string {
  const here = fileURLToPath(new URL('.', import.meta.url));
  const lines: string[] = ['CONSTANTS'];
  if (row.example !== undefined) {
    copyFileSync(row.example.tlaFile, join(dir, basename(row.example.tlaFile)));
    copyFileSync(row.example.cfgFile, join(dir, 'run.cfg'));
    return basename(row.example.tlaFile, '.tla');
  }
  if (row.model === 'two-phase') {
    copyFileSync(join(here, 'tla', 'TwoPhase.tla'), join(dir, 'TwoPhase.tla'));
    lines.push(`  RM = {${names('rm', row.params['rm']!)}}`);
    if (row.symmetry) lines.push('SYMMETRY Perms');
    lines.push('INIT Init', 'NEXT Next', 'INVARIANT TypeOK', 'INVARIANT Consistent');
    writeFileSync(join(dir, 'run.cfg'), lines.join('\n') + '\n');
    return 'TwoPhase';
  }
  const p = row.params;
  copyFileSync(join(resolve(tlcDir!), 'raft.tla'), join(dir, 'raft.tla'));
  for (const m of ['MCraftB.tla', 'MCraftS.tla']) copyFileSync(join(here, '..', 'reference', m), join(dir, m));
  lines.push(`  Server = {${names('r', p['servers']!)}}`, `  Value = {${names('v', p['values']!)}}`);
  for (const c of ['Follower', 'Candidate', 'Leader', 'Nil', 'RequestVoteRequest', 'RequestVoteResponse', 'AppendEntriesRequest', 'AppendEntriesResponse']) lines.push(`  ${c} = ${c}`);
  lines.push(`  MaxTerm = ${p['maxTerm']}`, `  MaxLogLen = ${p['maxLog']}`, `  MaxDup = ${p['maxDup']}`, `  MaxMsgs = ${p['maxMsgs']}`);
  if (row.symmetry) lines.push('SYMMETRY Perms');
  lines.push('INIT Init', 'NEXT Next', 'CONSTRAINT Bounds', `INVARIANT ${row.invariants}`, 'CHECK_DEADLOCK FALSE');
  writeFileSync(join(dir, 'run.cfg'), lines.join('\n') + '\n');
  return row.symmetry ? 'MCraftS' : 'MCraftB';
}

function runTlc(row: Row): Measured {
  const dir = mkdtempSync(join(tmpdir(), 'crank-bench-tlc-'));
  try {
    const module = writeTlcModel(row, dir);
    const jar = join(resolve(tlcDir!), 'tla2tools.jar');
    const r = timed('java', ['-XX:+UseParallelGC', '-cp', jar, 'tlc2.TLC', '-workers', String(row.workers), '-noGenerateSpecTE', '-config', 'run.cfg', `${module}.tla`], dir);
    const counts = /(\d+) states generated, (\d+) distinct states found/.exec(r.stdout);
    const depth = /depth of the complete state graph search is (\d+)/.exec(r.stdout);
    if (counts === null || depth === null) {
      console.error(r.stdout.split('\n').slice(-20).join('\n'));
      fail(`TLC did not finish ${row.label}`);
    }
    return { generated: Number(counts[1]), distinct: Number(counts[2]), depth: Number(depth[1]), wallSeconds: r.wallSeconds, peakMiB: r.peakMiB };
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
}

// ---- The table -----------------------------------------------------------------------------

const fmt = (n: number, digits = 0) => n.toLocaleString('en-US', { maximumFractionDigits: digits, minimumFractionDigits: digits });
const header = ['row', 'workers', 'distinct', 'generated', 'depth', 'crank s', 'crank MiB', ...(tlcDir ? ['TLC s', 'TLC MiB', 'time crank/TLC', 'memory crank/TLC'] : []), 'counts'];
const table: string[][] = [];
const today = new Date().toISOString().slice(0, 10);
console.log(`crank benchmark, ${today}, ${availableParallelism()} core(s); whole-process wall time and peak resident memory`);
console.log(tlcDir ? `TLC: ${join(resolve(tlcDir), 'tla2tools.jar')}, run just before crank on each row, with the same number of workers\n` : 'No TLC run (give --tlc DIR): no ratio was measured; counts are checked against the pinned TLC figures.\n');

for (const row of selected) {
  process.stderr.write(`${row.label}, ${row.workers} worker(s)${tlcDir ? ': TLC, then crank' : ''}...\n`);
  const tlc = tlcDir ? runTlc(row) : undefined;
  const crank = runCrank(row);
  // TLC with several workers may report a depth one level too deep (see reference.ts).
  const expected: Counts = tlc !== undefined ? { distinct: tlc.distinct, generated: tlc.generated, depth: row.workers > 1 ? row.pinned.depth : tlc.depth } : row.pinned;
  const same = crank.distinct === expected.distinct && crank.generated === expected.generated && crank.depth === expected.depth;
  const tlcNote = tlc !== undefined && tlc.depth !== expected.depth ? ` (TLC printed depth ${tlc.depth})` : '';
  const ratio = (a: number | undefined, b: number | undefined, digits: number) => (a !== undefined && b !== undefined && b > 0 ? fmt(a / b, digits) : '-');
  table.push([
    row.label,
    String(row.workers),
    fmt(crank.distinct),
    fmt(crank.generated),
    String(crank.depth),
    fmt(crank.wallSeconds, 2),
    crank.peakMiB === undefined ? '-' : fmt(crank.peakMiB),
    ...(tlc !== undefined ? [fmt(tlc.wallSeconds, 2), tlc.peakMiB === undefined ? '-' : fmt(tlc.peakMiB), ratio(crank.wallSeconds, tlc.wallSeconds, 2), ratio(crank.peakMiB, tlc.peakMiB, 2)] : []),
    same ? `= TLC${tlcNote}` : `DIFFER (TLC ${expected.distinct}/${expected.generated}/${expected.depth})`,
  ]);
  printTable();
}

function printTable(): void {
  const widths = header.map((h, i) => Math.max(h.length, ...table.map((t) => t[i]!.length)));
  const line = (cells: string[]) => cells.map((c, i) => (i === 0 ? c.padEnd(widths[i]!) : c.padStart(widths[i]!))).join('  ');
  console.log([line(header), ...table.map(line)].join('\n') + '\n');
}
console.log('crank s / TLC s: wall seconds of the whole process (Node and tsx start, JVM start). MiB: peak resident memory.');
console.log('Raft rows check ElectionSafety, as the TLC reference runs did; two-phase rows check TypeOK and Consistent.');
if (table.some((t) => t.at(-1)!.startsWith('DIFFER'))) process.exitCode = 1;
