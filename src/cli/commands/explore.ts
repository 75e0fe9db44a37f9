// `crank explore <model> [--trace FILE] [--port N]`: a local web page to step through a
// model's states and its counterexamples (src/explore). Prints the page's URL as the
// first line on stdout and serves until SIGINT (exit 130) or SIGTERM (exit 143).
import { readFileSync } from 'node:fs';
import type { Argv, CommandModule } from 'yargs';
import { hideBin } from 'yargs/helpers';
import type { SpecSource } from '../../../checker/spec-source.ts';
import { specModuleUrl } from '../../../spec/index.ts';
import type { LoadedTrace } from '../../explore/index.ts';
import type { Spec, State } from '../../spec.ts';
import { TraceSyntaxError } from '../../tla/errors.ts';
import { readTrace, type TraceFile } from '../../trace/read.ts';
import { checkTraceVariables, replayModel } from '../../trace/replay.ts';
import { UsageError } from '../errors.ts';
import { buildModel, declareModelOptions, modelFromArgv, optionName, requireModel, type BuiltModel } from '../model-options.ts';

interface ExploreArgs {
  model: string;
  trace?: string;
  port?: number;
  [key: string]: unknown;
}

/**
 * The one place that turns the command line into a model: the Spec, and where a worker
 * thread rebuilds the same Spec for "check from here". With a trace, the parameters the
 * user did not give come from the trace, as `crank replay` takes them: defaults < preset
 * < the trace's own (crank's JSON) < inferred from its states < options.
 */
function resolveModel(argv: ExploreArgs, trace: { readonly file: string; readonly content: TraceFile } | undefined): { built: BuiltModel; source: SpecSource } {
  const model = requireModel(argv.model);
  let built = buildModel(model, argv);
  if (trace !== undefined) {
    const explicit = new Set(Object.keys(model.params).filter((p) => argv[optionName(p)] !== undefined));
    const withFile: Record<string, unknown> = { ...argv };
    if (argv['preset'] === undefined && trace.content.params !== undefined) {
      for (const [k, v] of Object.entries(trace.content.params)) if (k in model.params && !explicit.has(k)) withFile[optionName(k)] = String(v);
    }
    const base = buildModel(model, withFile);
    try {
      checkTraceVariables(base.spec, trace.content, model.name);
    } catch (err) {
      if (err instanceof TraceSyntaxError) throw new UsageError(err.format(trace.file));
      throw err;
    }
    const free = argv['preset'] !== undefined ? [] : Object.keys(model.params).filter((p) => !explicit.has(p));
    const { params } = replayModel(model, trace.content, base.params, free, base.variant);
    for (const [k, v] of Object.entries(params)) if (v !== base.params[k]) withFile[optionName(k)] = String(v);
    built = buildModel(model, withFile);
  }
  return { built, source: { module: specModuleUrl, exportName: 'buildSpec', args: [built.model.name, built.params, built.variant] } };
}

/** The trace file named by --trace, read and parsed (its states are matched to the model later). */
function readTraceFile(file: string): { file: string; text: string; content: TraceFile } {
  let text: string;
  try {
    text = readFileSync(file, 'utf8');
  } catch (err) {
    const code = (err as NodeJS.ErrnoException).code;
    throw new UsageError(`cannot read ${file}: ${code === 'ENOENT' ? 'no such file' : code === 'EISDIR' ? 'it is a directory' : (err as Error).message}`);
  }
  try {
    return { file, text, content: readTrace(text) };
  } catch (err) {
    if (err instanceof TraceSyntaxError) throw new UsageError(err.format(file));
    throw err;
  }
}

/** `raft-abstract --variant figure8`: the model as the user would type it. */
function titleOf(built: BuiltModel): string {
  const parts = [built.model.name];
  if (built.preset !== undefined && built.preset !== built.model.defaultPreset) parts.push(`--preset ${built.preset}`);
  for (const [name, p] of Object.entries(built.model.params)) {
    // buildModel starts from the named preset, or else the model's default one.
    const presetName = built.preset ?? built.model.defaultPreset;
    const preset = presetName === undefined ? undefined : built.model.presets?.[presetName]?.[name];
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

export const exploreCommand: CommandModule<object, ExploreArgs> = {
  command: 'explore <model>',
  describe: 'step through a model and its counterexamples in the browser (a local web page)',
  builder: (y: Argv) =>
    declareModelOptions(
      y
        .positional('model', { type: 'string', describe: 'model name (see `crank list`)', demandOption: true })
        .option('trace', { type: 'string', describe: 'open with this trace (any format crank replay reads)' })
        .option('port', { type: 'number', describe: 'port on 127.0.0.1 (default 0: any free port)' }),
      modelFromArgv(hideBin(process.argv), 'explore'),
    ) as unknown as Argv<ExploreArgs>,
  handler: async (argv) => {
    const port = argv.port ?? 0;
    if (!Number.isInteger(port) || port < 0 || port > 65535) throw new UsageError(`--port must be an integer from 0 to 65535, got '${argv.port}'`);
    const file = argv.trace === undefined ? undefined : readTraceFile(argv.trace);
    const { built, source } = resolveModel(argv, file);
    const trace = file === undefined ? undefined : await openTrace(built.spec, built.model.name, file);
    // Loaded here, not at the top: the other commands need none of the server.
    const { startExplorer } = await import('../../explore/index.ts');
    let explorer;
    try {
      explorer = await startExplorer(built.spec, {
        name: built.model.name,
        title: titleOf(built),
        source,
        trace,
        port,
        onError: (message) => process.stderr.write(`crank explore: internal error on ${message}\n`),
      });
    } catch (err) {
      const code = (err as NodeJS.ErrnoException).code;
      if (code === 'EADDRINUSE') throw new UsageError(`port ${port} is in use`);
      if (code === 'EACCES') throw new UsageError(`port ${port} needs privileges this process does not have`);
      throw err;
    }
    process.stdout.write(`${explorer.url}\n`);
    process.stderr.write(`Exploring ${titleOf(built)}${trace ? ` with ${trace.name}` : ''}: open ${explorer.url} in a browser; Ctrl-C stops.\n`);
    const open = explorer;
    await new Promise<never>(() => {
      const stop = (code: number): void => {
        void open.close().finally(() => process.exit(code));
      };
      process.once('SIGINT', () => stop(130));
      process.once('SIGTERM', () => stop(143));
    });
  },
};
