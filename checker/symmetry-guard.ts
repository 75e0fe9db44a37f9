// A soundness guard for symmetry reduction. Merging the states of an orbit is right
// only when renaming members is a symmetry of the model: `permute` is a bijection on
// states, the initial states are closed under it, the successors of a renamed state
// are the renamed successors, and every checked invariant and the constraint give the
// same answer on every state of an orbit. A property that names a particular server
// breaks the last; a hand-written `permute` that forgets to rename inside one value
// (a message set) breaks the successors. We cannot prove symmetry, but we can refute
// it cheaply, by checking states under transpositions of two members of a group.
//
// Two parts, so that the guard costs in proportion to the search and sees all of it:
// - before the search (checkSymmetryIsSound), the initial states are checked to be
//   closed under renaming, and a short breadth-first sample of the unreduced model
//   (PRE_PASS_STATES) is checked under every transposition, so that a blatantly wrong
//   `permute` is reported before anything else, by the most telling check;
// - during the search (symmetryProbe, in the main thread and in every worker), the
//   same checks run on the distinct states each thread admits, under one transposition
//   in turn: on every state while few have been seen, then on a sample that thins out
//   as the search grows (ThinningSample), so that the guard's share of the work falls
//   and a mistake that shows only deep in the state space is still met.
import { sameValue } from '../src/values/equal.ts';
import { invariantTable, labelOf } from '../src/spec-defaults.ts';
import type { Spec, State, Symmetry, SymmetryGroup } from '../src/spec.ts';
import { StateHasher } from '../src/values/state-hasher.ts';
import { SymmetryError } from './errors.ts';
import { SymmetryReducer } from './symmetry.ts';

type Perms = readonly (readonly number[])[];

/** States of the unreduced model the pre-pass checks, breadth-first. */
const PRE_PASS_STATES = 32;
/**
 * In the pre-pass, successors are compared (the costly check: the renamed state is
 * expanded too) on one sampled state in PRE_PASS_SUCCESSOR_STRIDE, each with the next
 * transposition in turn; the cheap checks run on every sampled state and transposition.
 */
const PRE_PASS_SUCCESSOR_STRIDE = 4;
/**
 * During the search each thread checks (bijection, membersByName, properties) all of
 * its first PROBE_DENSE admitted states, then a sample whose stride doubles whenever the
 * count doubles, up to one state in PROBE_MAX_STRIDE.
 */
const PROBE_DENSE = 16;
const PROBE_MAX_STRIDE = 128;
/** The successors of a probed state are compared on a sparser sample of the same kind. */
const SUCCESSORS_DENSE = 4;
const SUCCESSORS_MAX_STRIDE = 1024;

/**
 * Which of a stream of states to take: all of the first `dense`, then one in 2 up to
 * 2·dense, one in 4 up to 4·dense, and so on (dense/2 more states per doubling), until
 * the stride reaches `maxStride`, where it stays. With powers of two, a sample with a
 * smaller dense part and a larger maxStride takes a subset of the states this one takes.
 */
export class ThinningSample {
  private seen = 0;
  private stride = 1;
  private doublesAt: number;

  constructor(dense: number, private readonly maxStride: number) {
    this.doublesAt = dense;
  }

  /** Whether to take the next state. */
  take(): boolean {
    const n = ++this.seen;
    if (n > this.doublesAt) {
      this.doublesAt *= 2;
      if (this.stride < this.maxStride) this.stride *= 2;
    }
    return n % this.stride === 0;
  }
}

function checkedProperties<S extends State, E>(spec: Spec<S, E>, invariantNames: readonly string[]): [string, (s: S) => boolean][] {
  const properties: [string, (s: S) => boolean][] = invariantNames.map((n) => [`invariant ${n}`, invariantTable(spec).get(n)!.holds]);
  if (spec.constraint !== undefined) properties.push(['the state constraint', spec.constraint]);
  return properties;
}

/** A swap of two members of one group (every other member and group left alone). */
interface Transposition {
  readonly perms: Perms;
  /** How error messages name it: `swapping r1 and r2 (group Server)`. */
  readonly text: string;
}

