// A history drawn the way linearizability checkers draw one (Knossos, Porcupine): one
// row per process, each operation a bar from its invocation to its completion along the
// real-time axis, a pending operation a dashed bar that runs off to the right. The
// operations of the explanation (the smallest failing sub-history) are drawn in red, and
// the explanation's lines are printed under the picture.
import { escapeXml } from '../render/svg.ts';
import { describeOp, type Operation } from './history.ts';

export interface TimelineOptions {
  readonly title: string;
  /** The events' count: the axis runs over event indexes 0..events-1. */
  readonly events: number;
  /** The operations to draw in red (by id). */
  readonly highlight?: ReadonlySet<number>;
  /** Lines printed under the picture (e.g. the explanation). */
  readonly notes?: readonly string[];
  /** How the axis labels event i (default: its number from 1)... */
  readonly tick?: (event: number) => string;
  /** ...and what the labels are, written at the axis's left end (default `event`). */
  readonly axis?: string;
}

const STEP = 104; // width of one event on the axis: a bar from one event to the next holds its label
const ROW = 34;
const LEFT = 54; // the process names
const PAD = 14;
const TOP = 40; // the title
const FONT = 'font-family="ui-monospace, SFMono-Regular, Menlo, Consolas, monospace"';

export function renderHistorySvg(ops: readonly Operation[], options: TimelineOptions): string {
  const processes = [...new Set(ops.map((op) => op.process))].sort((a, b) => a.localeCompare(b, 'en', { numeric: true }));
  const events = Math.max(1, options.events);
  const x = (event: number): number => LEFT + PAD + (event + 0.5) * STEP;
  const axisEnd = x(events - 1) + STEP / 2;
  const notes = options.notes ?? [];
  const widest = Math.max(options.title.length, ...notes.map((n) => n.length));
  const width = Math.max(axisEnd + PAD + 20, PAD * 2 + widest * 7.3);
  const rowsBottom = TOP + processes.length * ROW;
  const axisY = rowsBottom + 14;
  const height = axisY + 24 + notes.length * 16 + PAD;
  const out: string[] = [];
  out.push(`<svg xmlns="http://www.w3.org/2000/svg" width="${Math.ceil(width)}" height="${height}" viewBox="0 0 ${Math.ceil(width)} ${height}">`);
  out.push(`<rect width="100%" height="100%" fill="#ffffff"/>`);
  out.push(`<text x="${PAD}" y="${PAD + 12}" ${FONT} font-size="13" font-weight="bold" fill="#222">${escapeXml(options.title)}</text>`);
  processes.forEach((p, r) => {
    const y = TOP + r * ROW;
    out.push(`<text x="${PAD}" y="${y + ROW / 2 + 4}" ${FONT} font-size="12" fill="#222">${escapeXml(p)}</text>`);
    out.push(`<line x1="${LEFT + PAD}" y1="${y + ROW / 2}" x2="${axisEnd}" y2="${y + ROW / 2}" stroke="#eeeeee"/>`);
  });
  for (const op of ops) {
    const r = processes.indexOf(op.process);
    const y = TOP + r * ROW + 5;
    const x0 = x(op.call);
    const pending = op.ret === Infinity;
    const x1 = pending ? axisEnd + 14 : x(op.ret);
    const culprit = options.highlight?.has(op.id) === true;
    const cls = `op${culprit ? ' culprit' : ''}${pending ? ' pending' : ''}`;
    const stroke = culprit ? '#c0392b' : '#5b6b7b';
    const fill = culprit ? '#fbe3e0' : '#e8eef4';
    const dash = pending ? ' stroke-dasharray="5,3"' : '';
    out.push(`<g class="${cls}">`);
    out.push(`<rect x="${x0}" y="${y}" width="${Math.max(8, x1 - x0)}" height="${ROW - 10}" rx="4" fill="${fill}" stroke="${stroke}" stroke-width="${culprit ? 2 : 1}"${dash}/>`);
    const label = describeOp(op).slice(op.process.length + 1);
    out.push(`<text x="${x0 + 6}" y="${y + (ROW - 10) / 2 + 4}" ${FONT} font-size="11" fill="${culprit ? '#8e2a1f' : '#222'}">${escapeXml(label)}</text>`);
    out.push('</g>');
  }
  out.push(`<line x1="${LEFT + PAD}" y1="${axisY}" x2="${axisEnd}" y2="${axisY}" stroke="#999"/>`);
  const tick = options.tick ?? ((i: number) => String(i + 1));
  out.push(`<text x="${PAD}" y="${axisY + 15}" ${FONT} font-size="10" fill="#888">${escapeXml(options.axis ?? 'event')}</text>`);
  for (let i = 0; i < events; i++) {
    out.push(`<line x1="${x(i)}" y1="${axisY - 3}" x2="${x(i)}" y2="${axisY + 3}" stroke="#999"/>`);
    out.push(`<text x="${x(i)}" y="${axisY + 15}" ${FONT} font-size="10" fill="#888" text-anchor="middle">${escapeXml(tick(i))}</text>`);
  }
  notes.forEach((line, i) => {
    out.push(`<text x="${PAD}" y="${axisY + 36 + i * 16}" ${FONT} font-size="11" fill="#333" xml:space="preserve">${escapeXml(line)}</text>`);
  });
  out.push('</svg>');
  return out.join('\n') + '\n';
}
