// `--help` text, rendered by yargs from the same option tables the scanner reads, so the
// help cannot disagree with what is accepted.
import yargs, { type Options } from 'yargs';
import type { Command } from './command.ts';
import type { OptionDef } from './options.ts';

export const EXIT_CODES = [
  'Exit codes: 0 no violation (or the trace is a behavior); 1 a violation, deadlock or rejected trace;',
  '2 bad input (one line naming the problem); 3 an internal error, or a run stopped by --max-memory;',
  '130 / 143 a run stopped by SIGINT / SIGTERM (it prints the figures so far).',
].join('\n');

function yargsOption(d: OptionDef): Options {
  const type = d.kind === 'flag' ? 'boolean' : d.kind === 'int' || d.kind === 'number' ? 'number' : d.kind === 'list' ? 'array' : 'string';
  const bounds = [d.min !== undefined && d.kind === 'int' ? `min ${d.min}` : '', d.max !== undefined ? `max ${d.max}` : ''].filter(Boolean).join(', ');
  const describe = [d.describe, d.negatable ? `(--no-${d.name} to turn off)` : '', bounds ? `(${bounds})` : ''].filter(Boolean).join(' ');
  return {
    type,
    describe,
    ...(d.choices !== undefined ? { choices: [...d.choices] } : {}),
    ...(d.defaultText !== undefined ? { default: undefined, defaultDescription: d.defaultText } : {}),
    ...(d.group !== undefined ? { group: d.group } : {}),
  };
}

const width = (columns: number | undefined): number => Math.min(110, columns ?? 100);

/** The help of one command, with a model's parameters when the model is known. */
export async function commandHelp(command: Command, defs: readonly OptionDef[], modelName: string | undefined, columns?: number): Promise<string> {
  const positionals = command.positionals.map((p) => (p.optional ? `[${p.name}]` : `<${p.name}>`)).join(' ');
  const y = yargs([])
    .scriptName('crank')
    .usage(`crank ${command.name} ${positionals} [options]\n\n${command.describe}`)
    .version(false)
    .help(false)
    .wrap(width(columns));
  for (const p of command.positionals) y.positional(p.name, { describe: p.describe, type: 'string' });
  for (const d of defs) y.option(d.name, yargsOption(d));
  y.option('help', { type: 'boolean', describe: 'show this help', alias: 'h' });
  const notes = [command.takesModel && modelName === undefined ? command.epilog : undefined, command.takesModel && modelName !== undefined ? `Parameters of ${modelName} are listed above.` : command.epilog, EXIT_CODES].filter((x, i, all) => x !== undefined && all.indexOf(x) === i);
  y.epilog(notes.join('\n\n'));
  return `${await y.getHelp()}\n`;
}

/** The top-level help: the commands. */
export async function mainHelp(commands: readonly Command[], columns?: number): Promise<string> {
  const y = yargs([])
    .scriptName('crank')
    .usage('crank — an exhaustive explicit-state model checker\n\nUsage: crank <command> [options]')
    .version(false)
    .help(false)
    .wrap(width(columns));
  for (const c of commands) {
    const positionals = c.positionals.map((p) => (p.optional ? `[${p.name}]` : `<${p.name}>`)).join(' ');
    y.command(`${c.name} ${positionals}`, c.describe);
  }
  y.option('help', { type: 'boolean', describe: 'show help (also: crank <command> --help)', alias: 'h' });
  y.option('version', { type: 'boolean', describe: "show crank's version" });
  y.epilog(`A model is a shipped model's name or a model file (./my-model.ts); see docs/writing-a-model.md.\n\n${EXIT_CODES}`);
  return `${await y.getHelp()}\n`;
}
