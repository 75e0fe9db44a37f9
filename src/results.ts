// What a run's result says, as data: the one object `--json` prints, built here in the
// library so that the command line and a user's program report the same thing.
import type { CheckResult } from '../checker/check.ts';
import type { SimulateResult } from '../checker/simulate.ts';
import type { Spec, State, StateLike } from './spec.ts';
import { jsonLoop, jsonSteps, type Json } from './trace/json.ts';
import type { Counterexample } from './trace/trace.ts';

/** How a run ended: `stopped` when it did not finish (memory budget, a signal). */
export type Outcome = 'ok' | 'violation' | 'deadlock' | 'stopped';

export interface RunIdentity {
  readonly model: string;
  readonly params?: Readonly<Record<string, number>>;
  readonly variant?: string;
}

function violationJson<S extends StateLike>(model: Spec<S, unknown>, trace: Counterexample<S> | undefined): { violation?: Json } {
  // The printers read a state's variables by name (State): see check().
  const spec = model as unknown as Spec<State, unknown>;
  const cex = trace as unknown as Counterexample<State> | undefined;
  return cex === undefined ? {} : { violation: { property: cex.property, kind: cex.kind, trace: jsonSteps(spec, cex), ...(cex.loop !== undefined ? { loop: jsonLoop(cex.loop) } : {}) } };
}

function identityJson(id: RunIdentity): { [k: string]: Json } {
  return {
    model: id.model,
    ...(id.params !== undefined && Object.keys(id.params).length > 0 ? { params: { ...id.params } } : {}),
    ...(id.variant !== undefined ? { variant: id.variant } : {}),
  };
}

/**
 * The `--json` object of a check: `result` is ok, violation, deadlock or stopped; a
 * stopped run carries `reason` and the figures so far.
 */
export function checkResultJson<S extends StateLike>(id: RunIdentity, spec: Spec<S, unknown>, result: CheckResult<S>): { [k: string]: Json } {
  const stopped = result.stoppedEarly !== undefined && result.violation === undefined;
  return {
    ...identityJson(id),
    result: stopped ? 'stopped' : result.verdict,
    ...(stopped ? { reason: result.stoppedEarly! } : {}),
    distinct: result.distinct,
    generated: result.generated,
    depth: result.depth,
    durationMs: result.durationMs,
    workers: result.workers,
    ...(result.properties !== undefined ? { properties: [...result.properties] } : {}),
    ...violationJson(spec, result.violation),
    ...(result.warnings.length > 0 ? { warnings: [...result.warnings] } : {}),
  };
}

/** The `--json` object of a simulation. */
export function simulateResultJson<S extends StateLike>(id: RunIdentity, spec: Spec<S, unknown>, seed: number | string, result: SimulateResult<S>): { [k: string]: Json } {
  const stopped = result.stoppedEarly !== undefined && result.violation === undefined;
  return {
    ...identityJson(id),
    result: stopped ? 'stopped' : result.verdict,
    ...(stopped ? { reason: result.stoppedEarly! } : {}),
    seed,
    ...(result.failingSeed !== undefined ? { failingSeed: result.failingSeed } : {}),
    runs: result.runs,
    states: result.steps,
    longest: result.longest,
    durationMs: result.durationMs,
    ...violationJson(spec, result.violation),
  };
}
