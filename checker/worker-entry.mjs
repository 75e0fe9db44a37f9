// Worker threads start here. Next to the TypeScript sources (crank's repository) it
// registers tsx's loader (hooks are not inherited by worker threads on Node 20) and runs
// the TypeScript worker; in the package's dist/, where the build copies it, it runs the
// compiled worker.
import { existsSync } from 'node:fs';

const source = new URL('./worker.ts', import.meta.url);
if (existsSync(source)) {
  const { register } = await import('tsx/esm/api');
  register();
  await import(source.href);
} else {
  await import('./worker.js');
}
