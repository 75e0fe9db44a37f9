// `crank simulate <model>`: random behaviors, checked at every step; a violation prints
// its trace and the seed that reproduces it.
import type { Argv, CommandModule } from 'yargs';
import { hideBin } from 'yargs/helpers';
import { simulate } from '../../../checker/simulate.ts';
import type { TraceFormat } from '../../trace/output.ts';
import { jsonSteps } from '../../trace/json.ts';
import { checkTraceTarget, emitTrace } from '../trace-output.ts';
import { declarePropertyAndTraceOptions, requireInvariants } from '../shared-options.ts';
import { EXIT_OK, EXIT_VIOLATION, UsageError } from '../errors.ts';
import { buildModel, declareModelOptions, modelFromArgv, requireModel } from '../model-options.ts';
import { count, seconds } from '../report.ts';

interface SimulateArgs {
  model: string;
  depth: number;
  runs?: number;
  seconds?: number;
  seed?: number;
  inv?: string[];
  deadlock?: boolean;
  json?: boolean;
  'trace-format': TraceFormat;
  out?: string;
  full?: boolean;
  [key: string]: unknown;
}

const positiveInt = (name: string, v: number | undefined): void => {
  if (v !== undefined && (!Number.isInteger(v) || v < 1)) throw new UsageError(`--${name} must be a positive integer, got '${v}'`);
};

export const simulateCommand: CommandModule<object, SimulateArgs> = {
  command: 'simulate <model>',
  describe: 'walk random behaviors of a model, checking invariants at every step',
  builder: (y: Argv) =>
    declareModelOptions(
      declarePropertyAndTraceOptions(
        y
          .positional('model', { type: 'string', describe: 'model name (see `crank list`)', demandOption: true })
          .option('depth', { type: 'number', default: 100, describe: 'states per behavior at most' })
          .option('runs', { type: 'number', describe: 'number of behaviors (default 1000, or unbounded with --seconds)' })
          .option('seconds', { type: 'number', describe: 'stop after this many seconds' })
          .option('seed', { type: 'number', describe: 'seed of the random walks (default: random, printed)' })),
      modelFromArgv(hideBin(process.argv), 'simulate'),
    ) as unknown as Argv<SimulateArgs>,
  handler: (argv) => {
    const built = buildModel(requireModel(argv.model), argv);
    positiveInt('depth', argv.depth);
    positiveInt('runs', argv.runs);
    if (argv.seconds !== undefined && !(argv.seconds > 0)) throw new UsageError(`--seconds must be a positive number, got '${argv.seconds}'`);
    if (argv.seed !== undefined && !Number.isInteger(argv.seed)) throw new UsageError(`--seed must be an integer, got '${argv.seed}'`);
    requireInvariants(built, argv.inv);
    checkTraceTarget(built.spec, argv);
    const seed = argv.seed ?? Math.floor(Math.random() * 2 ** 31);
    if (!argv.json) process.stderr.write(`Simulating ${built.model.name} with seed ${seed}, behaviors of up to ${argv.depth} states...\n`);
    const r = simulate(built.spec, {
      seed,
      depth: argv.depth,
      runs: argv.runs,
      seconds: argv.seconds,
      invariants: argv.inv,
      checkDeadlock: argv.deadlock,
    });
    const cex = r.violation;
    const rerun = `crank ${process.argv.slice(2).filter((a, i, all) => a !== '--seed' && all[i - 1] !== '--seed').join(' ')} --seed ${seed}`;
    if (argv.json) {
      const out = { model: built.model.name, result: r.verdict, seed, runs: r.runs, states: r.steps, longest: r.longest, durationMs: r.durationMs, ...(cex ? { violation: { property: cex.property, trace: jsonSteps(built.spec, cex) } } : {}) };
      process.stdout.write(JSON.stringify(out) + '\n');
    } else {
      if (cex !== undefined && argv.out === undefined) emitTrace(built.spec, cex, argv, false);
      const verdict = r.verdict === 'ok' ? 'No violation found.' : r.verdict === 'deadlock' ? 'Deadlock found.' : `Invariant ${cex!.property} is violated.`;
      process.stdout.write(`${verdict}\n${count(r.runs)} behaviors, ${count(r.steps)} states, longest ${r.longest}, in ${seconds(r.durationMs)}. Seed ${seed}.\n`);
      if (cex !== undefined) process.stdout.write(`Reproduce with: ${rerun}\n`);
    }
    if (cex !== undefined && argv.out !== undefined) emitTrace(built.spec, cex, argv, argv.json === true);
    process.exitCode = cex === undefined ? EXIT_OK : EXIT_VIOLATION;
  },
};
