// Where `check` and `simulate` put a counterexample: stdout, or `--out FILE` written
// atomically, as a picture when FILE ends in .svg or .html.
import type { Spec, State } from '../spec.ts';
import { canDraw, pictureFormatOf } from '../render/index.ts';
import { formatTrace, formatTraceForFile, writeFileAtomic, type TraceFormat } from '../trace/output.ts';
import type { Counterexample } from '../trace/trace.ts';
import { UsageError } from './errors.ts';
import { requireWritableTarget } from './files.ts';

export interface TraceTarget {
  readonly out?: string;
  readonly 'trace-format': TraceFormat;
  readonly full?: boolean;
}

/** Refuses, before any work, an --out the run could not write. */
export function checkTraceTarget(spec: Spec<State, unknown>, target: TraceTarget): void {
  if (target.out === undefined) return;
  requireWritableTarget(target.out);
  if (pictureFormatOf(target.out) !== undefined && !canDraw(spec)) {
    throw new UsageError(`cannot draw ${target.out}: this model has no log picture (use a .txt, .tla or .json file)`);
  }
}

/** Prints the trace (when no --out), or writes it to --out; returns a line to tell the user. */
export function emitTrace<S extends State>(spec: Spec<S, unknown>, cex: Counterexample<S>, target: TraceTarget, quiet: boolean): void {
  const opts = { full: target.full };
  if (target.out === undefined) {
    if (!quiet) process.stdout.write(formatTrace(spec, cex, target['trace-format'], opts) + '\n');
    return;
  }
  writeFileAtomic(target.out, formatTraceForFile(target.out, spec, cex, target['trace-format'], opts));
  if (!quiet) process.stdout.write(`Counterexample written to ${target.out}\n`);
}
