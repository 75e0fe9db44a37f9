// Headless Chromium for the explorer's browser tests, with no browser installed on the
// machine: the Chromium binary that the @sparticuz/chromium npm package ships (brotli-
// compressed; `executablePath()` unpacks it to the temporary directory once), driven by
// playwright-core. Each launch gets a fresh profile directory, deleted on close.
//
// The binary needs a few shared libraries beyond glibc (NSS, NSPR, expat). The package
// ships them too, for Amazon Linux (al2023.tar.br), and unpacks them only there; they
// work on any glibc as new, so the tests always unpack and use those, and the browser
// depends on nothing a package manager installed.
import { existsSync, mkdirSync, mkdtempSync, readFileSync, renameSync, rmSync, writeFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { brotliDecompressSync } from 'node:zlib';
import chromium from '@sparticuz/chromium';
import { chromium as playwright, type BrowserContext } from 'playwright-core';

export interface TestBrowser {
  readonly context: BrowserContext;
  close(): Promise<void>;
}

export const CHROMIUM_FLAGS = [
  '--headless',
  '--no-sandbox',
  '--disable-gpu',
  '--disable-background-networking',
  '--disable-component-update',
  '--disable-sync',
  '--no-first-run',
];

/** The regular files of a tar archive (name -> content); directories and the rest skipped. */
function untar(archive: Buffer): Map<string, Buffer> {
  const files = new Map<string, Buffer>();
  for (let at = 0; at + 512 <= archive.length; ) {
    const header = archive.subarray(at, at + 512);
    if (header.every((b) => b === 0)) break;
    const field = (from: number, to: number): string => header.subarray(from, to).toString('latin1').replace(/\0.*$/s, '');
    const size = parseInt(field(124, 136).trim() || '0', 8);
    const type = field(156, 157);
    if (type === '0' || type === '') files.set(field(345, 500) + field(0, 100), archive.subarray(at + 512, at + 512 + size));
    at += 512 + Math.ceil(size / 512) * 512;
  }
  return files;
}

/** The package's own NSS, NSPR and expat, unpacked once into the temporary directory. */
function bundledLibraries(): string {
  const bin = join(dirname(createRequire(import.meta.url).resolve('@sparticuz/chromium')), '..', '..', 'bin');
  const archive = readFileSync(join(bin, 'al2023.tar.br'));
  const dir = join(tmpdir(), `crank-chromium-libs-${archive.length}`);
  if (existsSync(dir)) return dir;
  const partial = mkdtempSync(`${dir}.partial-`);
  for (const [name, content] of untar(brotliDecompressSync(archive))) {
    const base = name.slice(name.lastIndexOf('/') + 1);
    if (/^[\w.+-]+$/.test(base)) writeFileSync(join(partial, base), content);
  }
  try {
    renameSync(partial, dir);
  } catch {
    rmSync(partial, { recursive: true, force: true }); // another run unpacked it first
  }
  mkdirSync(dir, { recursive: true });
  return dir;
}

export async function launchBrowser(): Promise<TestBrowser> {
  const executablePath = await chromium.executablePath();
  const libraries = bundledLibraries();
  const profile = mkdtempSync(join(tmpdir(), 'crank-explore-profile-'));
  let context: BrowserContext;
  try {
    context = await playwright.launchPersistentContext(profile, {
      executablePath,
      headless: true,
      args: CHROMIUM_FLAGS,
      env: { ...process.env, LD_LIBRARY_PATH: [libraries, process.env['LD_LIBRARY_PATH']].filter(Boolean).join(':') },
      viewport: { width: 1280, height: 860 },
    });
  } catch (err) {
    rmSync(profile, { recursive: true, force: true });
    throw err;
  }
  return {
    context,
    close: async () => {
      try {
        await context.close();
      } finally {
        rmSync(profile, { recursive: true, force: true });
      }
    },
  };
}
