// A soundness guard for symmetry reduction. Merging the states of an orbit is right
// only when renaming members is a symmetry of the model: `permute` is a bijection on
// states, the initial states are closed under it, the successors of a renamed state
// are the renamed successors, and every checked invariant and the constraint give the
// same answer on every state of an orbit. A property that names a particular server
// breaks the last; a hand-written `permute` that forgets to rename inside one value
// (a message set) breaks the successors. We cannot prove symmetry, but we can refute
// it cheaply: explore the first SAMPLE_STATES states breadth-first and check each of
// them under every transposition of two members of a group (the successors, which
// cost an expansion of the renamed state, on a spread part of the sample); then,
// during the search, probe the properties on the states admitted (symmetryProbe).
import { sameValue } from '../src/values/equal.ts';
import { invariantTable, labelOf } from '../src/spec-defaults.ts';
import type { Spec, State, Symmetry, SymmetryGroup } from '../src/spec.ts';
import { StateCodec } from '../src/values/state-codec.ts';
import { SymmetryError } from './errors.ts';
import { SymmetryReducer } from './symmetry.ts';

type Perms = readonly (readonly number[])[];

const SAMPLE_STATES = 1000;
/**
 * Successors are compared (the costly check: the renamed state is expanded too) on one
 * sampled state in SUCCESSOR_STRIDE, spread over the whole sample, each with the next
 * transposition in turn; the cheap checks run on every sampled state and transposition.
 */
const SUCCESSOR_STRIDE = 4;
/** During the search, every state is probed until this many, then one in PROBE_EVERY. */
const PROBE_ALL_UNTIL = 5_000;
const PROBE_EVERY = 256;

function checkedProperties<S extends State, E>(spec: Spec<S, E>, invariantNames: readonly string[]): [string, (s: S) => boolean][] {
  const properties: [string, (s: S) => boolean][] = invariantNames.map((n) => [`invariant ${n}`, invariantTable(spec).get(n)!.holds]);
  if (spec.constraint !== undefined) properties.push(['the state constraint', spec.constraint]);
  return properties;
}

function unsound<S extends State>(spec: Spec<S, unknown>, property: string): SymmetryError {
  const groups = spec.symmetry!.groups.map((g) => g.name).join(', ');
  return new SymmetryError(`--symmetry is unsound for this model: ${property} is not symmetric in ${groups} (it names particular members)`);
}

/**
 * A probe for the search itself: compares the properties on an admitted state and on
 * its image under a rotation of every group, throwing SymmetryError on a difference.
 * It runs on distinct states only, all of the first PROBE_ALL_UNTIL then a sample.
 */
