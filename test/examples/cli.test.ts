// The example models from the command line, as a user runs them: `crank check` prints
// the golden trace of each broken variant (then the summary), and `crank replay` accepts
// the golden JSON trace under the variant and rejects it under the correct model, at the
// step the bug makes possible.
import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { crank } from '../support/run-cli.ts';
import { goldenUrl } from './golden.ts';

const cases = [
  { model: 'raft-log', variant: 'no-prev-term-check', property: 'LogMatching', states: 9, rejectedAt: 9 },
  { model: 'leader-election', variant: 'vote-twice', property: 'ElectionSafety', states: 7, rejectedAt: 4 },
] as const;

describe('example models on the command line', () => {
  it('crank list shows both, with their parameters and variants', () => {
    const r = crank(['list']);
    expect(r.code).toBe(0);
    for (const text of ['raft-log', '--terms', '--entries', '--msgs', 'no-prev-term-check', 'leader-election', '--nodes', '--max-term', '--max-log', 'vote-twice']) {
      expect(r.stdout).toContain(text);
    }
  });

  for (const c of cases) {
    it(`crank check ${c.model} --variant ${c.variant} prints the golden trace (exit 1)`, () => {
      const r = crank(['check', c.model, '--variant', c.variant, '--workers', '1']);
      expect(r.code).toBe(1);
      const golden = readFileSync(goldenUrl(c.model, `${c.variant}.txt`), 'utf8');
      expect(r.stdout.startsWith(golden)).toBe(true);
      expect(r.stdout.slice(golden.length)).toMatch(new RegExp(`^\\nInvariant ${c.property} is violated\\.\\n`));
    });

    it(`crank replay ${c.model}: the golden JSON is a behavior of the variant, not of the correct model`, () => {
      const file = `traces/${c.model}/${c.variant}.json`;
      const ok = crank(['replay', c.model, file, '--variant', c.variant]);
      expect([ok.code, ok.stdout]).toEqual([0, expect.stringContaining(`Trace accepted: ${file} (crank's JSON trace, ${c.states} states)`)]);
      const bad = crank(['replay', c.model, file]);
      expect(bad.code).toBe(1);
      expect(bad.stdout).toContain(`Trace rejected at state ${c.rejectedAt} `);
    });
  }
});
