// Options that `check` and `simulate` share: which properties to check, where a
// counterexample goes, how output looks.
import type { Spec, State } from '../spec.ts';
import { invariantTable } from '../spec-defaults.ts';
import { TRACE_FORMATS } from '../trace/output.ts';
import { UsageError } from './errors.ts';
import type { OptionDef } from './options.ts';

export const PROPERTY_AND_TRACE_OPTIONS: readonly OptionDef[] = [
  { name: 'inv', kind: 'list', describe: 'check only this invariant (repeatable; default: the model\'s default set, see `crank list MODEL`)' },
  { name: 'deadlock', kind: 'flag', negatable: true, describe: 'report states with no successor; --no-deadlock turns it off (default: on, unless the model says otherwise; `crank list` shows it)' },
  { name: 'json', kind: 'flag', describe: 'print one JSON object on stdout and nothing else' },
  { name: 'trace-format', kind: 'choice', choices: TRACE_FORMATS, defaultText: 'text', describe: 'how to print a counterexample' },
  { name: 'out', kind: 'string', describe: 'write the counterexample to this file instead of stdout (.svg or .html: a picture of the logs, for models with logView)' },
  { name: 'full', kind: 'flag', describe: 'show every variable in each trace state, not only the changed ones' },
  { name: 'check-model', kind: 'flag', describe: 'check the model itself on every state (no mutation of inputs, well-formed states); by default each thread\'s first 2,000 states are checked' },
  { name: 'color', kind: 'flag', negatable: true, describe: 'colour the verdict and the trace (default: when stdout is a terminal and NO_COLOR is unset)' },
];

/** The invariants named by --inv, each checked to be the model's own (own names only: `toString` is none). */
export function requireInvariants(modelName: string, spec: Spec<State, unknown>, names: readonly string[] | undefined): readonly string[] | undefined {
  if (names === undefined) return undefined;
  const table = invariantTable(spec);
  for (const name of names) {
    if (!table.has(name)) throw new UsageError(`unknown invariant '${name}' (${modelName} has: ${[...table.keys()].join(', ') || 'none'})`);
  }
  return names;
}

/** Temporal properties (`check` only): which to check, or none. */
export const LIVENESS_OPTIONS: readonly OptionDef[] = [
  { name: 'prop', kind: 'list', describe: "check only this temporal property (repeatable; default: the model's, see `crank list MODEL`)" },
  { name: 'liveness', kind: 'flag', negatable: true, describe: 'check the temporal properties after the search (--no-liveness skips them; default on)' },
];
