// Wraps a model so that every state it is handed is deep-frozen: a model that mutates
// its input fails loudly in any test that runs it through this wrapper.
import type { Spec, State } from '../../src/spec.ts';
import { deepFreeze } from '../../src/values/freeze.ts';

export function frozen<S extends State, E>(spec: Spec<S, E>): Spec<S, E> {
  return {
    ...spec,
    initialStates: () => spec.initialStates().map((s) => deepFreeze(s)),
    events: (s) => spec.events(deepFreeze(s)),
    next: (s, e) => spec.next(deepFreeze(s), e).map((t) => deepFreeze(t)),
  };
}
