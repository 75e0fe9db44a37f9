// docs/liveness.md cannot drift from the tool: every command in its console blocks runs
// (in a scratch directory, as a student would), in order, and must print the lines the
// page shows, in that order (other lines in between allowed; `⋮` marks a cut). `$ echo
// $?` checks the exit status of the command before it. The same conventions as
// test/raft-abstract/doc.test.ts for docs/figure8.md.
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { crank } from '../support/run-cli.ts';
import { commandsOf, missingInOrder } from '../support/console-doc.ts';

const commands = commandsOf(readFileSync(new URL('../../docs/liveness.md', import.meta.url), 'utf8'));
const scratch = mkdtempSync(join(tmpdir(), 'crank-liveness-doc-'));
afterAll(() => rmSync(scratch, { recursive: true, force: true }));

describe('docs/liveness.md: every command runs and prints what the page shows', () => {
  it('has the commands the page is about', () => {
    const run = commands.map((c) => c.command);
    expect(run).toContain('npx crank check traffic-light');
    expect(run).toContain('npx crank check traffic-light --variant no-fairness');
    expect(run).toContain('npx crank check raft-abstract --prop CommittedReachesAll');
    expect(run.filter((c) => c.startsWith('npx crank ')).length).toBeGreaterThanOrEqual(8);
  });

  let lastCode: number | undefined;
  for (const c of commands) {
    it(`line ${c.line}: $ ${c.command}`, { timeout: 120_000 }, () => {
      if (c.command === 'echo $?') {
        expect(lastCode, 'echo $? needs a command before it').toBeDefined();
        expect([String(lastCode)]).toEqual(c.expected);
        return;
      }
      expect(c.command.startsWith('npx crank '), `only crank commands are run: ${c.command}`).toBe(true);
      const r = crank(c.command.slice('npx crank '.length).split(/\s+/), { cwd: scratch, timeoutMs: 110_000 });
      lastCode = r.code;
      expect(r.code, r.stderr).toBeLessThan(2);
      const missing = missingInOrder(r.stdout.split('\n'), c.expected);
      expect(missing, `not printed (in this order) by \`${c.command}\`:\n${r.stdout}`).toBeUndefined();
    });
  }
});
