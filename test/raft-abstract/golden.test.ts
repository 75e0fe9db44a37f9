// Each variant of raft-abstract is caught by BFS with a shortest counterexample, kept as
// a golden trace in traces/raft-abstract/ (text, and crank's JSON for `crank replay`);
// the figure8 trace is also kept as pictures (SVG, HTML), exactly as
// `npx crank check raft-abstract --variant figure8 --out traces/raft-abstract/figure8.svg`
// (or .html) writes them.
//
// To rewrite the golden files after an intended change: UPDATE_GOLDEN=1 npx vitest run test/raft-abstract
import { existsSync, readFileSync, writeFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { check } from '../../checker/check.ts';
import { buildRaftAbstract, DEFAULT_PARAMS, majority, stateMachineSafety, type RaftAbstractState } from '../../spec/raft-abstract/model.ts';
import { pictureOf, renderTraceHtml, renderTraceSvg } from '../../src/render/svg.ts';
import { jsonTrace } from '../../src/trace/json.ts';
import { formatTraceForFile } from '../../src/trace/output.ts';
import { buildTrafficLight } from '../../spec/traffic-light/model.ts';
import { textTrace } from '../../src/trace/text.ts';
import type { Counterexample } from '../../src/trace/trace.ts';
import { frozen } from '../support/frozen-spec.ts';

const dir = new URL('../../traces/raft-abstract/', import.meta.url);
const update = process.env['UPDATE_GOLDEN'] === '1';

function golden(name: string, actual: string): void {
  const url = new URL(name, dir);
  if (update || !existsSync(url)) writeFileSync(url, actual);
  expect(actual).toBe(readFileSync(url, 'utf8'));
}

interface Case {
  readonly name: string;
  readonly variant: string;
  readonly inv?: readonly string[];
  readonly property: string;
  readonly states: number;
  readonly pictures?: boolean;
}

const cases: readonly Case[] = [
  // The plain `--variant figure8` run: the variant checks StateMachineSafety (with
  // ElectionSafety, LogMatching) by default, so the trace runs on to the overwrite.
  { name: 'figure8', variant: 'figure8', property: 'StateMachineSafety', states: 11, pictures: true },
  // `--inv LeaderCompleteness`: one step after the naive commit, the election of panel (d).
  { name: 'figure8-leader-completeness', variant: 'figure8', inv: ['LeaderCompleteness'], property: 'LeaderCompleteness', states: 9 },
  { name: 'no-log-check', variant: 'no-log-check', property: 'LeaderCompleteness', states: 6 },
  { name: 'forget-vote', variant: 'forget-vote', property: 'ElectionSafety', states: 4 },
];

async function counterexample(variant: string, inv?: readonly string[]): Promise<Counterexample<RaftAbstractState>> {
  const r = await check(frozen(buildRaftAbstract({}, variant)), { strategy: 'bfs', ...(inv ? { invariants: inv } : {}) });
  expect(r.verdict).toBe('violation');
  return r.violation!;
}

describe('raft-abstract variants: shortest counterexamples, kept as golden traces', () => {
  for (const c of cases) {
    it(`${c.name}: ${c.property} fails after ${c.states - 1} steps`, async () => {
      const spec = buildRaftAbstract({}, c.variant);
      const cex = await counterexample(c.variant, c.inv);
      expect(cex.property).toBe(c.property);
      expect(cex.steps).toHaveLength(c.states);
      golden(`${c.name}.txt`, textTrace(spec, cex));
      golden(`${c.name}.json`, jsonTrace(spec, cex, { model: 'raft-abstract', params: { ...DEFAULT_PARAMS }, variant: c.name }));
      if (c.pictures) {
        // What `--out NAME.svg` / `--out NAME.html` writes.
        golden(`${c.name}.svg`, formatTraceForFile(`${c.name}.svg`, spec, cex, 'text'));
        golden(`${c.name}.html`, formatTraceForFile(`${c.name}.html`, spec, cex, 'text'));
      }
    });
  }

  it('the same bounds hold for the correct model: every invariant passes', async () => {
    const r = await check(buildRaftAbstract());
    expect(r.verdict).toBe('ok');
  });

  it('figure8, plain run (3 servers): an entry is committed on a majority, then overwritten on a majority', async () => {
    const cex = await counterexample('figure8'); // no --inv: the variant's default invariants
    expect(cex.property).toBe('StateMachineSafety');
    const states = cex.steps.map((s) => s.state);
    const n = states[0]!.currentTerm.size;
    expect(n).toBe(3);
    const at = (s: RaftAbstractState, server: number, index: number) => s.log.get(server)!.get(index - 1);
    const holders = (s: RaftAbstractState, index: number, term: number) => s.log.filter((l) => l.get(index - 1) === term).size;
    // The first entry committed in the trace: on a majority when it is committed, and
    // committed under the naive rule (not an entry of the committing leader's term).
    const c = states.findIndex((s) => s.committed.size > 0);
    const first = states[c]!.committed.first()!;
    expect(states[c]!.committed.size).toBe(1);
    expect(holders(states[c]!, first.index, first.term)).toBeGreaterThanOrEqual(majority(n));
    expect(first.term).toBeLessThan(first.inTerm);
    // A later step overwrites it on a server that held it...
    const servers = Array.from({ length: n }, (_, j) => j);
    const replaces = (k: number) => servers.some((j) => at(states[k - 1]!, j, first.index) === first.term && ![undefined, first.term].includes(at(states[k]!, j, first.index)));
    const o = states.findIndex((_, k) => k > c && replaces(k));
    expect(o).toBeGreaterThan(c);
    expect(cex.steps[o]!.label).toMatch(/^Copy\(.*overwrite\)$/);
    // ...after which a majority holds a different entry at that index, and the committed
    // entry survives only on a minority.
    const overwritten = states[o]!;
    const other = overwritten.log.map((l) => l.get(first.index - 1)).find((t) => t !== undefined && t !== first.term)!;
    expect(holders(overwritten, first.index, other)).toBeGreaterThanOrEqual(majority(n));
    expect(holders(overwritten, first.index, first.term)).toBeLessThan(majority(n));
    // The last step commits that other entry: two different entries committed at one index.
    const last = states[states.length - 1]!;
    expect(last.committed.some((e) => e.index === first.index && e.term === other)).toBe(true);
    expect(stateMachineSafety(last)).toBe(false);
    expect(states.slice(0, -1).every(stateMachineSafety)).toBe(true);
  });

  it('figure8 checks StateMachineSafety, ElectionSafety and LogMatching by default; the others check all four', () => {
    expect(buildRaftAbstract({}, 'figure8').defaultInvariants).toEqual(['ElectionSafety', 'LogMatching', 'StateMachineSafety']);
    for (const v of [undefined, 'no-log-check', 'forget-vote']) expect(buildRaftAbstract({}, v).defaultInvariants).toBeUndefined();
  });

  it('figure8 with 5 servers (under symmetry, to keep it fast): the overwrite trace, 13 states', async () => {
    const r = await check(buildRaftAbstract({ servers: 5 }, 'figure8'), { symmetry: true });
    expect([r.verdict, r.violation?.property, r.violation?.steps.length]).toEqual(['violation', 'StateMachineSafety', 13]);
    expect(r.violation!.steps.some((s) => s.label.includes('overwrite'))).toBe(true);
  });

  it('the figure8 counterexample is no behavior of the correct model: its naive commit is refused', async () => {
    const cex = await counterexample('figure8');
    const correct = buildRaftAbstract();
    const commit = cex.steps.findIndex((s) => s.label.startsWith('Commit'));
    const before = cex.steps[commit - 1]!.state;
    const successors = correct.events(before).flatMap((e) => correct.next(before, e));
    expect(successors.some((s) => s.committed.equals(cex.steps[commit]!.state.committed) && s.log.equals(cex.steps[commit]!.state.log))).toBe(false);
  });

  it('pictures: one panel per step, boxes coloured by term, committed entries marked, captions', async () => {
    const spec = buildRaftAbstract({}, 'figure8');
    const cex = await counterexample('figure8');
    const svg = renderTraceSvg(pictureOf(spec, cex)!);
    expect(svg.match(/<g class="step"/g)).toHaveLength(cex.steps.length);
    const boxes = cex.steps.reduce((k, s) => k + s.state.log.reduce((m, l) => m + l.size, 0), 0);
    expect(svg.match(/<rect class="entry/g)).toHaveLength(boxes);
    expect(svg).toContain('class="entry committed"');
    expect(svg).toContain('Copy(s2→s1, index 1, term 2, overwrite)');
    const html = renderTraceHtml(pictureOf(spec, cex)!);
    expect(html.match(/<section class="step"/g)).toHaveLength(cex.steps.length);
    expect(html).toContain("e.key === 'ArrowRight'");
    expect(html).not.toMatch(/<(script|link|img)[^>]+(src|href)=/); // self-contained
  });

  it('--out picks the picture by the file name: .svg, .html; other names get the trace format', async () => {
    const spec = buildRaftAbstract({}, 'forget-vote');
    const cex = await counterexample('forget-vote');
    expect(formatTraceForFile('t.svg', spec, cex, 'text')).toMatch(/^<svg/);
    expect(formatTraceForFile('T.HTML', spec, cex, 'text')).toMatch(/^<!doctype html>/);
    expect(formatTraceForFile('t.txt', spec, cex, 'text')).toBe(textTrace(spec, cex));
    const light = buildTrafficLight('yellow-skip');
    const r = await check(light);
    expect(() => formatTraceForFile('t.svg', light, r.violation!, 'text')).toThrow(/no log picture/);
  });
});
