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

  add(chunk: Chunk): void {
    this.states += chunk.states;
    // Once one chunk has spilled, every later one does too: chunks come back in the
    // order they were added, which the canonical order of a level relies on
    // (level-order.ts).
    if (this.spilled.length === 0 && this.memoryBytes + chunk.bytes.length <= this.memoryBudget) {
      this.inMemory.push({ chunk, start: 0 });
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

  take(): Work | undefined {
    const w = this.inMemory.shift();
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