function transpositions(sym: { readonly groups: readonly SymmetryGroup[] }): Transposition[] {
  const swaps: Transposition[] = [];
  sym.groups.forEach((group, g) => {
    for (let a = 0; a < group.members.length; a++) {
      for (let b = a + 1; b < group.members.length; b++) {
        const perms = sym.groups.map((other, h) => {
          const p = other.members.map((_, i) => i);
          if (h === g) [p[a], p[b]] = [b, a];
          return p;
        });
        swaps.push({ perms, text: `swapping ${group.members[a]} and ${group.members[b]} (group ${group.name})` });
      }
    }
  });
  return swaps;
}

/** The first variable on which `a` and `b` differ (by value), or undefined when they are equal. */
function firstDifference(variables: readonly string[], a: State, b: State): string | undefined {
  return variables.find((v) => !sameValue(a[v], b[v]));
}

/** The states' fingerprints as strings, for comparing sets of states. */
class StateKeys<S extends State> {
  private readonly fp = new Int32Array(2);
  constructor(private readonly codec: StateHasher<S>) {}

  of(state: S): string {
    this.codec.fingerprint(state, this.fp);
    return `${this.fp[0]}:${this.fp[1]}`;
  }
}

/** A state's successors, each with the event that yields it, and their keys. */
interface Successors<S extends State, E> {
  readonly states: S[];
  readonly events: E[];
  readonly keys: string[];
  readonly keySet: Set<string>;
}

function eventText<S extends State, E>(spec: Spec<S, E>, event: E, state: S): string {
  try {
    return labelOf(spec, event, state);
  } catch {
    return String(event);
  }
}

/**
 * The checks themselves, on one state and its image under one transposition; each
 * failure is a SymmetryError naming the transposition and, where there is one, the
 * variable, the property or the event, and the depth (TLC's: initial states are 1).
 */
class SymmetryChecks<S extends State, E> {
  readonly swaps: readonly Transposition[];
  private readonly sym: Symmetry<S>;
  private readonly keys: StateKeys<S>;
  private readonly properties: [string, (s: S) => boolean][];
  /** Set when members occur only as names: the engine renames by substitution, so we check that and use it. */
  private readonly reducer: SymmetryReducer<S> | undefined;
  private readonly fp = new Int32Array(2);

  constructor(
    private readonly spec: Spec<S, E>,
    invariantNames: readonly string[],
    private readonly codec = new StateHasher<S>(spec.variables),
  ) {
    this.sym = spec.symmetry!;
    this.swaps = transpositions(this.sym);
    this.keys = new StateKeys(codec);
    this.properties = checkedProperties(spec, invariantNames);
    this.reducer = this.sym.membersByName === true ? new SymmetryReducer(this.sym, codec) : undefined;
  }

  private fail(swap: Transposition, what: string): SymmetryError {
    return new SymmetryError(`--symmetry is unsound for this model: ${swap.text}: ${what}`);
  }

  key(state: S): string {
    return this.keys.of(state);
  }

  image(state: S, swap: Transposition): S {
    return this.sym.permute(state, swap.perms);
  }

  successors(state: S): Successors<S, E> {
    const out: Successors<S, E> = { states: [], events: [], keys: [], keySet: new Set() };
    for (const e of this.spec.events(state)) {
      for (const t of this.spec.next(state, e)) {
        const key = this.keys.of(t);
        out.states.push(t);
        out.events.push(e);
        out.keys.push(key);
        out.keySet.add(key);
      }
    }
    return out;
  }

  /** The key of `state` renamed: by substitution when the engine renames so (no state built). */
  private renamedKey(state: S, swap: Transposition): string {
    if (this.reducer === undefined) return this.keys.of(this.image(state, swap));
    this.reducer.renamedFingerprint(state, swap.perms, this.fp);
    return `${this.fp[0]}:${this.fp[1]}`;
  }

