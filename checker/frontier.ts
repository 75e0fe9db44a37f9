// A FIFO of states waiting to be expanded, held as encoded bytes rather than object
// graphs: a state costs its encoding (tens to hundreds of bytes) while it waits, and
// nothing once it has been expanded. Bytes are appended in chunks so that a level of
// millions of states never needs one huge contiguous buffer.
import type { State } from '../src/spec.ts';
import { ByteReader, ByteWriter } from '../src/values/codec.ts';
import type { StateCodec } from '../src/values/state-codec.ts';

const CHUNK_BYTES = 1 << 22;

export interface FrontierItem<S> {
  readonly number: number;
  readonly state: S;
}

export class Frontier<S extends State> {
  private readonly full: Uint8Array[] = [];
  private writer = new ByteWriter(CHUNK_BYTES);
  private reader: ByteReader | undefined;
  size = 0;
  private bytesHeld = 0;

  constructor(private readonly codec: StateCodec<S>) {}

  push(number: number, state: S): void {
    const w = this.writer;
    w.uvar(number);
    this.codec.encode(state, w);
    this.size++;
    if (w.pos >= CHUNK_BYTES - 4096) this.seal();
  }

  pop(): FrontierItem<S> | undefined {
    if (this.size === 0) return undefined;
    let r = this.reader;
    while (r === undefined || r.pos >= r.end) {
      const chunk = this.full.shift();
      if (chunk === undefined) {
        this.seal();
        continue;
      }
      this.bytesHeld -= chunk.length;
      r = this.reader = new ByteReader(chunk);
    }
    this.size--;
    const number = r.uvar();
    return { number, state: this.codec.decode(r) };
  }

  /** Bytes of encoded states held right now. */
  bytes(): number {
    return this.bytesHeld + this.writer.pos;
  }

  dispose(): void {
    this.full.length = 0;
    this.reader = undefined;
  }

  private seal(): void {
    if (this.writer.pos === 0) return;
    const chunk = this.writer.take();
    this.full.push(chunk);
    this.bytesHeld += chunk.length;
    this.writer.reset();
  }
}
