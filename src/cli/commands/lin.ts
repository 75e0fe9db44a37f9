// `crank lin FILE`: is a recorded history of client operations linearizable?
//
// The file holds JSON lines, one event each, as Jepsen and Maelstrom record them (see
// FORMAT below and docs/reads.md). The check is src/lin's: Wing and Gong's search with
// Lowe's memoisation, per key. Exit codes: 0 linearizable; 1 not (with the smallest
// failing sub-history); 2 the file is missing, not a regular file, too big, or malformed
// (one line, `FILE:LINE:COL: problem`); 3 the search ran out of its memo budget.
// `--out FILE.svg` also draws the history as a timeline of intervals (src/lin/timeline.ts).
import type { Command } from '../command.ts';
import { checkOperations, explanationLines, HistoryError, keyValue, operationsOf, SearchBudgetError, type Operation } from '../../lin/index.ts';
import { HistorySyntaxError, readHistory } from '../../lin/read.ts';
import { renderHistorySvg } from '../../lin/timeline.ts';
import { EXIT_INTERNAL, EXIT_OK, EXIT_USAGE, EXIT_VIOLATION, UsageError } from '../errors.ts';
import { readInputFile, requireWritableTarget } from '../files.ts';
import { writeFileAtomic } from '../../trace/output.ts';

/** The largest history file `crank lin` reads. */
export const MAX_HISTORY_BYTES = 64 * 1024 * 1024;
/** Memo entries one key's search may make before crank gives up (exit 3). */
const MAX_CACHE = 5_000_000;

const FORMAT = `FILE holds one event per line, as JSON (Jepsen's and Maelstrom's shape):
  {"process": "c1", "type": "invoke", "f": "write", "key": "x", "value": 1}
  {"process": "c1", "type": "ok",     "f": "write", "key": "x", "value": 1}
  process  the client: a string or a number, one operation at a time
  type     invoke, then ok (it took effect), fail (it did not) or info (unknown:
           it may take effect at any time after its invoke, or never)
  f        read, write, cas, append or add
  key      a string or number (absent: one register); keys are checked independently
  value    on invoke: what write writes, cas's [expected, new], what append appends,
           what add adds; on ok: what a read returned
Other fields are ignored (a numeric "time" on every event labels --out's time axis);
blank lines are skipped. Files of at most 64 MiB.`;

export interface LinOutput {
  readonly out: (line: string) => void;
  readonly err: (line: string) => void;
}

export interface LinOptions {
  /** Draw the history as a timeline of intervals into this .svg file. */
  readonly out?: string;
}

/** Runs `crank lin` on a file, writing lines to `io`; returns the exit code. */
export function runLin(file: string, io: LinOutput, options: LinOptions = {}): number {
  const out = options.out;
  if (out !== undefined) {
    if (!out.toLowerCase().endsWith('.svg')) throw new UsageError(`--out ${out}: crank lin draws the history as SVG: name a .svg file`);
    requireWritableTarget(out);
  }
  const text = readInputFile(file, {
    maxBytes: MAX_HISTORY_BYTES,
    tooBig: (size) => `${file} is ${(size / 1048576).toFixed(1)} MiB: crank lin reads histories of at most ${MAX_HISTORY_BYTES / 1048576} MiB`,
  });
  let ops: Operation[];
  let lines: readonly number[];
  let times: readonly number[] | undefined;
  try {
    const history = readHistory(text);
    lines = history.lines;
    times = history.times;
    ops = operationsOf(history.events);
  } catch (err) {
    if (err instanceof HistorySyntaxError) {
      io.err(err.format(file));
      return EXIT_USAGE;
    }
    if (err instanceof HistoryError) {
      io.err(`${file}:${lines![err.event]}:1: ${err.message}`);
      return EXIT_USAGE;
    }
    throw err;
  }
  let result;
  try {
    result = checkOperations(ops, keyValue, { maxCache: MAX_CACHE });
  } catch (err) {
    if (err instanceof SearchBudgetError) {
      io.err(`crank: ${file}: gave up: ${err.message} for one key`);
      return EXIT_INTERNAL;
    }
    throw err;
  }
  const pending = ops.filter((op) => op.ret === Infinity).length;
  const what = `${result.operations} operation${result.operations === 1 ? '' : 's'}${pending > 0 ? ` (${pending} pending)` : ''} on ${result.objects} key${result.objects === 1 ? '' : 's'}`;
  const lineOf = (op: Operation): string => {
    const call = lines[op.call]!;
    return op.ret === Infinity ? `line ${call}` : `lines ${call}–${lines[op.ret]!}`;
  };
  const verdict = result.linearizable ? `${file}: linearizable: ${what}.` : `${file}: not linearizable: ${what}.`;
  const explanation = result.explanation ? explanationLines(result.explanation, lineOf) : [];
  io.out(verdict);
  for (const l of explanation) io.out(l);
  if (out !== undefined) {
    const svg = renderHistorySvg(ops, {
      title: verdict,
      events: lines.length,
      highlight: new Set(result.explanation?.ops.map((op) => op.id) ?? []),
      notes: explanation,
      axis: times ? 'time' : 'line',
      tick: (i) => String(times ? times[i] : lines[i]),
    });
    writeFileAtomic(out, svg);
    io.out(`History drawn to ${out}`);
  }
  return result.linearizable ? EXIT_OK : EXIT_VIOLATION;
}

export const linCommand: Command = {
  name: 'lin',
  describe: 'check that a history of client operations (JSON lines, as Jepsen and Maelstrom record them) is linearizable',
  positionals: [{ name: 'file', describe: 'the history file' }],
  takesModel: false,
  options: [{ name: 'out', kind: 'string', describe: "also draw the history as a timeline of intervals (an .svg file; the explanation's operations in red)" }],
  epilog: `${FORMAT}\n\nExit status: 0 linearizable, 1 not (with the smallest failing sub-history), 2 bad input.`,
  async run({ positionals, options }, io) {
    const out = options.string('out');
    return runLin(positionals['file']!, { out: (line) => io.out(line + '\n'), err: (line) => io.err(line + '\n') }, out === undefined ? {} : { out });
  },
};
