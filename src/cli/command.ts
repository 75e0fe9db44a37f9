// What a command is: a name, its positionals and options as tables (src/cli/options.ts),
// and a function from parsed arguments and an output sink to an exit code. main.ts
// dispatches; nothing here reads process.argv or exits.
import type { LoadedModel } from '../models.ts';
import type { Io } from './io.ts';
import type { OptionDef, ParsedOptions } from './options.ts';

export interface PositionalDef {
  readonly name: string;
  readonly describe: string;
  readonly optional?: boolean;
}

export interface CommandArgs {
  readonly positionals: Readonly<Record<string, string>>;
  readonly options: ParsedOptions;
  /** The model, for commands whose first positional is one. */
  readonly model?: LoadedModel;
  /** The words after the command name, as given (for reproduce lines). */
  readonly words: readonly string[];
}

export interface Command {
  readonly name: string;
  readonly describe: string;
  readonly positionals: readonly PositionalDef[];
  readonly options: readonly OptionDef[];
  /** The first positional is a model (shipped name or file); its parameters become options. */
  readonly takesModel: boolean;
  /** Lines for the end of the command's help. */
  readonly epilog?: string;
  run(args: CommandArgs, io: Io): Promise<number>;
}
