// Frontier chunks: a run of states, each written as an entry header then its encoding.
// Chunks are the unit of work handed to a thread, and what the frontier keeps as
// bytes (or on disk) while states wait to be expanded.
//
// The header is the state number, and for a keyed entry the discovery key it was
// written under (level-order.ts): under symmetry with worker threads, one state may be
// written by several threads as different members of its orbit, and only the entry
// whose key is the state's final key is expanded.
import type { State } from '../src/spec.ts';
import { ByteWriter, type ByteReader } from '../src/values/codec.ts';
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
    this.writer.uvar(number * 2);
    this.codec.encode(state, this.writer);
    if (++this.count === STATES_PER_CHUNK) this.seal();
  }

  /** An entry to expand only if (parentRank, ordinal) is still the state's key then. */
  pushKeyed(number: number, state: S, parentRank: number, ordinal: number): void {
    this.writer.uvar(number * 2 + 1);
    this.writer.uvar(parentRank + 1);
    this.writer.uvar(ordinal);
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

/** An entry's header, as readEntry leaves it (one object reused per reader). */
export interface EntryHeader {
  number: number;
  /** -1 for an entry that is always expanded. */
  parentRank: number;
  ordinal: number;
}

/** Reads the header of the entry at r.pos; the state's encoding follows it. */
export function readEntry(r: ByteReader, into: EntryHeader): EntryHeader {
  const word = r.uvar();
  into.number = Math.floor(word / 2);
  if (word % 2 === 0) {
    into.parentRank = -1;
    into.ordinal = 0;
  } else {
    into.parentRank = r.uvar() - 1;
    into.ordinal = r.uvar();
  }
  return into;
}
