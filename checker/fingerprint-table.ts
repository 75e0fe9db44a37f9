// The seen set: an open-addressing hash table from 64-bit fingerprints to state
// numbers, on a flat Int32Array (optionally over a SharedArrayBuffer so worker threads
// can share it).
//
// Slot layout, three words: [fingerprint high, fingerprint low, state number + 1].
// The third word is the claim word: 0 = empty, -1 = being written, n > 0 = state n-1.
// An inserter claims an empty slot with compare-and-swap, writes the fingerprint, then
// publishes the state number with an atomic store; a reader that sees a published
// number therefore sees the fingerprint too. Linear probing keeps probes in one cache
// line most of the time.

const STRIDE = 3;
const EMPTY = 0;
const BUSY = -1;

export const NOT_FOUND = -1;

export class FingerprintTable {
  readonly words: Int32Array;
  readonly capacity: number;
  private readonly mask: number;

  /** `capacity` is rounded up to a power of two. */
  constructor(capacity: number, shared = false, words?: Int32Array) {
    let cap = 1024;
    while (cap < capacity) cap *= 2;
    this.capacity = cap;
    this.mask = cap - 1;
    if (words !== undefined) {
      if (words.length !== cap * STRIDE) throw new Error('fingerprint table: buffer does not match capacity');
      this.words = words;
    } else {
      const bytes = cap * STRIDE * 4;
      this.words = new Int32Array(shared ? new SharedArrayBuffer(bytes) : new ArrayBuffer(bytes));
    }
  }

  static bytesFor(capacity: number): number {
    return capacity * STRIDE * 4;
  }

  private home(hi: number, lo: number): number {
    // The fingerprint is already well mixed; fold both halves for the home slot.
    return ((hi ^ Math.imul(lo, 0x9e3779b1)) >>> 0) & this.mask;
  }

  /** The state number stored for this fingerprint, or NOT_FOUND. */
  find(hi: number, lo: number): number {
    const w = this.words;
    let slot = this.home(hi, lo);
    for (;;) {
      const at = slot * STRIDE;
      let claim = Atomics.load(w, at + 2);
      if (claim === EMPTY) return NOT_FOUND;
      while (claim === BUSY) claim = Atomics.load(w, at + 2);
      if (w[at] === hi && w[at + 1] === lo) return claim - 1;
      slot = (slot + 1) & this.mask;
    }
  }

  /**
   * Inserts the fingerprint unless present. Returns the new state's number (taken from
   * `nextNumber()`, called only when this call wins the insert) as a non-negative
   * value, or `-(existing + 1)` when the fingerprint was already there.
   */
  insert(hi: number, lo: number, nextNumber: () => number): number {
    const w = this.words;
    let slot = this.home(hi, lo);
    for (;;) {
      const at = slot * STRIDE;
      let claim = Atomics.load(w, at + 2);
      if (claim === EMPTY) {
        if (Atomics.compareExchange(w, at + 2, EMPTY, BUSY) === EMPTY) {
          w[at] = hi;
          w[at + 1] = lo;
          const n = nextNumber();
          Atomics.store(w, at + 2, n + 1);
          return n;
        }
        claim = Atomics.load(w, at + 2);
      }
      while (claim === BUSY) claim = Atomics.load(w, at + 2);
      if (w[at] === hi && w[at + 1] === lo) return -claim;
      slot = (slot + 1) & this.mask;
    }
  }

  /** Copies every entry into a table of the given capacity (single-threaded only). */
  grown(capacity: number, shared = false): FingerprintTable {
    const next = new FingerprintTable(capacity, shared);
    const w = this.words;
    for (let at = 0; at < w.length; at += STRIDE) {
      const claim = w[at + 2]!;
      if (claim > 0) next.place(w[at]!, w[at + 1]!, claim);
    }
    return next;
  }

  private place(hi: number, lo: number, claim: number): void {
    const w = this.words;
    let slot = this.home(hi, lo);
    while (w[slot * STRIDE + 2] !== EMPTY) slot = (slot + 1) & this.mask;
    const at = slot * STRIDE;
    w[at] = hi;
    w[at + 1] = lo;
    w[at + 2] = claim;
  }
}
