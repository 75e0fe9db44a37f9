// Expanding one chunk of the frontier: decode each state, run the model's events, admit
// every successor, and write the new states to the next level. The same code runs on
// the main thread (one worker) and in worker threads.
import type { State } from '../src/spec.ts';
import { ByteReader } from '../src/values/codec.ts';
import type { StateCodec } from '../src/values/state-codec.ts';
import type { ChunkWriter } from './chunks.ts';
import { VIOLATION, type Exploration } from './exploration.ts';

export type ExpandStatus =
  /** Every state of the chunk was expanded. */
  | { readonly kind: 'done' }
  /** Stopped before the state at byte `resumeAt`, for lack of room in the table or store. */
  | { readonly kind: 'paused'; readonly resumeAt: number }
  /** A property broke (`x.found`), or another thread asked everyone to stop. */
  | { readonly kind: 'stopped' };

export interface ExpandControl {
  readonly checkDeadlock: boolean;
  /** Room a thread must see in the table and store before expanding a state. */
  roomNeeded(): number;
  /** True when another thread found a violation. */
  shouldStop(): boolean;
}

export function expandChunk<S extends State, E>(
  x: Exploration<S, E>,
  codec: StateCodec<S>,
  bytes: Uint8Array,
  start: number,
  depth: number,
  out: ChunkWriter<S>,
  control: ExpandControl,
): ExpandStatus {
  const spec = x.spec;
  const r = new ByteReader(bytes, start);
  while (r.pos < r.end) {
    if (control.shouldStop()) return { kind: 'stopped' };
    if (!x.hasRoomFor(control.roomNeeded())) return { kind: 'paused', resumeAt: r.pos };
    const parent = r.uvar();
    const state = codec.decode(r);
    let successors = 0;
    for (const event of spec.events(state)) {
      for (const succ of spec.next(state, event)) {
        successors++;
        const n = x.admit(succ, parent, depth + 1);
        if (n === VIOLATION) return { kind: 'stopped' };
        if (n >= 0) out.push(n, succ);
      }
    }
    if (successors > x.maxBranching) x.maxBranching = successors;
    if (successors === 0 && control.checkDeadlock) {
      x.reportDeadlock(state, parent);
      return { kind: 'stopped' };
    }
  }
  return { kind: 'done' };
}
