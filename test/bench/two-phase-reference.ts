// TLC's figures for the two-phase commit benchmark model (test/bench/tla/TwoPhase.tla),
// committed beside the transcription so tests never read outside the repository.
import { readFileSync } from 'node:fs';
import type { SpecSource } from '../../checker/spec-source.ts';
import type { Spec, State } from '../../src/spec.ts';
import { buildTwoPhaseSpec } from './models/two-phase.ts';

export interface TwoPhaseReference {
  readonly name: string;
  readonly rm: number;
  readonly symmetry: boolean;
  readonly distinct: number;
  readonly generated: number;
  readonly depth: number;
}

export const twoPhaseReference = (JSON.parse(readFileSync(new URL('./tla/tlc-two-phase.json', import.meta.url), 'utf8')) as { configs: TwoPhaseReference[] }).configs;

export function twoPhaseConfig(name: string): TwoPhaseReference {
  const c = twoPhaseReference.find((x) => x.name === name);
  if (c === undefined) throw new Error(`no TLC two-phase configuration ${name}`);
  return c;
}

/** The model's Spec and the SpecSource worker threads rebuild it from. */
export function twoPhaseSource(rm: number): { spec: Spec<State, unknown>; source: SpecSource } {
  return {
    spec: buildTwoPhaseSpec(rm) as unknown as Spec<State, unknown>,
    source: { module: new URL('./models/two-phase.ts', import.meta.url).href, exportName: 'buildTwoPhaseSpec', args: [rm] },
  };
}
