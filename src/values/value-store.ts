// A run's distinct variable values, shared by all its threads.
//
// A state is a tuple of variable values, and a model's states recombine few values:
// raft s2-v1-t3-l1-d1-m2 has 689,211 states made of 2,093 distinct variable values
// (287 KB of encoded bytes in all). So the frontier keeps a state as its values' ids,
// a few bytes per variable, and each distinct value is encoded once, here, into shared
// memory; any thread turns an id back into the value (state-codec.ts), decoding those
// bytes only the first time it meets the id. This is the first level of LTSmin's tree
// compression (Laarman, van de Pol and Weber, 2011).
//
// Layout, in growable SharedArrayBuffers that every thread maps:
// - `bytes`: the values' encodings, back to back;
// - `entries`: four Int32 words per id: offset and length in `bytes`, then the high and
//   low words of the value's 64-bit hash;
// - `control`: a lock word, the number of ids published, and the bytes used.
// Ids are appended under the lock (new values are rare: a few thousand in a run of
// millions of states) and published by storing the count after the entry is written,
// so readers need no lock: an id below the count they load is complete.
import { ByteReader } from './codec.ts';

/** ES2024's growable SharedArrayBuffer (Node 20 has it; the project's lib is ES2022). */
interface GrowableBuffer extends SharedArrayBuffer {
  readonly maxByteLength: number;
  grow(size: number): void;
}
const GrowableBuffer = SharedArrayBuffer as unknown as new (length: number, options: { readonly maxByteLength: number }) => GrowableBuffer;

export interface ValueStoreBuffers {
  readonly bytes: GrowableBuffer;
  readonly entries: GrowableBuffer;
  readonly control: SharedArrayBuffer;
  readonly maxBytes: number;
  readonly maxValues: number;
}

/** Encoded bytes a store holds at most; beyond, new values travel inline (state-codec.ts). */
const MAX_BYTES = 256 * 2 ** 20;
/** Ids a store hands out at most, likewise. */
const MAX_VALUES = 1 << 22;
const ENTRY_WORDS = 4;
const LOCK = 0;
const COUNT = 1;
const USED = 2;

export class ValueStore {
  private readonly bytes: Uint8Array;
  private readonly entries: Int32Array;
  private readonly control: Int32Array;

  private constructor(private readonly shared: ValueStoreBuffers) {
    // Views without a length track their buffer as it grows.
    this.bytes = new Uint8Array(shared.bytes);
    this.entries = new Int32Array(shared.entries);
    this.control = new Int32Array(shared.control);
  }

  /** A new store; the limits are for tests (a full store is hard to reach otherwise). */
  static create(limits: { readonly maxBytes?: number; readonly maxValues?: number } = {}): ValueStore {
    return new ValueStore({
      bytes: new GrowableBuffer(1 << 16, { maxByteLength: Math.max(1 << 16, limits.maxBytes ?? MAX_BYTES) }),
      entries: new GrowableBuffer(1 << 14, { maxByteLength: Math.max(1 << 14, (limits.maxValues ?? MAX_VALUES) * ENTRY_WORDS * 4) }),
      control: new SharedArrayBuffer(16),
      maxBytes: limits.maxBytes ?? MAX_BYTES,
      maxValues: limits.maxValues ?? MAX_VALUES,
    });
  }

  /** The store another thread created (its buffers came in a message). */
  static attach(buffers: ValueStoreBuffers): ValueStore {
    return new ValueStore(buffers);
  }

  buffers(): ValueStoreBuffers {
    return this.shared;
  }

  /** Ids published so far: every id below this is complete. */
  count(): number {
    return Atomics.load(this.control, COUNT);
  }

  /** Encoded bytes held. */
  bytesUsed(): number {
    return Atomics.load(this.control, USED);
  }

  hashHi(id: number): number {
    return this.entries[id * ENTRY_WORDS + 2]!;
  }

  hashLo(id: number): number {
    return this.entries[id * ENTRY_WORDS + 3]!;
  }

  /** A reader over the value's encoding. */
  reader(id: number): ByteReader {
    const at = id * ENTRY_WORDS;
    const start = this.entries[at]!;
    return new ByteReader(this.bytes, start, start + this.entries[at + 1]!);
  }

  /** Whether the value `id` is encoded exactly as buf[start, start + length). */
  hasBytes(id: number, buf: Uint8Array, start: number, length: number): boolean {
    const at = id * ENTRY_WORDS;
    if (this.entries[at + 1] !== length) return false;
    const bytes = this.bytes;
    const from = this.entries[at]!;
    for (let i = 0; i < length; i++) if (bytes[from + i] !== buf[start + i]) return false;
    return true;
  }

  /**
   * Runs `f` holding the store's lock: the caller checks the ids published since it
   * last looked, then appends (below) if the value is still new. Appends are rare, so
   * a spinning lock is enough.
   */
  locked<T>(f: () => T): T {
    while (Atomics.compareExchange(this.control, LOCK, 0, 1) !== 0) Atomics.wait(this.control, LOCK, 1, 1);
    try {
      return f();
    } finally {
      Atomics.store(this.control, LOCK, 0);
      Atomics.notify(this.control, LOCK, 1);
    }
  }

  /** Appends a value (only inside `locked`); its id, or -1 when the store is full. */
  append(hi: number, lo: number, buf: Uint8Array, start: number, length: number): number {
    const id = Atomics.load(this.control, COUNT);
    const offset = Atomics.load(this.control, USED);
    if (id >= this.shared.maxValues || offset + length > this.shared.maxBytes) return -1;
    grow(this.shared.bytes, offset + length);
    grow(this.shared.entries, (id + 1) * ENTRY_WORDS * 4);
    this.bytes.set(buf.subarray(start, start + length), offset);
    const at = id * ENTRY_WORDS;
    this.entries[at] = offset;
    this.entries[at + 1] = length;
    this.entries[at + 2] = hi;
    this.entries[at + 3] = lo;
    Atomics.store(this.control, USED, offset + length);
    // Published last: a reader that sees the count sees the entry.
    Atomics.store(this.control, COUNT, id + 1);
    return id;
  }
}

/** Grows a buffer to at least `size` bytes, doubling (within its maximum). */
function grow(buffer: GrowableBuffer, size: number): void {
  if (buffer.byteLength >= size) return;
  let next = buffer.byteLength * 2;
  while (next < size) next *= 2;
  buffer.grow(Math.min(next, buffer.maxByteLength));
}
