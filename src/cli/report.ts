// What a running check tells its user on stderr (progress) and stdout (summary).
import type { CheckResult, Progress } from '../../checker/check.ts';
import type { Io, Painter } from './io.ts';
import { violationTitle } from '../trace/trace.ts';

const fmt = new Intl.NumberFormat('en-US');

export function count(n: number): string {
  return fmt.format(Math.round(n));
}

export function seconds(ms: number): string {
  return ms < 10_000 ? `${(ms / 1000).toFixed(2)} s` : `${(ms / 1000).toFixed(1)} s`;
}

export function progressLine(p: Progress): string {
  return `${seconds(p.elapsedMs)}: ${count(p.generated)} generated, ${count(p.distinct)} distinct, ${count(p.queue)} queued, depth ${p.depth}, ${count(p.rate)} states/s`;
}

/**
 * Progress reporter: a live line redrawn in place on a terminal, one line every few
 * seconds otherwise (CI logs).
 */
export function progressReporter(io: Io): { report: (p: Progress) => void; intervalMs: number; done: () => void } {
  const live = io.errIsTTY;
  let drawn = false;
  return {
    intervalMs: live ? 500 : 5000,
    report: (p) => {
      if (live) {
        io.err(`\r\x1b[2K${progressLine(p)}`);
        drawn = true;
      } else io.err(`${progressLine(p)}\n`);
    },
    done: () => {
      if (drawn) io.err('\r\x1b[2K');
    },
  };
}

function figures(result: CheckResult): string {
  return `${count(result.generated)} states generated, ${count(result.distinct)} distinct states found, depth ${result.depth}.`;
}

export function summary(result: CheckResult, painter: Painter): string {
  const verdict =
    result.verdict === 'ok'
      ? painter.paint('No violation found.', 'bold', 'green')
      : result.verdict === 'deadlock'
        ? painter.paint('Deadlock found.', 'bold', 'red')
        : painter.paint(`${result.violation ? violationTitle(result.violation) : 'A property is violated'}.`, 'bold', 'red');
  const rate = (result.generated * 1000) / Math.max(1, result.durationMs);
  const props = result.properties ?? [];
  const live = props.length === 0 ? [] : [`Temporal properties ${result.verdict === 'ok' ? 'hold' : 'checked'}: ${props.join(', ')} (${count(result.stats['livenessStates'] ?? 0)} states, ${count(result.stats['livenessEdges'] ?? 0)} edges in the behavior graph).`];
  return [
    verdict,
    ...live,
    figures(result),
    `Finished in ${seconds(result.durationMs)} (${count(rate)} states/s).`,
    `Fingerprint collision probability (TLC's estimate): ${result.collisionProbability.toExponential(1)}`,
  ].join('\n');
}

/** A run that did not finish: why, and how far it got. It found no violation so far. */
export function stoppedReport(result: CheckResult, painter: Painter): string {
  const interrupted = result.stoppedEarly?.startsWith('interrupted') === true;
  return [
    painter.paint(interrupted ? `${result.stoppedEarly!.charAt(0).toUpperCase()}${result.stoppedEarly!.slice(1)}.` : `Stopped before the search finished: ${result.stoppedEarly}.`, 'bold', 'yellow'),
    `So far: ${figures(result)} No violation found up to that point; the state space was not exhausted.`,
    `Ran for ${seconds(result.durationMs)}.`,
  ].join('\n');
}

export function statsReport(result: CheckResult): string {
  const lines = [`Engine statistics (${result.workers} worker${result.workers === 1 ? '' : 's'}):`];
  for (const [k, v] of Object.entries(result.stats)) lines.push(`  ${k}: ${count(v)}`);
  const perm = result.stats['permutationsTried'];
  const canon = result.stats['statesCanonicalized'];
  if (perm !== undefined && canon) lines.push(`  permutations per canonicalized state: ${(perm / canon).toFixed(2)}`);
  return lines.join('\n');
}
