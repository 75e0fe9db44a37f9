// crank's command line. Exit codes (DESIGN.md): 0 no violation, 1 a violation or
// deadlock or rejected trace, 2 bad input (one line, no stack trace), 3 internal error.
import yargs from 'yargs';
import { hideBin } from 'yargs/helpers';
import { checkCommand } from './commands/check.ts';
import { exploreCommand } from './commands/explore.ts';
import { listCommand } from './commands/list.ts';
import { replayCommand } from './commands/replay.ts';
import { simulateCommand } from './commands/simulate.ts';
import { EXIT_INTERNAL, EXIT_USAGE, ResourceError, UsageError } from './errors.ts';

const commands = [listCommand, checkCommand, simulateCommand, replayCommand, exploreCommand];

function fail(code: number, message: string): never {
  process.stderr.write(`crank: ${message}\n`);
  process.exit(code);
}

export async function main(args: string[]): Promise<void> {
  const cli = yargs(args)
    .scriptName('crank')
    .usage('crank — an exhaustive explicit-state model checker\n\nUsage: crank <command> [options]')
    .strict()
    .demandCommand(1, 'name a command: crank list, crank check <model>, …')
    .recommendCommands()
    .help()
    .alias('h', 'help')
    .version(false)
    .wrap(Math.min(110, process.stdout.columns ?? 100))
    .fail((msg, err) => {
      if (err instanceof UsageError) fail(EXIT_USAGE, err.message);
      if (err) throw err;
      fail(EXIT_USAGE, `${msg.split('\n')[0]} (see crank --help)`);
    });
  for (const c of commands) cli.command(c as never);
  try {
    await cli.parseAsync();
  } catch (err) {
    if (err instanceof UsageError) fail(EXIT_USAGE, err.message);
    if (err instanceof ResourceError) fail(EXIT_INTERNAL, err.message);
    const message = err instanceof Error ? err.message : String(err);
    if (process.env['CRANK_DEBUG'] && err instanceof Error) process.stderr.write(`${err.stack}\n`);
    fail(EXIT_INTERNAL, `internal error: ${message} (set CRANK_DEBUG=1 for details)`);
  }
}

await main(hideBin(process.argv));
