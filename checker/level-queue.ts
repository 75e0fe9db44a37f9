// One BFS level's frontier: chunks of encoded states waiting to be expanded. Chunks
// stay in memory up to a budget; past it they spill to a temporary file and are read
// back in turn, so a wide level costs disk, not heap.
import { closeSync, openSync, readSync, writeSync } from 'node:fs';
import { makeTempDir, removeTempDir } from './temp-files.ts';
import { join } from 'node:path';
import type { Chunk } from './chunks.ts';

interface Spilled {
  readonly offset: number;
  readonly length: number;
  readonly states: number;
}

/** A chunk to work on, possibly partly done already (`start` is a byte offset). */
export interface Work {
  readonly chunk: Chunk;
  readonly start: number;
  /** The thread that wrote the chunk, if known: it decodes its own chunks cheaply. */
  readonly writer?: number;
}

export class LevelQueue {
  private readonly inMemory: Work[] = [];
  private readonly spilled: Spilled[] = [];
  private memoryBytes = 0;
  private file: { dir: string; fd: number; end: number } | undefined;
  /** States waiting (approximate for partly done chunks). */
  states = 0;

  constructor(private readonly memoryBudget: number) {}

  get isEmpty(): boolean {
    return this.inMemory.length === 0 && this.spilled.length === 0;
  }

  get bytesInMemory(): number {
    return this.memoryBytes;
  }

  get bytesSpilled(): number {
    return this.file?.end ?? 0;
  }

  add(chunk: Chunk, writer?: number): void {
    this.states += chunk.states;
    // Once one chunk has spilled, every later one does too: chunks come back in the
    // order they were added, which the canonical order of a level relies on
    // (level-order.ts).
    if (this.spilled.length === 0 && this.memoryBytes + chunk.bytes.length <= this.memoryBudget) {
      this.inMemory.push({ chunk, start: 0, writer });
      this.memoryBytes += chunk.bytes.length;
      return;
    }
    const f = (this.file ??= LevelQueue.openSpillFile());
    writeSync(f.fd, chunk.bytes, 0, chunk.bytes.length, f.end);
    this.spilled.push({ offset: f.end, length: chunk.bytes.length, states: chunk.states });
    f.end += chunk.bytes.length;
  }

  /** Puts back a chunk that was only partly expanded, to be taken next. */
  putBack(work: Work): void {
    this.inMemory.unshift(work);
    this.memoryBytes += work.chunk.bytes.length;
  }

  /**
   * The next chunk; with `writer`, the first one that thread wrote if any is in memory.
   * A thread decodes the states it encoded back into its own objects, hashes cached
   * (state-codec.ts), where another thread's chunk must be rebuilt and re-hashed.
   */
  take(writer?: number): Work | undefined {
    let at = 0;
    if (writer !== undefined) {
      const mine = this.inMemory.findIndex((w) => w.writer === writer);
      if (mine > 0) at = mine;
    }
    const w = at === 0 ? this.inMemory.shift() : this.inMemory.splice(at, 1)[0];
    if (w !== undefined) {
      this.memoryBytes -= w.chunk.bytes.length;
      this.states -= w.start === 0 ? w.chunk.states : 0;
      return w;
    }
    const s = this.spilled.shift();
    if (s === undefined) return undefined;
    const bytes = new Uint8Array(s.length);
    readSync(this.file!.fd, bytes, 0, s.length, s.offset);
    this.states -= s.states;
    return { chunk: { bytes, states: s.states }, start: 0 };
  }

  dispose(): void {
    if (this.file === undefined) return;
    closeSync(this.file.fd);
    removeTempDir(this.file.dir);
    this.file = undefined;
  }

  private static openSpillFile(): { dir: string; fd: number; end: number } {
    const dir = makeTempDir('frontier');
    const fd = openSync(join(dir, 'level.bin'), 'w+');
    return { dir, fd, end: 0 };
  }
}
