// Counterexamples drawn the way the Raft paper draws Figure 8: for each step, one row per
// server, its log as boxes labelled with the entry's term (one colour per term), the
// leader marked, committed entries marked, and the step's action as a caption.
//
// Everything here works on LogView frames (src/render/logview.ts), so any model that
// gives a `logView` hook gets pictures; nothing here knows Raft's rules.
import type { Spec, State } from '../spec.ts';
import type { Counterexample } from '../trace/trace.ts';
import { logViewOf, type LogView } from './logview.ts';

/** One step of a trace, ready to draw. */
export interface Frame {
  /** The action that led to this state (`Initial predicate` for the first). */
  readonly label: string;
  readonly view: LogView;
}

export interface TracePicture {
  /** E.g. `raft-abstract --variant figure8: LeaderCompleteness violated`. */
  readonly title: string;
  readonly frames: readonly Frame[];
}

/** The frames of a counterexample, or undefined if the model has no `logView` hook. */
export function pictureOf<S extends State>(
  spec: Spec<S, unknown>,
  cx: Counterexample<S>,
  title?: string,
): TracePicture | undefined {
  const view = logViewOf(spec);
  if (view === undefined) return undefined;
  const what = cx.kind === 'deadlock' ? 'Deadlock' : `${cx.property} violated`;
  return {
    title: title === undefined ? what : `${title}: ${what}`,
    frames: cx.steps.map((step) => ({ label: step.label, view: view(step.state) })),
  };
}

// ---- geometry ----

const BOX = 30; // side of a log entry box
const GAP = 4; // between boxes
const NAME_W = 92; // server name, term and leader mark
const ROW_H = BOX + 8;
const CAPTION_H = 40;
const INDEX_H = 16; // the row of log indexes above the boxes
const PAD = 12;
const FONT = 'font-family="ui-monospace, SFMono-Regular, Menlo, Consolas, monospace"';

/** A fill colour per term: well separated hues, the same term always the same colour. */
export function termColour(term: number): string {
  const palette = ['#8ecae6', '#ffb703', '#95d5b2', '#f4a3a8', '#c8b6ff', '#f9dc5c', '#90e0ef', '#e9c46a', '#bde0fe', '#ffafcc'];
  if (term >= 1 && term <= palette.length) return palette[term - 1]!;
  return `hsl(${(term * 137.508) % 360}, 70%, 78%)`;
}

