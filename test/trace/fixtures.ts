// The TLC traces of raft.tla kept in traces/tlc/ (copied from the project's reference
// data), with the bounds TLC ran under (traces/tlc/README.md).
import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';

export const repoRoot = fileURLToPath(new URL('../..', import.meta.url));
export const tlcDir = join(repoRoot, 'traces', 'tlc');

export interface Fixture {
  /** Path relative to the repository root. */
  readonly path: string;
  readonly kind: 'counterexample' | 'simulation';
  readonly params: Readonly<Record<string, number>>;
}

const counterexampleParams: Readonly<Record<string, Record<string, number>>> = {
  's2-no-leader.txt': { servers: 2, values: 1, maxTerm: 2, maxLog: 1, maxDup: 1, maxMsgs: 2 },
  's3-no-leader.txt': { servers: 3, values: 1, maxTerm: 2, maxLog: 1, maxDup: 1, maxMsgs: 1 },
  's2-no-commit.txt': { servers: 2, values: 1, maxTerm: 2, maxLog: 1, maxDup: 1, maxMsgs: 2 },
  's3-no-commit.txt': { servers: 3, values: 1, maxTerm: 2, maxLog: 1, maxDup: 1, maxMsgs: 1 },
  's2-two-elections.txt': { servers: 2, values: 1, maxTerm: 3, maxLog: 1, maxDup: 1, maxMsgs: 2 },
  's2-two-leaders.txt': { servers: 2, values: 1, maxTerm: 3, maxLog: 1, maxDup: 1, maxMsgs: 2 },
  's2-commit-two.txt': { servers: 2, values: 1, maxTerm: 2, maxLog: 2, maxDup: 1, maxMsgs: 2 },
};

const simulationParams: Readonly<Record<string, Record<string, number>>> = {
  's3-v1-t2-l1-d1-m1': { servers: 3, values: 1, maxTerm: 2, maxLog: 1, maxDup: 1, maxMsgs: 1 },
  's3-v2-t3-l2-d2-m3': { servers: 3, values: 2, maxTerm: 3, maxLog: 2, maxDup: 2, maxMsgs: 3 },
};

export function fixtures(): Fixture[] {
  const out: Fixture[] = [];
  for (const f of readdirSync(join(tlcDir, 'counterexamples')).sort()) {
    out.push({ path: `traces/tlc/counterexamples/${f}`, kind: 'counterexample', params: counterexampleParams[f]! });
  }
  for (const d of readdirSync(join(tlcDir, 'simulation')).sort()) {
    for (const f of readdirSync(join(tlcDir, 'simulation', d)).sort((a, b) => a.localeCompare(b, 'en', { numeric: true }))) {
      out.push({ path: `traces/tlc/simulation/${d}/${f}`, kind: 'simulation', params: simulationParams[d]! });
    }
  }
  return out;
}

export function readFixture(path: string): string {
  return readFileSync(join(repoRoot, path), 'utf8');
}

/**
 * TLC's text for each `/\ var = value` conjunct, state by state: the value's lines as
 * TLC wrapped them, read straight from the file (no parsing).
 */
export function tlcValueTexts(text: string): Map<string, string>[] {
  const states: Map<string, string>[] = [];
  let current: Map<string, string> | undefined;
  let name: string | undefined;
  for (const line of text.split('\n')) {
    if (/^State \d+:/.test(line) || /^STATE_\d+ ==/.test(line)) {
      current = new Map();
      states.push(current);
      name = undefined;
      continue;
    }
    const m = /^\/\\ (\w+) = (.*)$/.exec(line);
    if (m && current) {
      name = m[1]!;
      current.set(name, m[2]!);
    } else if (name && current && line.startsWith(' ')) {
      current.set(name, `${current.get(name)}\n${line}`);
    } else name = undefined;
  }
  return states;
}