export function symmetryProbe<S extends State, E>(spec: Spec<S, E>, invariantNames: readonly string[]): (state: S) => void {
  const sym = spec.symmetry!;
  const properties = checkedProperties(spec, invariantNames);
  const rotation = sym.groups.map((g) => g.members.map((_, i) => (i + 1) % g.members.length));
  let probed = 0;
  return (state) => {
    probed++;
    if (probed > PROBE_ALL_UNTIL && probed % PROBE_EVERY !== 0) return;
    const image = sym.permute(state, rotation);
    for (const [name, holds] of properties) if (holds(state) !== holds(image)) throw unsound(spec, name);
  };
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

/** The inverse permutations (a transposition is its own, but say what is meant). */
function inverse(perms: Perms): Perms {
  return perms.map((p) => {
    const inv = new Array<number>(p.length);
    p.forEach((to, from) => (inv[to] = from));
    return inv;
  });
}

/** The first variable on which `a` and `b` differ (by value), or undefined when they are equal. */
function firstDifference(variables: readonly string[], a: State, b: State): string | undefined {
  return variables.find((v) => !sameValue(a[v], b[v]));
}

/** The states' fingerprints as strings, for comparing sets of states. */
class StateKeys<S extends State> {
  private readonly fp = new Int32Array(2);
  constructor(private readonly codec: StateCodec<S>) {}

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

function successorsOf<S extends State, E>(spec: Spec<S, E>, keys: StateKeys<S>, state: S): Successors<S, E> {
  const out: Successors<S, E> = { states: [], events: [], keys: [], keySet: new Set() };
  for (const e of spec.events(state)) {
    for (const t of spec.next(state, e)) {
      const key = keys.of(t);
      out.states.push(t);
      out.events.push(e);
      out.keys.push(key);
      out.keySet.add(key);
    }
  }
  return out;
}

function eventText<S extends State, E>(spec: Spec<S, E>, event: E, state: S): string {
  try {
    return labelOf(spec, event, state);
  } catch {
    return String(event);
  }
}

/** The checks of `permute` itself on sampled states; each failure names the transposition. */
class PermuteChecks<S extends State, E> {
  private readonly sym: Symmetry<S>;
  private readonly keys: StateKeys<S>;
  private readonly fp = new Int32Array(2);

  constructor(
    private readonly spec: Spec<S, E>,
    codec: StateCodec<S>,
    /** Set when members occur only as names: the engine renames by substitution, so do we. */
    private readonly reducer: SymmetryReducer<S> | undefined,
  ) {
    this.sym = spec.symmetry!;
    this.keys = new StateKeys(codec);
  }

  private fail(swap: Transposition, what: string): SymmetryError {
    return new SymmetryError(`--symmetry is unsound for this model: ${swap.text}: ${what}`);
  }

  /** The key of `state` renamed: by substitution when the engine renames so (no state built). */
  private renamedKey(state: S, swap: Transposition): string {
    if (this.reducer === undefined) return this.keys.of(this.sym.permute(state, swap.perms));
    this.reducer.renamedFingerprint(state, swap.perms, this.fp);
    return `${this.fp[0]}:${this.fp[1]}`;
  }

  /** Renaming the initial states gives initial states (as a set, it gives them all back). */
  initialStatesClosed(inits: readonly S[], swaps: readonly Transposition[]): void {
    const initial = new Set(inits.map((s) => this.keys.of(s)));
    for (const swap of swaps) {
      inits.forEach((s, i) => {
        if (!initial.has(this.keys.of(this.sym.permute(s, swap.perms)))) {
          throw this.fail(swap, `the initial states are not closed under renaming: renamed, initial state ${i + 1} is no initial state (permute must rename members everywhere in a state)`);
        }
      });
    }
  }

  /** Renaming by the swap and back gives the state again, variable by variable. */
  bijective(s: S, image: S, swap: Transposition, depth: number): void {
    const back = this.sym.permute(image, inverse(swap.perms));
    const differs = firstDifference(this.spec.variables, s, back);
    if (differs !== undefined) {
      throw this.fail(swap, `permute is not a bijection: renaming a state and renaming it back does not give the state (variable ${differs} differs, on a state at depth ${depth})`);
    }
  }

  /**
   * succ(π(s)) = π(succ(s)) as sets of states. The witness is named by the event that
   * yields it: an event of s whose successor, renamed, is no successor of π(s), or else
   * an event of π(s) whose successor is no renamed successor of s.
   */
  successorsCommute(s: S, succ: Successors<S, E>, image: S, swap: Transposition, depth: number): void {
    const renamed = new Set<string>();
    const problem = 'the successors of the renamed state are not the renamed successors';
    const hint = `on a state at depth ${depth}; permute must rename members everywhere in a state, and next must treat members alike`;
    const ofImage = successorsOf(this.spec, this.keys, image);
    for (let i = 0; i < succ.states.length; i++) {
      const key = this.renamedKey(succ.states[i]!, swap);
      if (!ofImage.keySet.has(key)) {
        throw this.fail(swap, `${problem}: renamed, the successor under event ${eventText(this.spec, succ.events[i]!, s)} is no successor of the renamed state (${hint})`);
      }
      renamed.add(key);
    }
    for (let i = 0; i < ofImage.states.length; i++) {
      if (!renamed.has(ofImage.keys[i]!)) {
        throw this.fail(swap, `${problem}: the renamed state's successor under event ${eventText(this.spec, ofImage.events[i]!, image)} is no renamed successor (${hint})`);
      }
    }
  }
}

export function checkSymmetryIsSound<S extends State, E>(spec: Spec<S, E>, invariantNames: readonly string[]): void {
  const sym = spec.symmetry!;
  const codec = new StateCodec<S>(spec.variables);
  const properties = checkedProperties(spec, invariantNames);
  const swaps = transpositions(sym);
  const reducer = sym.membersByName === true ? new SymmetryReducer(sym, codec) : undefined;
  const permuteChecks = new PermuteChecks(spec, codec, reducer);
  const keys = new StateKeys(codec);
  const seen = new Set<string>();
  const fp = new Int32Array(2);
  const inits = spec.initialStates();
  permuteChecks.initialStatesClosed(inits, swaps);
  // The cheap checks run on the whole sample first, so that a failure is named by the
  // most telling check (a permute that is no bijection breaks successors as well).
  const comparisons: { state: S; succ: Successors<S, E>; swap: Transposition; depth: number }[] = [];
  let frontier = [...inits];
  for (const s of frontier) seen.add(keys.of(s));
  let visited = 0;
  for (let depth = 0; frontier.length > 0 && visited < SAMPLE_STATES; depth++) {
    const next: S[] = [];
    for (const s of frontier) {
      if (visited >= SAMPLE_STATES) break;
      const compare = visited++ % SUCCESSOR_STRIDE === 0 ? swaps[comparisons.length % swaps.length] : undefined;
      const answers = properties.map(([, holds]) => holds(s));
      for (const swap of swaps) {
        const image = sym.permute(s, swap.perms);
        permuteChecks.bijective(s, image, swap, depth);
        if (reducer !== undefined) {
          codec.fingerprint(image, fp);
          const [hi, lo] = [fp[0], fp[1]];
          reducer.renamedFingerprint(s, swap.perms, fp);
          if (fp[0] !== hi || fp[1] !== lo) {
            throw new SymmetryError('the model declares membersByName, but renaming member names in a state does not give what its permute gives (members must appear only as their names)');
          }
        }
        properties.forEach(([name, holds], k) => {
          if (answers[k] !== holds(image)) throw unsound(spec, name);
        });
      }
      // The engine explores only the states the constraint admits (the others are still
      // checked against the properties above); and once the sample is full, a state is
      // expanded only to compare its successors.
      if (spec.constraint !== undefined && !spec.constraint(s)) continue;
      const growing = seen.size < SAMPLE_STATES;
      if (!growing && compare === undefined) continue;
      const succ = successorsOf(spec, keys, s);
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
  for (const { state, succ, swap, depth } of comparisons) {
    permuteChecks.successorsCommute(state, succ, sym.permute(state, swap.perms), swap, depth);
  }
}
