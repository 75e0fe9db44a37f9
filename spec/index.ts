// The models crank ships, by command-line name.
import type { ModelDefinition } from '../src/spec.ts';
import { trafficLight } from './traffic-light/model.ts';
import { raft } from './raft/model.ts';

export const models: readonly ModelDefinition[] = [trafficLight, raft];

export function findModel(name: string): ModelDefinition | undefined {
  return models.find((m) => m.name === name);
}
