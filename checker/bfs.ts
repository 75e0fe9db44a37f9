// Breadth-first search on the main thread, level by level, so the first violation
// found is on a shortest behavior. Each level's states wait as encoded chunks.
import type { State } from '../src/spec.ts';
import type { StateCodec } from '../src/values/state-codec.ts';
import { ChunkWriter } from './chunks.ts';
import { expandChunk, type ExpandControl } from './expand.ts';
import { Exploration, VIOLATION } from './exploration.ts';
import { LevelQueue } from './level-queue.ts';
import type { Limits } from './limits.ts';
import { yieldToEvents, type Ticker } from './progress.ts';

/** Admits the initial states into level 1; false if one breaks a property. */
export function admitInitialStates<S extends State, E>(x: Exploration<S, E>, out: ChunkWriter<S>): boolean {
  const inits = x.spec.initialStates();
  if (!x.hasRoomFor(inits.length)) x.grow(inits.length);
  for (const init of inits) {
    const n = x.admit(init, -1, 1);
    if (n === VIOLATION) return false;
    if (n >= 0) out.push(n, init);
  }
  return true;
}

/** A level not yet expanded, handed to the parallel search. */
export interface PendingLevel {
  readonly level: LevelQueue;
  readonly depth: number;
  /** The number of its first state: a level's states are numbered consecutively. */
  readonly first: number;
}

/**
 * Runs BFS on this thread. Before each level it asks `beforeLevel` (given the level's
 * width) whether to go on or to stop and return the level unexpanded, for worker
 * threads to go on with: small models never pay for starting workers.
 */
export async function breadthFirst<S extends State, E>(
  x: Exploration<S, E>,
  codec: StateCodec<S>,
  checkDeadlock: boolean,
  ticker: Ticker,
  limits: Limits,
  maxDepth = Infinity,
  beforeLevel: (states: number) => 'continue' | 'hand-off' = () => 'continue',
): Promise<PendingLevel | undefined> {
  const out = new ChunkWriter(codec);
  const control: ExpandControl = { checkDeadlock, roomNeeded: () => x.headroom(), shouldStop: () => limits.exceeded() };
  if (!admitInitialStates(x, out)) return undefined;
  let level = new LevelQueue(limits.frontierBytes);
  for (const c of out.drain()) level.add(c);
  let handedOff = false;
  let first = 0;
  try {
    for (let depth = 1; !level.isEmpty && depth < maxDepth; depth++) {
      if (beforeLevel(level.states) === 'hand-off') {
        handedOff = true;
        return { level, depth, first };
      }
      const next = new LevelQueue(limits.frontierBytes);
      first = x.store.size;
      try {
        for (let work = level.take(); work !== undefined; work = level.take()) {
          let start = work.start;
          for (;;) {
            const status = expandChunk(x, codec, work.chunk.bytes, start, depth, out, control);
            for (const c of out.drain()) next.add(c);
            if (status.kind === 'paused') {
              x.grow(Math.max(x.headroom(), x.store.size));
              start = status.resumeAt;
              continue;
            }
            if (status.kind === 'stopped') return undefined;
            break;
          }
          ticker.tick(x, level.states + next.states);
          if (ticker.yieldDue()) await yieldToEvents();
        }
      } catch (err) {
        next.dispose();
        throw err;
      }
      level.dispose();
      level = next;
    }
  } finally {
    if (!handedOff) level.dispose();
  }
  return undefined;
}
