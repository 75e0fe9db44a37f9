// The human form of a counterexample: numbered states, each with the event that led to
// it; by default only the variables that changed (marked `*`), with `full` all of them.
import { is } from 'immutable';
import type { Spec, State } from '../spec.ts';
import { printValue } from '../values/print.ts';
import { loopLine, violationTitle, type Counterexample } from './trace.ts';

export function textTrace<S extends State>(spec: Spec<S, unknown>, cex: Counterexample<S>, full = false): string {
  const lines: string[] = [];
  const what = violationTitle(cex);
  if (cex.loop === undefined) lines.push(`${what}; the behavior up to this point (${cex.steps.length} states):`);
  else lines.push(`${what}; a behavior that goes on forever (${cex.steps.length} state${cex.steps.length === 1 ? '' : 's'}, then a loop):`);
  let before: S | undefined;
  cex.steps.forEach((step, i) => {
    lines.push('', `State ${i + 1}: ${step.label}`);
    for (const v of spec.variables) {
      const changed = before !== undefined && !is(before[v], step.state[v]);
      if (!full && before !== undefined && !changed) continue;
      lines.push(`  ${changed ? '*' : ' '} ${v} = ${printValue(step.state[v])}`);
    }
    if (spec.renderState !== undefined) for (const l of spec.renderState(step.state)) lines.push(`    ${l}`);
    before = step.state;
  });
  if (cex.loop !== undefined) lines.push('', loopLine(cex.loop, cex.steps.length));
  return lines.join('\n') + '\n';
}
