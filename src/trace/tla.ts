// TLC's trace forms: crank's `tla` output (TLC's printed error trace) and the readers for
// what TLC writes: the printed error trace and the trace module of `-simulate file=…`.
import type { TraceOrigin } from './output.ts';
import type { Spec, State } from '../spec.ts';
import { describeAt, positionAt, TraceSyntaxError } from '../tla/errors.ts';
import { TlaScanner } from '../tla/parse.ts';
import { stateLines } from '../tla/print.ts';
import { stateFromCrank, stringPolicyOf, type TlaValue } from '../tla/value.ts';
import { checkVariables, originFromJson, type TraceFile, type TraceFileState } from './read.ts';
import { INITIAL_LABEL, type Counterexample } from './trace.ts';

// ---- Output ------------------------------------------------------------------------

/** One state's `/\ var = value` lines, as TLC prints them (variables in declaration order). */
export function tlaStateLines<S extends State>(spec: Spec<S, unknown>, state: S): string[] {
  return stateLines(spec.variables, stateFromCrank(spec.variables, state, stringPolicyOf(spec)));
}

/**
 * A counterexample in the form of TLC's printed error trace: the violation, then for
 * each state `State N: <action>` and its `/\ var = value` lines, then a blank line.
 * `crank replay` reads it back.
 */
export function tlaTrace<S extends State>(spec: Spec<S, unknown>, cex: Counterexample<S>, origin?: TraceOrigin): string {
  const out: string[] = [];
  // A comment before the first state, which TLC's readers skip: the run it came from.
  if (origin !== undefined) out.push(`${RUN_COMMENT} ${JSON.stringify(origin)}`);
  if (cex.kind === 'liveness') {
    // As TLC prints it (TLC does not name the property).
    out.push('Error: Temporal properties were violated.');
    out.push('Error: The following behavior constitutes a counter-example:');
  } else {
    out.push(cex.kind === 'deadlock' ? 'Error: Deadlock reached.' : `Error: Invariant ${cex.property} is violated.`);
    out.push('Error: The behavior up to this point is:');
  }
  cex.steps.forEach((step, i) => {
    out.push(`State ${i + 1}: <${i === 0 ? INITIAL_LABEL : step.label}>`);
    out.push(...tlaStateLines(spec, step.state));
    out.push('');
  });
  // TLC's lasso ends: `State n+1: Stuttering`, or `Back to state k: <Action>`.
  if (cex.loop !== undefined) {
    out.push(cex.loop.label === undefined ? `State ${cex.steps.length + 1}: Stuttering` : `Back to state ${cex.loop.to + 1}: <${cex.loop.label}>`, '');
  }
  return out.join('\n') + '\n';
}

// ---- Reading -----------------------------------------------------------------------

interface Conjuncts {
  readonly values: Map<string, TlaValue>;
  readonly positions: Map<string, number>;
}

/**
 * Reads `/\ var = value` conjuncts up to the first line that does not start with `/\`.
 * Each value must end its line.
 */
function readConjuncts(s: TlaScanner, stateName: string): Conjuncts {
  const values = new Map<string, TlaValue>();
  const positions = new Map<string, number>();
  for (;;) {
    const save = s.pos;
    s.skipSpace();
    if (!s.startsWith('/\\')) {
      s.pos = save;
      return { values, positions };
    }
    s.pos += 2;
    s.skipBlanks();
    const at = s.pos;
    const name = s.identifier('a variable name');
    if (values.has(name)) throw s.error(`variable ${name} appears twice in ${stateName}`, at);
    s.expect('=', `after variable ${name}`);
    values.set(name, s.value());
    positions.set(name, at);
    s.skipBlanks();
    if (!s.atEnd() && s.peek() !== '\n' && s.peek() !== '\r') {
      throw s.error(`unexpected ${describeAt(s.text, s.pos)} after the value of ${name}`);
    }
  }
}

/** Start of the line after `pos` (or the end of the text). */
function nextLine(text: string, pos: number): number {
  const nl = text.indexOf('\n', pos);
  return nl === -1 ? text.length : nl + 1;
}

function lineAt(text: string, pos: number): string {
  const nl = text.indexOf('\n', pos);
  return text.slice(pos, nl === -1 ? text.length : nl).replace(/\r$/, '');
}

const STATE_HEADER = /^State (\d+): ?(.*)$/;
/** The comment line crank writes before the first state: the run the trace came from. */
const RUN_COMMENT = '\\* crank-run:';

function runComment(text: string): ReturnType<typeof originFromJson> {
  const line = text.split('\n', 20).find((l) => l.startsWith(RUN_COMMENT));
  if (line === undefined) return {};
  try {
    return originFromJson(JSON.parse(line.slice(RUN_COMMENT.length)));
  } catch {
    return {};
  }
}

