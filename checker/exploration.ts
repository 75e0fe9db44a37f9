// The bookkeeping every search strategy shares: TLC's counters, the seen set, the
// state store, the invariants being checked, and what to do with each successor.
// One Exploration lives in each thread; the table and the store are shared.
//
// Counting follows TLC exactly (docs/design.md, "Semantics"): every successor the model
// returns is generated; one that fails the constraint is checked against the
// invariants and then dropped; one that passes is fingerprinted and, if new, becomes
// a distinct state and is checked.
import { invariantTable } from '../src/spec-defaults.ts';
import type { Spec, State } from '../src/spec.ts';
import { FingerprintTable } from './fingerprint-table.ts';
import { StateStore } from './state-store.ts';

export type Fingerprinter<S extends State> = (state: S, out: Int32Array) => void;

export interface Found<S extends State> {
  readonly kind: 'invariant' | 'deadlock';
  readonly property: string;
  /** The state breaking the property. */
  readonly state: S;
  /** Its number in the store, or -1 when it was never admitted (outside the constraint). */
  readonly number: number;
  /** The stored state it was generated from (-1 for an initial state). */
  readonly parent: number;
}

/** Admission outcomes, beside a non-negative number for a new distinct state. */
export const SEEN = -1;
export const OUT_OF_MODEL = -2;
export const VIOLATION = -3;

/** The load factor the seen set is kept under, so that probe chains stay short. */
const MAX_LOAD = 0.75;

export class Exploration<S extends State, E> {
  generated = 0;
  /** Deepest depth at which this thread admitted a state. */
  depth = 0;
  /** Most successors one state has had: the headroom a thread needs before expanding. */
  maxBranching = 0;
  found: Found<S> | undefined;
  /** After `admit` returned SEEN: the number of the state it had seen (DFS compares depths). */
  seenNumber = -1;
  /**
   * Under symmetry: called on each new distinct state with its depth, and on any state
   * about to be reported as breaking an invariant (`breaks`); throws SymmetryError if it
   * finds the model not symmetric (symmetry-guard.ts).
   */
  probe: ((state: S, depth: number, breaks: boolean) => void) | undefined;
  private readonly fp = new Int32Array(2);
  private readonly invariants: readonly { name: string; holds: (s: S) => boolean }[];
  private readonly constraint: ((s: S) => boolean) | undefined;
  private readonly claim = (): number => this.store.claim();

  constructor(
    readonly spec: Spec<S, E>,
    readonly fingerprint: Fingerprinter<S>,
    invariantNames: readonly string[],
    public table: FingerprintTable,
    public store: StateStore,
  ) {
    const declared = invariantTable(spec);
    this.invariants = invariantNames.map((name) => ({ name, holds: declared.get(name)!.holds }));
    this.constraint = spec.constraint;
  }

  static standalone<S extends State, E>(spec: Spec<S, E>, fingerprint: Fingerprinter<S>, invariants: readonly string[], expectedStates = 1 << 15): Exploration<S, E> {
    // Slack, so that a good estimate does not end in a doubling near the end of the run.
    const states = Math.max(64, Math.ceil(expectedStates * 1.05) + 4096);
    return new Exploration(spec, fingerprint, invariants, new FingerprintTable(Math.ceil(states / MAX_LOAD), true), StateStore.create(states));
  }

  get distinct(): number {
    return this.store.size;
  }

  /** The first selected invariant `state` breaks, if any. */
  brokenInvariant(state: S): string | undefined {
    for (const inv of this.invariants) if (!inv.holds(state)) return inv.name;
    return undefined;
  }

  /**
   * Takes one generated state (an initial state when `parent` is -1). Returns its new
   * state number, or SEEN, OUT_OF_MODEL or VIOLATION (then `found` is set).
   */
  admit(state: S, parent: number, depth: number): number {
    this.generated++;
    if (this.constraint !== undefined && !this.constraint(state)) {
      const broken = this.brokenInvariant(state);
      if (broken !== undefined) {
        this.probe?.(state, depth, true);
        this.found = { kind: 'invariant', property: broken, state, number: -1, parent };
        return VIOLATION;
      }
      return OUT_OF_MODEL;
    }
    const fp = this.fp;
    this.fingerprint(state, fp);
    const n = this.table.insert(fp[0]!, fp[1]!, this.claim);
    if (n < 0) {
      // The table answers -(number + 1) for a fingerprint it already holds.
      this.seenNumber = -n - 1;
      return SEEN;
    }
    this.store.set(n, fp[0]!, fp[1]!, parent, depth);
    if (depth > this.depth) this.depth = depth;
    const broken = this.brokenInvariant(state);
    this.probe?.(state, depth, broken !== undefined);
    if (broken !== undefined) {
      this.found = { kind: 'invariant', property: broken, state, number: n, parent };
      return VIOLATION;
    }
    return n;
  }

  reportDeadlock(state: S, number: number): void {
    this.found = { kind: 'deadlock', property: 'Deadlock', state, number, parent: this.store.parent(number) };
  }

  /** Whether `extra` more states fit in the table and the store without growing them. */
  hasRoomFor(extra: number): boolean {
    const wanted = this.store.size + extra;
    return wanted <= this.store.capacity && wanted <= this.table.capacity * MAX_LOAD;
  }

  /** Grows the table and store so that `extra` more states fit (no other thread may be running). */
  grow(extra: number): void {
    const wanted = this.store.size + extra;
    let tableCap = this.table.capacity;
    while (wanted > tableCap * MAX_LOAD) tableCap *= 2;
    if (tableCap !== this.table.capacity) this.table = this.table.grown(tableCap, true);
    let storeCap = this.store.capacity;
    while (wanted > storeCap) storeCap *= 2;
    if (storeCap !== this.store.capacity) this.store = this.store.grown(storeCap);
  }

  /** Room to leave before expanding a state. */
  headroom(): number {
    return this.maxBranching + 64;
  }

  /** TLC's estimate of the probability that a fingerprint collision hid a state. */
  collisionProbability(generated = this.generated): number {
    const d = this.distinct;
    return (d * Math.max(0, generated - d)) / 2 ** 64;
  }
}
