// The bookkeeping every search strategy shares: TLC's counters, the seen set, the
// state store, the invariants being checked, and what to do with each successor.
//
// Counting follows TLC exactly (DESIGN.md, "Semantics"): every successor the model
// returns is generated; one that fails the constraint is checked against the
// invariants and then dropped; one that passes is fingerprinted and, if new, becomes
// a distinct state and is checked.
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
  readonly event: unknown;
}

/** Admission outcomes, beside a non-negative number for a new distinct state. */
export const SEEN = -1;
export const OUT_OF_MODEL = -2;
export const VIOLATION = -3;

export class Exploration<S extends State, E> {
  generated = 0;
  depth = 0;
  found: Found<S> | undefined;
  table: FingerprintTable;
  readonly store = new StateStore();
  private readonly fp = new Int32Array(2);
  private readonly invariants: readonly { name: string; holds: (s: S) => boolean }[];
  private readonly constraint: ((s: S) => boolean) | undefined;
  private readonly nextNumber = (): number => this.store.size;

  constructor(
    readonly spec: Spec<S, E>,
    readonly fingerprint: Fingerprinter<S>,
    invariantNames: readonly string[],
    initialCapacity = 1 << 16,
  ) {
    this.invariants = invariantNames.map((name) => ({ name, holds: spec.invariants[name]!.holds }));
    this.constraint = spec.constraint;
    this.table = new FingerprintTable(initialCapacity);
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
  admit(state: S, parent: number, event: unknown, depth: number): number {
    this.generated++;
    if (this.constraint !== undefined && !this.constraint(state)) {
      const broken = this.brokenInvariant(state);
      if (broken !== undefined) {
        this.found = { kind: 'invariant', property: broken, state, number: -1, parent, event };
        return VIOLATION;
      }
      return OUT_OF_MODEL;
    }
    const fp = this.fp;
    this.fingerprint(state, fp);
    const n = this.table.insert(fp[0]!, fp[1]!, this.nextNumber);
    if (n < 0) return SEEN;
    this.store.add(fp[0]!, fp[1]!, parent, depth);
    if (depth > this.depth) this.depth = depth;
    this.maybeGrow();
    const broken = this.brokenInvariant(state);
    if (broken !== undefined) {
      this.found = { kind: 'invariant', property: broken, state, number: n, parent, event };
      return VIOLATION;
    }
    return n;
  }

  /** The stored number of a state already admitted (DFS uses it to compare depths). */
  numberOf(state: S): number {
    const fp = this.fp;
    this.fingerprint(state, fp);
    return this.table.find(fp[0]!, fp[1]!);
  }

  reportDeadlock(state: S, number: number): void {
    this.found = { kind: 'deadlock', property: 'Deadlock', state, number, parent: this.store.parent(number), event: undefined };
  }

  /** TLC's estimate of the probability that a fingerprint collision hid a state. */
  collisionProbability(): number {
    const d = this.distinct;
    return (d * Math.max(0, this.generated - d)) / 2 ** 64;
  }

  private maybeGrow(): void {
    // Keep the load under 3/4 so probe chains stay short.
    if (this.store.size * 4 > this.table.capacity * 3) this.table = this.table.grown(this.table.capacity * 2);
  }
}
