// The models crank ships, by command-line name.
import type { ModelDefinition } from '../src/spec.ts';
import { trafficLight } from './traffic-light/model.ts';
import { raft } from './raft/model.ts';
import { raftAbstract } from './raft-abstract/model.ts';
import { raftKv } from './raft-kv/model.ts';
import { raftLog } from './raft-log/model.ts';
import { leaderElection } from './leader-election/model.ts';

export const models: readonly ModelDefinition[] = [trafficLight, raft, raftAbstract, raftKv, raftLog, leaderElection];

export function findModel(name: string): ModelDefinition | undefined {
  return models.find((m) => m.name === name);
}

/**
 * Builds a model's Spec by name: how worker threads, which cannot receive functions,
 * rebuild the Spec the command line built (see checker's SpecSource).
 */
export function buildSpec(name: string, params: Readonly<Record<string, number>>, variant?: string) {
  const model = findModel(name);
  if (model === undefined) throw new Error(`unknown model ${name}`);
  return model.build(params, variant);
}

export const specModuleUrl = import.meta.url;