export function escapeXml(text: string): string {
  return text.replace(/[<>&"']/g, (c) => ({ '<': '&lt;', '>': '&gt;', '&': '&amp;', '"': '&quot;', "'": '&#39;' })[c]!);
}

function longestLog(frames: readonly Frame[]): number {
  let m = 1;
  for (const f of frames) for (const s of f.view.servers) m = Math.max(m, s.entries.length);
  return m;
}

function serverCount(frames: readonly Frame[]): number {
  let m = 0;
  for (const f of frames) m = Math.max(m, f.view.servers.length);
  return m;
}

/** Width and height of one step's panel, for a trace whose longest log is `maxLog`. */
export function panelSize(maxLog: number, servers: number): { width: number; height: number } {
  const captionW = 360;
  return {
    width: Math.max(captionW, PAD * 2 + NAME_W + maxLog * (BOX + GAP)),
    height: PAD + CAPTION_H + INDEX_H + servers * ROW_H + PAD,
  };
}

/** Wraps a caption into at most two lines of about `width` characters. */
function captionLines(text: string, width: number): string[] {
  if (text.length <= width) return [text];
  const cut = text.lastIndexOf(' ', width);
  const at = cut > width / 2 ? cut : width;
  const rest = text.slice(at).trim();
  return [text.slice(0, at), rest.length > width ? `${rest.slice(0, width - 1)}…` : rest];
}

/**
 * One step as SVG elements (no <svg> wrapper), its top-left corner at (x, y).
 * `step` is the step's number as traces print it (1 for the initial state).
 */
function panel(frame: Frame, step: number, x: number, y: number, maxLog: number, servers: number): string {
  const { width, height } = panelSize(maxLog, servers);
  const out: string[] = [];
  out.push(`<g class="step" transform="translate(${x},${y})">`);
  out.push(`<rect x="0.5" y="0.5" width="${width - 1}" height="${height - 1}" rx="6" fill="#ffffff" stroke="#d0d0d0"/>`);
  const lines = captionLines(`${step}. ${frame.label}`, Math.floor((width - 2 * PAD) / 7.2));
  lines.forEach((line, i) => {
    out.push(
      `<text x="${PAD}" y="${PAD + 13 + i * 16}" ${FONT} font-size="12" font-weight="${i === 0 ? 'bold' : 'normal'}" fill="#222">${escapeXml(line)}</text>`,
    );
  });
  const top = PAD + CAPTION_H;
  for (let k = 0; k < maxLog; k++) {
    const bx = PAD + NAME_W + k * (BOX + GAP);
    out.push(`<text x="${bx + BOX / 2}" y="${top + 11}" ${FONT} font-size="10" fill="#888" text-anchor="middle">${k + 1}</text>`);
  }
  // A leader whose term is below some server's term is stale: it would step down as soon
  // as it heard from that server. The paper draws such leaders as crashed.
  const newest = Math.max(0, ...frame.view.servers.map((s) => s.term));
  frame.view.servers.forEach((s, r) => {
    const ry = top + INDEX_H + r * ROW_H;
    const mid = ry + BOX / 2;
    const stale = s.leader && s.term < newest;
    if (s.leader) {
      out.push(
        stale
          ? `<rect class="leader stale" x="${PAD - 4}" y="${ry - 3}" width="${width - 2 * PAD + 8}" height="${BOX + 6}" rx="4" fill="none" stroke="#e0b000" stroke-width="1" stroke-dasharray="4 3"/>`
          : `<rect class="leader" x="${PAD - 4}" y="${ry - 3}" width="${width - 2 * PAD + 8}" height="${BOX + 6}" rx="4" fill="#fff6d6" stroke="#e0b000" stroke-width="1"/>`,
      );
    }
    const ink = s.down === true ? '#aaa' : '#222';
    out.push(
      `<text x="${PAD}" y="${mid + 4}" ${FONT} font-size="13" font-weight="${s.leader && !stale ? 'bold' : 'normal'}" fill="${ink}">${s.leader ? (stale ? '☆' : '★') : ' '}${escapeXml(s.name)}</text>`,
    );
    out.push(`<text x="${PAD + 44}" y="${mid + 4}" ${FONT} font-size="11" fill="#666">t${s.term}</text>`);
    s.entries.forEach((e, k) => {
      const bx = PAD + NAME_W + k * (BOX + GAP);
      const stroke = e.committed ? '#1b5e20' : '#555';
      const sw = e.committed ? 3 : 1;
      out.push(
        `<rect class="entry${e.committed ? ' committed' : ''}" x="${bx}" y="${ry}" width="${BOX}" height="${BOX}" rx="3" fill="${termColour(e.term)}" stroke="${stroke}" stroke-width="${sw}" opacity="${s.down === true ? 0.45 : 1}"/>`,
      );
      out.push(`<text x="${bx + BOX / 2}" y="${mid + 5}" ${FONT} font-size="14" text-anchor="middle" fill="#111">${e.term}</text>`);
      if (e.committed) {
        out.push(`<text x="${bx + BOX - 5}" y="${ry + 10}" ${FONT} font-size="10" text-anchor="middle" fill="#1b5e20">✓</text>`);
      }
    });
  });
  out.push('</g>');
  return out.join('\n');
}

function legend(x: number, y: number, terms: readonly number[]): string {
  const out: string[] = [`<g class="legend" transform="translate(${x},${y})" ${FONT} font-size="11" fill="#444">`];
  let cx = 0;
  out.push(`<text x="${cx}" y="12">terms:</text>`);
  cx += 50;
  for (const t of terms) {
    out.push(`<rect x="${cx}" y="0" width="16" height="16" rx="2" fill="${termColour(t)}" stroke="#555"/>`);
    out.push(`<text x="${cx + 8}" y="12" text-anchor="middle">${t}</text>`);
    cx += 22;
  }
  cx += 12;
  out.push(`<rect x="${cx}" y="0" width="16" height="16" rx="2" fill="#eee" stroke="#1b5e20" stroke-width="3"/>`);
  out.push(`<text x="${cx + 22}" y="12">committed</text>`);
  cx += 100;
  out.push(`<text x="${cx}" y="12">★ leader</text>`);
  out.push(`<text x="${cx + 70}" y="12">☆ leader of an older term (stale)</text>`);
  out.push('</g>');
  return out.join('\n');
}

function termsOf(frames: readonly Frame[]): number[] {
  const terms = new Set<number>();
  for (const f of frames) for (const s of f.view.servers) for (const e of s.entries) terms.add(e.term);
  return [...terms].sort((a, b) => a - b);
}

export interface SvgOptions {
  /** Panels per row of the grid; default 3. */
  readonly columns?: number;
}

/** The whole trace as one SVG document: a grid of step panels, read left to right. */
export function renderTraceSvg(picture: TracePicture, options: SvgOptions = {}): string {
  const frames = picture.frames;
  const maxLog = longestLog(frames);
  const servers = serverCount(frames);
  const { width: pw, height: ph } = panelSize(maxLog, servers);
  const columns = Math.max(1, Math.min(options.columns ?? 3, frames.length));
  const rows = Math.ceil(frames.length / columns);
  const head = 54;
  const width = PAD + columns * (pw + PAD);
  const height = head + rows * (ph + PAD) + PAD;
  const out: string[] = [
    `<svg xmlns="http://www.w3.org/2000/svg" width="${width}" height="${height}" viewBox="0 0 ${width} ${height}">`,
    `<title>${escapeXml(picture.title)}</title>`,
    `<rect width="100%" height="100%" fill="#f7f7f7"/>`,
    `<text x="${PAD}" y="24" ${FONT} font-size="15" font-weight="bold" fill="#111">${escapeXml(picture.title)}</text>`,
    legend(PAD, 32, termsOf(frames)),
  ];
  frames.forEach((f, i) => {
    const col = i % columns;
    const row = Math.floor(i / columns);
    out.push(panel(f, i + 1, PAD + col * (pw + PAD), head + row * (ph + PAD), maxLog, servers));
  });
  out.push('</svg>');
  return `${out.join('\n')}\n`;
}

/** One step alone as an SVG document, sized for the whole trace so that steps line up. */
export function renderStepSvg(picture: TracePicture, index: number): string {
  const frames = picture.frames;
  const maxLog = longestLog(frames);
  const servers = serverCount(frames);
  const { width, height } = panelSize(maxLog, servers);
  const frame = frames[index];
  if (frame === undefined) throw new RangeError(`no step ${index + 1} in a trace of ${frames.length}`);
  return [
    `<svg xmlns="http://www.w3.org/2000/svg" width="${width}" height="${height}" viewBox="0 0 ${width} ${height}">`,
    panel(frame, index + 1, 0, 0, maxLog, servers),
    '</svg>',
  ].join('\n');
}

/**
 * A self-contained HTML page: one step at a time, with previous/next buttons, the arrow
 * keys (← →, also j/k, Home/End) and a strip of all captions to jump to any step.
 */
export function renderTraceHtml(picture: TracePicture): string {
  const frames = picture.frames;
  const steps = frames.map(
    (_f, i) =>
      `<section class="step" id="step-${i + 1}" data-step="${i + 1}"${i === 0 ? '' : ' hidden'}>\n${renderStepSvg(picture, i)}\n</section>`,
  );
  const list = frames.map((f, i) => `<li><a href="#step-${i + 1}" data-go="${i}">${i + 1}. ${escapeXml(f.label)}</a></li>`);
  const legendSvg = `<svg xmlns="http://www.w3.org/2000/svg" width="640" height="20">${legend(0, 2, termsOf(frames))}</svg>`;
  return `<!doctype html>
<html lang="en">
<head>
<meta charset="utf-8">
<title>${escapeXml(picture.title)}</title>
<style>
  body { font-family: system-ui, sans-serif; margin: 1.5rem; color: #222; background: #f7f7f7; }
  h1 { font-size: 1.1rem; }
  .bar { display: flex; gap: .6rem; align-items: center; margin: .8rem 0; }
  button { font-size: 1rem; padding: .2rem .8rem; }
  #where { font-family: ui-monospace, monospace; }
  ol { font-family: ui-monospace, monospace; font-size: .85rem; padding-left: 1.4rem; }
  ol a { color: #333; text-decoration: none; }
  ol li.current a { font-weight: bold; color: #000; background: #fff6d6; }
  .hint { color: #777; font-size: .85rem; }
</style>
</head>
<body>
<h1>${escapeXml(picture.title)}</h1>
${legendSvg}
<div class="bar"><button id="prev" title="previous step (←)">← previous</button><span id="where"></span><button id="next" title="next step (→)">next →</button><span class="hint">keys: ← → (or k j), Home, End</span></div>
${steps.join('\n')}
<ol>
${list.join('\n')}
</ol>
<script>
(() => {
  const steps = [...document.querySelectorAll('section.step')];
  const items = [...document.querySelectorAll('ol li')];
  let at = 0;
  function show(i) {
    at = Math.max(0, Math.min(steps.length - 1, i));
    steps.forEach((s, k) => { s.hidden = k !== at; });
    items.forEach((li, k) => li.classList.toggle('current', k === at));
    document.getElementById('where').textContent = 'step ' + (at + 1) + ' of ' + steps.length;
    history.replaceState(null, '', '#step-' + (at + 1));
  }
  document.getElementById('prev').onclick = () => show(at - 1);
  document.getElementById('next').onclick = () => show(at + 1);
  document.addEventListener('keydown', (e) => {
    if (e.key === 'ArrowRight' || e.key === 'j' || e.key === ' ') { show(at + 1); e.preventDefault(); }
    else if (e.key === 'ArrowLeft' || e.key === 'k') { show(at - 1); e.preventDefault(); }
    else if (e.key === 'Home') show(0);
    else if (e.key === 'End') show(steps.length - 1);
  });
  items.forEach((li, k) => li.querySelector('a').onclick = (e) => { e.preventDefault(); show(k); });
  const m = /^#step-(\\d+)$/.exec(location.hash);
  show(m ? Number(m[1]) - 1 : 0);
})();
</script>
</body>
</html>
`;
}
