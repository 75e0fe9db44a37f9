// Level-synchronous parallel BFS: worker threads expand the chunks of one level while
// sharing the fingerprint table and the state store (SharedArrayBuffers, atomic
// inserts); the next level starts when every chunk of this one is done. Each level's
// set of new states does not depend on which thread found which, so distinct counts,
// generated counts and depth are the same for any number of workers, and a violation
// found at level L+1 is on a shortest behavior. Between levels the coordinator puts
// the new level in one thread's order (level-order.ts), so the parent links and the
// violation reported are those of a run on one thread.
//
// When the table or store runs short, a worker stops before its next state and hands
// the rest of its chunk back; once every worker is idle the coordinator grows both and
// sends the new buffers before resuming.
import { Worker } from 'node:worker_threads';
import type { State } from '../src/spec.ts';
import { ByteReader } from '../src/values/codec.ts';
import type { StateCodec } from '../src/values/state-codec.ts';
import type { ValueStoreBuffers } from '../src/values/value-store.ts';
import type { PendingLevel } from './bfs.ts';
import type { Exploration, Found } from './exploration.ts';
import { LevelQueue } from './level-queue.ts';
import { BEST_RANK_WORD, firstInOrder, orderLevel, rankInNumberOrder, type KeyedFound, type LevelNumbers } from './level-order.ts';
import { SymmetryError } from './errors.ts';
import { ModelFault } from './model-guard.ts';
import type { Limits } from './limits.ts';
import type { Ticker } from './progress.ts';
import type { SpecSource } from './spec-source.ts';
import type { FoundMessage, FromWorker, ToWorker, WorkerSetup } from './worker-protocol.ts';

export interface ParallelOptions {
  readonly source: SpecSource;
  /** The run's value store (state-codec.ts): every thread's frontier bytes name its ids. */
  readonly values: ValueStoreBuffers;
  readonly workers: number;
  readonly invariants: readonly string[];
  readonly checkDeadlock: boolean;
  readonly symmetry: boolean;
  readonly maxDepth: number;
  readonly checkModel: boolean;
}

export interface ParallelOutcome {
  readonly generated: number;
  readonly depth: number;
  readonly stats: Readonly<Record<string, number>>;
}

interface Slot {
  readonly worker: Worker;
  /** Its place in the pool: the writer tag of the chunks it returns (LevelQueue.take). */
  readonly index: number;
  busy: boolean;
  /** The coordinator's message handler for this worker during a level. */
  onMessage?: (m: FromWorker) => void;
}

/**
 * Worker threads, started ahead of need: loading the TypeScript sources in a new
 * thread takes a while, so the coordinator starts them while the main thread is still
 * exploring the first levels, and hands them the shared buffers when it hands over.
 */
export class WorkerPool {
  readonly slots: Slot[] = [];
  readonly ready: Promise<void>;
  readonly control = new Int32Array(new SharedArrayBuffer(16));

  constructor(opts: ParallelOptions) {
    const setup: WorkerSetup = {
      source: opts.source,
      values: opts.values,
      invariants: opts.invariants,
      checkDeadlock: opts.checkDeadlock,
      symmetry: opts.symmetry,
      checkModel: opts.checkModel,
      control: this.control.buffer as SharedArrayBuffer,
      workers: opts.workers,
    };
    const ready: Promise<void>[] = [];
    for (let i = 0; i < opts.workers; i++) {
      const worker = new Worker(new URL('./worker-entry.mjs', import.meta.url), { workerData: setup });
      this.slots.push({ worker, index: i, busy: false });
      ready.push(
        new Promise((resolve, reject) => {
          const onMessage = (m: FromWorker): void => {
            worker.off('message', onMessage);
            if (m.type === 'ready') resolve();
            else reject(new Error(m.type === 'error' ? `worker failed to start: ${m.message}` : 'worker failed to start'));
          };
          worker.on('message', onMessage);
          worker.once('error', reject);
        }),
      );
    }
    this.ready = Promise.all(ready).then(() => undefined);
    // A run that never hands over must not fail on a worker it did not use.
    this.ready.catch(() => undefined);
  }

  async close(): Promise<void> {
    for (const s of this.slots) s.worker.postMessage({ type: 'exit' } satisfies ToWorker);
    await Promise.all(this.slots.map((s) => s.worker.terminate()));
  }
}

