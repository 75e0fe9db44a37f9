// crank's side of a row: which crank runs, and `crank check <model> <args> --json` as one
// whole process. By default, crank as a user runs it: this checkout packed, installed
// into an empty folder (test/support/packed-crank.ts), the installed package's compiled
// JavaScript; the two-phase model is then a user's `.ts` file in that folder, importing
// 'crank'. With --from-source, the checkout's src/bin/crank.mjs, which runs the TypeScript
// sources through tsx (no pack: a quick A/B of engine changes).
import { readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { installPackedCrank } from '../support/packed-crank.ts';
import { repoRoot } from '../support/user-shell.ts';
import { BenchExit, type BenchProcesses } from './processes.ts';
import type { Counts, Row } from './rows.ts';
import type { Measured } from './tlc.ts';
import { timed } from './timed.ts';

export interface CrankUnderTest {
  /** Which crank ran, for the header. */
  readonly description: string;
  /** What start-up its wall times include, for the footnote. */
  readonly startUp: string;
  /** The crank command script, the folder it runs in, and the two-phase model's path there. */
  readonly bin: string;
  readonly cwd: string;
  readonly twoPhaseModel: string;
}

const twoPhaseSource = fileURLToPath(new URL('./models/two-phase.ts', import.meta.url));
/** The one specifier through which the two-phase model imports crank's sources. */
const CRANK_SOURCES = "'../../../src/index.ts'";

/** The checkout's own `crank`, running the TypeScript sources through tsx. */
export function crankFromSource(): CrankUnderTest {
  return {
    description: "the checkout's TypeScript sources (src/bin/crank.mjs, through tsx)",
    startUp: "Node's start and tsx compiling crank's TypeScript sources",
    bin: join(repoRoot, 'src', 'bin', 'crank.mjs'),
    cwd: repoRoot,
    twoPhaseModel: twoPhaseSource,
  };
}

/** This checkout packed and installed into an empty folder under the bench's root. */
export async function installedCrank(procs: BenchProcesses): Promise<CrankUnderTest> {
  const installed = await installPackedCrank(procs.folder('install'), (command, cwd) => procs.shellOk(command, cwd));
  const { version } = JSON.parse(readFileSync(join(installed.app, 'node_modules', 'crank', 'package.json'), 'utf8')) as { version: string };
  // The model as a user's file: a compiled crank refuses records made by a second copy of
  // crank, so the copy must import the installed package, as a user's model does.
  const source = readFileSync(twoPhaseSource, 'utf8');
  const uses = source.split(CRANK_SOURCES).length - 1;
  if (uses !== 1) throw new BenchExit(`${twoPhaseSource} imports ${CRANK_SOURCES} ${uses} times, not once: the bench cannot point it at 'crank'`, 1);
  const model = join(installed.app, 'two-phase.ts');
  writeFileSync(model, source.replace(CRANK_SOURCES, "'crank'"));
  return {
    description: `crank ${version} installed from a tarball of this checkout (compiled): npm pack, then npm install into an empty folder`,
    startUp: "Node's start and loading the installed package's compiled JavaScript (the two-phase model, a user's .ts file, loads through tsx)",
    bin: installed.bin,
    cwd: installed.app,
    twoPhaseModel: './two-phase.ts',
  };
}

export async function runCrank(procs: BenchProcesses, crank: CrankUnderTest, row: Row): Promise<Measured> {
  const model = row.model === 'two-phase' ? crank.twoPhaseModel : row.model === 'raft' ? 'raft' : row.example!.model;
  const args = [crank.bin, 'check', model, ...row.crankArgs, '--json'];
  const r = await timed(procs, process.execPath, args, crank.cwd);
  const shown = `crank ${args.slice(1).join(' ')}`;
  if (r.status !== 0) throw new BenchExit(`${shown} exited ${r.status ?? r.signal} on ${row.label}:\n${r.stderr}${r.stdout}`, 1);
  let figures: Partial<Counts>;
  try {
    figures = JSON.parse(r.stdout) as Partial<Counts>;
  } catch {
    throw new BenchExit(`${shown} printed no JSON on ${row.label}:\n${r.stdout}`, 1);
  }
  const { distinct, generated, depth } = figures;
  if (typeof distinct !== 'number' || typeof generated !== 'number' || typeof depth !== 'number') {
    throw new BenchExit(`${shown}: its JSON has no distinct, generated and depth:\n${r.stdout}`, 1);
  }
  return { distinct, generated, depth, run: r };
}
