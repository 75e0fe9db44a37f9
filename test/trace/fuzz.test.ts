// Fuzzing the trace readers: random truncations, byte flips, deletions and insertions of
// the fixtures (and of crank's own ITF and JSON output) never crash the reader or the
// replay. Every input ends as a trace (accepted or rejected by the model) or as a
// TraceSyntaxError with a line and column; from the CLI, as exit 0, 1 or 2, and exit 2
// always with `file:line:col: message` on one line.
import { mkdtempSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { raft } from '../../spec/raft/model.ts';
import { TraceSyntaxError } from '../../src/tla/errors.ts';
import { formatTrace } from '../../src/trace/output.ts';
import { readTrace } from '../../src/trace/read.ts';
import { checkTraceVariables, formatRejection, replay } from '../../src/trace/replay.ts';
import { crank } from '../support/run-cli.ts';
import { fixtures, readFixture } from './fixtures.ts';
import { scratchDir } from '../support/scratch.ts';

const scratch = scratchDir('fuzz');

/** mulberry32: a small seeded generator, so a failure can be reproduced. */
function rng(seed: number): () => number {
  let a = seed >>> 0;
  return () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = a;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

const INTERESTING = [...'{}[]()<>@:|-,="\\\n 0123456789/rvTF#'].map((c) => c.charCodeAt(0));

function mutate(text: string, rand: () => number): { text: string; how: string } {
  const bytes = Buffer.from(text, 'utf8');
  const at = Math.floor(rand() * bytes.length);
  const kind = Math.floor(rand() * 5);
  switch (kind) {
    case 0:
      return { text: bytes.subarray(0, at).toString('utf8'), how: `truncated at byte ${at}` };
    case 1: {
      const b = Buffer.from(bytes);
      const bit = Math.floor(rand() * 8);
      b[at] = b[at]! ^ (1 << bit);
      return { text: b.toString('utf8'), how: `bit ${bit} of byte ${at} flipped` };
    }
    case 2: {
      const b = Buffer.from(bytes);
      b[at] = INTERESTING[Math.floor(rand() * INTERESTING.length)]!;
      return { text: b.toString('utf8'), how: `byte ${at} replaced` };
    }
    case 3: {
      const n = 1 + Math.floor(rand() * 20);
      return { text: Buffer.concat([bytes.subarray(0, at), bytes.subarray(at + n)]).toString('utf8'), how: `${n} bytes deleted at ${at}` };
    }
    default: {
      const from = Math.floor(rand() * bytes.length);
      const piece = bytes.subarray(from, from + 1 + Math.floor(rand() * 30));
      return { text: Buffer.concat([bytes.subarray(0, at), piece, bytes.subarray(at)]).toString('utf8'), how: `${piece.length} bytes inserted at ${at}` };
    }
  }
}

type Outcome = 'accepted' | 'rejected' | 'malformed';

/** What crank makes of an input; anything but a TraceSyntaxError escaping is a crash. */
function outcome(text: string, spec: ReturnType<typeof raft.build>): Outcome {
  try {
    const trace = readTrace(text);
    checkTraceVariables(spec, trace, 'raft');
    const r = replay(spec, trace);
    if (r.rejection === undefined) return 'accepted';
    formatRejection(r.rejection, 'raft');
    return 'rejected';
  } catch (err) {
    if (!(err instanceof TraceSyntaxError)) throw err;
    expect(err.line).toBeGreaterThanOrEqual(1);
    expect(err.col).toBeGreaterThanOrEqual(1);
    const line = err.format('f.txt');
    expect(line).toMatch(/^f\.txt:\d+:\d+: \S/);
    expect(line).not.toContain('\n');
    return 'malformed';
  }
}

describe('fuzzing the trace readers', () => {
  const picked = fixtures().filter((f) => f.kind === 'counterexample' || /trace_0_(1|26|100)$/.test(f.path));

  it('random mutations of TLC traces and of crank’s tla/itf/json output never crash', () => {
    const rand = rng(20261122);
    const counts: Record<Outcome, number> = { accepted: 0, rejected: 0, malformed: 0 };
    const inputs: { name: string; text: string; spec: ReturnType<typeof raft.build> }[] = [];
    for (const f of picked) {
      const spec = raft.build(f.params);
      const text = readFixture(f.path);
      inputs.push({ name: f.path, text, spec });
      if (f.kind === 'counterexample') {
        const r = replay(spec, readTrace(text));
        const cex = { property: 'Fixture', kind: 'invariant' as const, steps: r.accepted.map((s) => ({ state: s.state, label: s.label })) };
        for (const format of ['tla', 'itf', 'json'] as const) inputs.push({ name: `${f.path} as ${format}`, text: formatTrace(spec, cex, format), spec });
      }
    }
    for (const input of inputs) {
      for (let n = 0; n < 12; n++) {
        const { text, how } = mutate(input.text, rand);
        let result: Outcome;
        try {
          result = outcome(text, input.spec);
        } catch (err) {
          throw new Error(`${input.name}, ${how}: ${(err as Error).stack}`);
        }
        counts[result]++;
      }
    }
    // The mutations reach every outcome, and most break the file.
    expect(counts.malformed).toBeGreaterThan(counts.accepted);
    expect(counts.rejected).toBeGreaterThan(0);
    expect(counts.accepted).toBeGreaterThan(0);
  });

  it('empty, binary and foreign inputs are positioned errors', () => {
    const spec = raft.build({});
    for (const text of ['', '   \n\n', '\u0000\u0001\u0002', 'hello', '{', '[1, 2]', '{"vars": 3, "states": []}', '{"format": "crank-trace"}', '---- MODULE x ----\n', 'State 1: <x>\n', 'State 1: <x>\n/\\ messages = <<>\n']) {
      expect(outcome(text, spec)).toBe('malformed');
    }
  });

  it('from the command line: exit 0, 1 or 2, and exit 2 is one positioned line (spawned)', () => {
    const dir = mkdtempSync(join(scratch, 'case-'));
    const rand = rng(7);
    const source = readFixture('traces/tlc/counterexamples/s2-two-leaders.txt');
    const spec = raft.build({ servers: 2 });
    let spawned = 0;
    for (let n = 0; n < 200 && spawned < 3; n++) {
      const { text, how } = mutate(source, rand);
      if (outcome(text, spec) !== 'malformed') continue;
      const file = join(dir, `m${n}.txt`);
      writeFileSync(file, text);
      const r = crank(['replay', 'raft', file, '--servers', '2']);
      spawned++;
      expect(r.code, how).toBe(2);
      expect(r.stdout).toBe('');
      expect(r.stderr, how).toMatch(new RegExp(`^${file.replace(/[.*+?^${}()|[\]\\]/g, '\\$&')}:\\d+:\\d+: [^\\n]+\\n$`));
    }
    expect(spawned).toBe(3);
  });
});
