// TLC's reference figures for raft.tla (copied from the shared reference data; tests and
// the benchmark must not read outside the repository).
import { readFileSync } from 'node:fs';

export interface TlcConfig {
  readonly name: string;
  readonly servers: number;
  readonly symmetry: boolean;
  readonly distinct: number;
  readonly generated: number;
  readonly depth: number;
  readonly seconds: number;
  readonly peakRssMiB: number | null;
}

export interface TlcReference {
  readonly configs: readonly TlcConfig[];
  readonly trafficLight: { readonly distinct: number; readonly generated: number; readonly depth: number };
}

export const tlcReference = JSON.parse(readFileSync(new URL('./tlc-raft.json', import.meta.url), 'utf8')) as TlcReference;

export function tlcConfig(name: string): TlcConfig {
  const c = tlcReference.configs.find((x) => x.name === name);
  if (c === undefined) throw new Error(`no TLC reference configuration ${name}`);
  return c;
}
