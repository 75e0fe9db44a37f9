// The Figure 8 counterexample on the explorer page, at the step the lesson is about:
// shared by the browser test and by the script that regenerates docs/explore-figure8.png.
import { fileURLToPath } from 'node:url';
import type { Page } from 'playwright-core';
import { specModuleUrl } from '../../spec/index.ts';
import { raftAbstract } from '../../spec/raft-abstract/model.ts';
import { startExplorer, type Explorer } from '../../src/explore/index.ts';

export const FIGURE8_PARAMS = { servers: 3, maxTerm: 4, maxLog: 1 };
export const FIGURE8_TRACE = fileURLToPath(new URL('../../traces/raft-abstract/figure8.json', import.meta.url));

/** What `crank explore raft-abstract --variant figure8` starts. */
export function startFigure8(): Promise<Explorer> {
  return startExplorer(raftAbstract.build(FIGURE8_PARAMS, 'figure8'), {
    name: 'raft-abstract',
    title: 'raft-abstract --variant figure8',
    source: { module: specModuleUrl, exportName: 'buildSpec', args: ['raft-abstract', FIGURE8_PARAMS, 'figure8'] },
  });
}

export async function waitForStep(page: Page, step: number, of: number): Promise<void> {
  await page.locator('#where', { hasText: `State ${step} of ${of}` }).waitFor();
}

/** Opens the page, loads the golden trace through the page's file input, and steps (→) to state 8. */
export async function openAtTheCommit(page: Page, url: string): Promise<void> {
  await page.goto(url);
  await waitForStep(page, 1, 1);
  await page.setInputFiles('#trace-file', FIGURE8_TRACE);
  await waitForStep(page, 1, 11);
  for (let i = 1; i < 8; i++) await page.keyboard.press('ArrowRight');
  await waitForStep(page, 8, 11);
}
