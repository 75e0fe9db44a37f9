// Options that `check` and `simulate` share: which properties to check and where a
// counterexample goes.
import type { Argv } from 'yargs';
import { TRACE_FORMATS, type TraceFormat } from '../trace/output.ts';
import { UsageError } from './errors.ts';
import type { BuiltModel } from './model-options.ts';

export function declarePropertyAndTraceOptions<T>(y: Argv<T>): Argv<T> {
  return y
    .option('inv', { type: 'string', array: true, describe: 'check only this invariant (repeatable; default all)' })
    .option('deadlock', { type: 'boolean', describe: 'report states with no successor (--no-deadlock to turn off; default per model)' })
    .option('json', { type: 'boolean', describe: 'print one JSON object on stdout and nothing else' })
    .option('trace-format', { choices: TRACE_FORMATS, default: 'text' as TraceFormat, describe: 'how to print a counterexample' })
    .option('out', { type: 'string', describe: 'write the counterexample to this file instead of stdout (.svg or .html: a picture of the logs, for Raft models)' })
    .option('full', { type: 'boolean', describe: 'show every variable in each trace state, not only the changed ones' }) as unknown as Argv<T>;
}

/** Refuses, with one line, an --inv the model does not declare. */
export function requireInvariants(built: BuiltModel, names: readonly string[] | undefined): void {
  const known = built.spec.invariants;
  for (const name of names ?? []) {
    if (!(name in known)) throw new UsageError(`unknown invariant '${name}' (${built.model.name} has: ${Object.keys(known).join(', ')})`);
  }
}

// ---- Liveness (issue 14): temporal properties, `check` only ----

export function declareLivenessOptions<T>(y: Argv<T>): Argv<T> {
  return y
    .option('prop', { type: 'string', array: true, describe: 'check only this temporal property (repeatable; default all the model declares)' })
    .option('liveness', { type: 'boolean', describe: 'check the temporal properties after the search (--no-liveness to skip them; default on)' }) as unknown as Argv<T>;
}

/** What `check()` takes from --prop and --no-liveness. */
export function livenessOptions(argv: Readonly<Record<string, unknown>>): { properties?: string[]; liveness?: boolean } {
  const prop = argv['prop'] as string[] | undefined;
  const liveness = argv['liveness'] as boolean | undefined;
  return { ...(prop !== undefined ? { properties: prop.map(String) } : {}), ...(liveness !== undefined ? { liveness } : {}) };
}
