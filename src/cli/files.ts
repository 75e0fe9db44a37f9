// Checks on files named on the command line, done before any work starts so that a
// long run does not end in an unwritable --out.
import { closeSync, fstatSync, openSync, readSync, rmSync, statSync } from 'node:fs';
import { basename, dirname, join, resolve } from 'node:path';
import { UsageError } from './errors.ts';

/**
 * Refuses a path the run could not write: its folder must exist and be a folder, the
 * path must not be a folder, and a probe file must be creatable there (root can pass
 * access(2) on /proc and still fail to create anything in it).
 */
export function requireWritableTarget(path: string): void {
  const dir = dirname(resolve(path));
  let isDir = false;
  try {
    isDir = statSync(dir).isDirectory();
  } catch {
    throw new UsageError(`cannot write ${path}: folder ${dirname(path)} does not exist`);
  }
  if (!isDir) throw new UsageError(`cannot write ${path}: ${dirname(path)} is not a folder`);
  try {
    if (statSync(path).isDirectory()) throw new UsageError(`cannot write ${path}: it is a folder`);
  } catch (err) {
    if (err instanceof UsageError) throw err;
  }
  const probe = join(dir, `.${basename(path)}.${process.pid}.probe`);
  try {
    closeSync(openSync(probe, 'wx'));
  } catch (err) {
    const code = (err as NodeJS.ErrnoException).code;
    throw new UsageError(`cannot write ${path}: ${code === 'EACCES' || code === 'EPERM' ? 'permission denied' : code === 'EROFS' ? 'read-only file system' : `cannot create files in ${dirname(path)}`}`);
  }
  rmSync(probe, { force: true });
}

export interface InputLimits {
  /** Files larger than this are refused before any byte is read. */
  readonly maxBytes: number;
  /** The one line for a file over the limit. */
  readonly tooBig: (bytes: number) => string;
  /** Said after "not a regular file", e.g. what such a file is written by. */
  readonly notRegularHint?: string;
}

/**
 * Reads a file named on the command line as text: a regular file within the limit
 * (never /dev/zero, a pipe or a folder), or one line naming the problem.
 */
export function readInputFile(file: string, limits: InputLimits): string {
  let fd: number;
  try {
    fd = openSync(file, 'r');
  } catch (err) {
    const code = (err as NodeJS.ErrnoException).code;
    throw new UsageError(`cannot read ${file}: ${code === 'ENOENT' ? 'no such file' : code === 'EACCES' ? 'permission denied' : code === 'EISDIR' ? 'it is a directory' : (err as Error).message}`);
  }
  try {
    const st = fstatSync(fd);
    if (st.isDirectory()) throw new UsageError(`cannot read ${file}: it is a directory`);
    if (!st.isFile()) throw new UsageError(`cannot read ${file}: not a regular file${limits.notRegularHint ? ` (${limits.notRegularHint})` : ''}`);
    if (st.size > limits.maxBytes) throw new UsageError(limits.tooBig(st.size));
    const bytes = Buffer.alloc(st.size);
    let at = 0;
    while (at < st.size) {
      const n = readSync(fd, bytes, at, st.size - at, at);
      if (n === 0) break;
      at += n;
    }
    return bytes.subarray(0, at).toString('utf8');
  } finally {
    closeSync(fd);
  }
}