/** Goes on with BFS from `start`, a level the main thread has not expanded yet. */
export async function parallelBreadthFirst<S extends State, E>(
  x: Exploration<S, E>,
  codec: StateCodec<S>,
  pool: WorkerPool,
  opts: ParallelOptions,
  ticker: Ticker,
  limits: Limits,
  start: PendingLevel,
): Promise<ParallelOutcome> {
  x.grow(Math.max(1 << 16, x.store.size));
  x.store.ensureOrder();
  // The level handed over was numbered by one thread, in its order.
  let numbers: LevelNumbers = { first: start.first, byRank: undefined };
  rankInNumberOrder(x.store, numbers, x.store.size);
  let generated = x.generated;
  let depth = start.depth;
  const workerStats = new Map<Worker, Readonly<Record<string, number>>>();
  const { slots, control } = pool;
  const share = (): void => {
    const resize: ToWorker = {
      type: 'resize',
      table: { words: x.table.words.buffer as SharedArrayBuffer, capacity: x.table.capacity },
      store: x.store.buffers,
    };
    for (const s of slots) s.worker.postMessage(resize);
  };
  let level = start.level;
  try {
    await pool.ready;
    share();
    for (let d = start.depth; !level.isEmpty && d < opts.maxDepth && x.found === undefined; d++) {
      const next = new LevelQueue(limits.frontierBytes);
      const nextFirst = x.store.size;
      const violations: KeyedFound<S>[] = [];
      try {
        await runLevel(d, level, next, nextFirst, violations);
      } catch (err) {
        next.dispose();
        throw err;
      }
      numbers = orderLevel(x.store, numbers, nextFirst, x.store.size);
      x.found = firstInOrder(x.store, violations);
      level.dispose();
      level = next;
      if (!level.isEmpty && x.found === undefined) depth = d + 1;
    }
  } finally {
    level.dispose();
  }
  const stats: Record<string, number> = {};
  for (const st of workerStats.values()) for (const [k, v] of Object.entries(st)) stats[k] = (stats[k] ?? 0) + v;
  return { generated, depth: Math.max(depth, depthOfFound()), stats };

  function depthOfFound(): number {
    const f = x.found;
    return f !== undefined && f.number >= 0 ? x.store.depth(f.number) : 0;
  }

  function runLevel(d: number, queue: LevelQueue, next: LevelQueue, nextFirst: number, violations: KeyedFound<S>[]): Promise<void> {
    Atomics.store(control, BEST_RANK_WORD, 0);
    return new Promise<void>((resolve, reject) => {
      let growing = false;
      let stopping = false;
      const idle = (): boolean => slots.every((s) => !s.busy);
      const dispatch = (): void => {
        if (growing || stopping) return;
        for (const slot of slots) {
          if (slot.busy) continue;
          const work = queue.take(slot.index);
          if (work === undefined) break;
          slot.busy = true;
          slot.worker.postMessage({ type: 'expand', chunk: work.chunk, start: work.start, depth: d, nextFirst, keyed: opts.symmetry } satisfies ToWorker, [work.chunk.bytes.buffer as ArrayBuffer]);
        }
        if (idle()) finish();
      };
      const finish = (): void => {
        for (const slot of slots) slot.worker.off('message', slot.onMessage!);
        for (const slot of slots) slot.worker.off('error', onError);
        if (failure !== undefined) reject(failure);
        else resolve();
      };
      let failure: Error | undefined;
      // Workers look at the shared stop flag before each state.
      const stopAll = (): void => {
        stopping = true;
        Atomics.store(control, 0, 1);
      };
      const onError = (err: Error): void => {
        failure ??= err;
        stopAll();
        finish();
      };
      const onResult = (slot: Slot, m: FromWorker): void => {
        if (m.type === 'error') {
          failure ??= m.symmetry ? new SymmetryError(m.message) : m.modelFault ? new ModelFault(m.message) : new Error(`worker: ${m.message}`);
          stopAll();
          slot.busy = false;
          if (idle()) finish();
          return;
        }
        if (m.type !== 'result') return;
        slot.busy = false;
        generated += m.generated;
        if (m.maxBranching > x.maxBranching) x.maxBranching = m.maxBranching;
        if (m.stats !== undefined) workerStats.set(slot.worker, m.stats);
        for (const c of m.out) next.add(c, slot.index);
        // Violations do not stop the level: the one reported is chosen when it is done.
        for (const f of m.found) violations.push({ found: foundFrom(f), parentRank: f.parentRank, ordinal: f.ordinal });
        if (m.status === 'paused') {
          queue.putBack({ chunk: m.chunk!, start: m.resumeAt!, writer: slot.index });
          growing = true;
        }
        if (!stopping && limits.exceeded()) stopAll();
        ticker.tick({ generated, distinct: x.distinct, depth: Math.max(depth, d) }, queue.states + next.states);
        if (growing && idle()) {
          x.grow(Math.max(x.store.size, x.headroom() * opts.workers));
          share();
          growing = false;
        }
        if (stopping) {
          if (idle()) finish();
          return;
        }
        dispatch();
      };
      for (const slot of slots) {
        slot.onMessage = (m: FromWorker) => onResult(slot, m);
        slot.worker.on('message', slot.onMessage);
        slot.worker.on('error', onError);
      }
      dispatch();
    });
  }

  function foundFrom(m: FoundMessage): Found<S> {
    const state = codec.decode(new ByteReader(m.state));
    return { kind: m.kind, property: m.property, state, number: m.number, parent: m.parent };
  }
}

