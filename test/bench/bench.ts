// `npm run bench`: runs the benchmark models one after another, each in a fresh
// process, and prints a table beside TLC's figures from the reference file.
// `npm run bench -- --quick` runs only the small ones. This is a script, not a test:
// it prints figures and asserts nothing but that counts equal TLC's.
import { spawnSync } from 'node:child_process';
import { availableParallelism } from 'node:os';
import { fileURLToPath } from 'node:url';
import { raft } from '../../spec/raft/model.ts';

import { exactDepth, tlcReference as reference, type TlcConfig as RefConfig } from '../reference/reference.ts';

interface Row {
  label: string;
  model: string;
  params: Record<string, number>;
  workers: number;
  symmetry: boolean;
  ref?: RefConfig;
  refCounts: { distinct: number; generated: number; depth: number };
}

const quick = process.argv.includes('--quick');
const all = availableParallelism();
const workerCounts = [...new Set([1, all])];
const rows: Row[] = [];
for (const w of workerCounts) {
  rows.push({ label: 'traffic-light', model: 'traffic-light', params: {}, workers: w, symmetry: false, refCounts: reference.trafficLight });
}
const raftConfigs = quick ? ['s2-v1-t2-l1-d1-m2'] : ['s2-v1-t2-l1-d1-m2', 's2-v1-t3-l1-d1-m2', 's3-v1-t2-l1-d1-m1'];
for (const preset of raftConfigs) {
  for (const symmetry of [false, true]) {
    const ref = reference.configs.find((c) => c.name === (symmetry ? `${preset}-sym` : preset));
    if (ref === undefined) continue;
    for (const w of workerCounts) {
      rows.push({ label: `raft ${ref.name}`, model: 'raft', params: { ...raft.presets![preset]! }, workers: w, symmetry, ref, refCounts: ref });
    }
  }
}

const one = fileURLToPath(new URL('./one.ts', import.meta.url));
const runner = fileURLToPath(new URL('../../src/bin/run-ts.mjs', import.meta.url));
const fmt = (n: number, digits = 0) => n.toLocaleString('en-US', { maximumFractionDigits: digits, minimumFractionDigits: digits });
const header = ['model', 'workers', 'distinct', 'generated', 'depth', 'wall s', 'gen/s', 'distinct/s', 'peak MiB', 'B/state', 'engine B/state', 'TLC s', 'TLC/crank', 'TLC MiB', 'counts'];
const table: string[][] = [];
console.log(`crank benchmark — ${all} core(s) available; TLC figures: TLC 2.20, ${'2'} workers, same machine type\n`);
for (const row of rows) {
  process.stderr.write(`running ${row.label} with ${row.workers} worker(s)...\n`);
  // Raft rows check what TLC's reference runs checked (INVARIANT ElectionSafety).
  const invariants = row.model === 'raft' ? 'ElectionSafety' : '';
  const r = spawnSync(process.execPath, [runner, one, row.model, JSON.stringify(row.params), String(row.workers), row.symmetry ? 'sym' : 'plain', invariants], { encoding: 'utf8', maxBuffer: 1 << 24 });
  if (r.status !== 0) {
    console.error(r.stderr);
    throw new Error(`benchmark run failed: ${row.label}`);
  }
  const m = JSON.parse(r.stdout.trim().split('\n').at(-1)!) as { distinct: number; generated: number; depth: number; ms: number; peakRssBytes: number; engineBytes: number };
  const secs = m.ms / 1000;
  const depth = row.ref !== undefined ? exactDepth(row.ref) : row.refCounts.depth;
  const same = m.distinct === row.refCounts.distinct && m.generated === row.refCounts.generated && m.depth === depth;
  const note = depth !== row.refCounts.depth ? ` (TLC ${row.refCounts.depth}*)` : '';
  table.push([
    row.label,
    String(row.workers),
    fmt(m.distinct),
    fmt(m.generated),
    String(m.depth),
    fmt(secs, 2),
    fmt(m.generated / secs),
    fmt(m.distinct / secs),
    fmt(m.peakRssBytes / 2 ** 20),
    fmt(m.peakRssBytes / m.distinct),
    fmt(m.engineBytes / m.distinct),
    row.ref ? String(row.ref.seconds) : '-',
    row.ref ? `${fmt(row.ref.seconds / secs, 2)}x` : '-',
    row.ref?.peakRssMiB != null ? String(row.ref.peakRssMiB) : '-',
    same ? `= TLC${note}` : `DIFFER (TLC ${row.refCounts.distinct}/${row.refCounts.generated}/${row.refCounts.depth})`,
  ]);
  printTable();
}

function printTable(): void {
  const widths = header.map((h, i) => Math.max(h.length, ...table.map((t) => t[i]!.length)));
  const line = (cells: string[]) => cells.map((c, i) => (i === 0 ? c.padEnd(widths[i]!) : c.padStart(widths[i]!))).join('  ');
  process.stdout.write('\x1b[0m');
  console.log([line(header), ...table.map(line)].join('\n') + '\n');
}
console.log('B/state: peak resident memory per distinct state (includes the Node runtime and the frontier).');
console.log('engine B/state: fingerprint table and state store per distinct state (the memory beyond the frontier).');
console.log('TLC/crank: how many times faster than TLC crank ran (wall seconds, TLC excluding JVM start).');
console.log('* TLC printed depth 54 for the symmetric 3-server run, made with 2 workers, where its BFS is not strict; the exact depth is 53 (see test/reference/reference.ts).');
console.log('Raft rows check ElectionSafety only, as TLC did in the reference runs (crank check raft checks all six invariants by default).');
