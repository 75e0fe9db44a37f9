// Depth-first search with an optional depth bound. States live on an explicit stack
// (never the JS call stack), so deep models cannot overflow it.
//
// With a bound, a state first reached by a long path may be reached again by a shorter
// one; it is then explored again from the shorter depth (it is not counted distinct
// twice), so every state within the bound is found, as with iterative deepening.
import type { State } from '../src/spec.ts';
import { Exploration, SEEN, VIOLATION } from './exploration.ts';
import type { Limits } from './limits.ts';
import { yieldToEvents, type Ticker } from './progress.ts';

interface Frame<S> {
  readonly state: S;
  readonly number: number;
  readonly depth: number;
  readonly successors: S[];
  next: number;
}

export async function depthFirst<S extends State, E>(
  x: Exploration<S, E>,
  checkDeadlock: boolean,
  ticker: Ticker,
  limits: Limits,
  maxDepth = Infinity,
): Promise<void> {
  const spec = x.spec;
  const stack: Frame<S>[] = [];
  let expanded = 0;
  const expand = (state: S, number: number, depth: number): boolean => {
    const successors: S[] = [];
    if (depth < maxDepth) {
      // Keep the largest fan-out seen, so that growth always leaves room for a state's successors.
      for (const event of spec.events(state)) for (const succ of spec.next(state, event)) successors.push(succ);
      if (successors.length > x.maxBranching) x.maxBranching = successors.length;
      if (successors.length === 0 && checkDeadlock) {
        x.reportDeadlock(state, number);
        return false;
      }
    }
    stack.push({ state, number, depth, successors, next: 0 });
    return true;
  };
  for (const init of spec.initialStates()) {
    if (!x.hasRoomFor(x.headroom())) x.grow(x.store.size);
    const n = x.admit(init, -1, 1);
    if (n === VIOLATION) return;
    if (n >= 0 && !expand(init, n, 1)) return;
    while (stack.length > 0) {
      const top = stack[stack.length - 1]!;
      if (top.next === top.successors.length) {
        stack.pop();
        continue;
      }
      const succ = top.successors[top.next++]!;
      const depth = top.depth + 1;
      if (!x.hasRoomFor(x.headroom())) x.grow(x.store.size);
      let n = x.admit(succ, top.number, depth);
      if (n === VIOLATION) return;
      if (n === SEEN) {
        // Reached again: worth exploring again only by a shorter path, under a bound.
        const known = x.seenNumber;
        if (maxDepth === Infinity || x.store.depth(known) <= depth) continue;
        x.store.relink(known, top.number, depth);
        n = known;
      }
      if (n >= 0 && !expand(succ, n, depth)) return;
      if (++expanded % 512 === 0) {
        ticker.tick(x, stack.length);
        if (ticker.yieldDue()) await yieldToEvents();
        if (limits.exceeded()) return;
      }
    }
  }
}
