// Headless Chromium for the explorer's browser tests, with no browser installed on the
// machine: the Chromium binary that the @sparticuz/chromium npm package ships (brotli-
// compressed; `executablePath()` unpacks it to the temporary directory once), driven by
// playwright-core. Each launch gets a fresh profile directory, deleted on close.
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
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

export async function launchBrowser(): Promise<TestBrowser> {
  const executablePath = await chromium.executablePath();
  const profile = mkdtempSync(join(tmpdir(), 'crank-explore-profile-'));
  let context: BrowserContext;
  try {
    context = await playwright.launchPersistentContext(profile, {
      executablePath,
      headless: true,
      args: CHROMIUM_FLAGS,
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
