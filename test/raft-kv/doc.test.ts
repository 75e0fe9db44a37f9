// docs/reads.md cannot drift from the tool: this test runs every command in its console
// blocks, as a student would, in a scratch directory that holds a copy of the files the
// page names (traces/raft-kv/), and checks what the page shows.
//
// In a console block, a line `$ npx crank …` is a command and the lines under it (up to the
// next `$`) are what it prints: each must appear in its standard output, in that order,
// other lines in between allowed (`⋮` marks where the page leaves some out). `$ echo $?`
// prints the exit status of the command before it. The page's pictures must be files
// that exist, and a picture a command writes must be the one the page shows.
import { cpSync, existsSync, mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { crank, repoRoot } from '../support/run-cli.ts';
import { commandsOf, missingInOrder } from '../support/console-doc.ts';

const doc = readFileSync(new URL('../../docs/reads.md', import.meta.url), 'utf8');
const commands = commandsOf(doc);
const scratch = mkdtempSync(join(tmpdir(), 'crank-reads-'));
cpSync(join(repoRoot, 'traces/raft-kv'), join(scratch, 'traces/raft-kv'), { recursive: true });
afterAll(() => rmSync(scratch, { recursive: true, force: true }));

describe('docs/reads.md: every command runs and prints what the page shows', () => {
  it('has the commands the exercise needs, and its pictures exist', () => {
    const run = commands.map((c) => c.command);
    for (const c of [
      'npx crank check raft-kv',
      'npx crank check raft-kv --variant stale-read --workers 1',
      'npx crank check raft-kv --variant no-noop --workers 1',
      'npx crank check raft-kv --variant retry-duplicates --workers 1',
    ]) {
      expect(run).toContain(c);
    }
    expect(run.filter((c) => c.startsWith('npx crank lin ')).length).toBeGreaterThanOrEqual(3);
    const pictures = [...doc.matchAll(/!\[[^\]]*\]\(\.\.\/([^)]+)\)/g)].map((m) => m[1]!);
    expect(pictures.length).toBeGreaterThanOrEqual(3);
    for (const p of pictures) expect(existsSync(join(repoRoot, p)), p).toBe(true);
  });

  let lastCode: number | undefined;
  for (const c of commands) {
    it(`line ${c.line}: $ ${c.command}`, { timeout: 240_000 }, () => {
      if (c.command === 'echo $?') {
        expect(lastCode, 'echo $? needs a command before it').toBeDefined();
        expect([String(lastCode)]).toEqual(c.expected);
        return;
      }
      expect(c.command.startsWith('npx crank '), `only crank commands are run: ${c.command}`).toBe(true);
      const args = c.command.slice('npx crank '.length).split(/\s+/);
      const r = crank(args, { cwd: scratch, timeoutMs: 230_000 });
      lastCode = r.code;
      expect(r.code, r.stderr).toBeLessThan(2);
      const missing = missingInOrder(r.stdout.split('\n'), c.expected);
      expect(missing, `not printed (in this order) by \`${c.command}\`:\n${r.stdout}`).toBeUndefined();
      // A picture written by a command is the one kept in traces/raft-kv/ (and shown).
      const out = args[args.indexOf('--out') + 1];
      if (args.includes('--out') && out !== undefined && out.endsWith('.svg')) {
        const kept = join(repoRoot, 'traces/raft-kv', out.replace(/-history\.svg$/, '.history.svg'));
        const written = readFileSync(join(scratch, out), 'utf8');
        expect(written.startsWith('<svg'), `${out} is a picture`).toBe(true);
        expect(written).toBe(readFileSync(kept, 'utf8'));
      }
    });
  }
});
