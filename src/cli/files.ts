// Checks on files named on the command line, done before any work starts so that a
// long run does not end in an unwritable --out.
import { closeSync, openSync, rmSync, statSync } from 'node:fs';
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
