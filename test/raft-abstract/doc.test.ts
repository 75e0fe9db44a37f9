// docs/figure8.md cannot drift from the tool: this test runs every command in its
// console blocks, as a student would (in a scratch directory, so files they write land
// there), and checks what the page shows.
//
// In a console block, a line `$ npx crank …` is a command and the lines under it (up to
// the next `$`) are what it prints: each must appear in its standard output, in that
// order, other lines in between allowed (`⋮` marks where the page leaves some out).
// `$ echo $?` prints the exit status of the command before it.
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { crank } from '../support/run-cli.ts';
import { commandsOf, missingInOrder } from '../support/console-doc.ts';

const doc = readFileSync(new URL('../../docs/figure8.md', import.meta.url), 'utf8');
const commands = commandsOf(doc);
const scratch = mkdtempSync(join(tmpdir(), 'crank-figure8-'));
afterAll(() => rmSync(scratch, { recursive: true, force: true }));

describe('docs/figure8.md: every command runs and prints what the page shows', () => {
  it('has the commands the exercise needs', () => {
    const crankCommands = commands.filter((c) => c.command.startsWith('npx crank '));
    expect(crankCommands.length).toBeGreaterThanOrEqual(10);
    expect(crankCommands.map((c) => c.command)).toContain('npx crank check raft-abstract --variant figure8');
  });

  // The commands run one after another: later ones read files earlier ones wrote, and
  // `echo $?` reports the one before it.
  let lastCode: number | undefined;
  for (const c of commands) {
    it(`line ${c.line}: $ ${c.command}`, { timeout: 180_000 }, () => {
      if (c.command === 'echo $?') {
        expect(lastCode, 'echo $? needs a command before it').toBeDefined();
        expect([String(lastCode)]).toEqual(c.expected);
        return;
      }
      expect(c.command.startsWith('npx crank '), `only crank commands are run: ${c.command}`).toBe(true);
      const args = c.command.slice('npx crank '.length).split(/\s+/);
      const r = crank(args, { cwd: scratch, timeoutMs: 170_000 });
      lastCode = r.code;
      expect(r.code, r.stderr).toBeLessThan(2);
      const missing = missingInOrder(r.stdout.split('\n'), c.expected);
      expect(missing, `not printed (in this order) by \`${c.command}\`:\n${r.stdout}`).toBeUndefined();
      const out = args[args.indexOf('--out') + 1];
      if (args.includes('--out') && out !== undefined && /\.(svg|html)$/.test(out)) {
        const text = readFileSync(join(scratch, out), 'utf8');
        expect(text.startsWith(out.endsWith('.svg') ? '<svg' : '<!doctype html>'), `${out} is a picture`).toBe(true);
        expect(text).toContain('Copy(s2→s1, index 1, term 2, overwrite)');
      }
    });
  }
});
