// What immer costs: the two-phase commit written with immer (test/values/two-phase-immer.ts)
// against the same model written with immutable.js (models/two-phase.ts), each run in a
// fresh process, alternately, on 1 and 2 workers; prints each run and the medians.
//   node src/bin/run-ts.mjs test/bench/immer.ts [--rm N] [--runs K]
// A script, not a test: it asserts only that both versions count TLC's states.
import { spawnSync } from 'node:child_process';
import { fileURLToPath } from 'node:url';
import { check } from '../../checker/check.ts';
import type { Spec, State } from '../../src/spec.ts';
import { twoPhaseConfig, twoPhaseSource } from './two-phase-reference.ts';

const argv = process.argv.slice(2);
const option = (name: string, fallback: number): number => {
  const at = argv.indexOf(name);
  return at >= 0 ? Number(argv[at + 1]) : fallback;
};

async function one(model: string, rm: number, workers: number): Promise<void> {
  const { spec, source } =
    model === 'immer'
      ? {
          spec: (await import('../values/two-phase-immer.ts')).buildTwoPhaseImmer(rm) as unknown as Spec<State, unknown>,
          source: { module: new URL('../values/two-phase-immer.ts', import.meta.url).href, exportName: 'buildTwoPhaseImmer', args: [rm] },
        }
      : twoPhaseSource(rm);
  const cpu = process.cpuUsage();
  const r = await check(spec, { workers, source });
  // Process-wide CPU time (every thread): steadier than wall time on a shared machine.
  const used = process.cpuUsage(cpu);
  const cpuMs = (used.user + used.system) / 1000;
  process.stdout.write(JSON.stringify({ distinct: r.distinct, generated: r.generated, depth: r.depth, ms: r.durationMs, cpuMs, workers: r.workers }) + '\n');
}

if (argv[0] === '--one') {
  await one(argv[1]!, Number(argv[2]), Number(argv[3]));
} else {
  const rm = option('--rm', 6);
  const runs = option('--runs', 3);
  const ref = twoPhaseConfig(`rm${rm}`);
  const self = fileURLToPath(import.meta.url);
  const runner = fileURLToPath(new URL('../../src/bin/run-ts.mjs', import.meta.url));
  const times = new Map<string, number[]>();
  const cpuTimes = new Map<string, number[]>();
  for (let k = 0; k < runs; k++) {
    for (const workers of [1, 2]) {
      for (const model of ['immutable', 'immer']) {
        const p = spawnSync(process.execPath, [runner, self, '--one', model, String(rm), String(workers)], { encoding: 'utf8' });
        if (p.status !== 0) throw new Error(`${model} run failed: ${p.stderr}`);
        const r = JSON.parse(p.stdout.trim().split('\n').pop()!) as { distinct: number; generated: number; depth: number; ms: number; cpuMs: number; workers: number };
        if (r.distinct !== ref.distinct || r.generated !== ref.generated || r.depth !== ref.depth) throw new Error(`${model}: ${JSON.stringify(r)} is not TLC's ${JSON.stringify(ref)}`);
        const label = `${model} w${workers}`;
        times.set(label, [...(times.get(label) ?? []), r.ms]);
        cpuTimes.set(label, [...(cpuTimes.get(label) ?? []), r.cpuMs]);
        console.log(`run ${k + 1}: ${label} (${r.workers} used): ${(r.ms / 1000).toFixed(2)} s wall, ${(r.cpuMs / 1000).toFixed(2)} s cpu`);
      }
    }
  }
  const median = (xs: number[]): number => [...xs].sort((a, b) => a - b)[Math.floor(xs.length / 2)]!;
  for (const workers of [1, 2]) {
    for (const [what, table] of [['wall', times], ['cpu', cpuTimes]] as const) {
      const a = median(table.get(`immutable w${workers}`)!);
      const b = median(table.get(`immer w${workers}`)!);
      console.log(`rm${rm}, ${workers} worker${workers > 1 ? 's' : ''}, ${what}: immutable.js ${(a / 1000).toFixed(2)} s, immer ${(b / 1000).toFixed(2)} s, immer/immutable.js ${(b / a).toFixed(2)}x (medians of ${runs})`);
    }
  }
}
