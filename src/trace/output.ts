// Where a counterexample goes: formatted as the user asked, printed or written to a
// file atomically (a temporary file renamed into place, so no half-written file is
// ever left behind).
import { renameSync, rmSync, writeFileSync } from 'node:fs';
import { basename, dirname, join } from 'node:path';
import type { Spec, State, StateLike } from '../spec.ts';
import { pictureFormatOf, renderPicture } from '../render/index.ts';
import { itfTrace } from './itf.ts';
import { jsonTrace } from './json.ts';
import { tlaTrace } from './tla.ts';
import { textTrace } from './text.ts';
import type { Counterexample } from './trace.ts';

export const TRACE_FORMATS = ['text', 'tla', 'itf', 'json'] as const;
export type TraceFormat = (typeof TRACE_FORMATS)[number];

/** Which run a trace came from, recorded in the file so that `crank replay` rebuilds the same model. */
export interface TraceOrigin {
  readonly model: string;
  readonly params?: Readonly<Record<string, number>>;
  readonly variant?: string;
}

/** What to emphasise in a text trace (the command line colours it). */
export type Highlight = (text: string, what: 'changed' | 'property' | 'heading') => string;

export interface TraceOutputOptions {
  readonly full?: boolean;
  readonly origin?: TraceOrigin;
  /** Text traces only: marks changed variables, the violated property, step headings. */
  readonly highlight?: Highlight;
}

/** A counterexample in `format` (the state type may be an `interface`, as in defineModel). */
export function formatTrace<S extends StateLike>(model: Spec<S, unknown>, trace: Counterexample<S>, format: TraceFormat, opts: TraceOutputOptions = {}): string {
  // The printers read a state's variables by name (State): see check().
  const spec = model as unknown as Spec<State, unknown>;
  const cex = trace as unknown as Counterexample<State>;
  switch (format) {
    case 'text':
      return textTrace(spec, cex, opts.full, opts.highlight);
    case 'tla':
      return tlaTrace(spec, cex, opts.origin);
    case 'itf':
      return itfTrace(spec, cex, opts.origin);
    case 'json':
      return jsonTrace(spec, cex, opts.origin);
  }
}

/**
 * What `--out FILE` writes: a picture when FILE ends in .svg or .html (src/render; the
 * model needs a `logView` hook), otherwise the trace in `format`.
 */
export function formatTraceForFile<S extends StateLike>(path: string, model: Spec<S, unknown>, trace: Counterexample<S>, format: TraceFormat, opts: TraceOutputOptions = {}): string {
  const picture = pictureFormatOf(path);
  if (picture === undefined) return formatTrace(model, trace, format, opts);
  return renderPicture(model as unknown as Spec<State, unknown>, trace as unknown as Counterexample<State>, picture);
}

/** Writes `text` to `path` atomically. */
export function writeFileAtomic(path: string, text: string): void {
  const tmp = join(dirname(path), `.${basename(path)}.${process.pid}.tmp`);
  try {
    writeFileSync(tmp, text);
    renameSync(tmp, path);
  } catch (err) {
    rmSync(tmp, { force: true });
    throw err;
  }
}
