// Model parameters, presets and variants on the command line: each parameter of the
// chosen model becomes an option (`maxTerm` -> `--max-term`), validated here so that a
// bad value gets one line naming it.
import type { Argv } from 'yargs';
import { findModel, models } from '../../spec/index.ts';
import type { ModelDefinition, Spec, State } from '../spec.ts';
import { UsageError } from './errors.ts';

export function optionName(param: string): string {
  return param.replace(/[A-Z]/g, (c) => `-${c.toLowerCase()}`);
}

export function requireModel(name: string): ModelDefinition {
  const model = findModel(name);
  if (model === undefined) throw new UsageError(`unknown model '${name}' (known: ${models.map((m) => m.name).join(', ')})`);
  return model;
}

/**
 * The model named on the command line, found before yargs parses, so that its
 * parameters can be declared as options (yargs runs in strict mode).
 */
export function modelFromArgv(args: readonly string[], command: string): ModelDefinition | undefined {
  const at = args.indexOf(command);
  if (at < 0) return undefined;
  const name = args.slice(at + 1).find((a) => !a.startsWith('-'));
  return name === undefined ? undefined : findModel(name);
}

export function declareModelOptions<T>(y: Argv<T>, model: ModelDefinition | undefined): Argv<T> {
  y.option('preset', { type: 'string', describe: 'a named set of model parameters (see `crank list`)' });
  y.option('variant', { type: 'string', describe: 'switch on a variant of the model (see `crank list`)' });
  if (model === undefined) return y;
  for (const [name, p] of Object.entries(model.params)) {
    y.option(optionName(name), { type: 'string', describe: `${p.description} (default ${p.default})`, group: `${model.name} parameters:` });
  }
  return y;
}

export interface BuiltModel {
  readonly model: ModelDefinition;
  readonly spec: Spec<State, unknown>;
  readonly params: Readonly<Record<string, number>>;
  readonly preset: string | undefined;
  readonly variant: string | undefined;
}

/** Resolves defaults < preset < explicit options, validates, and builds the Spec. */
export function buildModel(model: ModelDefinition, argv: Readonly<Record<string, unknown>>): BuiltModel {
  const params: Record<string, number> = {};
  for (const [name, p] of Object.entries(model.params)) params[name] = p.default;
  const presetName = (argv['preset'] as string | undefined) ?? model.defaultPreset;
  if (argv['preset'] !== undefined) {
    if (model.presets === undefined || !(presetName! in model.presets)) {
      const known = Object.keys(model.presets ?? {});
      throw new UsageError(`unknown preset '${presetName}' for ${model.name}${known.length ? ` (known: ${known.join(', ')})` : ' (it has none)'}`);
    }
  }
  if (presetName !== undefined) Object.assign(params, model.presets?.[presetName]);
  for (const [name, p] of Object.entries(model.params)) {
    const raw = argv[optionName(name)];
    if (raw === undefined) continue;
    const text = String(raw);
    if (!/^[0-9]+$/.test(text) || Number(text) < 1) throw new UsageError(`--${optionName(name)} must be a positive integer, got '${text}'`);
    const value = Number(text);
    if (p.min !== undefined && value < p.min) throw new UsageError(`--${optionName(name)} must be at least ${p.min}, got ${value}`);
    if (p.max !== undefined && value > p.max) throw new UsageError(`--${optionName(name)} must be at most ${p.max}, got ${value}`);
    params[name] = value;
  }
  const variant = argv['variant'] as string | undefined;
  if (variant !== undefined && !(variant in (model.variants ?? {}))) {
    const known = Object.keys(model.variants ?? {});
    throw new UsageError(`unknown variant '${variant}' for ${model.name}${known.length ? ` (known: ${known.join(', ')})` : ' (it has none)'}`);
  }
  const explicit = Object.keys(model.params).some((n) => argv[optionName(n)] !== undefined);
  const preset = argv['preset'] !== undefined || !explicit ? presetName : undefined;
  return { model, spec: model.build(params, variant), params, preset, variant };
}

/** `servers=3 maxTerm=2 …` as a user would type them. */
export function describeParams(params: Readonly<Record<string, number>>): string {
  return Object.entries(params)
    .map(([k, v]) => `--${optionName(k)} ${v}`)
    .join(' ');
}
