// Builds the raft model the way the command line does, with the SpecSource worker
// threads need to rebuild it.
import type { SpecSource } from '../../checker/spec-source.ts';
import { buildSpec, specModuleUrl } from '../../spec/index.ts';
import type { Spec, State } from '../../src/spec.ts';
import { raft } from '../../spec/raft/model.ts';

export function raftPreset(preset: string, overrides: Record<string, number> = {}, variant?: string): { spec: Spec<State, unknown>; source: SpecSource } {
  const params = { ...raft.presets![preset]!, ...overrides };
  return {
    spec: buildSpec('raft', params, variant),
    source: { module: specModuleUrl, exportName: 'buildSpec', args: ['raft', params, variant] },
  };
}
