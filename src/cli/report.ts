// What a running check tells its user on stderr (progress) and stdout (summary).
import type { CheckResult, Progress } from '../../checker/check.ts';
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
export function progressReporter(stream: NodeJS.WriteStream): { report: (p: Progress) => void; intervalMs: number; done: () => void } {
  const live = stream.isTTY === true;
  let drawn = false;
  return {
    intervalMs: live ? 500 : 5000,
    report: (p) => {
      if (live) {
        stream.write(`\r\x1b[2K${progressLine(p)}`);
        drawn = true;
      } else stream.write(`${progressLine(p)}\n`);
    },
    done: () => {
      if (drawn) stream.write('\r\x1b[2K');
    },
  };
}

export function summary(result: CheckResult): string {
  const verdict =
    result.verdict === 'ok'
      ? 'No violation found.'
      : result.verdict === 'deadlock'
        ? 'Deadlock found.'
        : `${result.violation ? violationTitle(result.violation) : 'A property is violated'}.`;
  const rate = (result.generated * 1000) / Math.max(1, result.durationMs);
  const props = result.properties ?? [];
  const live = props.length === 0 ? [] : [`Temporal properties ${result.verdict === 'ok' ? 'hold' : 'checked'}: ${props.join(', ')} (${count(result.stats['livenessStates'] ?? 0)} states, ${count(result.stats['livenessEdges'] ?? 0)} edges in the behavior graph).`];
  return [
    verdict,
    ...live,
    `${count(result.generated)} states generated, ${count(result.distinct)} distinct states found, depth ${result.depth}.`,
    `Finished in ${seconds(result.durationMs)} (${count(rate)} states/s).`,
    `Fingerprint collision probability (TLC's estimate): ${result.collisionProbability.toExponential(1)}`,
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
