// The human form of a counterexample: numbered states, each with the event that led to
// it; by default only the variables that changed (marked `*`), with `full` all of them.
import { sameValue } from '../values/equal.ts';
import type { Spec, State } from '../spec.ts';
import { stringPolicyOf } from '../tla/value.ts';
import { printValue } from '../values/print.ts';
import { loopLine, violationTitle, type Counterexample } from './trace.ts';
import type { Highlight } from './output.ts';

export function textTrace<S extends State>(spec: Spec<S, unknown>, cex: Counterexample<S>, full = false, highlight?: Highlight): string {
  const mark = highlight ?? ((text: string) => text);
  const lines: string[] = [];
  const policy = stringPolicyOf(spec);
  const title = violationTitle(cex);
  const what = highlight === undefined ? title : title.replace(cex.property, mark(cex.property, 'property'));
  if (cex.loop === undefined) lines.push(`${what}; the behavior up to this point (${cex.steps.length} states):`);
  else lines.push(`${what}; a behavior that goes on forever (${cex.steps.length} state${cex.steps.length === 1 ? '' : 's'}, then a loop):`);
  let before: S | undefined;
  cex.steps.forEach((step, i) => {
    lines.push('', mark(`State ${i + 1}: ${step.label}`, 'heading'));
    for (const v of spec.variables) {
      const changed = before !== undefined && !sameValue(before[v], step.state[v]);
      if (!full && before !== undefined && !changed) continue;
      const line = `  ${changed ? '*' : ' '} ${v} = ${printValue(step.state[v], policy)}`;
      lines.push(changed ? mark(line, 'changed') : line);
    }
    if (spec.renderState !== undefined) for (const l of spec.renderState(step.state)) lines.push(`    ${l}`);
    before = step.state;
  });
  if (cex.loop !== undefined) lines.push('', loopLine(cex.loop, cex.steps.length));
  return lines.join('\n') + '\n';
}
