// What the engine remembers about every distinct state once it has left the frontier:
// its fingerprint, the state it was first reached from, and its BFS depth. That is
// enough to rebuild a trace by re-executing the model (see trace-rebuild.ts), the
// way TLC does, at 16 bytes per state.

const INITIAL_CAPACITY = 1 << 16;

export class StateStore {
  private fpHi = new Int32Array(INITIAL_CAPACITY);
  private fpLo = new Int32Array(INITIAL_CAPACITY);
  private parents = new Int32Array(INITIAL_CAPACITY);
  private depths = new Int32Array(INITIAL_CAPACITY);
  size = 0;

  /** Records a new state and returns its number. `parent` is -1 for initial states. */
  add(hi: number, lo: number, parent: number, depth: number): number {
    if (this.size === this.parents.length) this.grow();
    const n = this.size++;
    this.fpHi[n] = hi;
    this.fpLo[n] = lo;
    this.parents[n] = parent;
    this.depths[n] = depth;
    return n;
  }

  parent(n: number): number {
    return this.parents[n]!;
  }

  depth(n: number): number {
    return this.depths[n]!;
  }

  /** DFS re-explores a state reached again by a shorter path; it keeps the shorter one. */
  relink(n: number, parent: number, depth: number): void {
    this.parents[n] = parent;
    this.depths[n] = depth;
  }

  fingerprintHi(n: number): number {
    return this.fpHi[n]!;
  }

  fingerprintLo(n: number): number {
    return this.fpLo[n]!;
  }

  /** The chain of state numbers from an initial state to `n`, inclusive. */
  pathTo(n: number): number[] {
    const path: number[] = [];
    for (let at = n; at !== -1; at = this.parents[at]!) path.push(at);
    return path.reverse();
  }

  bytes(): number {
    return this.parents.length * 16;
  }

  private grow(): void {
    const cap = this.parents.length * 2;
    const widen = (a: Int32Array<ArrayBuffer>): Int32Array<ArrayBuffer> => {
      const b = new Int32Array(cap);
      b.set(a);
      return b;
    };
    this.fpHi = widen(this.fpHi);
    this.fpLo = widen(this.fpLo);
    this.parents = widen(this.parents);
    this.depths = widen(this.depths);
  }
}
