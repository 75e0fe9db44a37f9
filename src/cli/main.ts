// crank's command line: `main(words, io)` dispatches to a command and returns the exit
// code. The one exit path: every error becomes its exit code here (docs/design.md, "The
// command-line contract"): 2 and one line for bad input, 3 for an internal error.
import { existsSync, readFileSync } from 'node:fs';
import { ModelFault } from '../../checker/model-guard.ts';
import { ModelError, loadModel, type LoadedModel } from '../models.ts';
import { TraceSyntaxError } from '../tla/errors.ts';
import type { Command } from './command.ts';
import { checkCommand } from './commands/check.ts';
import { listCommand } from './commands/list.ts';
import { replayCommand } from './commands/replay.ts';
import { simulateCommand } from './commands/simulate.ts';
import { linCommand } from './commands/lin.ts';
import { exploreCommand } from './commands/explore.ts';
import { EXIT_INTERNAL, EXIT_OK, EXIT_USAGE, UsageError } from './errors.ts';
import { commandHelp, mainHelp } from './help.ts';
import type { Io } from './io.ts';
import { parameterOptions } from './model-options.ts';
import { firstPositional, scanArgs, type OptionDef } from './options.ts';
import { reportModelFault } from './model-fault.ts';

export const commands: readonly Command[] = [listCommand, checkCommand, simulateCommand, replayCommand, linCommand, exploreCommand];

/** crank's version, from its package.json: two folders up from the sources, three from the package's compiled dist/src/cli. */
export function version(): string {
  const candidates = ['../../package.json', '../../../package.json'].map((p) => new URL(p, import.meta.url));
  for (const url of candidates) {
    if (!existsSync(url)) continue;
    const pkg = JSON.parse(readFileSync(url, 'utf8')) as { name?: string; version: string };
    if (pkg.name === 'crank') return pkg.version;
  }
  throw new Error(`crank's package.json is not at ${candidates.map((u) => u.pathname).join(' or ')}`);
}

function suggest(word: string): string {
  const close = commands.filter((c) => c.name.startsWith(word.slice(0, 2)) || word.startsWith(c.name.slice(0, 3)));
  return close.length > 0 ? ` (did you mean ${close.map((c) => c.name).join(' or ')}?)` : '';
}

async function dispatch(words: readonly string[], io: Io): Promise<number> {
  const [first, ...rest] = words;
  if (first === undefined) throw new UsageError(`name a command: ${commands.map((c) => c.name).join(', ')} (see crank --help)`);
  if (first === '--version' || first === '-V') {
    if (rest.length > 0) throw new UsageError(`--version takes nothing after it, got '${rest[0]}'`);
    io.out(`${version()}\n`);
    return EXIT_OK;
  }
  if (first === '--help' || first === '-h') {
    io.out(await mainHelp(commands, io.columns));
    return EXIT_OK;
  }
  const command = commands.find((c) => c.name === first);
  if (command === undefined) throw new UsageError(first.startsWith('-') ? `options come after a command: crank <command> ${first} … (see crank --help)` : `unknown command '${first}'${suggest(first)} (see crank --help)`);
  let defs: readonly OptionDef[] = command.options;
  let model: LoadedModel | undefined;
  if (command.takesModel) {
    const name = firstPositional(rest, command.options);
    if (name !== undefined) {
      model = await loadModel(name);
      defs = [...command.options, ...parameterOptions(model.definition)];
    } else {
      const scanned = scanArgs(rest, command.options);
      if (scanned.help) {
        io.out(await commandHelp(command, defs, undefined, io.columns));
        return EXIT_OK;
      }
      throw new UsageError(`name a model: crank ${command.name} <model> (a shipped model, see crank list, or a file such as ./my-model.ts)`);
    }
  }
  const scanned = scanArgs(rest, defs);
  if (scanned.help) {
    io.out(await commandHelp(command, defs, model?.definition.name, io.columns));
    return EXIT_OK;
  }
  const positionals: Record<string, string> = {};
  const given = scanned.positionals;
  command.positionals.forEach((p, i) => {
    const v = given[i];
    if (v !== undefined) positionals[p.name] = v;
    else if (p.optional !== true) throw new UsageError(`name the ${p.name}: crank ${command.name} ${command.positionals.map((q) => `<${q.name}>`).join(' ')}`);
  });
  if (given.length > command.positionals.length) throw new UsageError(`unexpected argument '${given[command.positionals.length]}' (crank ${command.name} takes ${command.positionals.map((q) => `<${q.name}>`).join(' ') || 'no arguments'})`);
  return command.run({ positionals, options: scanned.options, model, words: rest }, io);
}

/** Runs the command line `words` (argv without node and the script), writing through `io`. */
export async function main(words: readonly string[], io: Io): Promise<number> {
  try {
    return await dispatch(words, io);
  } catch (err) {
    if (err instanceof UsageError || err instanceof ModelError) {
      io.err(`crank: ${err.message}\n`);
      return EXIT_USAGE;
    }
    if (err instanceof TraceSyntaxError) {
      io.err(`crank: ${err.message}\n`);
      return EXIT_USAGE;
    }
    if (err instanceof ModelFault) return reportModelFault(err, words, io);
    const message = err instanceof Error ? err.message : String(err);
    if (io.env['CRANK_DEBUG'] && err instanceof Error) io.err(`${err.stack}\n`);
    io.err(`crank: internal error: ${message} (set CRANK_DEBUG=1 for details)\n`);
    return EXIT_INTERNAL;
  }
}
