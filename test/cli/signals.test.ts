// A signal mid-run: the run stops its workers, removes every temporary file, prints the
// figures so far and exits 130 (SIGINT) or 143 (SIGTERM). A closed stdout ends quietly.
import { spawn, spawnSync } from 'node:child_process';
import { mkdtempSync, readdirSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { afterAll, describe, expect, it } from 'vitest';

const bin = fileURLToPath(new URL('../../src/bin/crank.mjs', import.meta.url));
const root = fileURLToPath(new URL('../..', import.meta.url));
const temp = mkdtempSync(join(tmpdir(), 'crank-signals-'));
afterAll(() => rmSync(temp, { recursive: true, force: true }));

/** crank's own folders in `dir` (tsx keeps a cache folder there too, which is not ours). */
const ours = (dir: string): string[] => readdirSync(dir).filter((f) => f.startsWith('crank-'));

async function interrupt(signal: 'SIGINT' | 'SIGTERM', json: boolean): Promise<{ code: number | null; stdout: string; spilled: boolean; left: string[] }> {
  const dir = mkdtempSync(join(temp, `${signal}-`));
  const args = [bin, 'check', 'raft', '--preset', 's2-v1-t3-l1-d1-m2', '--workers', '2', ...(json ? ['--json'] : [])];
  const child = spawn(process.execPath, args, { cwd: root, env: { ...process.env, TMPDIR: dir, CRANK_FRONTIER_BYTES: String(64 << 10) } });
  let stdout = '';
  child.stdout.on('data', (d: Buffer) => (stdout += d.toString()));
  let spilled = false;
  for (let i = 0; i < 600 && !spilled; i++) {
    await new Promise((r) => setTimeout(r, 100));
    spilled = ours(dir).some((f) => f.startsWith('crank-frontier-'));
  }
  child.kill(signal);
  const code = await new Promise<number | null>((resolve) => child.on('exit', (c) => resolve(c)));
  return { code, stdout, spilled, left: ours(dir) };
}

describe('signals', () => {
  it.each([
    ['SIGINT', 130],
    ['SIGTERM', 143],
  ] as const)('%s after the frontier spilled: exit %i, figures so far, no temporary file left', async (signal, exit) => {
    const r = await interrupt(signal, false);
    expect(r.spilled).toBe(true);
    expect(r.code).toBe(exit);
    expect(r.stdout).toContain(`Interrupted by ${signal}.`);
    expect(r.stdout).toMatch(/So far: [\d,]+ states generated, [\d,]+ distinct states found/);
    expect(r.stdout).not.toContain('No violation found.');
    expect(r.left).toEqual([]);
  }, 90_000);

  it('--json: one object with "result": "stopped"', async () => {
    const r = await interrupt('SIGINT', true);
    expect(r.code).toBe(130);
    const out = JSON.parse(r.stdout);
    expect(out).toMatchObject({ model: 'raft', result: 'stopped', reason: 'interrupted by SIGINT' });
    expect(r.left).toEqual([]);
  }, 90_000);
});

describe('pipes', () => {
  it('a closed stdout ends the run quietly, with the verdict as exit code', () => {
    const r = spawnSync('bash', ['-c', `set -o pipefail; "${process.execPath}" "${bin}" check traffic-light --variant yellow-skip | head -1; echo "codes \${PIPESTATUS[*]}"`], { cwd: root, encoding: 'utf8' });
    expect(r.stderr).not.toMatch(/EPIPE|at /);
    expect(r.stdout).toMatch(/codes 1 0/);
  });
});
