// Running one "check from here" for the server: in a worker thread when the Spec can be
// rebuilt there (a SpecSource), so that progress streams while the search runs and a
// cancelled request stops it; otherwise on the server's own thread (a library caller
// with an ad-hoc Spec), where the answer comes at the end.
import { Worker } from 'node:worker_threads';
import type { SpecSource } from '../../checker/spec-source.ts';
import type { Spec, State } from '../spec.ts';
import { checkFrom, type CheckEvent, type CheckFromRequest } from './check-from.ts';
import type { CheckWorkerData } from './check-worker.ts';

export interface CheckJob {
  /** Resolves after the last event (done or error). */
  readonly finished: Promise<void>;
  /** Stops the search; no event follows. */
  cancel(): Promise<void>;
}

export function startCheck(spec: Spec<State, unknown>, source: SpecSource | undefined, request: CheckFromRequest, onEvent: (e: CheckEvent) => void): CheckJob {
  if (source === undefined) {
    let cancelled = false;
    const send = (e: CheckEvent): void => {
      if (!cancelled) onEvent(e);
    };
    const finished = checkFrom(spec, request, send).then(send, (err: unknown) => send({ type: 'error', message: err instanceof Error ? err.message : String(err) }));
    return {
      finished,
      cancel: async () => {
        cancelled = true;
      },
    };
  }
  const data: CheckWorkerData = { source, request };
  const worker = new Worker(new URL('./check-worker-entry.mjs', import.meta.url), { workerData: data });
  let ended = false;
  let settle: () => void = () => {};
  const finished = new Promise<void>((resolve) => {
    settle = resolve;
  });
  const end = (e: CheckEvent | undefined): void => {
    if (ended) return;
    if (e !== undefined) onEvent(e);
    if (e === undefined || e.type !== 'progress') {
      ended = true;
      void worker.terminate().finally(settle);
    }
  };
  worker.on('message', (e: CheckEvent) => end(e));
  worker.on('error', (err) => end({ type: 'error', message: err.message }));
  worker.on('exit', (code) => end({ type: 'error', message: `the check stopped unexpectedly (worker exit ${code})` }));
  return {
    finished,
    cancel: async () => {
      ended = true;
      await worker.terminate();
      settle();
    },
  };
}
