// Checks on files named on the command line, done before any work starts so that a
// long run does not end in an unwritable --out.
import { accessSync, constants, statSync } from 'node:fs';
import { dirname, resolve } from 'node:path';
import { UsageError } from './errors.ts';

export function requireWritableTarget(path: string): void {
  const dir = dirname(resolve(path));
  let isDir = false;
  try {
    isDir = statSync(dir).isDirectory();
    accessSync(dir, constants.W_OK);
  } catch {
    throw new UsageError(`cannot write ${path}: ${isDir ? 'its directory is not writable' : `directory ${dirname(path)} does not exist`}`);
  }
  try {
    if (statSync(path).isDirectory()) throw new UsageError(`cannot write ${path}: it is a directory`);
  } catch (err) {
    if (err instanceof UsageError) throw err;
  }
}
