// Loading a trace file into the explorer: any form `crank replay` reads, replayed against
// the explorer's own Spec (its parameters are fixed when the explorer starts, so nothing
// is inferred here), and turned into a path of successor indices.
import type { Spec, State } from '../spec.ts';
import { TraceSyntaxError } from '../tla/errors.ts';
import { FORMAT_NAMES, readTrace } from '../trace/read.ts';
import { checkTraceVariables, formatRejection, replay } from '../trace/replay.ts';
import { BadRequest } from './errors.ts';
import { pathOf } from './session.ts';

export interface LoadedTrace {
  /** The file's name, as the user gave it. */
  readonly name: string;
  /** E.g. `crank's JSON trace`. */
  readonly format: string;
  /** How many states the file has. */
  readonly states: number;
  /** The accepted states as a path (all of them, or those before the rejected one). */
  readonly path: readonly number[];
  /** Why the trace is not a behavior of the model (the step and its nearest successor), if it is not. */
  readonly rejection?: { readonly index: number; readonly summary: string; readonly details: readonly string[] };
}

/**
 * Reads and replays a trace. A file that is not a trace, or whose variables are not the
 * model's, is a BadRequest naming the place (`file:line:col: message`); a trace whose
 * step the model cannot take loads up to that step, with the rejection.
 */
export function loadTrace(spec: Spec<State, unknown>, modelName: string, name: string, text: string): LoadedTrace {
  let trace;
  try {
    trace = readTrace(text);
    checkTraceVariables(spec, trace, modelName);
  } catch (err) {
    if (err instanceof TraceSyntaxError) throw new BadRequest(err.format(name));
    throw err;
  }
  const result = replay(spec, trace);
  const path = pathOf(spec, result.accepted);
  const base = { name, format: FORMAT_NAMES[trace.format], states: trace.states.length, path };
  const r = result.rejection;
  if (r === undefined) return base;
  const summary =
    r.before === undefined
      ? `${name}: state 1 (line ${r.line}) is not an initial state of ${modelName}`
      : `${name}: state ${r.index} (line ${r.line}) is not a successor of state ${r.before.index} under any action of ${modelName}`;
  return { ...base, rejection: { index: r.index, summary, details: formatRejection(r, modelName) } };
}
