// One whole process, timed: wall seconds measured here, and peak resident memory and CPU
// seconds (user + system, every thread) from /usr/bin/time when the machine has it. On a
// shared machine a process's CPU time varies far less than its wall time.
import { existsSync, readFileSync, rmSync } from 'node:fs';
import type { BenchProcesses, Finished } from './processes.ts';

export interface Timed extends Finished {
  readonly peakMiB: number | undefined;
  readonly cpuSeconds: number | undefined;
}

const timeTool = existsSync('/usr/bin/time') ? '/usr/bin/time' : undefined;

export async function timed(procs: BenchProcesses, command: string, args: readonly string[], cwd?: string): Promise<Timed> {
  if (timeTool === undefined) return { ...(await procs.run(command, args, cwd)), peakMiB: undefined, cpuSeconds: undefined };
  const report = procs.file('time');
  const r = await procs.run(timeTool, ['-f', '%M %U %S', '-o', report, command, ...args], cwd);
  // The last line: time writes "Command exited with non-zero status N" above it.
  const fields = existsSync(report) ? readFileSync(report, 'utf8').trim().split('\n').at(-1)!.split(' ').map(Number) : [];
  rmSync(report, { force: true });
  const [kb, user, system] = fields;
  return {
    ...r,
    peakMiB: kb !== undefined && Number.isFinite(kb) ? kb / 1024 : undefined,
    cpuSeconds: user !== undefined && system !== undefined && Number.isFinite(user + system) ? user + system : undefined,
  };
}
