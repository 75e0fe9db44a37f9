// Where models come from: the ones crank ships, by name, and a user's model file, by
// path. Both end as a ModelDefinition and a way for worker threads to rebuild the same
// Spec (a SpecSource: functions cannot cross threads, a module URL and plain arguments
// can), so that every model runs on workers with no registry entry.
import { existsSync, readFileSync, statSync } from 'node:fs';
import Module from 'node:module';
import { dirname, extname, join, resolve } from 'node:path';
import { fileURLToPath, pathToFileURL } from 'node:url';
import type { SpecSource } from '../checker/spec-source.ts';
import { findModel, models as shippedModels, specModuleUrl } from '../spec/index.ts';
import { defineModel, isModelDefinition, isSpec, type ModelDefinition, type Spec, type State } from './spec.ts';

/** A model that cannot be loaded or instantiated as asked: bad input, exit 2 on the command line. */
export class ModelError extends Error {}

/** Where a model came from. */
export type ModelOrigin = { readonly kind: 'shipped'; readonly name: string } | { readonly kind: 'file'; readonly path: string; readonly url: string };

export interface LoadedModel {
  readonly definition: ModelDefinition;
  readonly origin: ModelOrigin;
}

const MODEL_FILE = /\.(ts|mts|js|mjs)$/;

/** Whether a command-line word names a model file rather than a shipped model. */
export function isModelPath(arg: string): boolean {
  return arg.includes('/') || arg.includes('\\') || MODEL_FILE.test(arg);
}

/** The models crank ships. */
export function listShippedModels(): readonly ModelDefinition[] {
  return shippedModels;
}

/** A shipped model by name, or a model file by path (its default export). */
export async function loadModel(nameOrPath: string): Promise<LoadedModel> {
  if (!isModelPath(nameOrPath)) {
    const definition = findModel(nameOrPath);
    if (definition === undefined) {
      throw new ModelError(`unknown model '${nameOrPath}' (shipped: ${shippedModels.map((m) => m.name).join(', ')}; a model file is a path such as ./my-model.ts)`);
    }
    return { definition, origin: { kind: 'shipped', name: definition.name } };
  }
  const path = resolve(nameOrPath);
  if (!existsSync(path)) throw new ModelError(`${nameOrPath}: no such file`);
  if (!statSync(path).isFile()) throw new ModelError(`${nameOrPath}: not a file`);
  if (!MODEL_FILE.test(path)) throw new ModelError(`${nameOrPath}: a model file ends in .ts, .mts, .js or .mjs, not '${extname(path) || 'no extension'}'`);
  const url = pathToFileURL(path).href;
  const definition = await definitionFromFile(url, nameOrPath);
  return { definition, origin: { kind: 'file', path, url } };
}

const fileModels = new Map<string, ModelDefinition>();

/** Imports a model file once per thread and turns its default export into a definition. */
async function definitionFromFile(url: string, shown: string): Promise<ModelDefinition> {
  const known = fileModels.get(url);
  if (known !== undefined) return known;
  let mod: Record<string, unknown>;
  try {
    mod = await importModelFile(url);
  } catch (err) {
    throw new ModelError(`${shown}: cannot load the model: ${describeLoadError(err)}`);
  }
  const exported = defaultExport(mod);
  let definition: ModelDefinition;
  if (isModelDefinition(exported)) definition = exported;
  else if (isSpec(exported)) {
    const spec = exported;
    const name = shown.replace(/^.*[\\/]/, '').replace(MODEL_FILE, '');
    definition = defineModel({ name, build: () => spec });
  } else {
    const what = exported === undefined ? 'no default export' : `a default export that is neither a model made with defineModel nor a Spec (it is ${describe(exported)})`;
    throw new ModelError(`${shown}: the file has ${what}; write \`export default defineModel({ … })\``);
  }
  fileModels.set(url, definition);
  return definition;
}

/**
 * Imports a model file. A `.ts` file in a folder whose package.json says `"type":
 * "commonjs"` (or says nothing, as `npm init -y` writes) is CommonJS to Node: tsx's
 * `require` compiles it as CommonJS, with source maps, so that a stack frame in the
 * model names the user's file and line (tsx's `tsImport` would run it as a `data:` URL
 * of minified code). Any other `.ts` or `.mts` file is an ES module, imported under tsx's
 * loader.
 */
