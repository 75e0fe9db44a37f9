// A worker thread that runs one "check from here", so that the server keeps answering
// (and streaming progress) while the search runs, and can stop it by terminating the thread.
import { parentPort, workerData } from 'node:worker_threads';
import { loadSpec, type SpecSource } from '../../checker/spec-source.ts';
import { checkFrom, type CheckEvent, type CheckFromRequest } from './check-from.ts';

export interface CheckWorkerData {
  readonly source: SpecSource;
  readonly request: CheckFromRequest;
}

const { source, request } = workerData as CheckWorkerData;
const post = (e: CheckEvent): void => parentPort!.postMessage(e);
try {
  const spec = await loadSpec(source);
  post(await checkFrom(spec, request, post));
} catch (err) {
  post({ type: 'error', message: err instanceof Error ? err.message : String(err) });
}
