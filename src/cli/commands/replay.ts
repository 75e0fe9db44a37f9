// `crank replay <model> <file>`: is the trace in the file a behavior of the model?
// Reads TLC's printed error trace, a TLC trace module, ITF or crank's JSON (detected from
// the content), names the model's action for every step, or shows the first step the
// model cannot take with a per-variable diff.
//
// Exit codes: 0 the trace is a behavior; 1 a step is not; 2 the file is malformed or
// does not fit the model (one line, `file:line:col: message`), or bad options.
import { readFileSync } from 'node:fs';
import type { Argv, CommandModule } from 'yargs';
import { hideBin } from 'yargs/helpers';
import type { ModelDefinition } from '../../spec.ts';
import { TraceSyntaxError } from '../../tla/errors.ts';
import { FORMAT_NAMES, readTrace, type TraceFile } from '../../trace/read.ts';
import { checkTraceVariables, formatRejection, loopReport, replayModel } from '../../trace/replay.ts';
import { EXIT_OK, EXIT_USAGE, EXIT_VIOLATION, UsageError } from '../errors.ts';
import { buildModel, declareModelOptions, describeParams, modelFromArgv, optionName, requireModel } from '../model-options.ts';

interface ReplayArgs {
  model: string;
  file: string;
  [key: string]: unknown;
}

export interface ReplayOutput {
  readonly out: (line: string) => void;
  readonly err: (line: string) => void;
}

/** Runs a replay as the command line does, writing lines to `io`; returns the exit code. */
export function runReplay(model: ModelDefinition, file: string, argv: Readonly<Record<string, unknown>>, io: ReplayOutput): number {
  let text: string;
  try {
    text = readFileSync(file, 'utf8');
  } catch (err) {
    const code = (err as NodeJS.ErrnoException).code;
    throw new UsageError(`cannot read ${file}: ${code === 'ENOENT' ? 'no such file' : code === 'EISDIR' ? 'it is a directory' : (err as Error).message}`);
  }
  let trace: TraceFile;
  try {
    trace = readTrace(text);
  } catch (err) {
    if (err instanceof TraceSyntaxError) {
      io.err(err.format(file));
      return EXIT_USAGE;
    }
    throw err;
  }
  // Parameters: defaults < preset < the trace's own (crank's JSON) < inferred < options.
  const explicit = new Set(Object.keys(model.params).filter((p) => argv[optionName(p)] !== undefined));
  const withFile: Record<string, unknown> = { ...argv };
  if (argv['preset'] === undefined && trace.params !== undefined) {
    for (const [k, v] of Object.entries(trace.params)) if (k in model.params && !explicit.has(k)) withFile[optionName(k)] = String(v);
  }
  const built = buildModel(model, withFile);
  const free = argv['preset'] !== undefined ? [] : Object.keys(model.params).filter((p) => !explicit.has(p));
  try {
    checkTraceVariables(built.spec, trace, model.name);
  } catch (err) {
    if (err instanceof TraceSyntaxError) {
      io.err(err.format(file));
      return EXIT_USAGE;
    }
    throw err;
  }
  const { params, result, inferred } = replayModel(model, trace, built.params, free, built.variant);
  const width = String(trace.states.length).length;
  for (const step of result.accepted) {
    const also = step.alternatives.length > 0 ? ` (or ${step.alternatives.join(', or ')})` : '';
    io.out(`State ${String(step.index).padStart(width)}: ${step.label}${also}`);
  }
  const fromTrace = inferred.length > 0 ? ` (${inferred.map((p) => `--${optionName(p)}`).join(', ')} inferred from the trace)` : '';
  const options = [describeParams(params), built.variant ? `--variant ${built.variant}` : ''].filter(Boolean).join(' ');
  const where = `${model.name}${options ? ` with ${options}` : ''}${fromTrace}`;
  const what = `${file} (${FORMAT_NAMES[trace.format]}, ${trace.states.length} state${trace.states.length === 1 ? '' : 's'})`;
  // Liveness (a lasso): the loop must close too.
  if (result.loop !== undefined) io.out(loopReport(result.loop, trace.states.length));
  if (result.loop !== undefined && !result.loop.closes) {
    io.out(`Trace rejected at its loop: ${what} is not a behavior of ${where}.`);
    return EXIT_VIOLATION;
  }
  if (result.rejection === undefined) {
    io.out(`Trace accepted: ${what} is a behavior of ${where}.`);
    return EXIT_OK;
  }
  io.out('');
  for (const line of formatRejection(result.rejection, model.name)) io.out(line);
  io.out('');
  io.out(`Trace rejected at state ${result.rejection.index} (line ${result.rejection.line}): ${what} is not a behavior of ${where}.`);
  return EXIT_VIOLATION;
}

export const replayCommand: CommandModule<object, ReplayArgs> = {
  command: 'replay <model> <file>',
  describe: "check that a trace (TLC's error trace or trace module, ITF, crank's JSON) is a behavior of a model",
  builder: (y: Argv) =>
    declareModelOptions(
      y
        .positional('model', { type: 'string', describe: 'model name (see `crank list`)', demandOption: true })
        .positional('file', { type: 'string', describe: 'the trace file', demandOption: true }),
      modelFromArgv(hideBin(process.argv), 'replay'),
    ) as unknown as Argv<ReplayArgs>,
  handler: (argv) => {
    const model = requireModel(argv.model);
    process.exitCode = runReplay(model, argv.file, argv, {
      out: (line) => process.stdout.write(line + '\n'),
      err: (line) => process.stderr.write(line + '\n'),
    });
  },
};
