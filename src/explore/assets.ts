// The page's files, all held in memory: the static files of the asset folder, read once
// at startup, and the page's script, bundled from TypeScript with esbuild (tsx's own
// dependency, so nothing more to install). The server answers a URL only by looking its
// name up in this table, so no URL can name a file outside it.
import { readdirSync, readFileSync, statSync } from 'node:fs';
import { fileURLToPath } from 'node:url';

export interface Asset {
  readonly type: string;
  readonly body: Buffer;
}

const TYPES: Readonly<Record<string, string>> = {
  '.html': 'text/html; charset=utf-8',
  '.css': 'text/css; charset=utf-8',
  '.js': 'text/javascript; charset=utf-8',
  '.svg': 'image/svg+xml',
  '.png': 'image/png',
  '.ico': 'image/x-icon',
};

const ASSET_DIR = fileURLToPath(new URL('./assets/', import.meta.url));
const PAGE_ENTRY = fileURLToPath(new URL('./page/main.ts', import.meta.url));

function typeOf(name: string): string | undefined {
  const dot = name.lastIndexOf('.');
  return dot < 0 ? undefined : TYPES[name.slice(dot)];
}

async function bundlePage(): Promise<Buffer> {
  // Loaded here, not at the top: only `crank explore` needs esbuild.
  const { build, stop } = await import('esbuild');
  try {
    return await bundle(build);
  } finally {
    // The page is bundled once per process: let esbuild's helper process go now.
    await stop();
  }
}

async function bundle(build: typeof import('esbuild').build): Promise<Buffer> {
  const out = await build({
    entryPoints: [PAGE_ENTRY],
    bundle: true,
    write: false,
    format: 'esm',
    target: ['chrome120', 'firefox120'],
    minify: false,
    sourcemap: false,
    logLevel: 'silent',
  });
  return Buffer.from(out.outputFiles[0]!.contents);
}

let loading: Promise<ReadonlyMap<string, Asset>> | undefined;

/** The assets by URL name (`index.html`, `app.js`, …); loaded once per process. */
export function loadAssets(): Promise<ReadonlyMap<string, Asset>> {
  loading ??= (async () => {
    const assets = new Map<string, Asset>();
    for (const name of readdirSync(ASSET_DIR)) {
      const type = typeOf(name);
      const file = ASSET_DIR + name;
      if (type === undefined || !statSync(file).isFile()) continue;
      assets.set(name, { type, body: readFileSync(file) });
    }
    assets.set('app.js', { type: TYPES['.js']!, body: await bundlePage() });
    return assets;
  })();
  return loading;
}
