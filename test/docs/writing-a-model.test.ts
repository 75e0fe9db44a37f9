// docs/writing-a-model.md cannot drift from the tool: this test follows the page as a new
// user would, from an empty folder. It lays out what the page assumes (a copy of crank in
// a folder `crank`, next to the user's empty folder: here a symbolic link to this
// repository), then goes through the page in order: a code block under a comment
// `<!-- file: NAME -->` is written to NAME, one under `<!-- add to NAME after the line:
// TEXT -->` is inserted into NAME after the line that reads TEXT, and each `$ command` of
// a console block is run in the user's folder, its standard output compared with the
// lines under it.
//
// The comparison is exact, line by line, except that a line `⋮` stands for any number of
// lines and a `…` for any part of a line. `$ echo $?` shows the exit status of the command
// before it; any other command must exit 0 or 1 (1: a violation, which its output shows).
// So the page installs crank itself, with its own `npm pack` and `npm install` (from the
// npm cache where it can: see test/support/user-shell.ts), and every model file on it is
// checked by the installed `npx crank`, not by the repository's sources.
import { mkdirSync, mkdtempSync, readFileSync, rmSync, symlinkSync, unlinkSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { repoRoot, sh } from '../support/user-shell.ts';

type Step =
  | { readonly kind: 'file'; readonly line: number; readonly name: string; readonly text: string }
  | { readonly kind: 'insert'; readonly line: number; readonly name: string; readonly after: string; readonly text: string }
  | { readonly kind: 'command'; readonly line: number; readonly command: string; readonly expected: readonly string[] };

const FILE = /^<!-- file: (\S+) -->$/;
const INSERT = /^<!-- add to (\S+) after the line: (.+) -->$/;

/** The page's steps in order: files to write or change, commands to run. */
export function stepsOf(markdown: string): Step[] {
  const steps: Step[] = [];
  const lines = markdown.split('\n');
  for (let i = 0; i < lines.length; i++) {
    const fence = /^```(\w*)$/.exec(lines[i]!);
    if (fence === null) continue;
    const start = i;
    let end = i + 1;
    while (end < lines.length && lines[end] !== '```') end++;
    const body = lines.slice(start + 1, end);
    i = end;
    if (fence[1] === 'console') {
      let current: { kind: 'command'; line: number; command: string; expected: string[] } | undefined;
      body.forEach((text, k) => {
        if (text.startsWith('$ ')) {
          if (current) steps.push(current);
          current = { kind: 'command', line: start + 2 + k, command: text.slice(2).trim(), expected: [] };
        } else if (current) {
          current.expected.push(text);
        } else {
          throw new Error(`line ${start + 2 + k}: console output before any command`);
        }
      });
      if (current) steps.push(current);
      continue;
    }
    // Any other code block is a file, or a part of one, and says which just above it.
    const above = lines[start - 1] ?? '';
    const text = body.join('\n') + '\n';
    const file = FILE.exec(above);
    const insert = INSERT.exec(above);
    if (file) steps.push({ kind: 'file', line: start + 1, name: file[1]!, text });
    else if (insert) steps.push({ kind: 'insert', line: start + 1, name: insert[1]!, after: insert[2]!.trim(), text });
    else throw new Error(`line ${start + 1}: a code block with no <!-- file: … --> or <!-- add to … --> comment above it`);
  }
  return steps;
}

const escape = (s: string) => s.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');

/** Whether `actual` is what the page shows: exact lines, `⋮` any lines, `…` any text. */
export function matchesPage(actual: string, expected: readonly string[]): boolean {
  const want = [...expected];
  while (want.length > 0 && want[want.length - 1]!.trim() === '') want.pop();
  const got = actual.split('\n').map((l) => l.trimEnd());
  while (got.length > 0 && got[got.length - 1] === '') got.pop();
  const pattern = want.map((l) => (l.trim() === '⋮' ? '(?:[^\\n]*\\n)*?' : escape(l.trimEnd()).replace(/…/g, '[^\\n]*?') + '\\n')).join('');
  return new RegExp(`^${pattern}$`).test(got.map((l) => l + '\n').join(''));
}

const doc = readFileSync(new URL('../../docs/writing-a-model.md', import.meta.url), 'utf8');
const steps = stepsOf(doc);

// The layout the page assumes: crank's repository in `crank`, the user's folder beside it.
const root = mkdtempSync(join(tmpdir(), 'crank-writing-a-model-'));
const crankCopy = join(root, 'crank');
const folder = join(root, 'counter');
symlinkSync(repoRoot, crankCopy, 'dir');
mkdirSync(folder);
afterAll(() => {
  unlinkSync(crankCopy); // the link only, never the repository it points to
  rmSync(root, { recursive: true, force: true });
});

describe('docs/writing-a-model.md: followed from an empty folder, every step does what the page shows', () => {
  it('walks through the whole page', () => {
    const commands = steps.flatMap((s) => (s.kind === 'command' ? [s.command] : []));
    const files = steps.flatMap((s) => (s.kind === 'command' ? [] : [s.name]));
    expect(commands).toEqual(expect.arrayContaining(['npm init -y', 'npm pack ../crank', 'npx vitest run', 'npx tsx figures.mts']));
    for (const option of ['--clients 3', '--variant no-lock', '--symmetry', '--trace-format tla', 'replay ./counter.ts']) {
      expect(commands.some((c) => c.startsWith('npx crank ') && c.includes(option)), option).toBe(true);
    }
    expect(new Set(files)).toEqual(new Set(['counter.ts', 'counter.test.ts', 'figures.mts', 'counter-immer.ts']));
    expect(steps.some((s) => s.kind === 'insert')).toBe(true);
  });

  // The steps run one after another: a command sees the files written above it, and
  // `echo $?` reports the command before it.
  let lastCode: number | undefined;
  for (const [index, step] of steps.entries()) {
    const title = step.kind === 'command' ? `line ${step.line}: $ ${step.command}` : `line ${step.line}: ${step.kind === 'file' ? 'write' : 'add to'} ${step.name}`;
    it(title, { timeout: 240_000 }, () => {
      if (step.kind === 'file') {
        writeFileSync(join(folder, step.name), step.text);
        return;
      }
      if (step.kind === 'insert') {
        const path = join(folder, step.name);
        const lines = readFileSync(path, 'utf8').split('\n');
        const at = lines.flatMap((l, k) => (l.trim() === step.after ? [k] : []));
        expect(at, `exactly one line \`${step.after}\` in ${step.name}`).toHaveLength(1);
        lines.splice(at[0]! + 1, 0, ...step.text.replace(/\n$/, '').split('\n'));
        writeFileSync(path, lines.join('\n'));
        return;
      }
      if (step.command === 'echo $?') {
        expect(lastCode, 'echo $? needs a command before it').toBeDefined();
        expect([String(lastCode)]).toEqual(step.expected.filter((l) => l.trim() !== ''));
        return;
      }
      expect(/^(npm|npx) /.test(step.command), `only npm and npx commands are run: ${step.command}`).toBe(true);
      const r = sh(step.command, folder, 230_000);
      lastCode = r.code;
      const next = steps[index + 1];
      const statusShown = next?.kind === 'command' && next.command === 'echo $?';
      if (!statusShown) expect(r.code, `\`${step.command}\` exited ${r.code}\n${r.stderr}`).toBeLessThan(2);
      expect(matchesPage(r.stdout, step.expected), `\`${step.command}\` printed:\n${r.stdout}\nstderr:\n${r.stderr}`).toBe(true);
    });
  }
});

describe('the page matcher', () => {
  it('takes lines exactly, ⋮ for any lines and … for any text', () => {
    expect(matchesPage('a\nb\nc\n', ['a', '⋮', 'c'])).toBe(true);
    expect(matchesPage('a\nc\n', ['a', '⋮', 'c'])).toBe(true);
    expect(matchesPage('a\nb\nc\n', ['a', 'c'])).toBe(false);
    expect(matchesPage('a\nb\n', ['a'])).toBe(false);
    expect(matchesPage('took 0.02 s\n', ['took … s'])).toBe(true);
    expect(matchesPage('took 0.02 s\nmore\n', ['took … s'])).toBe(false);
    expect(matchesPage('', [])).toBe(true);
    expect(matchesPage('x\n', [])).toBe(false);
  });
});
