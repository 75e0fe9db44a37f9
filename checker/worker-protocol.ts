// Messages between the BFS coordinator and its worker threads.
import type { SpecSource } from './spec-source.ts';
import type { StoreBuffers } from './state-store.ts';
import type { Chunk } from './chunks.ts';
import type { ValueStoreBuffers } from '../src/values/value-store.ts';

export interface TableBuffers {
  readonly words: SharedArrayBuffer;
  readonly capacity: number;
}

export interface WorkerSetup {
  readonly source: SpecSource;
  /** The run's value store, shared with the coordinator (src/values/value-store.ts). */
  readonly values: ValueStoreBuffers;
  readonly invariants: readonly string[];
  readonly checkDeadlock: boolean;
  readonly symmetry: boolean;
  readonly checkModel: boolean;
  /** Int32 words: [0] = stop, [1] = best violation's parent rank + 1 (level-order.ts). */
  readonly control: SharedArrayBuffer;
  readonly workers: number;
}

export type ToWorker =
  | {
      readonly type: 'expand';
      readonly chunk: Chunk;
      readonly start: number;
      readonly depth: number;
      /** The first state number of the level being generated. */
      readonly nextFirst: number;
      /** Whether entries carry discovery keys (under symmetry). */
      readonly keyed: boolean;
    }
  /** The shared table and store: sent before the first chunk and after each growth. */
  | { readonly type: 'resize'; readonly table: TableBuffers; readonly store: StoreBuffers }
  | { readonly type: 'exit' };

export interface FoundMessage {
  readonly kind: 'invariant' | 'deadlock';
  readonly property: string;
  readonly number: number;
  readonly parent: number;
  /** The breaking state, encoded. */
  readonly state: Uint8Array;
  /** Its discovery key (level-order.ts). */
  readonly parentRank: number;
  readonly ordinal: number;
}

export type FromWorker =
  | { readonly type: 'ready' }
  | {
      readonly type: 'result';
      readonly status: 'done' | 'paused' | 'stopped';
      /** For 'paused': the chunk, to be resumed at `resumeAt`. */
      readonly chunk?: Chunk;
      readonly resumeAt?: number;
      readonly out: readonly Chunk[];
      readonly generated: number;
      readonly maxBranching: number;
      readonly found: readonly FoundMessage[];
      readonly stats?: Readonly<Record<string, number>>;
    }
  | { readonly type: 'error'; readonly message: string; readonly symmetry?: boolean; readonly modelFault?: boolean };
