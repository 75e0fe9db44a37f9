// `npm run bench`: runs the benchmark rows one after another, each in a fresh process,
// and prints crank's figures. With `--tlc DIR` (DIR holding tla2tools.jar and raft.tla)
// it runs TLC on the same row right before crank, on the same machine, and prints the
// crank/TLC ratios of whole-process wall time and peak memory measured there: times
// from another machine or another day are never set against crank's.
//   npm run bench -- [--tlc DIR] [--quick] [--only TEXT] [--workers N] [--from-source]
// crank runs as a user runs it: this checkout packed and installed into an empty folder,
// the installed `crank` command (compiled JavaScript); `--from-source` runs the checkout's
// TypeScript sources instead (crank-under-test.ts). One progress line per row goes to
// stderr as it finishes; the table goes to stdout at the end. Every temporary folder is
// removed at the end, on a failure and on SIGINT/SIGTERM (processes.ts).
// This is a script, not a test: it asserts nothing but that counts equal TLC's (the
// pinned reference figures without --tlc, TLC's own output with it).
import { spawnSync } from 'node:child_process';
import { availableParallelism } from 'node:os';
import { join, resolve } from 'node:path';
import { parseArgs } from 'node:util';
import { repoRoot } from '../support/user-shell.ts';
import { crankFromSource, installedCrank, runCrank } from './crank-under-test.ts';
import { BenchExit, BenchProcesses } from './processes.ts';
import { benchRows, type Counts, type Row } from './rows.ts';
import { runTlc, tlcDirProblem, type Measured } from './tlc.ts';

const USAGE = 'npm run bench -- [--tlc DIR] [--quick] [--only TEXT] [--workers N] [--from-source]';

/** What each option that takes a value needs, for the line that says it is missing. */
const VALUE_OF: Readonly<Record<string, string>> = {
  tlc: 'a folder holding tla2tools.jar and raft.tla',
  only: 'a piece of a row label',
  workers: 'a number of workers',
};

interface Options {
  readonly tlcDir: string | undefined;
  readonly fromSource: boolean;
  readonly rows: readonly Row[];
}

/** The options, checked; bad ones end the bench with one line and exit 2. */
function options(argv: readonly string[]): Options {
  let values;
  try {
    ({ values } = parseArgs({
      args: [...argv],
      strict: true,
      allowPositionals: false,
      options: {
        tlc: { type: 'string' },
        quick: { type: 'boolean' },
        only: { type: 'string' },
        workers: { type: 'string' },
        'from-source': { type: 'boolean' },
      },
    }));
  } catch (e) {
    const code = (e as { code?: string }).code;
    const arg = /'([^']*)'/.exec((e as Error).message)?.[1];
    if (code === 'ERR_PARSE_ARGS_UNKNOWN_OPTION') throw new BenchExit(`unknown option ${arg}; usage: ${USAGE}`, 2);
    if (code === 'ERR_PARSE_ARGS_UNEXPECTED_POSITIONAL') throw new BenchExit(`unexpected argument ${arg}; usage: ${USAGE}`, 2);
    if (code === 'ERR_PARSE_ARGS_INVALID_OPTION_VALUE') {
      // A missing value, or one that looks like the next option (`--tlc --quick`).
      const name = /--([a-z-]+)/.exec((e as Error).message)?.[1] ?? '';
      throw new BenchExit(`--${name} needs ${VALUE_OF[name] ?? 'a value'}; usage: ${USAGE}`, 2);
    }
    throw e;
  }
  const { tlc: tlcDir, quick = false, only, workers: workersText, 'from-source': fromSource = false } = values;
  const workers = workersText === undefined ? undefined : Number(workersText);
  if (workers !== undefined && !(Number.isInteger(workers) && workers >= 1)) throw new BenchExit(`--workers ${workersText}: needs a positive whole number`, 2);
  if (tlcDir !== undefined) {
    const problem = tlcDirProblem(tlcDir);
    if (problem !== undefined) throw new BenchExit(problem, 2);
    if (spawnSync('java', ['-version']).error !== undefined) throw new BenchExit('--tlc needs java on the PATH', 2);
  }
  const rows = benchRows(quick).filter((r) => (only === undefined || r.label.includes(only)) && (workers === undefined || r.workers === workers));
  if (rows.length === 0) {
    const picked = [only !== undefined ? `--only ${only}` : '', workers !== undefined ? `--workers ${workers}` : ''].filter((s) => s !== '').join(' ');
    throw new BenchExit(`${picked}: no row matches${quick ? ' among the --quick rows' : ''}`, 2);
  }
  return { tlcDir, fromSource, rows };
}

// ---- The table -----------------------------------------------------------------------------

const fmt = (n: number, digits = 0) => n.toLocaleString('en-US', { maximumFractionDigits: digits, minimumFractionDigits: digits });
const maybe = (n: number | undefined, digits: number) => (n === undefined ? '-' : fmt(n, digits));
const ratio = (a: number | undefined, b: number | undefined) => (a !== undefined && b !== undefined && b > 0 ? fmt(a / b, 2) : '-');

