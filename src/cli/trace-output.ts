// Where `check` and `simulate` put a counterexample: stdout, or `--out FILE` written
// atomically, as a picture when FILE ends in .svg or .html.
import type { Spec, State } from '../spec.ts';
import { canDraw, pictureFormatOf } from '../render/index.ts';
import { formatTrace, formatTraceForFile, writeFileAtomic, type TraceFormat, type TraceOrigin } from '../trace/output.ts';
import type { Counterexample } from '../trace/trace.ts';
import { UsageError } from './errors.ts';
import { requireWritableTarget } from './files.ts';
import type { Io, Painter } from './io.ts';
import type { Highlight } from '../trace/output.ts';
import type { ParsedOptions } from './options.ts';

export interface TraceTarget {
  readonly out?: string;
  readonly format: TraceFormat;
  readonly full: boolean;
  readonly origin: TraceOrigin;
}

export function traceTarget(options: ParsedOptions, origin: TraceOrigin): TraceTarget {
  return { out: options.string('out'), format: (options.string('trace-format') ?? 'text') as TraceFormat, full: options.flag('full') ?? false, origin };
}

/** Refuses, before any work, an --out the run could not write. */
export function checkTraceTarget(spec: Spec<State, unknown>, target: TraceTarget): void {
  if (target.out === undefined) return;
  requireWritableTarget(target.out);
  if (pictureFormatOf(target.out) !== undefined && !canDraw(spec)) {
    throw new UsageError(`cannot draw ${target.out}: this model has no log picture (use a .txt, .tla or .json file)`);
  }
}

/** Prints the trace (when no --out and not `quiet`), or writes it to --out. */
export function emitTrace<S extends State>(spec: Spec<S, unknown>, cex: Counterexample<S>, target: TraceTarget, io: Io, painter: Painter, quiet: boolean): void {
  const highlight: Highlight = (text, what) => painter.paint(text, ...(what === 'changed' ? (['yellow'] as const) : what === 'property' ? (['bold', 'red'] as const) : (['bold'] as const)));
  const opts = { full: target.full, origin: target.origin, highlight: target.out === undefined && painter.on ? highlight : undefined };
  if (target.out === undefined) {
    if (!quiet) io.out(formatTrace(spec, cex, target.format, opts) + '\n');
    return;
  }
  writeFileAtomic(target.out, formatTraceForFile(target.out, spec, cex, target.format, opts));
  if (!quiet) io.out(`Counterexample written to ${target.out}\n`);
}
