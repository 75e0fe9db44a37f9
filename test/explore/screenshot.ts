// Regenerates docs/explore-figure8.png, the picture in README.md and docs/figure8.md:
//   node src/bin/run-ts.mjs test/explore/screenshot.ts
// The same steps as the browser test (test/explore/figure8-page.ts): the page for
// `raft-abstract --variant figure8`, the golden counterexample loaded, state 8 shown.
import { fileURLToPath } from 'node:url';
import { launchBrowser } from './browser.ts';
import { openAtTheCommit, startFigure8 } from './figure8-page.ts';

const target = fileURLToPath(new URL('../../docs/explore-figure8.png', import.meta.url));
const explorer = await startFigure8();
const browser = await launchBrowser();
try {
  const page = await browser.context.newPage();
  await page.setViewportSize({ width: 1280, height: 720 });
  await openAtTheCommit(page, explorer.url);
  await page.screenshot({ path: target });
  process.stdout.write(`wrote ${target}\n`);
} finally {
  await browser.close();
  await explorer.close();
}
