// A compact way to write histories in tests: one event per line,
// `process type f [key] [value as JSON]`, e.g. `c1 invoke write x 1`, `c2 ok read x null`.
import type { HistoryEvent, LinValue } from '../../src/lin/index.ts';

export function history(text: string): HistoryEvent[] {
  return text
    .trim()
    .split('\n')
    .map((line) => line.trim())
    .filter((line) => line !== '')
    .map((line) => {
      const [process, type, f, key, ...rest] = line.split(/\s+/);
      const value = rest.length > 0 ? (JSON.parse(rest.join(' ')) as LinValue) : undefined;
      return { process: process!, type: type as HistoryEvent['type'], f: f!, ...(key !== undefined ? { key } : {}), ...(value !== undefined ? { value } : {}) };
    });
}

/** A seeded pseudo-random generator (mulberry32): the same seed, the same histories. */
export function random(seed: number): () => number {
  let a = seed >>> 0;
  return () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = a;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}
