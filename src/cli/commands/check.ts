// `crank check <model>`: exhaustive search, TLC's figures, and a counterexample when a
// property fails.
import { availableParallelism } from 'node:os';
import type { Argv, CommandModule } from 'yargs';
import { hideBin } from 'yargs/helpers';
import { check, LivenessError, SymmetryError, UnknownInvariantError, UnknownPropertyError } from '../../../checker/check.ts';
import { parseSize } from '../../../checker/limits.ts';
import { specModuleUrl } from '../../../spec/index.ts';
import type { TraceFormat } from '../../trace/output.ts';
import { jsonLoop, jsonSteps } from '../../trace/json.ts';
import { checkTraceTarget, emitTrace } from '../trace-output.ts';
import { declareLivenessOptions, declarePropertyAndTraceOptions, livenessOptions, requireInvariants } from '../shared-options.ts';
import { EXIT_OK, EXIT_VIOLATION, ResourceError, UsageError } from '../errors.ts';
import { buildModel, declareModelOptions, describeParams, modelFromArgv, requireModel } from '../model-options.ts';
import { progressReporter, statsReport, summary } from '../report.ts';

interface CheckArgs {
  model: string;
  bfs?: boolean;
  dfs?: boolean;
  'max-depth'?: number;
  workers?: number;
  inv?: string[];
  deadlock?: boolean;
  symmetry?: boolean;
  json?: boolean;
  'trace-format': TraceFormat;
  out?: string;
  full?: boolean;
  'max-memory'?: string;
  stats?: boolean;
  [key: string]: unknown;
}

export const checkCommand: CommandModule<object, CheckArgs> = {
  command: 'check <model>',
  describe: 'explore every reachable state of a model and check its invariants',
  builder: (y: Argv) =>
    declareModelOptions(
      declareLivenessOptions(declarePropertyAndTraceOptions(
        y
          .positional('model', { type: 'string', describe: 'model name (see `crank list`)', demandOption: true })
          .option('bfs', { type: 'boolean', describe: 'breadth-first search: shortest counterexamples (default)' })
          .option('dfs', { type: 'boolean', describe: 'depth-first search' })
          .conflicts('bfs', 'dfs')
          .option('max-depth', { type: 'number', describe: 'do not explore beyond this depth (initial states are depth 1)' })
          .option('workers', { type: 'number', describe: `worker threads for BFS (default: available parallelism, here ${availableParallelism()})` })
          .option('symmetry', { type: 'boolean', describe: "reduce by the model's declared symmetry" })
          .option('max-memory', { type: 'string', describe: 'stop cleanly (exit 3) when resident memory passes this size, e.g. 4G (default: half the machine, at most 8G)' })
          .option('stats', { type: 'boolean', describe: 'print engine statistics (table, store, symmetry work)' }))),
      modelFromArgv(hideBin(process.argv), 'check'),
    ) as unknown as Argv<CheckArgs>,
  handler: async (argv) => {
    const built = buildModel(requireModel(argv.model), argv);
    const maxDepth = argv['max-depth'];
    if (maxDepth !== undefined && (!Number.isInteger(maxDepth) || maxDepth < 1)) throw new UsageError(`--max-depth must be a positive integer, got '${maxDepth}'`);
    const workers = argv.workers;
    if (workers !== undefined && (!Number.isInteger(workers) || workers < 1)) throw new UsageError(`--workers must be a positive integer, got '${workers}'`);
    if (argv.symmetry && built.spec.symmetry === undefined) throw new UsageError(`model ${built.model.name} declares no symmetry, so --symmetry does not apply`);
    requireInvariants(built, argv.inv);
    checkTraceTarget(built.spec, argv);
    const maxMemory = argv['max-memory'] === undefined ? undefined : parseSize(argv['max-memory']);
    if (argv['max-memory'] !== undefined && maxMemory === undefined) throw new UsageError(`--max-memory must be a size such as 512M or 4G, got '${argv['max-memory']}'`);
    const strategy = argv.dfs ? 'dfs' : 'bfs';
    const progress = progressReporter(process.stderr);
    const where = [built.preset ? `preset ${built.preset}` : describeParams(built.params), built.variant ? `variant ${built.variant}` : ''].filter(Boolean).join(', ');
    if (!argv.json) process.stderr.write(`Checking ${built.model.name}${where ? ` (${where})` : ''} with ${strategy.toUpperCase()}...\n`);
    let result;
    try {
      result = await check(built.spec, {
        strategy,
        maxDepth,
        invariants: argv.inv,
        checkDeadlock: argv.deadlock,
        symmetry: argv.symmetry,
        workers: workers ?? availableParallelism(),
        source: { module: specModuleUrl, exportName: 'buildSpec', args: [built.model.name, built.params, built.variant] },
        maxMemoryBytes: maxMemory,
        onProgress: progress.report,
        progressIntervalMs: progress.intervalMs,
        ...livenessOptions(argv),
      });
    } catch (err) {
      if (err instanceof UnknownInvariantError || err instanceof SymmetryError || err instanceof UnknownPropertyError || err instanceof LivenessError) throw new UsageError(err.message);
      throw err;
    } finally {
      progress.done();
    }
    const cex = result.violation;
    if (result.stoppedEarly !== undefined) {
      if (!argv.json) process.stdout.write(summary(result) + '\n');
      throw new ResourceError(`${result.stoppedEarly}; figures so far: ${result.distinct} distinct, ${result.generated} generated, depth ${result.depth}`);
    }
    if (argv.json) {
      const out = {
        model: built.model.name,
        result: result.verdict,
        distinct: result.distinct,
        generated: result.generated,
        depth: result.depth,
        durationMs: result.durationMs,
        ...(cex ? { violation: { property: cex.property, trace: jsonSteps(built.spec, cex), ...(cex.loop ? { loop: jsonLoop(cex.loop) } : {}) } } : {}),
      };
      process.stdout.write(JSON.stringify(out) + '\n');
    } else {
      if (cex !== undefined && argv.out === undefined) emitTrace(built.spec, cex, argv, false);
      process.stdout.write(summary(result) + '\n');
      if (argv.stats) process.stdout.write(statsReport(result) + '\n');
    }
    if (cex !== undefined && argv.out !== undefined) emitTrace(built.spec, cex, argv, argv.json === true);
    process.exitCode = cex === undefined ? EXIT_OK : EXIT_VIOLATION;
  },
};
