// TLC's side of a row: the TLA+ module and config written into a fresh folder, then
//   java -XX:+UseParallelGC -cp tla2tools.jar tlc2.TLC -workers N -config run.cfg M.tla
// run there as one whole process, its counts read from what it prints.
import { copyFileSync, existsSync, rmSync, writeFileSync } from 'node:fs';
import { basename, join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { BenchExit, type BenchProcesses } from './processes.ts';
import type { Counts, Row } from './rows.ts';
import { timed, type Timed } from './timed.ts';

export interface Measured extends Counts {
  readonly run: Timed;
}

const here = fileURLToPath(new URL('.', import.meta.url));
const names = (prefix: string, n: number) => Array.from({ length: n }, (_, k) => `${prefix}${k + 1}`).join(', ');

/** The files `--tlc DIR` must hold: the problem with DIR, or undefined. */
export function tlcDirProblem(dir: string): string | undefined {
  for (const f of ['tla2tools.jar', 'raft.tla']) if (!existsSync(join(dir, f))) return `--tlc ${dir}: no ${f} there`;
  return undefined;
}

/** The TLC model (module and cfg) for a row, written into `dir`; returns the module name. */
function writeTlcModel(row: Row, tlcDir: string, dir: string): string {
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
  copyFileSync(join(tlcDir, 'raft.tla'), join(dir, 'raft.tla'));
  for (const m of ['MCraftB.tla', 'MCraftS.tla']) copyFileSync(join(here, '..', 'reference', m), join(dir, m));
  lines.push(`  Server = {${names('r', p['servers']!)}}`, `  Value = {${names('v', p['values']!)}}`);
  for (const c of ['Follower', 'Candidate', 'Leader', 'Nil', 'RequestVoteRequest', 'RequestVoteResponse', 'AppendEntriesRequest', 'AppendEntriesResponse']) lines.push(`  ${c} = ${c}`);
  lines.push(`  MaxTerm = ${p['maxTerm']}`, `  MaxLogLen = ${p['maxLog']}`, `  MaxDup = ${p['maxDup']}`, `  MaxMsgs = ${p['maxMsgs']}`);
  if (row.symmetry) lines.push('SYMMETRY Perms');
  lines.push('INIT Init', 'NEXT Next', 'CONSTRAINT Bounds', `INVARIANT ${row.invariants}`, 'CHECK_DEADLOCK FALSE');
  writeFileSync(join(dir, 'run.cfg'), lines.join('\n') + '\n');
  return row.symmetry ? 'MCraftS' : 'MCraftB';
}

export async function runTlc(procs: BenchProcesses, row: Row, tlcDir: string): Promise<Measured> {
  // TLC's own states/ folder grows with the row: each run's folder goes when it ends.
  const dir = procs.folder('tlc');
  let r: Timed;
  try {
    const module = writeTlcModel(row, resolve(tlcDir), dir);
    const jar = join(resolve(tlcDir), 'tla2tools.jar');
    r = await timed(procs, 'java', ['-XX:+UseParallelGC', '-cp', jar, 'tlc2.TLC', '-workers', String(row.workers), '-noGenerateSpecTE', '-config', 'run.cfg', `${module}.tla`], dir);
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
  const counts = /(\d+) states generated, (\d+) distinct states found/.exec(r.stdout);
  const depth = /depth of the complete state graph search is (\d+)/.exec(r.stdout);
  if (counts === null || depth === null) {
    throw new BenchExit(`TLC did not finish ${row.label}:\n${r.stdout.split('\n').slice(-20).join('\n')}${r.stderr}`, 1);
  }
  return { generated: Number(counts[1]), distinct: Number(counts[2]), depth: Number(depth[1]), run: r };
}
