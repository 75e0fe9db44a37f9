// The engine's entry point: explore a model's state space and report TLC's figures
// and the first property violation found, with its trace.
import { defaultInvariantNames, invariantTable } from '../src/spec-defaults.ts';
import type { Spec, State, StateLike } from '../src/spec.ts';
import type { Counterexample } from '../src/trace/trace.ts';
import { StateCodec } from '../src/values/state-codec.ts';
import { breadthFirst } from './bfs.ts';
import { depthFirst } from './dfs.ts';
import { Exploration } from './exploration.ts';
import { makeFingerprinter } from './fingerprinter.ts';
import { Limits } from './limits.ts';
import { parallelBreadthFirst, WorkerPool, type ParallelOptions } from './parallel-bfs.ts';
import { Ticker, type Progress } from './progress.ts';
import type { SpecSource } from './spec-source.ts';
import { SymmetryError, UnknownInvariantError } from './errors.ts';
import { checkSymmetryIsSound, symmetryProbe } from './symmetry-guard.ts';
import { rebuildTrace } from './trace-rebuild.ts';
import { guardedSpec } from './model-guard.ts';
export { ModelFault } from './model-guard.ts';
import { checkLiveness, plannedProperties } from './liveness-check.ts';

export type { Progress } from './progress.ts';
export type { SpecSource } from './spec-source.ts';
export { LivenessError, SymmetryError, UnknownInvariantError, UnknownPropertyError } from './errors.ts';

export interface CheckOptions {
  readonly strategy?: 'bfs' | 'dfs';
  /** Do not expand states at this depth (initial states are depth 1). */
  readonly maxDepth?: number;
  /** Invariants to check, by name; default all the model declares. */
  readonly invariants?: readonly string[];
  /** Overrides the model's own `checkDeadlock`. */
  readonly checkDeadlock?: boolean;
  /** Merge states that differ by a renaming of the model's symmetric values. */
  readonly symmetry?: boolean;
  /** Worker threads for BFS (default 1). More than one needs `source`. */
  readonly workers?: number;
  /** Frontier width at which BFS moves to worker threads (default 4096). */
  readonly handOffAt?: number;
  /** Where worker threads load the same Spec from. */
  readonly source?: SpecSource;
  /** How many distinct states to size the seen set and the store for up front (they grow past it). */
  readonly expectedStates?: number;
  /** Stop cleanly when resident memory passes this many bytes. */
  readonly maxMemoryBytes?: number;
  readonly onProgress?: (p: Progress) => void;
  readonly progressIntervalMs?: number;
  /**
   * Stops the search cleanly (workers stopped, temporary files removed); the result then
   * has `stoppedEarly` set to the signal's reason (a string) or "interrupted".
   */
  readonly signal?: AbortSignal;
  /**
   * Check the model itself on every state (inputs never mutated, states well formed,
   * invariants boolean); by default only each thread's first 2,000 states are.
   */
  readonly checkModel?: boolean;
  /** Frontier bytes kept in memory before the rest spills to a temporary file (default: a quarter of the memory budget, at least 16 MiB). */
  readonly frontierBytes?: number;
  /** Temporal properties to check, by name; default the model's (see Spec.properties). */
  readonly properties?: readonly string[];
  /** False: skip the temporal properties (default true when the model declares any). */
  readonly liveness?: boolean;
}

export type Verdict = 'ok' | 'violation' | 'deadlock';

export interface CheckResult<S extends StateLike = State> {
  readonly verdict: Verdict;
  readonly distinct: number;
  readonly generated: number;
  readonly depth: number;
  readonly durationMs: number;
  /** TLC's estimate: distinct × (generated − distinct) / 2^64. */
  readonly collisionProbability: number;
  readonly violation?: Counterexample<S>;
  /** Set when the search stopped before finishing (memory budget, a signal); figures are partial. */
  readonly stoppedEarly?: string;
  /** What the caller asked for and did not get, and why (e.g. workers for a Spec without a source). */
  readonly warnings: readonly string[];
  readonly workers: number;
  /** Engine statistics: table and store sizes, symmetry work. */
  readonly stats: Readonly<Record<string, number>>;
  /** The temporal properties decided (all of them unless one is violated: then the rest were not). */
  readonly properties?: readonly string[];
}


/** Frontier width at which BFS moves from the main thread to worker threads. */
const HAND_OFF_STATES = 4096;
/**
 * Frontier width below which workers are never started: they take a moment and tens of
 * MB to load, which a small model would pay for nothing.
 */
const WARM_UP_STATES = 256;

/**
 * Whether to start loading the workers before the level of width `states`: when the
 * next level, at the growth the last two levels showed, is predicted to reach the
 * hand-off width. A state space that stops growing (raft's default preset: levels
 * of at most ~2,000 states) never starts them.
 */
export function workersDue(states: number, previous: number, handOffAt: number): boolean {
  if (states >= handOffAt) return true;
  if (states < Math.min(handOffAt, WARM_UP_STATES) || previous === 0) return false;
  return states * (states / previous) >= handOffAt;
}

/**
 * Checks a model exhaustively: the figures, verdict and counterexample the command line
 * prints. The state type may be an `interface` (no index signature), as in defineModel.
 */
export async function check<S extends StateLike, E>(modelSpec: Spec<S, E>, options: CheckOptions = {}): Promise<CheckResult<S>> {
  // The engine reads a state's variables by name (State); an interface has no index
  // signature to say it may, so the model's own state type is restored on the way out.
  return (await checkStates(modelSpec as unknown as Spec<State, E>, options)) as unknown as CheckResult<S>;
}

