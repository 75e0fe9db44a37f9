// How raft-kv states print under each step of a trace (and draw, via logView): the logs,
// the clients, the history, and once the history is not linearizable, why not and the
// lesson behind it. All cold: only called when a trace is printed.
import type { LogView } from '../../src/render/logview.ts';
import { describeOp, explanationLines, operationsOf } from '../../src/lin/index.ts';
import { applyLog } from './machine.ts';
import { historyEvents, isLinearizable, linearizability } from './linearizable.ts';
import { SCRIPTS, serverName, type EntryRecord, type RaftKvState } from './types.ts';

function majority(n: number): number {
  return Math.floor(n / 2) + 1;
}

function entryText(e: EntryRecord): string {
  if (e.client === '') return `${e.term} noop`;
  return `${e.term} ${e.client} ${e.f === 'add' ? `${e.key}+${e.value}` : `${e.key}=${e.value}`}`;
}

export function logView(s: RaftKvState): LogView {
  return {
    servers: s.log.toArray().map((log, i) => ({
      name: serverName(i),
      term: s.currentTerm.get(i)!,
      leader: s.role.get(i) === 'Leader',
      commitIndex: s.commitIndex.get(i)!,
      entries: log.toArray().map((e, k) => ({ term: e.term, committed: k < s.commitIndex.get(i)! })),
    })),
  };
}

export function renderState(s: RaftKvState, dedup: boolean): string[] {
  const lines: string[] = [];
  s.log.forEach((log, i) => {
    const ci = s.commitIndex.get(i)!;
    const cells = log.toArray().map((e, k) => `[${entryText(e)}]${k < ci ? '*' : ''}`);
    const head = `${serverName(i)} ${s.role.get(i) === 'Leader' ? 'leader  ' : 'follower'} t${s.currentTerm.get(i)} ${s.voted.get(i) ? 'voted' : '     '}`;
    lines.push(`${head} │ ${cells.join(' ')}`.trimEnd());
  });
  const ops = operationsOf(historyEvents(s.history));
  const clients = s.clients.toArray().map((c, i) => {
    const name = `c${i + 1}`;
    if (c.waiting) {
      const op = SCRIPTS[i]![c.done]!;
      return `${name} waits for ${op.f}(${op.key}) at ${serverName(c.server)}${c.sends > 1 ? ` (sent ${c.sends} times)` : ''}`;
    }
    return `${name} ${c.done} done`;
  });
  lines.push(`clients: ${clients.join('; ')}`);
  if (ops.length > 0) lines.push(`history: ${ops.map(describeOp).join('; ')}`);
  if (!isLinearizable(s.history)) {
    const r = linearizability(s.history);
    lines.push('NOT LINEARIZABLE.', ...explanationLines(r.explanation!));
    lines.push(...lessons(s, dedup).map((l) => `lesson: ${l}`));
  }
  return lines;
}

/** What in this state made the history non-linearizable, in the course's words. */
function lessons(s: RaftKvState, dedup: boolean): string[] {
  const out: string[] = [];
  const n = s.log.size;
  const last = s.history.last();
  if (last !== undefined && last.type === 'ok' && last.f === 'read') {
    const server = Number(last.server.slice(1)) - 1;
    const term = s.currentTerm.get(server)!;
    const newer = s.currentTerm.toArray().map((t, j) => ({ t, j })).filter(({ t }) => t > term);
    if (newer.length >= majority(n)) {
      out.push(
        `${last.server} answered ${last.process}'s read(${last.key}) from its own state machine (${last.key} = ${last.value}), ` +
          `but it had been deposed: ${newer.map(({ j }) => serverName(j)).join(' ')}, a majority, are in a later term than its term ${term}, ` +
          `and the newer leader had committed the write. A quorum round before answering would have failed.`,
      );
    }
    const log = s.log.get(server)!;
    const ci = s.commitIndex.get(server)!;
    const own = log.toArray().slice(0, ci).some((e) => e.term === term);
    if (!own && s.role.get(server) === 'Leader') {
      out.push(
        `${last.server}, leader of term ${term}, answered ${last.process}'s read(${last.key}) (${last.key} = ${last.value}) before committing an entry of its term: ` +
          `its commit index is ${ci}, so its state machine lacks entries that the previous leader committed and acknowledged. ` +
          `Committing a no-op at the start of its term would have moved its commit index past them.`,
      );
    }
  }
  if (!dedup) {
    s.log.forEach((log, i) => {
      const applied = applyLog(log, s.commitIndex.get(i)!, false).applied;
      const seen = new Map<string, number[]>();
      for (const k of applied) {
        const e = log.get(k - 1)!;
        const id = `${e.client}#${e.seq}`;
        seen.set(id, [...(seen.get(id) ?? []), k]);
      }
      for (const [id, at] of seen) {
        if (at.length < 2) continue;
        const e = log.get(at[0]! - 1)!;
        out.push(
          `${serverName(i)}'s state machine applied ${e.client}'s ${e.f}(${e.key}, ${e.value}) (serial number ${id.split('#')[1]}) ${at.length} times, ` +
            `at log indexes ${at.join(' and ')}: the client retried it after a timeout and both copies were committed. ` +
            `Skipping a request whose serial number it has already applied would have applied it once.`,
        );
      }
    });
  }
  return out;
}
