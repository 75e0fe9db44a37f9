// `crank explore` spawned as a user runs it: the URL as the first line on stdout, a page
// that answers, exit 130 on SIGINT and 143 on SIGTERM (also in the middle of a check),
// and one line and exit 2 for bad input.
import { spawn, type ChildProcessWithoutNullStreams } from 'node:child_process';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';
import { crank, repoRoot } from '../support/run-cli.ts';

const bin = fileURLToPath(new URL('../../src/bin/crank.mjs', import.meta.url));

interface Running {
  readonly child: ChildProcessWithoutNullStreams;
  readonly url: string;
  readonly exited: Promise<{ code: number | null; signal: NodeJS.Signals | null; stdout: string; stderr: string }>;
}

/** Starts `crank explore …` and waits for the URL line. */
function explore(args: readonly string[]): Promise<Running> {
  const child = spawn(process.execPath, [bin, 'explore', ...args], { cwd: repoRoot, env: { ...process.env, CRANK_DEBUG: '' } });
  let stdout = '';
  let stderr = '';
  const exited = new Promise<{ code: number | null; signal: NodeJS.Signals | null; stdout: string; stderr: string }>((resolve) =>
    child.on('exit', (code, signal) => resolve({ code, signal, stdout, stderr })),
  );
  return new Promise((resolve, reject) => {
    child.stderr.on('data', (c: Buffer) => (stderr += c.toString()));
    child.stdout.on('data', (c: Buffer) => {
      stdout += c.toString();
      const nl = stdout.indexOf('\n');
      if (nl >= 0) resolve({ child, url: stdout.slice(0, nl), exited });
    });
    void exited.then((e) => reject(new Error(`crank explore exited ${e.code} before printing its URL: ${e.stderr}`)));
  });
}

describe('crank explore (spawned)', () => {
  it('prints its URL first, serves the page, and exits 130 on SIGINT', async () => {
    const r = await explore(['traffic-light']);
    expect(r.url).toMatch(/^http:\/\/127\.0\.0\.1:\d+\/$/);
    expect((await fetch(r.url)).status).toBe(200);
    const model = (await (await fetch(new URL('/api/model', r.url))).json()) as { name: string };
    expect(model.name).toBe('traffic-light');
    r.child.kill('SIGINT');
    const e = await r.exited;
    expect(e.code).toBe(130);
    expect(e.stdout).toBe(`${r.url}\n`);
    await expect(fetch(r.url)).rejects.toThrow();
  });

  it('exits 143 on SIGTERM, also while a check from here runs in its worker', async () => {
    const r = await explore(['raft-abstract', '--max-log', '2', '--port', '0']);
    const res = await fetch(new URL('/api/check', r.url), { method: 'POST', headers: { 'Content-Type': 'application/json' }, body: '{"path":[0]}' });
    const reader = res.body!.getReader();
    expect(new TextDecoder().decode((await reader.read()).value)).toContain('"type":"progress"');
    const t0 = Date.now();
    r.child.kill('SIGTERM');
    const e = await r.exited;
    expect(e.code).toBe(143);
    expect(Date.now() - t0).toBeLessThan(5000);
  });

  it('opens with --trace and names the model as the user typed it', async () => {
    const r = await explore(['raft-abstract', '--variant', 'figure8', '--trace', 'traces/raft-abstract/figure8.json']);
    try {
      const model = (await (await fetch(new URL('/api/model', r.url))).json()) as { title: string; trace: { path: number[]; states: number } };
      expect(model.title).toBe('raft-abstract --variant figure8');
      expect(model.trace.states).toBe(11);
      expect(model.trace.path).toHaveLength(11);
    } finally {
      r.child.kill('SIGINT');
      expect((await r.exited).code).toBe(130);
    }
  });

  it("takes the parameters a trace needs from the trace, as crank replay does (TLC's trace of 3 servers)", async () => {
    const r = await explore(['raft', '--trace', 'traces/tlc/counterexamples/s3-no-commit.txt']);
    try {
      const model = (await (await fetch(new URL('/api/model', r.url))).json()) as { title: string; trace: { path: number[]; states: number; format: string } };
      expect(model.title).toBe('raft --servers 3');
      expect(model.trace).toMatchObject({ states: 16, format: "TLC's error trace" });
      expect(model.trace.path).toHaveLength(16);
      const view = (await (await fetch(new URL(`/api/state?path=${model.trace.path.join('.')}`, r.url))).json()) as { steps: { label: string }[] };
      expect(view.steps.at(-1)!.label).toBe('AdvanceCommitIndex(r1)');
    } finally {
      r.child.kill('SIGINT');
      expect((await r.exited).code).toBe(130);
    }
  });

  it('refuses bad input with one line and exit 2', () => {
    const dir = mkdtempSync(join(tmpdir(), 'crank-explore-cli-'));
    try {
      const junk = join(dir, 'junk.txt');
      writeFileSync(junk, 'not a trace\n');
      const cases: [string[], RegExp][] = [
        [['explore', 'no-such-model'], /^crank: unknown model 'no-such-model'/],
        [['explore', 'traffic-light', '--port', '70000'], /^crank: --port must be at most 65535, got 70000/],
        [['explore', 'traffic-light', '--port', 'x'], /^crank: --port must be a non-negative integer, got 'x'/],
        [['explore', 'traffic-light', '--trace', join(dir, 'missing.json')], /^crank: cannot read .*missing\.json: no such file/],
        [['explore', 'traffic-light', '--trace', junk], /^crank: .*junk\.txt:1:1: not a trace/],
        [['explore', 'raft-abstract', '--base', '--trace', 'traces/raft-abstract/figure8.json'], /^crank: traces\/raft-abstract\/figure8\.json: state 8 \(line 18\) is not a successor of state 7 under any action of raft-abstract/],
        [['explore', 'raft-abstract', '--variant', 'nope'], /^crank: unknown variant 'nope'/],
      ];
      for (const [args, message] of cases) {
        const r = crank(args);
        expect([args.join(' '), r.code]).toEqual([args.join(' '), 2]);
        expect(r.stderr).toMatch(message);
        expect(r.stderr.trim().split('\n')).toHaveLength(1);
        expect(r.stdout).toBe('');
      }
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  });

  it('refuses a port already in use', async () => {
    const r = await explore(['traffic-light']);
    try {
      const port = new URL(r.url).port;
      const again = crank(['explore', 'traffic-light', '--port', port]);
      expect(again.code).toBe(2);
      expect(again.stderr).toBe(`crank: port ${port} is in use\n`);
    } finally {
      r.child.kill('SIGTERM');
      expect((await r.exited).code).toBe(143);
    }
  });
});
