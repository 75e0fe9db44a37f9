// Breadth-first search, level by level, so the first violation found is on a
// shortest behavior. Each level's states wait in the frontier as encoded bytes.
import type { State } from '../src/spec.ts';
import { Exploration, VIOLATION } from './exploration.ts';
import { Frontier } from './frontier.ts';
import type { StateCodec } from '../src/values/state-codec.ts';
import type { Ticker } from './progress.ts';

export function breadthFirst<S extends State, E>(
  x: Exploration<S, E>,
  codec: StateCodec<S>,
  checkDeadlock: boolean,
  ticker: Ticker,
  maxDepth = Infinity,
): void {
  const spec = x.spec;
  let current = new Frontier<S>(codec);
  for (const init of spec.initialStates()) {
    const n = x.admit(init, -1, undefined, 1);
    if (n === VIOLATION) return;
    if (n >= 0) current.push(n, init);
  }
  for (let level = 1; current.size > 0 && level < maxDepth; level++) {
    const next = new Frontier<S>(codec);
    for (;;) {
      const item = current.pop();
      if (item === undefined) break;
      const { number: parent, state } = item;
      let successors = 0;
      for (const event of spec.events(state)) {
        for (const succ of spec.next(state, event)) {
          successors++;
          const n = x.admit(succ, parent, event, level + 1);
          if (n === VIOLATION) return;
          if (n >= 0) next.push(n, succ);
        }
      }
      if (successors === 0 && checkDeadlock) {
        x.reportDeadlock(state, parent);
        return;
      }
      ticker.tick(x, current.size + next.size);
    }
    current.dispose();
    current = next;
  }
  current.dispose();
}
