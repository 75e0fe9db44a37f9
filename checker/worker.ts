// A BFS worker thread: expands the chunks the coordinator sends, admitting successors
// into the shared fingerprint table and state store, and returns the new states.
import { parentPort, workerData } from 'node:worker_threads';
import type { State } from '../src/spec.ts';
import { StateCodec } from '../src/values/state-codec.ts';
import { ValueStore } from '../src/values/value-store.ts';
import { ByteWriter } from '../src/values/codec.ts';
import { ChunkWriter } from './chunks.ts';
import { expandChunk, type ExpandControl } from './expand.ts';
import { Exploration } from './exploration.ts';
import { FingerprintTable } from './fingerprint-table.ts';
import { makeFingerprinter } from './fingerprinter.ts';
import { loadSpec } from './spec-source.ts';
import { StateStore } from './state-store.ts';
import { SymmetryError } from './errors.ts';
import { symmetryProbe } from './symmetry-guard.ts';
import { guardedSpec, ModelFault } from './model-guard.ts';
import type { FoundMessage, FromWorker, ToWorker, WorkerSetup } from './worker-protocol.ts';
import { LevelOrder } from './level-order.ts';

const setup = workerData as WorkerSetup;
const port = parentPort!;
const post = (m: FromWorker, transfer: ArrayBuffer[] = []): void => port.postMessage(m, transfer);

try {
  const spec = guardedSpec(await loadSpec(setup.source), { everyState: setup.checkModel });
  const codec = new StateCodec<State>(spec.variables, ValueStore.attach(setup.values));
  const { fingerprint, reducer } = makeFingerprinter(spec, codec, setup.symmetry);
  // The shared table and store arrive with the first 'resize', when the coordinator
  // hands over; until then the worker has only loaded the model.
  let x: Exploration<State, unknown> | undefined;
  const probe = setup.symmetry ? symmetryProbe(spec, setup.invariants) : undefined;
  const stop = new Int32Array(setup.control);
  const control: ExpandControl = {
    checkDeadlock: setup.checkDeadlock,
    // Every worker may add a state's worth of successors at once.
    roomNeeded: () => x!.headroom() * setup.workers,
    shouldStop: () => Atomics.load(stop, 0) !== 0,
  };
  const out = new ChunkWriter(codec);
  port.on('message', (m: ToWorker) => {
    try {
      if (m.type === 'exit') {
        port.close();
        return;
      }
      if (m.type === 'resize') {
        const table = new FingerprintTable(m.table.capacity, true, new Int32Array(m.table.words));
        const store = new StateStore(m.store);
        if (x === undefined) {
          x = new Exploration(spec, fingerprint, setup.invariants, table, store);
          x.probe = probe;
        } else {
          x.table = table;
          x.store = store;
        }
        return;
      }
      if (x === undefined) throw new Error('chunk before the shared buffers');
      const before = x.generated;
      const order = new LevelOrder<State>(m.nextFirst, m.keyed, stop);
      const status = expandChunk(x, codec, m.chunk.bytes, m.start, m.depth, out, control, order);
      const chunks = out.drain();
      const found = order.found.map(({ found: f, parentRank, ordinal }): FoundMessage => {
        const w = new ByteWriter(256);
        codec.encode(f.state, w);
        return { kind: f.kind, property: f.property, number: f.number, parent: f.parent, state: w.take(), parentRank, ordinal };
      });
      post(
        {
          type: 'result',
          status: status.kind,
          chunk: status.kind === 'paused' ? m.chunk : undefined,
          resumeAt: status.kind === 'paused' ? status.resumeAt : undefined,
          out: chunks,
          generated: x.generated - before,
          maxBranching: x.maxBranching,
          found,
          stats: reducer?.stats(),
        },
        chunks.map((c) => c.bytes.buffer as ArrayBuffer),
      );
    } catch (err) {
      if (err instanceof SymmetryError) post({ type: 'error', message: err.message, symmetry: true });
      else if (err instanceof ModelFault) post({ type: 'error', message: err.message, modelFault: true });
      else post({ type: 'error', message: err instanceof Error ? (err.stack ?? err.message) : String(err) });
    }
  });
  post({ type: 'ready' });
} catch (err) {
  post({ type: 'error', message: err instanceof Error ? (err.stack ?? err.message) : String(err) });
}
