// The engine's entry point: explore a model's state space and report TLC's figures
// and the first property violation found, with its trace.
import type { Spec, State } from '../src/spec.ts';
import type { Counterexample } from '../src/trace/trace.ts';
import { StateCodec } from '../src/values/state-codec.ts';
import { breadthFirst } from './bfs.ts';
import { depthFirst } from './dfs.ts';
import { Exploration, type Fingerprinter } from './exploration.ts';
import { Ticker, type Progress } from './progress.ts';
import { rebuildTrace } from './trace-rebuild.ts';

export type { Progress } from './progress.ts';

export interface CheckOptions {
  readonly strategy?: 'bfs' | 'dfs';
  /** Do not expand states at this depth (initial states are depth 1). */
  readonly maxDepth?: number;
  /** Invariants to check, by name; default all the model declares. */
  readonly invariants?: readonly string[];
  /** Overrides the model's own `checkDeadlock`. */
  readonly checkDeadlock?: boolean;
  readonly onProgress?: (p: Progress) => void;
  readonly progressIntervalMs?: number;
}

export type Verdict = 'ok' | 'violation' | 'deadlock';

export interface CheckResult<S extends State = State> {
  readonly verdict: Verdict;
  readonly distinct: number;
  readonly generated: number;
  readonly depth: number;
  readonly durationMs: number;
  /** TLC's estimate: distinct × (generated − distinct) / 2^64. */
  readonly collisionProbability: number;
  readonly violation?: Counterexample<S>;
}

export class UnknownInvariantError extends Error {}

export async function check<S extends State, E>(spec: Spec<S, E>, options: CheckOptions = {}): Promise<CheckResult<S>> {
  const started = Date.now();
  const names = options.invariants ?? Object.keys(spec.invariants);
  for (const name of names) {
    if (!(name in spec.invariants)) {
      throw new UnknownInvariantError(`unknown invariant '${name}' (this model has: ${Object.keys(spec.invariants).join(', ') || 'none'})`);
    }
  }
  const codec = new StateCodec<S>(spec.variables);
  const fingerprint: Fingerprinter<S> = (s, out) => codec.fingerprint(s, out);
  const x = new Exploration(spec, fingerprint, names);
  const checkDeadlock = options.checkDeadlock ?? spec.checkDeadlock ?? true;
  const ticker = new Ticker(options.onProgress, options.progressIntervalMs ?? 2000);
  if ((options.strategy ?? 'bfs') === 'bfs') breadthFirst(x, codec, checkDeadlock, ticker, options.maxDepth);
  else depthFirst(x, checkDeadlock, ticker, options.maxDepth);
  const found = x.found;
  const result = {
    verdict: found === undefined ? 'ok' : found.kind === 'deadlock' ? 'deadlock' : 'violation',
    distinct: x.distinct,
    generated: x.generated,
    depth: x.depth,
    durationMs: Date.now() - started,
    collisionProbability: x.collisionProbability(),
    violation: found === undefined ? undefined : rebuildTrace(x, found),
  } satisfies CheckResult<S>;
  return result;
}
