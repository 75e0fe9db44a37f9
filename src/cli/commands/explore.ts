// `crank explore <model> [--trace FILE] [--port N]`: a local web page to step through a
// model's states and its counterexamples (src/explore). Prints the page's URL as the
// first line on stdout and serves until SIGINT (exit 130) or SIGTERM (exit 143).
import { instantiate, type BuiltModel, type LoadedModel } from '../../models.ts';
import type { LoadedTrace } from '../../explore/index.ts';
import type { Spec, State } from '../../spec.ts';
import { TraceSyntaxError } from '../../tla/errors.ts';
import { readTrace, type TraceFile } from '../../trace/read.ts';
import { checkTraceVariables, replayModel } from '../../trace/replay.ts';
import type { Command } from '../command.ts';
import { readTraceFile as readTraceText } from './replay.ts';
import { EXIT_OK, UsageError } from '../errors.ts';
import { BASE_OPTION, modelChoice, optionName, PRESET_AND_VARIANT, traceModelChoice, MODEL_POSITIONAL } from '../model-options.ts';
import type { ParsedOptions } from '../options.ts';

/**
 * The one place that turns the command line into a model: the Spec, and (in `built.source`)
 * where a worker thread rebuilds the same Spec for "check from here". With a trace, the
 * parameters the user did not give come from the trace, as `crank replay` takes them:
 * defaults < preset < the trace's own record < inferred from its states < options.
 */
function resolveModel(model: LoadedModel, options: ParsedOptions, trace: { readonly file: string; readonly content: TraceFile } | undefined): BuiltModel {
  if (trace === undefined) return instantiate(model, modelChoice(model, options));
  const { choice, free } = traceModelChoice(model, options, trace.content);
  const base = instantiate(model, choice);
  try {
    checkTraceVariables(base.spec, trace.content, model.definition.name);
  } catch (err) {
    if (err instanceof TraceSyntaxError) throw new UsageError(err.format(trace.file));
    throw err;
  }
  const { params } = replayModel(model.definition, trace.content, base.params, free, base.variant);
  // Inference moves only the free parameters: the given and recorded ones stay as they are.
  return instantiate(model, { ...choice, params });
}

/** The trace file named by --trace, read and parsed (its states are matched to the model later). */
function openTraceFile(file: string): { file: string; text: string; content: TraceFile } {
  const text = readTraceText(file);
  try {
    return { file, text, content: readTrace(text) };
  } catch (err) {
    if (err instanceof TraceSyntaxError) throw new UsageError(err.format(file));
    throw err;
  }
}

/** `raft-abstract --variant figure8`: the model as the user would type it. */
function titleOf(built: BuiltModel): string {
  const model = built.definition;
  const parts = [model.name];
  if (built.preset !== undefined && built.preset !== model.defaultPreset) parts.push(`--preset ${built.preset}`);
  for (const [name, p] of Object.entries(model.params ?? {})) {
    // instantiate starts from the named preset, or else the model's default one.
    const presetName = built.preset ?? model.defaultPreset;
    const preset = presetName === undefined ? undefined : model.presets?.[presetName]?.[name];
    if (built.params[name] !== (preset ?? p.default)) parts.push(`--${optionName(name)} ${built.params[name]}`);
  }
  if (built.variant !== undefined) parts.push(`--variant ${built.variant}`);
  return parts.join(' ');
}

async function openTrace(spec: Spec<State, unknown>, modelName: string, trace: { file: string; text: string }): Promise<LoadedTrace> {
  const { BadRequest, loadTrace } = await import('../../explore/index.ts');
  let loaded: LoadedTrace;
  try {
    loaded = loadTrace(spec, modelName, trace.file, trace.text);
  } catch (err) {
    if (err instanceof BadRequest) throw new UsageError(err.message);
    throw err;
  }
  if (loaded.rejection !== undefined) throw new UsageError(`${loaded.rejection.summary} (crank replay shows where they differ)`);
  return loaded;
}

export const exploreCommand: Command = {
  name: 'explore',
  describe: 'step through a model and its counterexamples in the browser (a local web page)',
  positionals: [MODEL_POSITIONAL],
  takesModel: true,
  options: [
    { name: 'trace', kind: 'string', describe: 'open with this trace (any format crank replay reads)' },
    { name: 'port', kind: 'int', min: 0, max: 65535, defaultText: '0: any free port', describe: 'port on 127.0.0.1' },
    ...PRESET_AND_VARIANT,
    BASE_OPTION,
  ],
  epilog: 'Prints the URL as its first line and serves until Ctrl-C (exit 130) or SIGTERM (exit 143).',
  async run({ options, model }, io) {
    const port = options.int('port') ?? 0;
    const traceName = options.string('trace');
    const file = traceName === undefined ? undefined : openTraceFile(traceName);
    const built = resolveModel(model!, options, file);
    const trace = file === undefined ? undefined : await openTrace(built.spec, built.definition.name, file);
    // Loaded here, not at the top: the other commands need none of the server.
    const { startExplorer } = await import('../../explore/index.ts');
    let explorer;
    try {
      explorer = await startExplorer(built.spec, {
        name: built.definition.name,
        title: titleOf(built),
        source: built.source,
        trace,
        port,
        onError: (message) => io.err(`crank explore: internal error on ${message}\n`),
      });
    } catch (err) {
      const code = (err as NodeJS.ErrnoException).code;
      if (code === 'EADDRINUSE') throw new UsageError(`port ${port} is in use`);
      if (code === 'EACCES') throw new UsageError(`port ${port} needs privileges this process does not have`);
      throw err;
    }
    io.out(`${explorer.url}\n`);
    io.err(`Exploring ${titleOf(built)}${trace ? ` with ${trace.name}` : ''}: open ${explorer.url} in a browser; Ctrl-C stops.\n`);
    // Serve until the process is asked to stop (src/cli/process.ts turns SIGINT/SIGTERM into an abort).
    const signal = io.signal;
    if (signal !== undefined && !signal.aborted) await new Promise<void>((resolve) => signal.addEventListener('abort', () => resolve(), { once: true }));
    await explorer.close();
    return io.interruptExitCode?.() ?? EXIT_OK;
  },
};
