// The one owner of the temporary files a run makes (the frontier spill). Every folder
// is made here and removed here: when its user is done with it, and in any case when
// the process exits, whether it ends normally, through process.exit after a signal, or
// on an uncaught error. Nothing else in crank calls mkdtemp.
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';

const live = new Set<string>();
let hooked = false;

/** Makes a new folder `crank-PREFIX-*` in the system's temporary directory. */
export function makeTempDir(prefix: string): string {
  if (!hooked) {
    // 'exit' runs on a normal end, on process.exit and after an uncaught exception.
    process.on('exit', removeAllTempDirs);
    hooked = true;
  }
  const dir = mkdtempSync(join(tmpdir(), `crank-${prefix}-`));
  live.add(dir);
  return dir;
}

export function removeTempDir(dir: string): void {
  rmSync(dir, { recursive: true, force: true });
  live.delete(dir);
}

/** Removes every folder still held; synchronous, so that it can run on the way out. */
export function removeAllTempDirs(): void {
  for (const dir of live) {
    try {
      rmSync(dir, { recursive: true, force: true });
    } catch {
      // Best effort on the way out: nothing more can be done here.
    }
  }
  live.clear();
}
