// One benchmark run in its own process, so that its peak resident memory is its own.
// Prints a JSON line: the check's figures plus peak RSS.
import { check } from '../../checker/check.ts';
import { buildSpec, specModuleUrl } from '../../spec/index.ts';
import type { SpecSource } from '../../checker/spec-source.ts';
import type { Spec, State } from '../../src/spec.ts';
import { twoPhaseSource } from './two-phase-reference.ts';

const [model, paramsJson, workersText, symmetryText, invariantsText] = process.argv.slice(2);
const params = JSON.parse(paramsJson!) as Record<string, number>;
const workers = Number(workersText);
const symmetry = symmetryText === 'sym';
// The benchmark's own models live beside it, not in the shipped registry.
const { spec, source }: { spec: Spec<State, unknown>; source: SpecSource } =
  model === 'two-phase'
    ? twoPhaseSource(params['rm'] ?? 3)
    : { spec: buildSpec(model!, params), source: { module: specModuleUrl, exportName: 'buildSpec', args: [model, params] } };
// CPU time as well as wall time: on a shared machine, the process's own CPU time varies
// far less than its wall time, which makes A/B comparisons of the engine meaningful.
const cpuBefore = process.cpuUsage();
const r = await check(spec, {
  workers,
  symmetry,
  invariants: invariantsText ? invariantsText.split(',') : undefined,
  source,
});
process.stdout.write(
  JSON.stringify({
    verdict: r.verdict,
    distinct: r.distinct,
    generated: r.generated,
    depth: r.depth,
    ms: r.durationMs,
    cpuMs: Math.round((({ user, system }) => (user + system) / 1000)(process.cpuUsage(cpuBefore))),
    peakRssBytes: process.resourceUsage().maxRSS * 1024,
    engineBytes: (r.stats['tableBytes'] ?? 0) + (r.stats['storeBytes'] ?? 0),
    stats: r.stats,
  }) + '\n',
);
