// What a worker thread's entry file does first, in one place for every kind of worker.
// Next to the TypeScript sources (crank's repository) it registers tsx's loader (hooks
// are not inherited by worker threads on Node 20) and runs the TypeScript module; in the
// package's dist/, where the build copies the entry files and this one, it runs the
// compiled module of the same name.
import { existsSync } from 'node:fs';

/** Runs `module` (a URL ending in .ts), or its compiled .js twin when the source is absent. */
export async function runThread(module) {
  if (existsSync(module)) {
    const { register } = await import('tsx/esm/api');
    register();
    await import(module.href);
  } else {
    await import(module.href.replace(/\.ts$/, '.js'));
  }
}
