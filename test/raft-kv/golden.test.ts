// Each variant of raft-kv is caught by BFS with a shortest counterexample that shows its
// lesson, kept as golden files in traces/raft-kv/: the text trace (whose last state names
// the lesson), crank's JSON (for `crank replay`), the logs as SVG (what `--out NAME.svg`
// writes), the history as a file `crank lin` reads, and that history drawn as a timeline
// (what `crank lin … --out` writes).
//
// To rewrite the golden files after an intended change: UPDATE_GOLDEN=1 npx vitest run test/raft-kv
import { existsSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { check } from '../../checker/check.ts';
import { runLin } from '../../src/cli/commands/lin.ts';
import { checkHistory } from '../../src/lin/index.ts';
import { jsonTrace } from '../../src/trace/json.ts';
import { formatTraceForFile } from '../../src/trace/output.ts';
import { textTrace } from '../../src/trace/text.ts';
import type { Counterexample } from '../../src/trace/trace.ts';
import { historyJsonLines } from '../../spec/raft-kv/history-file.ts';
import { buildRaftKv } from '../../spec/raft-kv/model.ts';
import { DEFAULT_PARAMS, type RaftKvState } from '../../spec/raft-kv/types.ts';

const dir = new URL('../../traces/raft-kv/', import.meta.url);
const update = process.env['UPDATE_GOLDEN'] === '1';
const scratch = mkdtempSync(join(tmpdir(), 'crank-raft-kv-'));
afterAll(() => rmSync(scratch, { recursive: true, force: true }));

function golden(name: string, actual: string): void {
  const url = new URL(name, dir);
  if (update || !existsSync(url)) writeFileSync(url, actual);
  expect(actual).toBe(readFileSync(url, 'utf8'));
}

interface Case {
  readonly variant: string;
  readonly states: number;
  /** The lesson line the last state prints. */
  readonly lesson: RegExp;
  /** The explanation: the read that returned what it should not have. */
  readonly read: string;
}

const cases: readonly Case[] = [
  { variant: 'stale-read', states: 13, lesson: /s1 answered c2's read\(x\) from its own state machine \(x = null\), but it had been deposed: s2 s3, a majority/, read: 'c2 read(x) → null, but the value is 1' },
  { variant: 'no-noop', states: 10, lesson: /s2, leader of term 2, answered c2's read\(x\) \(x = null\) before committing an entry of its term: its commit index is 0/, read: 'c2 read(x) → null, but the value is 1' },
  { variant: 'retry-duplicates', states: 12, lesson: /s2's state machine applied c1's add\(x, 1\) \(serial number 1\) 2 times, at log indexes 2 and 4/, read: 'c2 read(x) → 2, but the value is 1' },
];

// One search per variant, shared by the tests below (each takes seconds; the model runs
// on deep-frozen states in model.test.ts, where the searches are short).
const found = new Map<string, Promise<Counterexample<RaftKvState>>>();
function counterexample(variant: string): Promise<Counterexample<RaftKvState>> {
  let p = found.get(variant);
  if (p === undefined) {
    p = check(buildRaftKv({}, variant), { strategy: 'bfs', workers: 1 }).then((r) => {
      expect(r.verdict).toBe('violation');
      return r.violation!;
    });
    found.set(variant, p);
  }
  return p;
}

describe('raft-kv variants: shortest counterexamples that show the lesson, kept as golden traces', () => {
  for (const c of cases) {
    it(`${c.variant}: Linearizable fails after ${c.states - 1} steps`, { timeout: 120_000 }, async () => {
      const spec = buildRaftKv({}, c.variant);
      const cex = await counterexample(c.variant);
      expect(cex.property).toBe('Linearizable');
      expect(cex.steps).toHaveLength(c.states);
      const text = textTrace(spec, cex);
      // The last state names the lesson: the operations that cannot be linearized, the
      // read that returned what it did, and why.
      const last = text.slice(text.lastIndexOf('\nState '));
      expect(last).toContain('NOT LINEARIZABLE.');
      expect(last).toContain(`      ${c.read}`);
      expect(last).toMatch(c.lesson);
      expect(text.split('NOT LINEARIZABLE.')).toHaveLength(2); // only the last state
      golden(`${c.variant}.txt`, text);
      golden(`${c.variant}.json`, jsonTrace(spec, cex, { model: 'raft-kv', params: { ...DEFAULT_PARAMS }, variant: c.variant }));
      golden(`${c.variant}.svg`, formatTraceForFile(`${c.variant}.svg`, spec, cex, 'text'));
      // The history, as `crank lin` reads it, is rejected there too, and drawn.
      const history = historyJsonLines(cex.steps.map((s) => s.state));
      golden(`${c.variant}.history.jsonl`, history);
      const path = `traces/raft-kv/${c.variant}.history.jsonl`;
      const out: string[] = [];
      const svg = join(scratch, `${c.variant}.history.svg`);
      expect(runLin(path, { out: (l) => out.push(l), err: (l) => out.push(l) }, { out: svg })).toBe(1);
      expect(out).toContain(`  ${c.read}`);
      golden(`${c.variant}.history.svg`, readFileSync(svg, 'utf8'));
      // Every shorter prefix of the history is linearizable: the last step broke it.
      const prev = cex.steps[c.states - 2]!.state;
      expect(checkHistory(prev.history.toArray().map((e) => ({ process: e.process, type: e.type, f: e.f, key: e.key, value: e.value }))).linearizable).toBe(true);
    });

    it(`${c.variant}: the last step is no step of the correct model`, { timeout: 120_000 }, async () => {
      const cex = await counterexample(c.variant);
      const correct = buildRaftKv();
      const before = cex.steps[cex.steps.length - 2]!.state;
      const after = cex.steps[cex.steps.length - 1]!.state;
      const successors = correct.events(before).flatMap((e) => correct.next(before, e));
      expect(successors.some((s) => s.history.equals(after.history) && s.log.equals(after.log))).toBe(false);
    });
  }
});
