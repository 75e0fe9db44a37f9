// The benchmark's rows: raft's presets (plain and with symmetry, on 1 and 2 workers), the
// two-phase commit, and the example models, each with TLC's pinned figures and the
// `crank check` command line that checks the same thing as the TLC run beside it.
import { availableParallelism } from 'node:os';
import { raft } from '../../spec/raft/model.ts';
import { exactDepth, tlcReference } from '../reference/reference.ts';
import { twoPhaseConfig } from './two-phase-reference.ts';
import { exampleBenchRows, type ExampleBenchRow } from './examples.ts';

export interface Counts {
  readonly distinct: number;
  readonly generated: number;
  readonly depth: number;
}

export interface Row {
  readonly label: string;
  readonly model: 'raft' | 'two-phase' | 'example';
  /** For example models: the crank and TLC runs (test/bench/examples.ts). */
  readonly example?: ExampleBenchRow;
  /** The model's parameters (the TLC config is written from them). */
  readonly params: Readonly<Record<string, number>>;
  readonly workers: number;
  readonly symmetry: boolean;
  /** The invariants TLC checks, when not all of the model's. */
  readonly invariants?: string;
  /**
   * What follows `crank check <model>`, except --json: parameters, workers, symmetry,
   * invariants. The model is the shipped model's name, or the two-phase model's file
   * (see crank-under-test.ts).
   */
  readonly crankArgs: readonly string[];
  /** TLC's pinned figures (and the depth an exact BFS gives). */
  readonly pinned: Counts;
}

export function benchRows(quick: boolean): Row[] {
  const rows: Row[] = [];
  const raftPresets = quick ? ['s2-v1-t2-l1-d1-m2'] : ['s2-v1-t2-l1-d1-m2', 's2-v1-t3-l1-d1-m2', 's3-v1-t2-l1-d1-m1'];
  const workerCounts = [...new Set([1, Math.min(2, availableParallelism())])];
  for (const preset of raftPresets) {
    for (const symmetry of [false, true]) {
      const ref = tlcReference.configs.find((c) => c.name === (symmetry ? `${preset}-sym` : preset));
      if (ref === undefined) continue;
      for (const workers of workerCounts) {
        rows.push({
          label: `raft ${preset}${symmetry ? ' sym' : ''}`,
          model: 'raft',
          params: { ...raft.presets![preset]! },
          workers,
          symmetry,
          // What TLC's reference runs checked.
          invariants: 'ElectionSafety',
          crankArgs: ['--preset', preset, '--workers', String(workers), ...(symmetry ? ['--symmetry'] : []), '--inv', 'ElectionSafety'],
          pinned: { distinct: ref.distinct, generated: ref.generated, depth: exactDepth(ref) },
        });
      }
    }
  }
  for (const name of quick ? ['rm6'] : ['rm6', 'rm7']) {
    const ref = twoPhaseConfig(name);
    rows.push({
      label: `two-phase ${name}`,
      model: 'two-phase',
      params: { rm: ref.rm },
      workers: 1,
      symmetry: false,
      crankArgs: ['--rm', String(ref.rm), '--workers', '1'],
      pinned: ref,
    });
  }
  // The example models written with the public API, with their own TLA+ transcriptions.
  for (const ex of exampleBenchRows(quick)) {
    rows.push({
      label: ex.label,
      model: 'example',
      params: { ...ex.params },
      workers: 1,
      symmetry: ex.symmetry,
      example: ex,
      crankArgs: [...ex.crankArgs, '--workers', '1'],
      pinned: ex.tlc,
    });
  }
  return rows;
}
