// Pictures of counterexamples, chosen by the output file's extension: `.svg` draws every
// step in one grid, `.html` is a self-contained page with one step at a time and
// next/previous keys. Only models with a `logView` hook (src/render/logview.ts) can be
// drawn; `canDraw` lets the command line refuse early, with a clear message.
import type { Spec, State } from '../spec.ts';
import type { Counterexample } from '../trace/trace.ts';
import { logViewOf } from './logview.ts';
import { pictureOf, renderTraceHtml, renderTraceSvg } from './svg.ts';

export type PictureFormat = 'svg' | 'html';

/** The picture format a file name asks for, or undefined for any other file. */
export function pictureFormatOf(path: string): PictureFormat | undefined {
  const lower = path.toLowerCase();
  if (lower.endsWith('.svg')) return 'svg';
  if (lower.endsWith('.html') || lower.endsWith('.htm')) return 'html';
  return undefined;
}

export function canDraw(spec: Spec<State, unknown>): boolean {
  return logViewOf(spec) !== undefined;
}

/** Draws a counterexample; throws if the model gives no `logView` hook. */
export function renderPicture<S extends State>(spec: Spec<S, unknown>, cex: Counterexample<S>, format: PictureFormat, title?: string): string {
  const picture = pictureOf(spec, cex, title);
  if (picture === undefined) throw new Error(`this model has no log picture (a logView hook): write the trace as ${format === 'svg' ? '.txt' : '.json'} instead`);
  return format === 'svg' ? renderTraceSvg(picture) : renderTraceHtml(picture);
}

export { logViewOf, type LogView, type ServerView, type LogEntryView } from './logview.ts';
export { pictureOf, renderStepSvg, renderTraceHtml, renderTraceSvg, termColour, type Frame, type TracePicture } from './svg.ts';
