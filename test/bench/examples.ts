// Benchmark rows for the example models (raft-log, leader-election): for each, the crank
// run and the TLC run that must give the same figures, with TLC's figures as printed
// (test/examples/tlc-examples.json). The bench script runs the crank side as
// `crank check <model> <crankArgs>` or check(findModel(model).build(params, variant),
// { symmetry }); the TLC side (with --tlc) as
//   java -XX:+UseParallelGC -cp tla2tools.jar tlc2.TLC -workers 1 -config <cfg> <tla>
// in a temporary folder holding copies of both files.
import { fileURLToPath } from 'node:url';
import { examplesReference, type ExampleConfig } from '../examples/tlc-examples.ts';

export interface ExampleBenchRow {
  readonly label: string;
  /** The model's name in spec/index.ts. */
  readonly model: string;
  readonly params: Readonly<Record<string, number>>;
  readonly symmetry: boolean;
  /** The same run as command-line options after `crank check <model>`. */
  readonly crankArgs: readonly string[];
  /** Absolute paths of the TLA+ module and the TLC config. */
  readonly tlaFile: string;
  readonly cfgFile: string;
  /** TLC's figures for that module and config, which crank's must equal. */
  readonly tlc: { readonly distinct: number; readonly generated: number; readonly depth: number; readonly seconds: number };
}

const tlaDir = new URL('../examples/tla/', import.meta.url);
const option = (name: string) => `--${name.replace(/[A-Z]/g, (c) => `-${c.toLowerCase()}`)}`;

function row(c: ExampleConfig): ExampleBenchRow {
  const crankArgs = Object.entries(c.params).flatMap(([k, v]) => [option(k), String(v)]);
  if (c.symmetry) crankArgs.push('--symmetry');
  return {
    label: `${c.model} ${crankArgs.join(' ')}`,
    model: c.model,
    params: c.params,
    symmetry: c.symmetry,
    crankArgs,
    tlaFile: fileURLToPath(new URL(c.tla, tlaDir)),
    cfgFile: fileURLToPath(new URL(c.cfg, tlaDir)),
    tlc: { distinct: c.distinct!, generated: c.generated!, depth: c.depth!, seconds: c.tlcSeconds },
  };
}

/** The correct (violation-free) configurations; `quick` keeps only the small ones. */
export function exampleBenchRows(quick = false): ExampleBenchRow[] {
  return examplesReference.configs.filter((c) => c.violation === undefined && (!quick || c.size === 'small')).map(row);
}
