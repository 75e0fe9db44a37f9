#!/usr/bin/env node
// Builds the package's JavaScript into dist/ (`npm run build`; `npm pack` runs it through
// `prepack`): tsc compiles src/, checker/ and spec/ with declarations, then the files tsc
// does not emit are copied beside its output: the worker threads' entry files, the
// explorer's static assets and its page's source (esbuild bundles it when `crank explore`
// starts). The repository itself never needs dist/: its `crank` runs the sources.
//
// Two `npm pack`s of one checkout may run at once (the pack test and the docs test do), so
// neither may see the other's half-written files: tsc writes into a fresh folder, and each
// file then replaces its copy in dist/ by a rename, which is atomic.
import { spawnSync } from 'node:child_process';
import { cpSync, mkdirSync, mkdtempSync, readdirSync, renameSync, rmSync } from 'node:fs';
import { createRequire } from 'node:module';
import { constants } from 'node:os';
import { dirname, join, relative } from 'node:path';
import { fileURLToPath } from 'node:url';

const root = fileURLToPath(new URL('../../', import.meta.url));
const dist = join(root, 'dist');
const COPIED = ['checker/thread-entry.mjs', 'checker/worker-entry.mjs', 'src/explore/check-worker-entry.mjs', 'src/explore/assets', 'src/explore/page/main.ts'];

/** Every file under `dir`, as paths relative to it. */
function filesUnder(dir) {
  return readdirSync(dir, { recursive: true, withFileTypes: true })
    .filter((e) => e.isFile())
    .map((e) => relative(dir, join(e.parentPath, e.name)));
}

// Ctrl-C during `npm pack` (SIGINT to the whole process group) or a SIGTERM must not
// leave the staging folder behind. Without a handler Node dies on the spot; with one, the
// build's synchronous steps run on (tsc, stopped by the same signal, returns), the
// `finally` removes the staging folder, and the build exits 128 + the signal's number.
for (const signal of ['SIGINT', 'SIGTERM']) {
  process.on(signal, () => {
    process.exitCode = 128 + constants.signals[signal];
  });
}

mkdirSync(join(root, '.crank-tmp'), { recursive: true });
const staging = mkdtempSync(join(root, '.crank-tmp', 'build-'));
try {
  const tsc = createRequire(import.meta.url).resolve('typescript/bin/tsc');
  const compiled = spawnSync(process.execPath, [tsc, '-p', join(root, 'tsconfig.build.json'), '--outDir', staging], { cwd: root, stdio: 'inherit' });
  if (compiled.signal !== null) {
    console.error(`crank build: tsc stopped by ${compiled.signal}; dist/ is unchanged`);
    process.exitCode = 128 + constants.signals[compiled.signal];
  } else if (compiled.status !== 0) {
    console.error('crank build: tsc failed; dist/ is unchanged');
    process.exitCode = 1;
  } else {
    for (const path of COPIED) cpSync(join(root, path), join(staging, path), { recursive: true });
    const built = filesUnder(staging);
    for (const file of built) {
      mkdirSync(dirname(join(dist, file)), { recursive: true });
      renameSync(join(staging, file), join(dist, file));
    }
    // Files of an earlier build whose source is gone.
    const current = new Set(built);
    for (const file of filesUnder(dist)) if (!current.has(file)) rmSync(join(dist, file));
  }
} finally {
  rmSync(staging, { recursive: true, force: true });
}