  /** Renaming the initial states gives initial states (as a set, it gives them all back). */
  initialStatesClosed(inits: readonly S[]): void {
    const initial = new Set(inits.map((s) => this.keys.of(s)));
    for (const swap of this.swaps) {
      inits.forEach((s, i) => {
        if (!initial.has(this.keys.of(this.image(s, swap)))) {
          throw this.fail(swap, `the initial states are not closed under renaming: renamed, initial state ${i + 1} is no initial state (permute must rename members everywhere in a state)`);
        }
      });
    }
  }

  /**
   * The checks that cost no expansion. With membersByName, substituting names in the
   * state gives what permute gives: the engine renames by substitution, a bijection, and
   * never calls permute, so that agreement is all it needs of permute. Otherwise
   * renaming by the swap and back gives the state again (compared by fingerprint, then
   * variable by variable to name the one that differs). Then every property gives the
   * same answer on the state and on its image. `answers` are the properties on `s`,
   * when the caller has them already.
   */
  cheap(s: S, image: S, swap: Transposition, depth: number, answers = this.answers(s)): void {
    const fp = this.fp;
    if (this.reducer !== undefined) {
      this.codec.fingerprint(image, fp);
      const [hi, lo] = [fp[0], fp[1]];
      this.reducer.renamedFingerprint(s, swap.perms, fp);
      if (fp[0] !== hi || fp[1] !== lo) {
        throw this.fail(swap, `the model declares membersByName, but renaming member names in a state does not give what its permute gives (members must appear only as their names; on a state at depth ${depth})`);
      }
    } else {
      // A transposition is its own inverse.
      const back = this.image(image, swap);
      this.codec.fingerprint(s, fp);
      const [hi, lo] = [fp[0], fp[1]];
      this.codec.fingerprint(back, fp);
      const differs = fp[0] === hi && fp[1] === lo ? undefined : firstDifference(this.spec.variables, s, back);
      if (differs !== undefined) {
        throw this.fail(swap, `permute is not a bijection: renaming a state and renaming it back does not give the state (variable ${differs} differs, on a state at depth ${depth})`);
      }
    }
    this.properties.forEach(([name, holds], k) => {
      if (answers[k] !== holds(image)) {
        const groups = this.sym.groups.map((g) => g.name).join(', ');
        throw new SymmetryError(`--symmetry is unsound for this model: ${name} is not symmetric in ${groups} (it names particular members): ${swap.text} changes its answer on a state at depth ${depth}`);
      }
    });
  }

  answers(s: S): boolean[] {
    return this.properties.map(([, holds]) => holds(s));
  }

  /**
   * succ(π(s)) = π(succ(s)) as sets of states. The witness is named by the event that
   * yields it: an event of s whose successor, renamed, is no successor of π(s), or else
   * an event of π(s) whose successor is no renamed successor of s. The witness is put
   * through the cheap checks first: a permute that goes wrong only on it (one level
   * deeper than any state checked yet) is then named as the culprit.
   */
  successorsCommute(s: S, succ: Successors<S, E>, image: S, swap: Transposition, depth: number): void {
    const renamed = new Set<string>();
    const problem = 'the successors of the renamed state are not the renamed successors';
    const hint = `on a state at depth ${depth}; permute must rename members everywhere in a state, and next must treat members alike`;
    const ofImage = this.successors(image);
    for (let i = 0; i < succ.states.length; i++) {
      const key = this.renamedKey(succ.states[i]!, swap);
      if (!ofImage.keySet.has(key)) {
        this.cheap(succ.states[i]!, this.image(succ.states[i]!, swap), swap, depth + 1);
        throw this.fail(swap, `${problem}: renamed, the successor under event ${eventText(this.spec, succ.events[i]!, s)} is no successor of the renamed state (${hint})`);
      }
      renamed.add(key);
    }
    for (let i = 0; i < ofImage.states.length; i++) {
      if (!renamed.has(ofImage.keys[i]!)) {
        this.cheap(ofImage.states[i]!, this.image(ofImage.states[i]!, swap), swap, depth + 1);
        throw this.fail(swap, `${problem}: the renamed state's successor under event ${eventText(this.spec, ofImage.events[i]!, image)} is no renamed successor (${hint})`);
      }
    }
  }
}

