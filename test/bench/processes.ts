// The bench's temporary folder and child processes, and cleaning both up: at the end, on
// a failure, and on SIGINT or SIGTERM (the children are stopped, the folder is removed,
// then the bench exits 130 or 143).
//
// Every child runs in its own process group (detached), so that a signal reaches all of
// it: /usr/bin/time ignores SIGINT while it waits, and killing it alone would leave the
// crank or java under it running. Children are started asynchronously so that the
// signal handler runs while one is going (a synchronous spawn would hold it back until
// the child had finished on its own).
import { spawn, type ChildProcess } from 'node:child_process';
import { mkdirSync, mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { userEnv } from '../support/user-shell.ts';

export interface Finished {
  readonly status: number | null;
  readonly signal: NodeJS.Signals | null;
  readonly stdout: string;
  readonly stderr: string;
  readonly wallSeconds: number;
}

/** A failure that ends the bench with one line on stderr and this exit code. */
export class BenchExit extends Error {
  constructor(
    message: string,
    readonly code: number,
  ) {
    super(message);
  }
}

const SIGNAL_EXIT: Partial<Record<NodeJS.Signals, number>> = { SIGINT: 130, SIGTERM: 143 };
/** How long a stopped child may take to exit before its group is killed. */
const GRACE_MS = 5_000;

export class BenchProcesses {
  /** Everything temporary lives under this one folder. */
  readonly root = mkdtempSync(join(tmpdir(), 'crank-bench-'));
  private readonly running = new Map<ChildProcess, Promise<void>>();
  private stopping = false;
  private made = 0;

  constructor() {
    for (const signal of Object.keys(SIGNAL_EXIT) as NodeJS.Signals[]) process.on(signal, () => void this.stop(signal));
  }

  /** A fresh, empty folder under the root. */
  folder(name: string): string {
    const dir = join(this.root, `${name}-${++this.made}`);
    mkdirSync(dir);
    return dir;
  }

  /** A path under the root for a file a child writes (named, never created here). */
  file(name: string): string {
    return join(this.root, `${name}-${++this.made}`);
  }

  /**
   * Runs a command to its end, in the environment of a user's shell, collecting its
   * output. Once the bench is stopping, it never resolves: the signal handler exits.
   */
  run(command: string, args: readonly string[], cwd?: string): Promise<Finished> {
    if (this.stopping) return new Promise(() => {});
    return new Promise((resolve, reject) => {
      const started = process.hrtime.bigint();
      const child = spawn(command, args, { cwd, env: userEnv(), detached: true, stdio: ['ignore', 'pipe', 'pipe'] });
      const out: Buffer[] = [];
      const err: Buffer[] = [];
      child.stdout.on('data', (b: Buffer) => out.push(b));
      child.stderr.on('data', (b: Buffer) => err.push(b));
      const closed = new Promise<void>((done) => {
        child.on('error', (e) => {
          this.running.delete(child);
          done();
          reject(new BenchExit(`cannot run ${command}: ${e.message}`, 1));
        });
        child.on('close', (status, signal) => {
          this.running.delete(child);
          done();
          if (this.stopping) return;
          const wallSeconds = Number(process.hrtime.bigint() - started) / 1e9;
          resolve({ status, signal, stdout: Buffer.concat(out).toString('utf8'), stderr: Buffer.concat(err).toString('utf8'), wallSeconds });
        });
      });
      this.running.set(child, closed);
    });
  }

  /** Runs a command line with bash; rejects with its output unless it exits 0. */
  async shellOk(command: string, cwd: string): Promise<Finished> {
    const r = await this.run('bash', ['-c', command], cwd);
    if (r.status !== 0) throw new BenchExit(`\`${command}\` in ${cwd} exited ${r.status ?? r.signal}\n${r.stdout}${r.stderr}`, 1);
    return r;
  }

  /** Removes the temporary folder (the children have ended). */
  cleanUp(): void {
    rmSync(this.root, { recursive: true, force: true });
  }

  /** On a signal: stops the children, waits for them, removes the folder, exits. */
  private async stop(signal: NodeJS.Signals): Promise<void> {
    if (this.stopping) return;
    this.stopping = true;
    process.stderr.write(`bench: ${signal}: stopping, removing ${this.root}\n`);
    const kill = (child: ChildProcess, s: NodeJS.Signals) => {
      try {
        // The child's own group: it and everything it started.
        if (child.pid !== undefined) process.kill(-child.pid, s);
      } catch {
        // The group has already exited.
      }
    };
    const children = [...this.running];
    for (const [child] of children) kill(child, signal);
    const timer = setTimeout(() => {
      for (const [child] of children) kill(child, 'SIGKILL');
    }, GRACE_MS);
    await Promise.all(children.map(([, closed]) => closed));
    clearTimeout(timer);
    this.cleanUp();
    process.exit(SIGNAL_EXIT[signal]);
  }
}
