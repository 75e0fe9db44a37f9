// The explorer page in a real browser: headless Chromium from the @sparticuz/chromium npm
// package (test/explore/browser.ts), so `npm ci && npm test` runs these anywhere.
import { mkdtempSync, readFileSync, rmSync, statSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { specModuleUrl } from '../../spec/index.ts';
import { raftAbstract } from '../../spec/raft-abstract/model.ts';
import { buildTrafficLight } from '../../spec/traffic-light/model.ts';
import { startExplorer, type Explorer } from '../../src/explore/index.ts';
import type { Spec, State } from '../../src/spec.ts';
import { launchBrowser, type TestBrowser } from './browser.ts';
import { FIGURE8_PARAMS, FIGURE8_TRACE, openAtTheCommit, startFigure8, waitForStep } from './figure8-page.ts';

let browser: TestBrowser;
const errors: string[] = [];

/** A page whose script errors, and failed requests unless it `expects400`, fail the last test. */
async function newPage(expects400 = false): Promise<Page> {
  const page = await browser.context.newPage();
  page.on('pageerror', (e) => errors.push(e.message));
  page.on('console', (m) => {
    if (m.type() === 'error' && !(expects400 && m.text().includes('status of 400'))) errors.push(m.text());
  });
  // Offline: the page loads nothing from anywhere but its own server.
  page.on('request', (r) => {
    if (!r.url().startsWith('http://127.0.0.1:')) errors.push(`request to ${r.url()}`);
  });
  return page;
}

const text = (page: Page, selector: string): Promise<string> => page.locator(selector).innerText();

beforeAll(async () => {
  browser = await launchBrowser();
});
afterAll(async () => {
  await browser?.close();
});

describe('explorer page: the Figure 8 counterexample (raft-abstract --variant figure8)', () => {
  let ex: Explorer;
  beforeAll(async () => {
    ex = await startFigure8();
  });
  afterAll(() => ex.close());

  it('loads the counterexample and steps to the commit that is later overwritten', async () => {
    const page = await newPage();
    await openAtTheCommit(page, ex.url);
    expect(await text(page, '#label')).toBe('State 8: Commit(s1, index 1)');
    // The committed term-1 entry: in the history variable (marked changed) and drawn on s1 and s3.
    const committed = page.locator('#variables tr[data-name="committed"]');
    expect(await committed.getAttribute('class')).toBe('changed');
    expect(await committed.locator('pre').innerText()).toBe('{[index |-> 1, term |-> 1, inTerm |-> 3]}');
    expect(await page.locator('#variables tr.changed').count()).toBe(1);
    expect(await page.locator('#picture svg rect.entry.committed').count()).toBe(2);
    expect(await page.locator('#picture svg').textContent()).toContain('8. Commit(s1, index 1)');
    expect(await page.locator('#invariants li[data-holds="false"]').count()).toBe(0);
    expect(await page.locator('#path li.current').innerText()).toContain('Commit(s1, index 1)');

    // Two steps on (j), the entry is overwritten on s1; one more, the second commit breaks StateMachineSafety.
    await page.keyboard.press('j');
    await page.keyboard.press('j');
    await waitForStep(page, 10, 11);
    expect(await text(page, '#label')).toBe('State 10: Copy(s2→s1, index 1, term 2, overwrite)');
    expect(await page.locator('#picture svg rect.entry.committed').count()).toBe(1);
    await page.locator('#invariants li[data-name="StateMachineSafety"][data-holds="true"]').waitFor({ timeout: 10_000 });
    await page.click('#forward');
    await waitForStep(page, 11, 11);
    await page.locator('#invariants li[data-name="StateMachineSafety"][data-holds="false"]').waitFor({ timeout: 10_000 });
    expect(await page.locator('#invariants li[data-name="StateMachineSafety"] .verdict').innerText()).toBe('violated');
    // Back (k, ←) to the commit.
    await page.keyboard.press('k');
    await page.keyboard.press('ArrowLeft');
    await page.keyboard.press('ArrowLeft');
    await waitForStep(page, 8, 11);
    await page.close();
  });

  it('a shared URL, or a reload, restores the same state', async () => {
    const page = await newPage();
    await openAtTheCommit(page, ex.url);
    const shared = page.url();
    expect(shared).toMatch(/#path=0(\.\d+){10}&at=8$/);
    const variables = await text(page, '#variables');
    await page.reload();
    await waitForStep(page, 8, 11);
    expect(await text(page, '#label')).toBe('State 8: Commit(s1, index 1)');
    const other = await newPage();
    await other.goto(shared);
    await waitForStep(other, 8, 11);
    expect(await text(other, '#label')).toBe('State 8: Commit(s1, index 1)');
    expect(await text(other, '#variables')).toBe(variables);
    expect(await text(other, '#path')).toBe(await text(page, '#path'));
    await page.close();
    await other.close();
  });

  it('a file dropped on the page loads it', async () => {
    const page = await newPage();
    await page.goto(ex.url);
    await waitForStep(page, 1, 1);
    const content = readFileSync(FIGURE8_TRACE, 'utf8');
    const dataTransfer = await page.evaluateHandle((t) => {
      const dt = new DataTransfer();
      dt.items.add(new File([t], 'figure8.json', { type: 'application/json' }));
      return dt;
    }, content);
    await page.dispatchEvent('body', 'drop', { dataTransfer });
    await waitForStep(page, 1, 11);
    expect(await text(page, '#message')).toContain("Loaded figure8.json (crank's JSON trace, 11 states)");
    await page.close();
  });

  it('check from here finds the shortest counterexample and loads it into the path', async () => {
    const page = await newPage();
    await page.goto(ex.url);
    await waitForStep(page, 1, 1);
    await page.click('#check');
    await waitForStep(page, 11, 11);
    expect(await text(page, '#label')).toBe('State 11: Commit(s2, index 1)');
    expect(await text(page, '#message')).toContain('StateMachineSafety is violated 10 steps after state 1');
    await page.close();
  });
});

describe('explorer page: a trace the model cannot take', () => {
  it('loads up to the rejected step and says why', async () => {
    const ex = await startExplorer(raftAbstract.build(FIGURE8_PARAMS), { name: 'raft-abstract' });
    try {
      const page = await newPage();
      await page.goto(ex.url);
      await waitForStep(page, 1, 1);
      await page.setInputFiles('#trace-file', FIGURE8_TRACE);
      await waitForStep(page, 1, 7);
      expect(await text(page, '#message')).toContain('figure8.json: state 8 (line 18) is not a successor of state 7 under any action of raft-abstract. Loaded the 7 states before it.');
      expect(await text(page, '#message pre')).toContain('Nearest successor');
      await page.close();
    } finally {
      await ex.close();
    }
  });
});

describe('explorer page: a long check from here', () => {
  it('shows its progress and stops on Escape', async () => {
    const params = { ...FIGURE8_PARAMS, maxLog: 2 };
    const ex = await startExplorer(raftAbstract.build(params), {
      name: 'raft-abstract',
      source: { module: specModuleUrl, exportName: 'buildSpec', args: ['raft-abstract', params, undefined] },
    });
    try {
      const page = await newPage();
      await page.goto(ex.url);
      await waitForStep(page, 1, 1);
      await page.click('#check');
      expect(await text(page, '#check')).toBe('Cancel check');
      await page.locator('#message', { hasText: /Checking from state 1… [\d,]+ distinct states, [\d,]+ generated, depth \d+/ }).waitFor();
      await page.keyboard.press('Escape');
      await page.locator('#message', { hasText: 'Check from state 1 cancelled.' }).waitFor();
      expect(await text(page, '#check')).toBe('Check from here');
      await page.close();
    } finally {
      await ex.close();
    }
  });
});

describe('explorer page: the traffic light', () => {
  let ex: Explorer;
  beforeAll(async () => {
    ex = await startExplorer(buildTrafficLight('yellow-skip') as unknown as Spec<State, unknown>, { name: 'traffic-light', title: 'traffic-light --variant yellow-skip' });
  });
  afterAll(() => ex.close());

  it('steps by clicking events, goes back and forks the path', async () => {
    const page = await newPage();
    await page.goto(ex.url);
    await waitForStep(page, 1, 1);
    expect(await page.locator('#events button .label').allInnerTexts()).toEqual(['clock', 'press']);
    await page.click('#events button:has-text("clock")');
    await waitForStep(page, 2, 2);
    expect(await text(page, '#label')).toBe('State 2: clock');
    expect(await page.locator('#variables tr.changed').getAttribute('data-name')).toBe('clock');
    expect(await text(page, '#variables tr[data-name="clock"] pre')).toBe('1');
    await page.click('#events button:has-text("press")');
    await waitForStep(page, 3, 3);
    expect(await text(page, '#variables tr[data-name="button"] pre')).toBe('TRUE');
    expect(await page.locator('#path li').allInnerTexts()).toEqual(['1\nInitial predicate', '2\nclock', '3\npress']);
    // Back, then a different event: the path forks there.
    await page.click('#back');
    await waitForStep(page, 2, 3);
    await page.keyboard.press('1'); // the first event: clock
    await waitForStep(page, 3, 3);
    expect(await text(page, '#variables tr[data-name="clock"] pre')).toBe('2');
    expect(await text(page, '#variables tr[data-name="button"] pre')).toBe('FALSE');
    expect(page.url()).toMatch(/#path=0\.0\.0&at=3$/);
    await page.close();
  });

  it('check from here loads the 76-state counterexample of yellow-skip', async () => {
    const page = await newPage();
    await page.goto(`${ex.url}#path=0.0.1&at=3`);
    await waitForStep(page, 3, 3);
    await page.keyboard.press('c');
    await page.locator('#message', { hasText: 'Safe is violated' }).waitFor();
    const where = await text(page, '#where');
    const [, at, of] = /State (\d+) of (\d+)/.exec(where)!;
    expect(at).toBe(of);
    // The verdicts arrive with the state, after the path: wait for them rather than race.
    await page.locator('#invariants li[data-name="Safe"][data-holds="false"]').waitFor({ timeout: 10_000 });
    expect(await page.locator('#path li').nth(2).innerText()).toBe('3\npress');
    await page.close();
  });

  it('a broken fragment falls back to the initial state with a message', async () => {
    const page = await newPage(true);
    await page.goto(`${ex.url}#path=0.7.7&at=2`);
    await page.locator('#message', { hasText: 'Cannot show this path: no successor 7 at step 2' }).waitFor();
    await waitForStep(page, 1, 1);
    await page.close();
  });
});

describe('explorer page: a screenshot', () => {
  it('of the Figure 8 commit is a real picture (docs/explore-figure8.png is made the same way)', async () => {
    const ex = await startFigure8();
    const dir = mkdtempSync(join(tmpdir(), 'crank-explore-shot-'));
    try {
      const page = await newPage();
      await openAtTheCommit(page, ex.url);
      const file = join(dir, 'figure8.png');
      await page.screenshot({ path: file, fullPage: true });
      const png = readFileSync(file);
      expect(png.subarray(1, 4).toString()).toBe('PNG');
      expect(png.readUInt32BE(16)).toBe(1280); // width from the IHDR chunk
      expect(statSync(file).size).toBeGreaterThan(20_000);
      await page.close();
    } finally {
      rmSync(dir, { recursive: true, force: true });
      await ex.close();
    }
  });
});

describe('explorer page: no script errors', () => {
  it('the pages above logged none', () => {
    expect(errors).toEqual([]);
  });
});
