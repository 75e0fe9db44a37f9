// How a mistake in a user's model is reported: one line naming it (exit 2), the stack
// frames of the model's own code under it, and, when the model failed on a reachable
// state, the trace that leads there.
import { fileURLToPath } from 'node:url';
import { sameValue } from '../values/equal.ts';
import { check } from '../../checker/check.ts';
import { ModelFault } from '../../checker/model-guard.ts';
import type { Spec, State } from '../spec.ts';
import { textTrace } from '../trace/text.ts';
import { EXIT_USAGE } from './errors.ts';
import type { Io } from './io.ts';

const crankRoot = fileURLToPath(new URL('../../', import.meta.url));
const ownDirs = ['checker/', 'src/', 'node_modules/'].map((d) => crankRoot + d);

/** Frames of the model's code: not crank's, not Node's. */
function modelFrames(err: unknown): string[] {
  if (!(err instanceof Error) || err.stack === undefined) return [];
  return err.stack
    .split('\n')
    .filter((l) => /^\s+at /.test(l))
    .filter((l) => !l.includes('node:') && !ownDirs.some((d) => l.includes(d) || l.includes(`file://${d}`)))
    .slice(0, 5)
    .map((l) => l.trim());
}

/** The shortest trace to `target` (BFS on one thread, stopping when it is reached). */
export async function traceTo(spec: Spec<State, unknown>, target: State): Promise<string | undefined> {
  const same = (s: State): boolean => spec.variables.every((v) => sameValue(s[v], target[v]));
  const probe = Object.create(spec) as Spec<State, unknown>;
  Object.assign(probe, { invariants: { ReachesTheFailingState: (s: State) => !same(s) }, defaultInvariants: undefined, constraint: spec.constraint });
  try {
    const r = await check(probe, { workers: 1 });
    if (r.violation === undefined) return undefined;
    return textTrace(spec, r.violation).replace(/^Invariant ReachesTheFailingState is violated; the behavior up to this point/, 'The model failed on the last state of this behavior');
  } catch {
    return undefined;
  }
}

export function reportModelFault(fault: ModelFault, _words: readonly string[], io: Io): number {
  if (fault.trace !== undefined) io.out(fault.trace + '\n');
  io.err(`crank: model error: ${fault.message}\n`);
  for (const frame of modelFrames(fault.modelError)) io.err(`    ${frame}\n`);
  return EXIT_USAGE;
}
