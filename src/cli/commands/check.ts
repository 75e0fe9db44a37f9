// `crank check <model>`: exhaustive search, TLC's figures, and a counterexample when a
// property fails. A thin layer: options in, `check()` from the library, its result out.
import { availableParallelism } from 'node:os';
import { check, LivenessError, ModelFault, SymmetryError, UnknownInvariantError, UnknownPropertyError } from '../../../checker/check.ts';
import { traceTo } from '../model-fault.ts';
import { instantiate } from '../../models.ts';
import { checkResultJson } from '../../results.ts';
import { defaultInvariantNames } from '../../spec-defaults.ts';
import type { Command } from '../command.ts';
import { EXIT_OK, EXIT_STOPPED, EXIT_VIOLATION, UsageError } from '../errors.ts';
import { Painter } from '../io.ts';
import { describeParams, modelChoice, PRESET_AND_VARIANT, MODEL_POSITIONAL } from '../model-options.ts';
import { progressReporter, statsReport, stoppedReport, summary } from '../report.ts';
import { LIVENESS_OPTIONS, PROPERTY_AND_TRACE_OPTIONS, requireInvariants } from '../shared-options.ts';
import { checkTraceTarget, emitTrace, traceTarget } from '../trace-output.ts';

const cores = availableParallelism();

export const checkCommand: Command = {
  name: 'check',
  describe: 'explore every reachable state of a model and check its invariants',
  positionals: [MODEL_POSITIONAL],
  takesModel: true,
  options: [
    { name: 'bfs', kind: 'flag', describe: 'breadth-first search: shortest counterexamples (the default)' },
    { name: 'dfs', kind: 'flag', describe: 'depth-first search' },
    { name: 'max-depth', kind: 'int', min: 1, describe: 'do not explore beyond this depth (initial states are depth 1)' },
    { name: 'workers', kind: 'int', min: 1, defaultText: `this machine's cores, ${cores}`, describe: 'worker threads for BFS (a small model stays on one thread)' },
    { name: 'symmetry', kind: 'flag', describe: "reduce by the model's declared symmetry" },
    { name: 'max-memory', kind: 'size', defaultText: 'half the machine, at most 8G', describe: 'stop cleanly (exit 3, figures so far) when resident memory passes this size, e.g. 4G' },
    { name: 'stats', kind: 'flag', describe: 'print engine statistics (table, store, symmetry work)' },
    ...PROPERTY_AND_TRACE_OPTIONS,
    ...LIVENESS_OPTIONS,
    ...PRESET_AND_VARIANT,
  ],
  epilog: 'Model parameters are options too: `crank check MODEL --help` lists those of MODEL.',
  async run({ options, model }, io) {
    const built = instantiate(model!, modelChoice(model!, options));
    const spec = built.spec;
    const painter = Painter.for(io, options.flag('color'));
    if (options.flag('bfs') && options.flag('dfs')) throw new UsageError('--bfs and --dfs exclude each other: choose one');
    const strategy = options.flag('dfs') ? 'dfs' : 'bfs';
    const workersGiven = options.int('workers');
    const json = options.flag('json') ?? false;
    const warn = (line: string): void => {
      if (!json) io.err(`crank: warning: ${line}\n`);
    };
    if (strategy === 'dfs' && workersGiven !== undefined) warn('--workers applies to BFS only; this DFS runs on one thread');
    if (workersGiven !== undefined && workersGiven > cores) warn(`--workers ${workersGiven} is more than this machine's ${cores} cores: expect more memory and no more speed`);
    const symmetry = options.flag('symmetry') ?? false;
    if (symmetry && spec.symmetry === undefined) throw new UsageError(`model ${built.definition.name} declares no symmetry, so --symmetry does not apply`);
    const invariants = requireInvariants(built.definition.name, spec, options.list('inv'));
    const origin = { model: built.definition.name, params: built.params, variant: built.variant };
    const target = traceTarget(options, origin);
    checkTraceTarget(spec, target);
    const workers = strategy === 'bfs' ? (workersGiven ?? cores) : 1;
    if (!json) io.err(header(built, strategy, workers, symmetry, invariants ?? defaultInvariantNames(spec)) + '\n');
    const progress = progressReporter(io);
    let result;
    try {
      result = await check(spec, {
        strategy,
        maxDepth: options.int('max-depth'),
        invariants,
        checkDeadlock: options.flag('deadlock'),
        symmetry,
        workers,
        source: built.source,
        maxMemoryBytes: options.int('max-memory'),
        onProgress: progress.report,
        progressIntervalMs: progress.intervalMs,
        signal: io.signal,
        properties: options.list('prop'),
        liveness: options.flag('liveness'),
        checkModel: options.flag('check-model') ?? false,
        // A test knob (docs/design.md): spill the frontier early, to test its clean-up.
        frontierBytes: io.env['CRANK_FRONTIER_BYTES'] !== undefined ? Number(io.env['CRANK_FRONTIER_BYTES']) : undefined,
      });
    } catch (err) {
      if (err instanceof UnknownInvariantError || err instanceof SymmetryError || err instanceof UnknownPropertyError || err instanceof LivenessError) throw new UsageError(err.message);
      if (err instanceof ModelFault && err.state !== undefined && Object.keys(err.state).length > 0) err.trace = await traceTo(spec, err.state);
      throw err;
    } finally {
      progress.done();
    }
    for (const w of result.warnings) warn(w);
    const cex = result.violation;
    const stopped = result.stoppedEarly !== undefined && cex === undefined;
    if (json) io.out(JSON.stringify(checkResultJson(origin, spec, result)) + '\n');
    else if (stopped) io.out(stoppedReport(result, painter) + '\n');
    else {
      if (cex !== undefined && target.out === undefined) emitTrace(spec, cex, target, io, painter, false);
      io.out(summary(result, painter) + '\n');
      if (options.flag('stats')) io.out(statsReport(result) + '\n');
    }
    if (target.out !== undefined && !stopped) {
      if (cex !== undefined) emitTrace(spec, cex, target, io, painter, json);
      else if (!json) io.out(`No counterexample; ${target.out} not written.\n`);
    }
    if (stopped) return io.interruptExitCode?.() ?? EXIT_STOPPED;
    return cex === undefined ? EXIT_OK : EXIT_VIOLATION;
  },
};

function header(built: ReturnType<typeof instantiate>, strategy: string, workers: number, symmetry: boolean, invariants: readonly string[]): string {
  const where = [built.preset ? `preset ${built.preset}` : describeParams(built.params), built.variant ? `variant ${built.variant}` : ''].filter(Boolean).join(', ');
  const how = [strategy.toUpperCase(), strategy === 'bfs' ? `up to ${workers} worker${workers === 1 ? '' : 's'}` : '', symmetry ? 'symmetry on' : ''].filter(Boolean).join(', ');
  const what = invariants.length > 0 ? `invariants ${invariants.join(', ')}` : 'no invariants';
  return `Checking ${built.definition.name}${where ? ` (${where})` : ''}: ${how}; ${what}.`;
}