/**
 * The pre-pass: the initial states closed under renaming, then the first
 * PRE_PASS_STATES states of the unreduced model, breadth-first, each under every
 * transposition (and their successors on a spread part of them).
 */
export function checkSymmetryIsSound<S extends State, E>(spec: Spec<S, E>, invariantNames: readonly string[]): void {
  const checks = new SymmetryChecks(spec, invariantNames);
  const swaps = checks.swaps;
  const seen = new Set<string>();
  const inits = spec.initialStates();
  checks.initialStatesClosed(inits);
  // The cheap checks run on the whole sample first, so that a failure is named by the
  // most telling check (a permute that is no bijection breaks successors as well).
  const comparisons: { state: S; succ: ReturnType<typeof checks.successors>; swap: Transposition; depth: number }[] = [];
  let frontier = [...inits];
  for (const s of frontier) seen.add(checks.key(s));
  let visited = 0;
  for (let depth = 1; frontier.length > 0 && visited < PRE_PASS_STATES; depth++) {
    const next: S[] = [];
    for (const s of frontier) {
      if (visited >= PRE_PASS_STATES) break;
      const compare = visited++ % PRE_PASS_SUCCESSOR_STRIDE === 0 ? swaps[comparisons.length % swaps.length] : undefined;
      const answers = checks.answers(s);
      for (const swap of swaps) checks.cheap(s, checks.image(s, swap), swap, depth, answers);
      // The engine explores only the states the constraint admits (the others are still
      // checked against the properties above); and once the sample is full, a state is
      // expanded only to compare its successors.
      if (spec.constraint !== undefined && !spec.constraint(s)) continue;
      const growing = seen.size < PRE_PASS_STATES;
      if (!growing && compare === undefined) continue;
      const succ = checks.successors(s);
      if (compare !== undefined) comparisons.push({ state: s, succ, swap: compare, depth });
      if (!growing) continue;
      for (let i = 0; i < succ.states.length; i++) {
        const key = succ.keys[i]!;
        if (seen.has(key)) continue;
        seen.add(key);
        next.push(succ.states[i]!);
      }
    }
    frontier = next;
  }
  for (const { state, succ, swap, depth } of comparisons) checks.successorsCommute(state, succ, checks.image(state, swap), swap, depth);
}

/**
 * The guard during the search: called on each distinct state a thread admits, with its
 * depth. On a thinning sample of them (ThinningSample) it runs the cheap checks under
 * the next transposition in turn and, on a sparser sample, compares the successors.
 * A state about to be reported as breaking an invariant is checked under every
 * transposition, sampled or not: an invariant that names a particular member is then
 * reported as such, never as a violation that the reduction found by chance.
 * Throws SymmetryError, which a worker passes on to the coordinator.
 */
export function symmetryProbe<S extends State, E>(spec: Spec<S, E>, invariantNames: readonly string[]): (state: S, depth: number, breaks: boolean) => void {
  const checks = new SymmetryChecks(spec, invariantNames);
  const swaps = checks.swaps;
  // Groups of one member have nothing to swap.
  if (swaps.length === 0) return () => {};
  const cheap = new ThinningSample(PROBE_DENSE, PROBE_MAX_STRIDE);
  const successors = new ThinningSample(SUCCESSORS_DENSE, SUCCESSORS_MAX_STRIDE);
  let turn = 0;
  return (state, depth, breaks) => {
    if (breaks) {
      const answers = checks.answers(state);
      for (const swap of swaps) checks.cheap(state, checks.image(state, swap), swap, depth, answers);
      return;
    }
    const cheapNow = cheap.take();
    const successorsNow = successors.take();
    if (!cheapNow && !successorsNow) return;
    const swap = swaps[turn++ % swaps.length]!;
    const image = checks.image(state, swap);
    // Checked first, a wrong permute is named as such rather than by the successors it
    // breaks (the successor sample is a subset of the cheap one).
    checks.cheap(state, image, swap, depth);
    if (successorsNow) checks.successorsCommute(state, checks.successors(state), image, swap, depth);
  };
}
