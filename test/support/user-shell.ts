// Runs shell commands as a user would in their own project folder: `npm install`, `npx
// crank …`, `npx vitest run`. Used by the pack-and-install test and the docs test.
//
// The environment is the user's, not the test runner's: `npm test` exports npm_* variables
// (npm_config_local_prefix points at this repository, and an `npm install` that inherits it
// installs here instead of in the user's folder) and vitest exports VITEST_* (a nested
// `npx vitest run` would take itself for a worker). Those are dropped; npm's cache,
// registry and certificates are kept, so installs come from the cache `npm ci` filled.
import { spawnSync } from 'node:child_process';
import { fileURLToPath } from 'node:url';

export const repoRoot = fileURLToPath(new URL('../..', import.meta.url));

export interface ShellRun {
  readonly code: number;
  readonly stdout: string;
  readonly stderr: string;
  readonly ms: number;
}

/** npm settings from the caller's environment that say where packages come from. */
const KEPT_NPM = new Set(['npm_config_cache', 'npm_config_registry', 'npm_config_userconfig', 'npm_config_globalconfig', 'npm_config_cafile']);

/** The environment of a user's shell: no npm lifecycle or vitest variables, no colour. */
export function userEnv(): NodeJS.ProcessEnv {
  const env: NodeJS.ProcessEnv = {};
  for (const [key, value] of Object.entries(process.env)) {
    if (/^npm_/i.test(key) && !KEPT_NPM.has(key.toLowerCase())) continue;
    if (/^(__)?VITEST/.test(key) || key === 'INIT_CWD' || key === 'TEST' || key === 'NODE_ENV' || key === 'FORCE_COLOR') continue;
    env[key] = value;
  }
  return {
    ...env,
    NO_COLOR: '1',
    CRANK_DEBUG: '',
    // Installs use what the npm cache holds and ask the registry only for what it lacks.
    npm_config_prefer_offline: 'true',
    npm_config_audit: 'false',
    npm_config_fund: 'false',
    npm_config_update_notifier: 'false',
    // `npx crank` must run the installed crank, never fetch a package of that name.
    npm_config_yes: 'false',
  };
}

/** Runs `command` with bash in `cwd`, as typed at a prompt. */
export function sh(command: string, cwd: string, timeoutMs = 120_000): ShellRun {
  const started = process.hrtime.bigint();
  const r = spawnSync('bash', ['-c', command], { cwd, env: userEnv(), encoding: 'utf8', timeout: timeoutMs });
  const ms = Number(process.hrtime.bigint() - started) / 1e6;
  if (r.error) throw new Error(`\`${command}\` in ${cwd}: ${r.error.message}`);
  return { code: r.status ?? -1, stdout: r.stdout, stderr: r.stderr, ms };
}

/** Runs `command` and fails, with its output, unless it exits 0. */
export function shOk(command: string, cwd: string, timeoutMs = 120_000): ShellRun {
  const r = sh(command, cwd, timeoutMs);
  if (r.code !== 0) throw new Error(`\`${command}\` exited ${r.code}\n${r.stdout}\n${r.stderr}`);
  return r;
}

/** The median of some durations. */
export function median(values: readonly number[]): number {
  const sorted = [...values].sort((a, b) => a - b);
  const mid = sorted.length >> 1;
  return sorted.length % 2 === 1 ? sorted[mid]! : (sorted[mid - 1]! + sorted[mid]!) / 2;
}
