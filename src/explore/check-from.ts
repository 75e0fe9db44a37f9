// "Check from here": breadth-first search from the state at the end of a path, with the
// engine's own `check` on the Spec whose one initial state is that state. BFS finds a
// shortest counterexample, returned as the path extended by its steps.
import { check } from '../../checker/check.ts';
import type { Spec, State } from '../spec.ts';
import { pathOfCounterexample, startingAt, walk } from './session.ts';

export interface CheckProgress {
  readonly type: 'progress';
  readonly distinct: number;
  readonly generated: number;
  readonly depth: number;
  readonly queue: number;
  readonly elapsedMs: number;
}

export interface CheckDone {
  readonly type: 'done';
  readonly verdict: 'ok' | 'violation' | 'deadlock';
  readonly distinct: number;
  readonly generated: number;
  /** Depth of the search from the starting state (which is depth 1). */
  readonly depth: number;
  readonly durationMs: number;
  /** The invariant violated, or `Deadlock`. */
  readonly property?: string;
  /** The starting path extended by the shortest counterexample's steps. */
  readonly path?: readonly number[];
  /** The search stopped before finishing (the memory budget): the figures are partial. */
  readonly stoppedEarly?: string;
}

export interface CheckFailed {
  readonly type: 'error';
  readonly message: string;
}

export type CheckEvent = CheckProgress | CheckDone | CheckFailed;

export interface CheckFromRequest {
  readonly path: readonly number[];
  /** Invariants to check; default the model's defaults, as `crank check` does. */
  readonly invariants?: readonly string[];
}

const PROGRESS_MS = 250;

export async function checkFrom(spec: Spec<State, unknown>, request: CheckFromRequest, onProgress: (p: CheckProgress) => void): Promise<CheckDone> {
  const start = walk(spec, request.path).at(-1)!.state;
  const result = await check(startingAt(spec, start), {
    strategy: 'bfs',
    invariants: request.invariants,
    workers: 1,
    onProgress: (p) => onProgress({ type: 'progress', distinct: p.distinct, generated: p.generated, depth: p.depth, queue: p.queue, elapsedMs: p.elapsedMs }),
    progressIntervalMs: PROGRESS_MS,
  });
  const cex = result.violation;
  return {
    type: 'done',
    verdict: result.verdict,
    distinct: result.distinct,
    generated: result.generated,
    depth: result.depth,
    durationMs: result.durationMs,
    ...(cex === undefined ? {} : { property: cex.property, path: pathOfCounterexample(spec, cex, request.path) }),
    ...(result.stoppedEarly === undefined ? {} : { stoppedEarly: result.stoppedEarly }),
  };
}
