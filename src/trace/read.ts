// Reading a trace file in any of the forms crank knows, detected from its content:
// TLC's printed error trace (`State N: <…>` then `/\ var = value` lines), a TLC trace
// module (`---- MODULE … ----` with `STATE_k == …` definitions, as `-simulate file=`
// writes), ITF (JSON with `vars` and `states`), and crank's own JSON trace.
//
// Whatever the form, the result is the same: the states as TLA+ values (src/tla/value.ts),
// each with the label the file gives it. Malformed input raises a TraceSyntaxError that
// names the line and column.
import { TraceSyntaxError } from '../tla/errors.ts';
import type { TlaValue } from '../tla/value.ts';
import { readItf } from './itf.ts';
import { readCrankJson } from './json.ts';
import { readTlcModule, readTlcTrace } from './tla.ts';
import { parseJson, type JsonNode } from '../tla/json.ts';

export type TraceFileFormat = 'tlc-trace' | 'tlc-module' | 'itf' | 'crank-json';

export const FORMAT_NAMES: Readonly<Record<TraceFileFormat, string>> = {
  'tlc-trace': "TLC's error trace",
  'tlc-module': 'TLC trace module',
  itf: 'ITF',
  'crank-json': "crank's JSON trace",
};

export interface TraceFileState {
  /** The action label the file gives this state (TLC's `Next line …`, crank's event), if any. */
  readonly label?: string;
  /** Variable -> value, in the file's order. */
  readonly values: ReadonlyMap<string, TlaValue>;
  /** Where the state starts in the file (from 1). */
  readonly line: number;
  readonly col: number;
  /** The crank values, when the file holds them losslessly (crank's JSON). */
  readonly crank?: Readonly<Record<string, unknown>>;
}

export interface TraceFile {
  readonly format: TraceFileFormat;
  /** The variables of the first state, in the file's order (every state has the same ones). */
  readonly variables: readonly string[];
  readonly states: readonly TraceFileState[];
  /**
   * A lasso's loop (liveness counterexample): the last state goes back to state `to`
   * (0-based) under the action `label`; no label: it stutters forever.
   */
  readonly loop?: { readonly to: number; readonly label?: string };
  /** What the file says about where it came from (crank's JSON and ITF written by crank). */
  readonly model?: string;
  readonly params?: Readonly<Record<string, number>>;
  readonly variant?: string;
}

/**
 * The run a trace file says it came from, as crank writes it into every format (JSON
 * fields, ITF `#meta`, a `\* crank-run:` comment line before TLA+'s first state).
 */
export function originFromJson(value: unknown): { model?: string; params?: Record<string, number>; variant?: string } {
  if (typeof value !== 'object' || value === null) return {};
  const v = value as Record<string, unknown>;
  const params: Record<string, number> = {};
  if (typeof v['params'] === 'object' && v['params'] !== null) {
    for (const [k, n] of Object.entries(v['params'] as Record<string, unknown>)) if (Number.isSafeInteger(n)) params[k] = n as number;
  }
  return {
    model: typeof v['model'] === 'string' ? v['model'] : undefined,
    params: Object.keys(params).length > 0 ? params : undefined,
    variant: typeof v['variant'] === 'string' ? v['variant'] : undefined,
  };
}

/** Detects the format of `text` and reads it. Throws TraceSyntaxError on malformed input. */
export function readTrace(text: string): TraceFile {
  // A byte order mark is no part of the content.
  const body = text.charCodeAt(0) === 0xfeff ? ' ' + text.slice(1) : text;
  const first = /\S/.exec(body);
  if (first === null) throw new TraceSyntaxError('empty trace file', 1, 1);
  if (body[first.index] === '{' || body[first.index] === '[') {
    const json = parseJson(body);
    return isItf(json) ? readItf(body, json) : readCrankJson(body, json);
  }
  if (/^-{4,}\s*MODULE\b/.test(body.slice(first.index, first.index + 200))) return readTlcModule(body);
  if (/^State \d+:/m.test(body)) return readTlcTrace(body);
  throw TraceSyntaxError.at(body, first.index, "not a trace: expected TLC's error trace ('State 1: …'), a TLC trace module ('---- MODULE …'), ITF or crank's JSON");
}

function isItf(json: JsonNode): boolean {
  return json.kind === 'object' && (json.entries.has('#meta') || (json.entries.has('vars') && json.entries.has('states')));
}

/**
 * Checks that a state has exactly the variables of the first state; `missingAt` is
 * where a missing variable should have been, `positions` where each one was.
 */
export function checkVariables(
  text: string,
  stateName: string,
  expected: readonly string[] | undefined,
  values: ReadonlyMap<string, unknown>,
  positions: ReadonlyMap<string, number>,
  missingAt: number,
): void {
  if (values.size === 0) throw TraceSyntaxError.at(text, missingAt, `${stateName} has no variables`);
  if (expected === undefined) return;
  for (const name of values.keys()) {
    if (!expected.includes(name)) throw TraceSyntaxError.at(text, positions.get(name) ?? missingAt, `${stateName} has variable ${name}, which the first state does not have`);
  }
  for (const name of expected) {
    if (!values.has(name)) throw TraceSyntaxError.at(text, missingAt, `${stateName} lacks variable ${name}`);
  }
}
