// An exception in a model's own code is reported with stack frames that name the user's
// file and the line in it, whatever kind of folder the model lives in: a CommonJS one (what
// `npm init -y` writes, where tsx compiles the file as CommonJS) or an ES module one. The
// command runs as a process, as a user runs it: module loading is Node's and tsx's, not
// the test runner's.
import { spawnSync } from 'node:child_process';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { afterAll, describe, expect, it } from 'vitest';

const crankBin = fileURLToPath(new URL('../../src/bin/crank.mjs', import.meta.url));
const crankEntry = fileURLToPath(new URL('../../src/index.ts', import.meta.url));
const root = mkdtempSync(join(tmpdir(), 'crank-frames-'));
afterAll(() => rmSync(root, { recursive: true, force: true }));

// The throw is on line 9, column 11; `next` calls `step` on line 20, column 27. Types
// before them make the compiled lines differ from the source's, so only a source map
// gets these numbers right.
const MODEL = `import { defineModel } from ${JSON.stringify(crankEntry)};

interface Counter {
  readonly x: number;
}

function step(s: Counter): Counter[] {
  if (s.x === 2) {
    throw new Error('the counter reached two');
  }
  return [{ x: s.x + 1 }];
}

export default defineModel({
  name: 'thrower',
  build: () => ({
    variables: ['x'],
    initialStates: () => [{ x: 0 }],
    events: () => ['tick'],
    next: (s: Counter) => step(s),
  }),
});
`;

function checkIn(folderType: 'commonjs' | 'module'): { code: number | null; stdout: string; stderr: string; dir: string } {
  const dir = mkdtempSync(join(root, `${folderType}-`));
  writeFileSync(join(dir, 'package.json'), JSON.stringify({ name: 'my-models', version: '1.0.0', type: folderType }));
  writeFileSync(join(dir, 'model.ts'), MODEL);
  const r = spawnSync(process.execPath, [crankBin, 'check', './model.ts', '--workers', '1'], { cwd: dir, encoding: 'utf8', env: { ...process.env, NO_COLOR: '1', CRANK_DEBUG: '' } });
  return { code: r.status, stdout: r.stdout, stderr: r.stderr, dir };
}

describe("a model's exception names the user's file and line", () => {
  for (const folderType of ['commonjs', 'module'] as const) {
    it(`a .ts model in a "type": "${folderType}" folder`, () => {
      const r = checkIn(folderType);
      expect(r.code, r.stderr).toBe(2);
      const said = r.stderr.split('\n').filter((l) => l.startsWith('crank:'));
      expect(said).toEqual(['crank: model error: next(state, tick) on state x = 2 threw: the counter reached two']);
      const frames = r.stderr.split('\n').filter((l) => /^\s+at /.test(l)).map((l) => l.trim());
      expect(frames.slice(0, 2)).toEqual([`at step (${join(r.dir, 'model.ts')}:9:11)`, `at Object.next (${join(r.dir, 'model.ts')}:20:27)`]);
      expect(r.stderr).not.toContain('data:');
      expect(r.stdout).toContain('The model failed on the last state of this behavior (3 states)');
    });
  }
});
