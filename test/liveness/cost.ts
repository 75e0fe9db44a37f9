// What liveness costs, for the README: `npx tsx test/liveness/cost.ts` (not a test).
// For each model: the safety search alone, then the liveness pass (graph build and the
// decision of every property), and the bytes the graph and the algorithm's arrays hold.
import { check } from '../../checker/check.ts';
import { buildRaftAbstract } from '../../spec/raft-abstract/model.ts';
import { buildTrafficLight } from '../../spec/traffic-light/model.ts';
import type { Spec, State } from '../../src/spec.ts';

const runs: [string, Spec<State, unknown>][] = [
  ['traffic-light', buildTrafficLight() as unknown as Spec<State, unknown>],
  ['raft-abstract (3 servers, max-term 4)', buildRaftAbstract() as unknown as Spec<State, unknown>],
  ['raft-abstract --max-term 6', buildRaftAbstract({ maxTerm: 6 }) as unknown as Spec<State, unknown>],
  ['raft-abstract --servers 5 --max-term 3', buildRaftAbstract({ servers: 5, maxTerm: 3 }) as unknown as Spec<State, unknown>],
];

const mib = (b: number): string => (b / 2 ** 20).toFixed(1);
for (const [name, spec] of runs) {
  const safety = await check(spec, { liveness: false });
  // Every property, on one graph (a violated one stops the rest, so run each).
  for (const prop of Object.keys(spec.properties ?? {})) {
    global.gc?.();
    const before = process.memoryUsage();
    const r = await check(spec, { properties: [prop] });
    const after = process.memoryUsage();
    const st = r.stats;
    const states = st['livenessStates']!;
    console.log(
      [
        name,
        prop,
        r.verdict,
        `${states} states, ${st['livenessEdges']} edges`,
        `safety ${safety.durationMs} ms`,
        `graph ${st['livenessGraphMs']} ms, decide ${st['livenessCheckMs']} ms`,
        `graph ${mib(st['livenessGraphBytes']!)} MiB = ${(st['livenessGraphBytes']! / states).toFixed(0)} B/state`,
        `rss +${mib(after.rss - before.rss)} MiB, peak rss ${mib(after.rss)} MiB`,
      ].join(' | '),
    );
  }
}
