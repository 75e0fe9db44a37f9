// The options every model command shares (--preset, --variant) and the model's own
// parameters as options (`maxTerm` -> `--max-term N`), turned into a ModelChoice for
// the library, which validates them.
import type { LoadedModel, ModelChoice } from '../models.ts';
import type { TraceFile } from '../trace/read.ts';
import { UsageError } from './errors.ts';
import type { ModelDefinition } from '../spec.ts';
import type { OptionDef, ParsedOptions } from './options.ts';
import type { PositionalDef } from './command.ts';

/** The model positional of every command that takes a model. */
export const MODEL_POSITIONAL: PositionalDef = { name: 'model', describe: 'a shipped model (see `crank list`) or a model file: ./my-model.ts' };

export function optionName(param: string): string {
  return param.replace(/[A-Z]/g, (c) => `-${c.toLowerCase()}`);
}

export const PRESET_AND_VARIANT: readonly OptionDef[] = [
  { name: 'preset', kind: 'string', describe: 'a named set of model parameters (see `crank list MODEL`)' },
  { name: 'variant', kind: 'string', describe: 'switch on a variant of the model: a deliberate bug to find (see `crank list MODEL`)' },
];

/** For commands that read a trace: the trace's recorded variant is used unless this says not to. */
export const BASE_OPTION: OptionDef = {
  name: 'base',
  kind: 'flag',
  describe: 'use the model without a variant, whatever variant the trace records',
};

/** The model's parameters as integer options, with the bounds it declares. */
export function parameterOptions(model: ModelDefinition): OptionDef[] {
  return Object.entries(model.params ?? {}).map(([name, p]) => ({
    name: optionName(name),
    kind: 'int' as const,
    describe: p.description,
    min: p.min ?? 0,
    max: p.max,
    defaultText: String(p.default),
    group: `${model.name} parameters:`,
  }));
}

/** The preset, variant and parameter values the user gave. */
export function modelChoice(model: LoadedModel, options: ParsedOptions): ModelChoice {
  const params: Record<string, number> = {};
  for (const name of Object.keys(model.definition.params ?? {})) {
    const v = options.int(optionName(name));
    if (v !== undefined) params[name] = v;
  }
  return { preset: options.string('preset'), variant: options.string('variant'), params };
}

/** `--servers 3 --max-term 2 …` as a user would type them. */
export function describeParams(params: Readonly<Record<string, number>>): string {
  return Object.entries(params)
    .map(([k, v]) => `--${optionName(k)} ${v}`)
    .join(' ');
}

/**
 * The model choice for replaying `trace` (replay, explore --trace): defaults < preset <
 * the trace's own record of its run < options, and the variant the trace records unless
 * --variant or --base says otherwise. `free` are the parameters still open to inference
 * from the trace's states (neither given, nor recorded, nor fixed by a preset).
 */
export function traceModelChoice(model: LoadedModel, options: ParsedOptions, trace: TraceFile): { choice: ModelChoice; free: string[] } {
  const choice = modelChoice(model, options);
  const declared = model.definition.params ?? {};
  const explicit = new Set(Object.keys(choice.params ?? {}));
  const fromFile: Record<string, number> = {};
  if (choice.preset === undefined && trace.params !== undefined) {
    for (const [k, v] of Object.entries(trace.params)) if (Object.hasOwn(declared, k) && !explicit.has(k)) fromFile[k] = v;
  }
  const base = options.flag('base') === true;
  if (base && choice.variant !== undefined) throw new UsageError('--base and --variant exclude each other: --base means no variant');
  const recordedVariant = trace.variant !== undefined && Object.hasOwn(model.definition.variants ?? {}, trace.variant) ? trace.variant : undefined;
  const variant = base ? undefined : (choice.variant ?? recordedVariant);
  const free = choice.preset !== undefined ? [] : Object.keys(declared).filter((p) => !explicit.has(p) && !Object.hasOwn(fromFile, p));
  return { choice: { ...choice, params: { ...fromFile, ...choice.params }, variant }, free };
}