/** TLC's printed error trace: anything, then `State 1: <…>` blocks, then anything. */
export function readTlcTrace(text: string): TraceFile {
  // The first line that opens a state.
  let pos = 0;
  while (pos < text.length && !STATE_HEADER.test(lineAt(text, pos))) pos = nextLine(text, pos);
  if (pos >= text.length) throw new TraceSyntaxError("no 'State 1:' line", 1, 1);
  const s = new TlaScanner(text, pos);
  const states: TraceFileState[] = [];
  let variables: string[] | undefined;
  for (;;) {
    const headerAt = s.pos;
    const header = STATE_HEADER.exec(lineAt(text, headerAt))!;
    const n = Number(header[1]);
    if (n !== states.length + 1) throw s.error(`expected State ${states.length + 1}, found State ${header[1]}`, headerAt + 6);
    let label = header[2]!.trim();
    if (label === 'Stuttering') {
      // TLC's lasso that stutters forever in the state before.
      if (states.length === 0) throw s.error('a trace cannot start by stuttering', headerAt);
      return { format: 'tlc-trace', variables: variables!, states, loop: { to: states.length - 1 } };
    }
    if (label.startsWith('<') && label.endsWith('>')) label = label.slice(1, -1);
    s.pos = nextLine(text, headerAt);
    const stateName = `State ${n}`;
    const { values, positions } = readConjuncts(s, stateName);
    checkVariables(text, stateName, variables, values, positions, endOfBlock(s));
    variables ??= [...values.keys()];
    const { line, col } = positionAt(text, headerAt);
    states.push({ label, values, line, col });
    // The next state, or the end of the trace (TLC's statistics follow it).
    s.skipSpace();
    const next = lineAt(text, s.pos);
    const back = /^Back to state (\d+):? ?(.*)$/.exec(next);
    if (back !== null) {
      const to = Number(back[1]);
      if (to < 1 || to > states.length) throw s.error(`'Back to state ${to}': the trace has states 1 to ${states.length}`);
      let loopLabel = back[2]!.trim();
      if (loopLabel.startsWith('<') && loopLabel.endsWith('>')) loopLabel = loopLabel.slice(1, -1);
      return { format: 'tlc-trace', variables: variables!, states, loop: { to: to - 1, label: loopLabel } };
    }
    if (next.startsWith('State ')) {
      if (!STATE_HEADER.test(next)) throw s.error(`malformed state header '${next.slice(0, 40)}'`);
      continue;
    }
    return { format: 'tlc-trace', variables: variables!, states, ...runComment(text) };
  }
}

/** Where a state's conjuncts stopped: the start of the next non-blank text. */
function endOfBlock(s: TlaScanner): number {
  const save = s.pos;
  s.skipSpace();
  const at = s.pos;
  s.pos = save;
  return at;
}

const MODULE_HEADER = /^-{4,}\s*MODULE\s+(\S+)\s*-{4,}\s*$/;

/**
 * A TLC trace module: `---- MODULE name ----`, then `STATE_k ==` definitions (each a
 * list of `/\ var = value` conjuncts, with TLC's `\* <Action …>` comment above it),
 * closed by `====`.
 */
export function readTlcModule(text: string): TraceFile {
  const s = new TlaScanner(text);
  s.skipSpace();
  const header = MODULE_HEADER.exec(lineAt(text, s.pos));
  if (header === null) throw s.error("expected a module header '---- MODULE name ----'");
  s.pos = nextLine(text, s.pos);
  const states: TraceFileState[] = [];
  let variables: string[] | undefined;
  let label: string | undefined;
  for (;;) {
    s.skipSpace();
    if (s.atEnd()) throw s.error("the module does not end with '===='");
    if (s.startsWith('====')) break;
    if (s.startsWith('\\*')) {
      const comment = lineAt(text, s.pos).slice(2).trim();
      if (comment.startsWith('<') && comment.endsWith('>')) label = comment.slice(1, -1);
      s.pos = nextLine(text, s.pos);
      continue;
    }
    if (s.startsWith('(*')) {
      const end = text.indexOf('*)', s.pos + 2);
      if (end === -1) throw s.error('unterminated comment');
      s.pos = end + 2;
      continue;
    }
    const at = s.pos;
    const name = s.identifier("a definition 'STATE_k =='");
    if (name === 'EXTENDS') {
      s.pos = nextLine(text, s.pos);
      continue;
    }
    const m = /^STATE_(\d+)$/.exec(name);
    if (m === null) throw s.error(`unexpected ${name}: a trace module holds only STATE_k definitions`, at);
    if (Number(m[1]) !== states.length + 1) throw s.error(`expected STATE_${states.length + 1}, found ${name}`, at);
    s.expect('==', `after ${name}`);
    const { values, positions } = readConjuncts(s, name);
    checkVariables(text, name, variables, values, positions, endOfBlock(s));
    variables ??= [...values.keys()];
    const { line, col } = positionAt(text, at);
    states.push({ label, values, line, col });
    label = undefined;
  }
  if (states.length === 0) throw s.error('the module defines no STATE_1');
  return { format: 'tlc-module', variables: variables!, states };
}
