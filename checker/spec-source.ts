// How a worker thread gets the model: functions cannot cross threads, so a worker
// imports a module and calls one of its exports with plain-data arguments. The engine
// never names a model; the caller (the command line) says where the Spec comes from.
import type { Spec, State } from '../src/spec.ts';

export interface SpecSource {
  /** URL of an ES module. */
  readonly module: string;
  /** Name of an export of that module: a function returning the Spec (or a promise of it). */
  readonly exportName: string;
  /** Structured-cloneable arguments for that function. */
  readonly args: readonly unknown[];
}

export async function loadSpec(source: SpecSource): Promise<Spec<State, unknown>> {
  const mod = (await import(source.module)) as Record<string, unknown>;
  const build = mod[source.exportName];
  if (typeof build !== 'function') throw new Error(`${source.module} has no function export ${source.exportName}`);
  return await (build as (...args: readonly unknown[]) => Spec<State, unknown> | Promise<Spec<State, unknown>>)(...source.args);
}
