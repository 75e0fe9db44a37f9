// crank installed as a user installs it: `npm pack` of this checkout (its `prepack`
// builds dist/), then an empty folder with `npm init -y` and an `npm install` of the
// tarball with dev dependencies left out. Shared by the pack test and `npm run bench`, so
// both measure and test the same install.
//
// Offline-friendly: the install prefers the npm cache (`npm ci` filled it with the same
// dependency versions) and asks the registry only for what the cache lacks.
import { mkdirSync, readdirSync } from 'node:fs';
import { join } from 'node:path';
import { repoRoot } from './user-shell.ts';

export interface PackedCrank {
  /** The folder holding the tarball. */
  readonly pack: string;
  /** The tarball `npm pack` wrote. */
  readonly tarball: string;
  /** The user's folder: package.json from `npm init -y`, crank in its node_modules. */
  readonly app: string;
  /** The installed `crank` command's script (node_modules/crank/src/bin/crank.mjs). */
  readonly bin: string;
}

/**
 * Runs a shell command in a folder as a user's shell would (see user-shell.ts) and
 * rejects, with its output, unless it exits 0. The pack test passes `shOk`; the bench
 * passes its own, which it can interrupt.
 */
export type ShellOk = (command: string, cwd: string) => unknown;

/** Packs this checkout into `root`/pack and installs the tarball into `root`/app. */
export async function installPackedCrank(root: string, shOk: ShellOk): Promise<PackedCrank> {
  const pack = join(root, 'pack');
  const app = join(root, 'app');
  mkdirSync(pack);
  mkdirSync(app);
  await shOk(`npm pack --pack-destination ${pack}`, repoRoot);
  const tarballs = readdirSync(pack).filter((f) => f.endsWith('.tgz'));
  if (tarballs.length !== 1) throw new Error(`npm pack wrote ${tarballs.length} tarballs into ${pack}`);
  const tarball = join(pack, tarballs[0]!);
  await shOk('npm init -y', app);
  await shOk(`npm install ${tarball} --omit=dev --prefer-offline --no-audit --no-fund`, app);
  return { pack, tarball, app, bin: join(app, 'node_modules', 'crank', 'src', 'bin', 'crank.mjs') };
}
