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
  /** The parallel search's discovery keys and ranks (level-order.ts); absent on one thread. */
  readonly order?: OrderBuffers;
}

export interface OrderBuffers {
  /** Per state, 8 bytes: its discovery key, (parent rank + 1) << 32 | ordinal; 0 = none yet. */
  readonly keys: SharedArrayBuffer;
  /** Per state: its rank within its level, once the level is ordered. */
  readonly ranks: SharedArrayBuffer;
}

export class StateStore {
  /** Per state: [fp high, fp low, parent number (-1 for initial), depth]. */
  readonly data: Int32Array;
  /** [0]: the number of states handed out so far. */
  readonly counters: Int32Array;
  readonly capacity: number;
  private keys: BigInt64Array | undefined;
  /** The keys as [ordinal, parent rank + 1] word pairs (little-endian), read without allocating. */
  private keyWords: Int32Array | undefined;
  private ranks: Int32Array | undefined;

  constructor(buffers: StoreBuffers) {
    this.data = new Int32Array(buffers.data);
    this.counters = new Int32Array(buffers.counters);
    this.capacity = this.data.length / FIELDS;
    if (buffers.order !== undefined) this.attachOrder(buffers.order);
  }

  private attachOrder(order: OrderBuffers): void {
    this.keys = new BigInt64Array(order.keys);
    this.keyWords = new Int32Array(order.keys);
    this.ranks = new Int32Array(order.ranks);
  }

  static create(capacity: number): StateStore {
    return new StateStore({
      data: new SharedArrayBuffer(capacity * FIELDS * 4),
      counters: new SharedArrayBuffer(16),
    });
  }

  get buffers(): StoreBuffers {
    const order = this.keys === undefined ? undefined : { keys: this.keys.buffer as SharedArrayBuffer, ranks: this.ranks!.buffer as SharedArrayBuffer };
    return { data: this.data.buffer as SharedArrayBuffer, counters: this.counters.buffer as SharedArrayBuffer, ...(order ? { order } : {}) };
  }

  /** Adds discovery keys and ranks (call before handing the store to worker threads). */
  ensureOrder(): void {
    if (this.keys !== undefined) return;
    this.attachOrder({ keys: new SharedArrayBuffer(this.capacity * 8), ranks: new SharedArrayBuffer(this.capacity * 4) });
  }

  /**
   * Offers state n the discovery key (parentRank, ordinal): it keeps the smallest key
   * offered, whichever thread offers it first. True if this offer is now its key.
   */
  offerKey(n: number, parentRank: number, ordinal: number): boolean {
    const words = this.keyWords!;
    const hi = parentRank + 1;
    const curHi = words[2 * n + 1]!;
    // Cheap test first: most offers lose to a key already there, and need no BigInt.
    if (curHi !== 0 && (curHi < hi || (curHi === hi && words[2 * n]! <= ordinal))) return false;
    const keys = this.keys!;
    const mine = (BigInt(hi) << 32n) | BigInt(ordinal);
    let cur = Atomics.load(keys, n);
    for (;;) {
      if (cur !== 0n && cur <= mine) return false;
      const prev = Atomics.compareExchange(keys, n, cur, mine);
      if (prev === cur) return true;
      cur = prev;
    }
  }

  /** The rank of the parent in state n's discovery key (-1 when it has none). */
  keyParentRank(n: number): number {
    return this.keyWords![2 * n + 1]! - 1;
  }

  keyOrdinal(n: number): number {
    return this.keyWords![2 * n]!;
  }

  rank(n: number): number {
    return this.ranks![n]!;
  }

  setRank(n: number, rank: number): void {
    this.ranks![n] = rank;
  }

  setParent(n: number, parent: number): void {
    this.data[n * FIELDS + 2] = parent;
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
    return this.data.byteLength + (this.keys?.byteLength ?? 0) + (this.ranks?.byteLength ?? 0);
  }

  /** A copy with room for `capacity` states (call only while no thread writes). */
  grown(capacity: number): StateStore {
    const next = new StateStore({ data: new SharedArrayBuffer(capacity * FIELDS * 4), counters: this.counters.buffer as SharedArrayBuffer });
    const size = this.size;
    next.data.set(this.data.subarray(0, size * FIELDS));
    if (this.keys !== undefined) {
      next.ensureOrder();
      next.keys!.set(this.keys.subarray(0, size));
      next.ranks!.set(this.ranks!.subarray(0, size));
    }
    return next;
  }
}
