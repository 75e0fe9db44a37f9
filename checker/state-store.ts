// What the engine remembers about every distinct state once it has left the frontier:
// its fingerprint, the state it was first reached from, and its BFS depth. That is
// enough to rebuild a trace by re-executing the model (see trace-rebuild.ts), the
// way TLC does, at 16 bytes per state.
//
// The arrays live in SharedArrayBuffers so that worker threads record the states they
// discover directly. State numbers are handed out by an atomic counter (`counters`);
// capacity is fixed per store, and the coordinator swaps in a larger store (`grown`)
// while the workers are paused.

const FIELDS = 4; // fingerprint high, fingerprint low, parent, depth

export interface StoreBuffers {
  readonly data: SharedArrayBuffer;
  readonly counters: SharedArrayBuffer;
}

export class StateStore {
  /** Per state: [fp high, fp low, parent number (-1 for initial), depth]. */
  readonly data: Int32Array;
  /** [0]: the number of states handed out so far. */
  readonly counters: Int32Array;
  readonly capacity: number;

  constructor(buffers: StoreBuffers) {
    this.data = new Int32Array(buffers.data);
    this.counters = new Int32Array(buffers.counters);
    this.capacity = this.data.length / FIELDS;
  }

  static create(capacity: number): StateStore {
    return new StateStore({
      data: new SharedArrayBuffer(capacity * FIELDS * 4),
      counters: new SharedArrayBuffer(16),
    });
  }

  get buffers(): StoreBuffers {
    return { data: this.data.buffer as SharedArrayBuffer, counters: this.counters.buffer as SharedArrayBuffer };
  }

  get size(): number {
    return Atomics.load(this.counters, 0);
  }

  /** Hands out the next state number (thread-safe). */
  claim(): number {
    return Atomics.add(this.counters, 0, 1);
  }

  /** Records state `n` (claimed before). */
  set(n: number, hi: number, lo: number, parent: number, depth: number): void {
    const at = n * FIELDS;
    const d = this.data;
    d[at] = hi;
    d[at + 1] = lo;
    d[at + 2] = parent;
    d[at + 3] = depth;
  }

  parent(n: number): number {
    return this.data[n * FIELDS + 2]!;
  }

  depth(n: number): number {
    return this.data[n * FIELDS + 3]!;
  }

  fingerprintHi(n: number): number {
    return this.data[n * FIELDS]!;
  }

  fingerprintLo(n: number): number {
    return this.data[n * FIELDS + 1]!;
  }

  /** DFS re-explores a state reached again by a shorter path; it keeps the shorter one. */
  relink(n: number, parent: number, depth: number): void {
    this.data[n * FIELDS + 2] = parent;
    this.data[n * FIELDS + 3] = depth;
  }

  /** The chain of state numbers from an initial state to `n`, inclusive. */
  pathTo(n: number): number[] {
    const path: number[] = [];
    for (let at = n; at !== -1; at = this.parent(at)) path.push(at);
    return path.reverse();
  }

  bytes(): number {
    return this.data.byteLength;
  }

  /** A copy with room for `capacity` states (call only while no thread writes). */
  grown(capacity: number): StateStore {
    const next = new StateStore({ data: new SharedArrayBuffer(capacity * FIELDS * 4), counters: this.counters.buffer as SharedArrayBuffer });
    next.data.set(this.data.subarray(0, this.size * FIELDS));
    return next;
  }
}
