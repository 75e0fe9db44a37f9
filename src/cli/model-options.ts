// The options every model command shares (--preset, --variant) and the model's own
// parameters as options (`maxTerm` -> `--max-term N`), turned into a ModelChoice for
// the library, which validates them.
import type { LoadedModel, ModelChoice } from '../models.ts';
import type { ModelDefinition } from '../spec.ts';
import type { OptionDef, ParsedOptions } from './options.ts';

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
