// A small seeded generator (sfc32), so that a simulation seed reproduces its walks
// exactly on any machine.

export class Random {
  private a: number;
  private b: number;
  private c: number;
  private d: number;

  constructor(seed: number) {
    this.a = 0x9e3779b9;
    this.b = 0x243f6a88;
    this.c = 0xb7e15162;
    this.d = seed | 0;
    for (let i = 0; i < 16; i++) this.next();
  }

  /** The generator's whole state, 32 hex digits: `Random.fromState` continues from exactly here. */
  stateHex(): string {
    return [this.a, this.b, this.c, this.d].map((w) => (w >>> 0).toString(16).padStart(8, '0')).join('');
  }

  static fromState(hex: string): Random {
    if (!/^[0-9a-f]{32}$/i.test(hex)) throw new RangeError(`not a generator state: ${hex}`);
    const r = new Random(0);
    [r.a, r.b, r.c, r.d] = [0, 8, 16, 24].map((i) => Number.parseInt(hex.slice(i, i + 8), 16) | 0) as [number, number, number, number];
    return r;
  }

  /** A uniform 32-bit unsigned integer. */
  next(): number {
    const t = (((this.a + this.b) | 0) + this.d) | 0;
    this.d = (this.d + 1) | 0;
    this.a = this.b ^ (this.b >>> 9);
    this.b = (this.c + (this.c << 3)) | 0;
    this.c = (this.c << 21) | (this.c >>> 11);
    this.c = (this.c + t) | 0;
    return t >>> 0;
  }

  /** A uniform integer in [0, n). */
  below(n: number): number {
    return Math.floor((this.next() / 2 ** 32) * n);
  }
}
