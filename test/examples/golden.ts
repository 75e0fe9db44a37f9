// Golden trace files under traces/<model>/: compared byte for byte, written when missing
// or when UPDATE_GOLDEN=1.
import { existsSync, readFileSync, writeFileSync } from 'node:fs';
import { expect } from 'vitest';

const update = process.env['UPDATE_GOLDEN'] === '1';

export function goldenUrl(model: string, name: string): URL {
  return new URL(`../../traces/${model}/${name}`, import.meta.url);
}

export function golden(model: string, name: string, actual: string): void {
  const url = goldenUrl(model, name);
  if (update || !existsSync(url)) writeFileSync(url, actual);
  expect(actual).toBe(readFileSync(url, 'utf8'));
}