async function checkStates<S extends State, E>(modelSpec: Spec<S, E>, options: CheckOptions): Promise<CheckResult<S>> {
  const started = Date.now();
  const spec = guardedSpec(modelSpec, { everyState: options.checkModel ?? false });
  const names = options.invariants ?? defaultInvariantNames(spec);
  const table = invariantTable(spec);
  for (const name of names) {
    if (!table.has(name)) {
      throw new UnknownInvariantError(`unknown invariant '${name}' (this model has: ${[...table.keys()].join(', ') || 'none'})`);
    }
  }
  const symmetry = options.symmetry ?? false;
  if (symmetry && spec.symmetry === undefined) throw new SymmetryError('this model declares no symmetry');
  if (symmetry) checkSymmetryIsSound(spec, names);
  const properties = plannedProperties(spec, { properties: options.properties, liveness: options.liveness, maxDepth: options.maxDepth });
  const codec = new StateCodec<S>(spec.variables);
  const { fingerprint, reducer } = makeFingerprinter(spec, codec, symmetry);
  // The model's estimate counts states, not orbits: under symmetry it would oversize.
  const x = Exploration.standalone(spec, fingerprint, names, options.expectedStates ?? (symmetry ? undefined : spec.expectedStates));
  if (symmetry) x.probe = symmetryProbe(spec, names);
  const checkDeadlock = options.checkDeadlock ?? spec.checkDeadlock ?? true;
  const ticker = new Ticker(options.onProgress, options.progressIntervalMs ?? 2000);
  const limits = Limits.forBudget(options.maxMemoryBytes, options.signal, options.frontierBytes);
  const strategy = options.strategy ?? 'bfs';
  const warnings: string[] = [];
  const asked = Math.max(1, options.workers ?? 1);
  if (asked > 1 && strategy !== 'bfs') warnings.push(`workers apply to BFS only; this ${strategy.toUpperCase()} runs on one thread`);
  else if (asked > 1 && options.source === undefined) {
    warnings.push('ran on one thread: worker threads need to know where to load the model from (pass `source`, or check a model loaded with buildModel)');
  }
  const workers = strategy === 'bfs' && options.source !== undefined ? asked : 1;
  // Figures of a run on the main thread; a hand-off to workers replaces them.
  let generated: number;
  let depth: number;
  let stats: Record<string, number>;
  let workersUsed = 1;
  if (strategy === 'bfs') {
    // With workers, the main thread starts alone, starts the workers once a level shows
    // the run is not tiny (they take a moment to load), and hands over once a level is
    // wide enough to keep them busy.
    const parallel: ParallelOptions = { source: options.source!, values: codec.store.buffers(), workers, invariants: names, checkDeadlock, symmetry, maxDepth: options.maxDepth ?? Infinity, checkModel: options.checkModel ?? false };
    const handOffAt = options.handOffAt ?? HAND_OFF_STATES;
    let pool: WorkerPool | undefined;
    try {
      let previous = 0;
      const pending = await breadthFirst(x, codec, checkDeadlock, ticker, limits, options.maxDepth, (states) => {
        if (workers === 1) return 'continue';
        if (pool === undefined && workersDue(states, previous, handOffAt)) pool = new WorkerPool(parallel);
        previous = states;
        return states >= handOffAt ? 'hand-off' : 'continue';
      });
      generated = x.generated;
      depth = x.depth;
      stats = { ...reducer?.stats() };
      if (pending !== undefined) {
        const outcome = await parallelBreadthFirst(x, codec, pool!, parallel, ticker, limits, pending);
        generated = outcome.generated;
        depth = outcome.depth;
        for (const [k, v] of Object.entries(outcome.stats)) stats[k] = (stats[k] ?? 0) + v;
        workersUsed = workers;
      }
    } finally {
      await pool?.close();
    }
  } else {
    await depthFirst(x, checkDeadlock, ticker, limits, options.maxDepth);
    generated = x.generated;
    depth = x.depth;
    stats = { ...reducer?.stats() };
  }
  stats['workersUsed'] = workersUsed;
  stats['tableCapacity'] = x.table.capacity;
  stats['tableBytes'] = x.table.words.byteLength;
  stats['storeBytes'] = x.store.bytes();
  // The distinct variable values the frontier's states are made of (value-store.ts).
  stats['values'] = codec.store.count();
  stats['valueBytes'] = codec.store.bytesUsed();
  const found = x.found;
  // Liveness: after a complete safety search, in its own single-threaded pass on the
  // unreduced graph (plain fingerprints, whatever --symmetry did for safety).
  // It reports progress and stops on the memory budget like the search (limits.reason).
  const control = { tick: (c: { generated: number; distinct: number; depth: number }, queue: number) => ticker.tick(c, queue), shouldStop: () => limits.exceeded() };
  const live = found === undefined && limits.reason === undefined && properties.length > 0 ? checkLiveness(spec, properties, codec, makeFingerprinter(spec, codec, false).fingerprint, control) : undefined;
  if (live !== undefined) Object.assign(stats, live.stats);
  const violation = live?.violation ?? (found === undefined ? undefined : rebuildTrace(x, found));
  return {
    verdict: violation === undefined ? 'ok' : found?.kind === 'deadlock' ? 'deadlock' : 'violation',
    distinct: x.distinct,
    generated,
    depth,
    durationMs: Date.now() - started,
    collisionProbability: x.collisionProbability(generated),
    violation,
    stoppedEarly: limits.reason,
    warnings,
    workers: workersUsed,
    stats,
    ...(live !== undefined ? { properties: live.decided } : {}),
  };
}
