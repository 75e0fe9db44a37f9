// crank's figures for the example models equal TLC's on this folder's TLA+ transcriptions
// (tla/): distinct states, generated states and depth for the 'small' configurations,
// and the violated invariant and shortest counterexample length for the broken variants.
// The 'bench' configurations run in test/slow/examples-parity.test.ts. Each config's .cfg
// file must hold exactly the constants the figures were printed for.
import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { check } from '../../checker/check.ts';
import { findModel } from '../../spec/index.ts';
import { examplesReference, type ExampleConfig } from './tlc-examples.ts';

/** The CONSTANTS of a TLC config file, as written (`Name = value`). */
function cfgConstants(cfg: string): Record<string, string> {
  const text = readFileSync(new URL(`./tla/${cfg}`, import.meta.url), 'utf8');
  const body = text.split(/^CONSTANTS?\s*$/m)[1]!.split(/^[A-Z_]+(?:\s|$)/m)[0]!;
  const out: Record<string, string> = {};
  for (const line of body.split('\n')) {
    const m = /^\s*(\w+)\s*=\s*(.+?)\s*$/.exec(line);
    if (m) out[m[1]!] = m[2]!;
  }
  return out;
}

export async function runConfig(c: ExampleConfig) {
  const model = findModel(c.model);
  if (model === undefined) throw new Error(`no model ${c.model}`);
  return check(model.build(c.params, c.variant), { symmetry: c.symmetry });
}

describe('example models: crank equals TLC', () => {
  for (const c of examplesReference.configs) {
    it(`${c.name}: the .cfg holds the constants the figures were printed for`, () => {
      const expected = Object.fromEntries(Object.entries(c.constants).map(([k, v]) => [k, String(v)]));
      const found = cfgConstants(c.cfg);
      for (const [k, v] of Object.entries(expected)) expect(found[k], k).toBe(v);
    });
  }

  for (const c of examplesReference.configs.filter((x) => x.size === 'small')) {
    const what = c.violation ? `${c.violation.property} fails after ${c.violation.states - 1} steps` : `${c.distinct} distinct, ${c.generated} generated, depth ${c.depth}`;
    it(`${c.name}: ${what}`, async () => {
      const r = await runConfig(c);
      if (c.violation) {
        expect([r.verdict, r.violation?.property, r.violation?.steps.length, r.depth]).toEqual(['violation', c.violation.property, c.violation.states, c.stoppedAt!.depth]);
      } else {
        expect([r.verdict, r.distinct, r.generated, r.depth]).toEqual(['ok', c.distinct, c.generated, c.depth]);
      }
    });
  }
});
