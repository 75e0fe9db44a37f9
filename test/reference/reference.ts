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

/**
 * The one reference figure an exact BFS does not reproduce, and why. TLC printed depth 54
 * for s3-v1-t2-l1-d1-m1 under SYMMETRY, with -workers 2. With several workers TLC's BFS
 * is not strict (workers dequeue concurrently, so a state can first be reached from a
 * state one level too deep), and its reported depth can overshoot by a level. An exact
 * BFS cannot give 54 here: the level of an orbit is the least level of its members, so
 * the symmetric depth is at most the plain depth, which is 53 (TLC's own plain figure,
 * and crank's). Distinct and generated counts, which do not depend on the order of
 * exploration, equal TLC's exactly.
 */
const EXACT_DEPTH: Readonly<Record<string, number>> = { 's3-v1-t2-l1-d1-m1-sym': 53 };

/** The depth an exact BFS must report for a reference configuration. */
export function exactDepth(config: TlcConfig): number {
  return EXACT_DEPTH[config.name] ?? config.depth;
}
