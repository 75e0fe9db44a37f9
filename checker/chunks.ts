// Frontier chunks: a run of states, each written as its state number then its encoding.
// Chunks are the unit of work handed to a thread, and what the frontier keeps as
// bytes (or on disk) while states wait to be expanded.
import type { State } from '../src/spec.ts';
import { ByteWriter } from '../src/values/codec.ts';
import type { StateCodec } from '../src/values/state-codec.ts';

/** States per chunk: small enough to balance threads, large enough to amortise messages. */
export const STATES_PER_CHUNK = 512;

export interface Chunk {
  readonly bytes: Uint8Array;
  readonly states: number;
}

/** Appends states to chunks, sealing one every STATES_PER_CHUNK states. */
export class ChunkWriter<S extends State> {
  private writer = new ByteWriter(1 << 16);
  private count = 0;
  readonly sealed: Chunk[] = [];

  constructor(private readonly codec: StateCodec<S>) {}

  push(number: number, state: S): void {
    this.writer.uvar(number);
    this.codec.encode(state, this.writer);
    if (++this.count === STATES_PER_CHUNK) this.seal();
  }

  /** Seals the chunk in progress and hands over everything sealed so far. */
  drain(): Chunk[] {
    this.seal();
    return this.sealed.splice(0);
  }

  private seal(): void {
    if (this.count === 0) return;
    this.sealed.push({ bytes: this.writer.take(), states: this.count });
    this.writer.reset();
    this.count = 0;
  }
}
