// `crank replay <model> <file>`: is the trace in the file a behavior of the model?
// Reads TLC's printed error trace, a TLC trace module, ITF or crank's JSON (detected from
// the content), names the model's action for every step, or shows the first step the
// model cannot take with a per-variable diff.
//
// Exit codes: 0 the trace is a behavior; 1 a step is not; 2 the file is malformed or
// does not fit the model (one line, `file:line:col: message`), or bad options.
import { instantiate, type LoadedModel } from '../../models.ts';
import { TraceSyntaxError } from '../../tla/errors.ts';
import type { TlaValue } from '../../tla/value.ts';
import { FORMAT_NAMES, readTrace, type TraceFile } from '../../trace/read.ts';
import { checkTraceVariables, formatRejection, loopReport, replayModel } from '../../trace/replay.ts';
import type { Spec, State } from '../../spec.ts';
import { fromCrank } from '../../tla/value.ts';
import type { Command } from '../command.ts';
import { EXIT_OK, EXIT_USAGE, EXIT_VIOLATION, UsageError } from '../errors.ts';
import { readInputFile } from '../files.ts';
import type { Io } from '../io.ts';
import { BASE_OPTION, describeParams, optionName, PRESET_AND_VARIANT, traceModelChoice, MODEL_POSITIONAL } from '../model-options.ts';
import type { ParsedOptions } from '../options.ts';

/** Trace files larger than this are refused: no trace of a bounded check is near it. */
export const MAX_TRACE_BYTES = 64 * 1024 * 1024;

/** Reads a trace file: a regular file of at most MAX_TRACE_BYTES (never /dev/zero or a pipe). */
export function readTraceFile(file: string): string {
  return readInputFile(file, {
    maxBytes: MAX_TRACE_BYTES,
    tooBig: (bytes) => `cannot read ${file}: ${bytes} bytes is more than the ${MAX_TRACE_BYTES / 1024 / 1024} MiB a trace file may have`,
    notRegularHint: 'a trace is a file written by crank or TLC',
  });
}

const TEXT_FORM = /^(?:Invariant \S+ is violated|Deadlock reached|.+); (?:the behavior up to this point|a behavior that goes on forever) \(\d+ states?/;

type Kind = 'integer' | 'boolean' | 'string' | 'collection';

function kindOf(v: TlaValue): Kind {
  return typeof v === 'number' ? 'integer' : typeof v === 'boolean' ? 'boolean' : typeof v === 'string' || v.t === 'str' ? 'string' : 'collection';
}

/** Refuses a trace whose values are not even of the kinds the model's variables hold. */
function checkValueKinds(spec: Spec<State, unknown>, trace: TraceFile): void {
  const init = spec.initialStates()[0];
  if (init === undefined) return;
  const expected = new Map(spec.variables.map((v) => [v, kindOf(fromCrank(init[v]))]));
  for (const ts of trace.states) {
    for (const [name, value] of ts.values) {
      const want = expected.get(name);
      const got = kindOf(value);
      if (want !== undefined && want !== got) throw new TraceSyntaxError(`variable ${name}: expected ${want === 'integer' ? 'an integer' : `a ${want}`}, got ${got === 'integer' ? 'an integer' : `a ${got}`}`, ts.line, ts.col);
    }
  }
}

/** Runs a replay as the command line does, writing to `io`; returns the exit code. */
export function runReplay(model: LoadedModel, file: string, options: ParsedOptions, io: Io): number {
  const text = readTraceFile(file);
  if (TEXT_FORM.test(text.trimStart())) {
    throw new UsageError(`${file} is crank's text form, which is for reading; write the trace with --trace-format json (or tla, itf) to replay it`);
  }
  let trace: TraceFile;
  try {
    trace = readTrace(text);
  } catch (err) {
    if (err instanceof TraceSyntaxError) {
      io.err(err.format(file) + '\n');
      return EXIT_USAGE;
    }
    throw err;
  }
  const definition = model.definition;
  if (trace.model !== undefined && trace.model !== definition.name) {
    io.err(`crank: warning: ${file} was written for model ${trace.model}, not ${definition.name}\n`);
  }
  // Parameters: defaults < preset < the trace's own record < inferred < options.
  const { choice, free } = traceModelChoice(model, options, trace);
  const built = instantiate(model, choice);
  try {
    checkTraceVariables(built.spec, trace, definition.name);
    checkValueKinds(built.spec, trace);
  } catch (err) {
    if (err instanceof TraceSyntaxError) {
      io.err(err.format(file) + '\n');
      return EXIT_USAGE;
    }
    throw err;
  }
  const { params, result, inferred } = replayModel(definition, trace, built.params, free, built.variant);
  const width = String(trace.states.length).length;
  for (const step of result.accepted) {
    const also = step.alternatives.length > 0 ? ` (or ${step.alternatives.join(', or ')})` : '';
    io.out(`State ${String(step.index).padStart(width)}: ${step.label}${also}\n`);
  }
  const fromTrace = inferred.length > 0 ? ` (${inferred.map((p) => `--${optionName(p)}`).join(', ')} inferred from the trace)` : '';
  const shown = [describeParams(params), built.variant ? `--variant ${built.variant}` : ''].filter(Boolean).join(' ');
  const where = `${definition.name}${shown ? ` with ${shown}` : ''}${fromTrace}`;
  const what = `${file} (${FORMAT_NAMES[trace.format]}, ${trace.states.length} state${trace.states.length === 1 ? '' : 's'})`;
  // Liveness (a lasso): the loop must close too.
  if (result.loop !== undefined) io.out(loopReport(result.loop, trace.states.length) + '\n');
  if (result.loop !== undefined && !result.loop.closes) {
    io.out(`Trace rejected at its loop: ${what} is not a behavior of ${where}.\n`);
    return EXIT_VIOLATION;
  }
  if (result.rejection === undefined) {
    io.out(`Trace accepted: ${what} is a behavior of ${where}.\n`);
    return EXIT_OK;
  }
  io.out('\n');
  for (const line of formatRejection(result.rejection, definition.name)) io.out(line + '\n');
  io.out('\n');
  io.out(`Trace rejected at state ${result.rejection.index} (line ${result.rejection.line}): ${what} is not a behavior of ${where}.\n`);
  return EXIT_VIOLATION;
}

export const replayCommand: Command = {
  name: 'replay',
  describe: "check that a trace (TLC's error trace or trace module, ITF, crank's JSON) is a behavior of a model",
  positionals: [
    MODEL_POSITIONAL,
    { name: 'file', describe: 'the trace file' },
  ],
  takesModel: true,
  options: [...PRESET_AND_VARIANT, BASE_OPTION],
  epilog: [
    'Traces crank writes (--trace-format json, itf or tla) record their model parameters and variant,',
    'and replay uses them; give --preset, --variant or a parameter to override them, --base for no variant. For traces',
    "written elsewhere (TLC's), parameters the trace does not fit are inferred from it; name the",
    'variant if the trace is of one.',
  ].join('\n'),
  async run({ positionals, options, model }, io) {
    return runReplay(model!, positionals['file']!, options, io);
  },
};
