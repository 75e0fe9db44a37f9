// Each variant of raft-abstract is caught by BFS with a shortest counterexample, kept as
// a golden trace in traces/raft-abstract/ (text, and crank's JSON for `crank replay`);
// the figure8 traces are also kept as pictures (SVG, HTML).
//
// To rewrite the golden files after an intended change: UPDATE_GOLDEN=1 npx vitest run test/raft-abstract
import { existsSync, readFileSync, writeFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { check } from '../../checker/check.ts';
import { buildRaftAbstract, DEFAULT_PARAMS, majority, type RaftAbstractState } from '../../spec/raft-abstract/model.ts';
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
  { name: 'figure8', variant: 'figure8', property: 'LeaderCompleteness', states: 9, pictures: true },
  { name: 'figure8-overwrite', variant: 'figure8', inv: ['StateMachineSafety'], property: 'StateMachineSafety', states: 11, pictures: true },
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
      golden(`${c.name}.json`, jsonTrace(spec, cex, 'raft-abstract', { ...DEFAULT_PARAMS }));
      if (c.pictures) {
        const picture = pictureOf(spec, cex, `raft-abstract --variant ${c.variant}${c.inv ? ` --inv ${c.inv.join(' ')}` : ''}`)!;
        golden(`${c.name}.svg`, renderTraceSvg(picture));
        golden(`${c.name}.html`, renderTraceHtml(picture));
      }
    });
  }

  it('the same bounds hold for the correct model: every invariant passes', async () => {
    const r = await check(buildRaftAbstract());
    expect(r.verdict).toBe('ok');
  });

  it('figure8: an entry is committed on a majority, then overwritten on a majority', async () => {
    const cex = await counterexample('figure8', ['StateMachineSafety']);
    const states = cex.steps.map((s) => s.state);
    const n = states[0]!.currentTerm.size;
    const holders = (s: RaftAbstractState, index: number, term: number) => s.log.filter((l) => l.get(index - 1) === term).size;
    // The first entry committed in the trace, and the step that commits it.
    const at = states.findIndex((s) => s.committed.size > 0);
    const first = states[at]!.committed.first()!;
    expect(holders(states[at]!, first.index, first.term)).toBeGreaterThanOrEqual(majority(n));
    // It was committed under the naive rule: not an entry of the committing leader's term.
    expect(first.term).toBeLessThan(first.inTerm);
    // Later a majority holds a different entry at that index, and that one is committed too.
    const last = states[states.length - 1]!;
    const other = last.log.map((l) => l.get(first.index - 1)).find((t) => t !== undefined && t !== first.term)!;
    expect(holders(last, first.index, other)).toBeGreaterThanOrEqual(majority(n));
    expect(holders(last, first.index, first.term)).toBeLessThan(majority(n));
    expect(last.committed.some((c) => c.index === first.index && c.term === other)).toBe(true);
    expect(cex.steps.some((s) => s.label.includes('overwrite'))).toBe(true);
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
    const cex = await counterexample('figure8', ['StateMachineSafety']);
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