function formatTable(header: readonly string[], rows: readonly (readonly string[])[]): string {
  const widths = header.map((h, i) => Math.max(h.length, ...rows.map((t) => t[i]!.length)));
  const line = (cells: readonly string[]) => cells.map((c, i) => (i === 0 ? c.padEnd(widths[i]!) : c.padStart(widths[i]!))).join('  ');
  return [line(header), ...rows.map(line)].join('\n');
}

/** The checkout's commit, `-dirty` when it has uncommitted changes. */
function checkout(): string | undefined {
  const r = spawnSync('git', ['describe', '--always', '--dirty'], { cwd: repoRoot, encoding: 'utf8' });
  return r.status === 0 ? r.stdout.trim() : undefined;
}

// ---- The run -------------------------------------------------------------------------------

async function bench({ tlcDir, fromSource, rows }: Options, procs: BenchProcesses): Promise<number> {
  const started = new Date();
  if (!fromSource) process.stderr.write(`bench: packing this checkout and installing the tarball into an empty folder under ${procs.root}\n`);
  const crank = fromSource ? crankFromSource() : await installedCrank(procs);
  const header = ['row', 'workers', 'distinct', 'generated', 'depth', 'crank s', 'crank CPU s', 'crank MiB', ...(tlcDir ? ['TLC s', 'TLC CPU s', 'TLC MiB', 'time crank/TLC', 'memory crank/TLC'] : []), 'counts'];
  const table: string[][] = [];
  let differ = false;
  for (const [i, row] of rows.entries()) {
    const tlc: Measured | undefined = tlcDir !== undefined ? await runTlc(procs, row, tlcDir) : undefined;
    const mine = await runCrank(procs, crank, row);
    // TLC with several workers may report a depth one level too deep (see reference.ts).
    const expected: Counts = tlc !== undefined ? { distinct: tlc.distinct, generated: tlc.generated, depth: row.workers > 1 ? row.pinned.depth : tlc.depth } : row.pinned;
    const same = mine.distinct === expected.distinct && mine.generated === expected.generated && mine.depth === expected.depth;
    differ ||= !same;
    const tlcNote = tlc !== undefined && tlc.depth !== expected.depth ? ` (TLC printed depth ${tlc.depth})` : '';
    const counts = same ? `= TLC${tlcNote}` : `DIFFER (TLC ${expected.distinct}/${expected.generated}/${expected.depth})`;
    const timeRatio = ratio(mine.run.wallSeconds, tlc?.run.wallSeconds);
    table.push([
      row.label,
      String(row.workers),
      fmt(mine.distinct),
      fmt(mine.generated),
      String(mine.depth),
      fmt(mine.run.wallSeconds, 2),
      maybe(mine.run.cpuSeconds, 2),
      maybe(mine.run.peakMiB, 0),
      ...(tlc !== undefined ? [fmt(tlc.run.wallSeconds, 2), maybe(tlc.run.cpuSeconds, 2), maybe(tlc.run.peakMiB, 0), timeRatio, ratio(mine.run.peakMiB, tlc.run.peakMiB)] : []),
      counts,
    ]);
    const against = tlc !== undefined ? `, TLC ${fmt(tlc.run.wallSeconds, 2)} s, crank/TLC ${timeRatio}` : '';
    process.stderr.write(`[${i + 1}/${rows.length}] ${row.label}, ${row.workers} worker${row.workers === 1 ? '' : 's'}: crank ${fmt(mine.run.wallSeconds, 2)} s${against}; counts ${counts}\n`);
  }
  const commit = checkout();
  console.log(`crank benchmark, ${started.toISOString().slice(0, 16).replace('T', ' ')} UTC, ${availableParallelism()} core(s); whole-process wall time, CPU time and peak resident memory`);
  console.log(`crank: ${crank.description}${commit !== undefined ? `; checkout ${commit}` : ''}`);
  console.log(
    tlcDir !== undefined
      ? `TLC: ${join(resolve(tlcDir), 'tla2tools.jar')}, run just before crank on each row, with the same number of workers`
      : 'No TLC run (give --tlc DIR): no ratio was measured; counts are checked against the pinned TLC figures.',
  );
  console.log(`\n${formatTable(header, table)}\n`);
  console.log(`crank s / TLC s: wall seconds of the whole process, start-up included: for crank, ${crank.startUp}${tlcDir !== undefined ? "; for TLC, the JVM's start" : ''}.`);
  console.log('CPU s: user + system seconds of every thread. MiB: peak resident memory.');
  console.log('Raft rows check ElectionSafety, as the TLC reference runs did; two-phase rows check TypeOK and Consistent.');
  return differ ? 1 : 0;
}

let procs: BenchProcesses | undefined;
try {
  const opts = options(process.argv.slice(2));
  procs = new BenchProcesses();
  process.exitCode = await bench(opts, procs);
} catch (e) {
  if (!(e instanceof BenchExit)) throw e;
  console.error(`bench: ${e.message}`);
  process.exitCode = e.code;
} finally {
  procs?.cleanUp();
}
