// Random simulation (TLC's -simulate, Quint's run): walk random behaviors from the
// initial states, checking the invariants at every step. For state spaces too big to
// exhaust. Each step picks uniformly among the successors that satisfy the constraint;
// the others are still checked against the invariants (as in exhaustive search), so a
// bug one step outside the bounds is caught too. A walk ends at the depth bound or where
// no successor stays within the constraint; a state with no successor at all is a
// deadlock. The same seed gives the same walks; the generator's state at the start of a
// failing walk (`failingSeed`, 32 hex digits) walks that behavior again, alone.
import { defaultInvariantNames, invariantTable, labelOf } from '../src/spec-defaults.ts';
import { UnknownInvariantError } from './errors.ts';
import type { Spec, State, StateLike } from '../src/spec.ts';
import { INITIAL_LABEL, type Counterexample, type TraceStep } from '../src/trace/trace.ts';
import { Random } from './random.ts';
import { stopReason } from './limits.ts';

export interface SimulateOptions {
  /** An integer, or a generator state (32 hex digits) as `failingSeed` reports it. */
  readonly seed: number | string;
  /** States per behavior at most (initial state included). */
  readonly depth: number;
  readonly runs?: number;
  readonly seconds?: number;
  readonly invariants?: readonly string[];
  readonly checkDeadlock?: boolean;
  readonly onProgress?: (runs: number, steps: number) => void;
  /** Stops the simulation between walks (a signal, a caller's timeout). */
  readonly signal?: AbortSignal;
}

export interface SimulateResult<S extends StateLike = State> {
  readonly verdict: 'ok' | 'violation' | 'deadlock';
  readonly runs: number;
  /** States visited over all walks. */
  readonly steps: number;
  readonly longest: number;
  readonly durationMs: number;
  readonly violation?: Counterexample<S>;
  /** The generator state at the start of the failing walk: `seed: failingSeed, runs: 1` walks it again, alone. */
  readonly failingSeed?: string;
  /** Set when the simulation was stopped before its runs or seconds were done. */
  readonly stoppedEarly?: string;
}

const YIELD_EVERY_MS = 100;

/** Random walks through a model (the state type may be an `interface`, as in defineModel). */
export async function simulate<S extends StateLike, E>(spec: Spec<S, E>, opts: SimulateOptions): Promise<SimulateResult<S>> {
  // The engine reads a state's variables by name (State): see check().
  return (await simulateStates(spec as unknown as Spec<State, E>, opts)) as unknown as SimulateResult<S>;
}

async function simulateStates<S extends State, E>(spec: Spec<S, E>, opts: SimulateOptions): Promise<SimulateResult<S>> {
  const started = Date.now();
  const names = opts.invariants ?? defaultInvariantNames(spec);
  const table = invariantTable(spec);
  const invariants = names.map((n) => {
    const inv = table.get(n);
    if (inv === undefined) throw new UnknownInvariantError(`unknown invariant '${n}' (this model has: ${[...table.keys()].join(', ') || 'none'})`);
    return [n, inv.holds] as const;
  });
  const checkDeadlock = opts.checkDeadlock ?? spec.checkDeadlock ?? true;
  const inits = spec.initialStates();
  const deadline = opts.seconds !== undefined ? started + opts.seconds * 1000 : Infinity;
  const maxRuns = opts.runs ?? (opts.seconds !== undefined ? Infinity : 1000);
  let runs = 0;
  let steps = 0;
  let longest = 0;
  const broken = (s: S): string | undefined => invariants.find(([, holds]) => !holds(s))?.[0];
  let yieldAt = started + YIELD_EVERY_MS;
  const random = typeof opts.seed === 'string' ? Random.fromState(opts.seed) : new Random(opts.seed);
  let seedOfWalk = random.stateHex();
  const result = (verdict: SimulateResult<S>['verdict'], violation?: Counterexample<S>, stoppedEarly?: string): SimulateResult<S> => ({
    verdict, runs, steps, longest, durationMs: Date.now() - started, violation, failingSeed: violation === undefined ? undefined : seedOfWalk, stoppedEarly,
  });
  while (runs < maxRuns && Date.now() < deadline) {
    if (Date.now() >= yieldAt) {
      // Let signal handlers and timers run: the walks are otherwise one synchronous loop.
      await new Promise((resolve) => setImmediate(resolve));
      yieldAt = Date.now() + YIELD_EVERY_MS;
    }
    if (opts.signal?.aborted) return result('ok', undefined, stopReason(opts.signal));
    seedOfWalk = random.stateHex();
    runs++;
    const first = inits[random.below(inits.length)]!;
    const trace: TraceStep<S>[] = [{ state: first, label: INITIAL_LABEL }];
    steps++;
    let bad = broken(first);
    while (bad === undefined && trace.length < opts.depth) {
      const state = trace[trace.length - 1]!.state;
      const options: { event: E; succ: S }[] = [];
      let successors = 0;
      for (const event of spec.events(state)) {
        for (const succ of spec.next(state, event)) {
          successors++;
          if (spec.constraint === undefined || spec.constraint(succ)) options.push({ event, succ });
          else if ((bad = broken(succ)) !== undefined) {
            trace.push({ state: succ, event, label: labelOf(spec, event, state) });
            break;
          }
        }
        if (bad !== undefined) break;
      }
      if (bad !== undefined) break;
      if (successors === 0 && checkDeadlock) return result('deadlock', { property: 'Deadlock', kind: 'deadlock', steps: trace });
      if (options.length === 0) break;
      const pick = options[random.below(options.length)]!;
      trace.push({ state: pick.succ, event: pick.event, label: labelOf(spec, pick.event, state) });
      steps++;
      bad = broken(pick.succ);
    }
    if (trace.length > longest) longest = trace.length;
    if (bad !== undefined) return result('violation', { property: bad, kind: 'invariant', steps: trace });
    if (runs % 64 === 0) opts.onProgress?.(runs, steps);
  }
  return result('ok');
}
