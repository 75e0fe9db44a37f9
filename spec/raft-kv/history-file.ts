// The history of a raft-kv trace as a file `crank lin` reads: the last state's history
// variable, one event per line in the Jepsen/Maelstrom shape, each with the number of the
// trace state in which it happened as its `time` (which `crank lin --out` draws the time
// axis with) and, on a completion, the server that answered (`node`, as Maelstrom names
// it; `crank lin` ignores it).
import type { RaftKvState } from './types.ts';

export function historyJsonLines(states: readonly RaftKvState[]): string {
  const last = states[states.length - 1];
  if (last === undefined) return '';
  const lines: string[] = [];
  last.history.forEach((e, i) => {
    const state = states.findIndex((s) => s.history.size > i) + 1;
    const event: Record<string, unknown> = { process: e.process, type: e.type, f: e.f, key: e.key, value: e.value };
    if (e.server !== '') event['node'] = e.server;
    event['time'] = state;
    lines.push(JSON.stringify(event));
  });
  return lines.map((l) => `${l}\n`).join('');
}