async function importModelFile(url: string): Promise<Record<string, unknown>> {
  if (!/\.(ts|mts)$/.test(url)) return (await import(url)) as Record<string, unknown>;
  const path = fileURLToPath(url);
  if (path.endsWith('.ts') && isCommonJsFolder(dirname(path))) return await requireCommonJsModel(path);
  await typeScriptLoader();
  return (await import(url)) as Record<string, unknown>;
}

/**
 * Whether this module is itself TypeScript: crank runs from its sources, under the
 * loader its `crank` command registers (or a test runner's), which loads a user's .ts
 * ES module too. The installed package runs compiled JavaScript and registers none.
 */
const runningFromSource = import.meta.url.endsWith('.ts');
let loaderRegistered: Promise<void> | undefined;

/**
 * Registers tsx's loader for the whole thread, once, when crank runs compiled. Not
 * tsImport's namespaced loader: under it the model's `import … from 'crank'` would load
 * a second copy of crank, whose recordType registry the engine does not see.
 */
async function typeScriptLoader(): Promise<void> {
  if (runningFromSource) return;
  loaderRegistered ??= import('tsx/esm/api').then(({ register }) => {
    register();
  });
  await loaderRegistered;
}

/** tsx's namespace for CommonJS model files: crank's own, so that crank knows its cache keys. */
const CJS_NAMESPACE = 'crank-models';
let cjsRequire: ((id: string, fromFile: string) => unknown) | undefined;

/**
 * Requires a CommonJS model file through tsx. tsx turns every ES module such a file
 * requires into a fresh CommonJS copy, crank's own index included: the model would make
 * its records with another recordType, whose registry the engine never sees ("not made
 * with recordType"). So the module tsx would load for crank's index in this namespace
 * (its cache key is the path and the namespace) is this crank's index, loaded already.
 * A model that requires another copy of crank (another path) gets that copy.
 */
async function requireCommonJsModel(path: string): Promise<Record<string, unknown>> {
  if (cjsRequire === undefined) {
    const { register } = await import('tsx/cjs/api');
    cjsRequire = register({ namespace: CJS_NAMESPACE }).require;
    const index = fileURLToPath(new URL(`./index${extname(fileURLToPath(import.meta.url))}`, import.meta.url));
    const key = `${index}?namespace=${CJS_NAMESPACE}`;
    const shared = new Module(key);
    shared.filename = index;
    shared.loaded = true;
    shared.exports = await import(pathToFileURL(index).href);
    (Module as unknown as { _cache: Record<string, Module> })._cache[key] = shared;
  }
  return cjsRequire(path, import.meta.url) as Record<string, unknown>;
}

/** Whether Node takes a `.ts`/`.js` file in `dir` for CommonJS: its nearest package.json says no `"type": "module"`. */
function isCommonJsFolder(dir: string): boolean {
  for (let at = dir; ; at = dirname(at)) {
    const manifest = join(at, 'package.json');
    if (existsSync(manifest)) {
      try {
        return (JSON.parse(readFileSync(manifest, 'utf8')) as { type?: unknown }).type !== 'module';
      } catch {
        return true; // Node refuses such a folder anyway; the load reports it.
      }
    }
    if (dirname(at) === at) return true;
  }
}

/** The default export, seen through CommonJS interop (`module.exports.default`). */
function defaultExport(mod: Record<string, unknown>): unknown {
  const d = mod['default'];
  if (isModelDefinition(d) || isSpec(d)) return d;
  const inner = (d as Record<string, unknown> | undefined)?.['default'];
  return isModelDefinition(inner) || isSpec(inner) ? inner : d;
}

function describe(v: unknown): string {
  if (v === null) return 'null';
  if (Array.isArray(v)) return 'an array';
  if (typeof v === 'function') return 'a function';
  return typeof v === 'object' ? `an object with keys ${Object.keys(v).slice(0, 5).join(', ') || '(none)'}` : `a ${typeof v}`;
}

/** The first line of a load error, with the position tsx/esbuild reports for syntax errors. */
function describeLoadError(err: unknown): string {
  if (!(err instanceof Error)) return String(err);
  const first = err.message.split('\n').find((l) => l.trim() !== '') ?? err.message;
  return first.replace(/^Transform failed with \d+ errors?:\s*/, '').trim();
}

/** A model instantiated with parameter values: its Spec and how workers rebuild it. */
export interface BuiltModel {
  readonly definition: ModelDefinition;
  readonly spec: Spec<State, unknown>;
  readonly params: Readonly<Record<string, number>>;
  /** The preset the parameters came from, when they came from one. */
  readonly preset: string | undefined;
  readonly variant: string | undefined;
  readonly source: SpecSource;
  readonly origin: ModelOrigin;
}

export interface ModelChoice {
  /** A preset's name; default the model's `defaultPreset`. */
  readonly preset?: string;
  /** Parameter values over the preset's (and the defaults). */
  readonly params?: Readonly<Record<string, number>>;
  readonly variant?: string;
}

function known(table: Readonly<Record<string, unknown>> | undefined): string {
  const names = Object.keys(table ?? {});
  return names.length > 0 ? ` (known: ${names.join(', ')})` : ' (it has none)';
}

/** Resolves defaults < preset < given parameters, validates them, and builds the Spec. */
export function instantiate(loaded: LoadedModel, choice: ModelChoice = {}): BuiltModel {
  const model = loaded.definition;
  const declared = model.params ?? {};
  const params: Record<string, number> = {};
  for (const [name, p] of Object.entries(declared)) params[name] = p.default;
  if (choice.preset !== undefined && (model.presets === undefined || !Object.hasOwn(model.presets, choice.preset))) {
    throw new ModelError(`unknown preset '${choice.preset}' for ${model.name}${known(model.presets)}`);
  }
  const presetName = choice.preset ?? model.defaultPreset;
  if (presetName !== undefined && model.presets !== undefined && Object.hasOwn(model.presets, presetName)) Object.assign(params, model.presets[presetName]);
  for (const [name, value] of Object.entries(choice.params ?? {})) {
    const p = Object.hasOwn(declared, name) ? declared[name]! : undefined;
    if (p === undefined) throw new ModelError(`unknown parameter '${name}' for ${model.name}${known(declared)}`);
    if (!Number.isSafeInteger(value)) throw new ModelError(`parameter ${name} must be an integer, got ${value}`);
    if (value < (p.min ?? 0)) throw new ModelError(`parameter ${name} must be at least ${p.min ?? 0}, got ${value}`);
    if (p.max !== undefined && value > p.max) throw new ModelError(`parameter ${name} must be at most ${p.max}, got ${value}`);
    params[name] = value;
  }
  const variant = choice.variant;
  if (variant !== undefined && (model.variants === undefined || !Object.hasOwn(model.variants, variant))) {
    throw new ModelError(`unknown variant '${variant}' for ${model.name}${known(model.variants)}`);
  }
  const explicit = Object.keys(choice.params ?? {}).length > 0;
  const preset = choice.preset !== undefined || !explicit ? presetName : undefined;
  const spec = model.build(params, variant) as Spec<State, unknown>;
  if (!isSpec(spec)) throw new ModelError(`${model.name}: build() returned ${describe(spec)}, not a Spec (variables, initialStates, events, next)`);
  const source: SpecSource =
    loaded.origin.kind === 'shipped'
      ? { module: specModuleUrl, exportName: 'buildSpec', args: [model.name, params, variant] }
      : { module: import.meta.url, exportName: 'buildSpecFromFile', args: [loaded.origin.url, params, variant] };
  return { definition: model, spec, params, preset, variant, source, origin: loaded.origin };
}

/** How a worker thread rebuilds the Spec of a model file (see SpecSource). */
export async function buildSpecFromFile(url: string, params: Readonly<Record<string, number>>, variant: string | undefined): Promise<Spec<State, unknown>> {
  const definition = await definitionFromFile(url, url);
  return definition.build(params, variant) as Spec<State, unknown>;
}

/** Loads and instantiates in one step: what most library users want. */
export async function buildModel(nameOrPath: string, choice: ModelChoice = {}): Promise<BuiltModel> {
  return instantiate(await loadModel(nameOrPath), choice);
}
