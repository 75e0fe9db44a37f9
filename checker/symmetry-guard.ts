// A soundness guard for symmetry reduction: merging the states of an orbit is only
// right when every checked invariant and the constraint give the same answer on every
// state of the orbit. A property that names a particular server breaks that. We
// cannot prove symmetry, but we can refute it cheaply: explore the first few thousand
// states breadth-first and compare each property on each state and on its images
// under every transposition of two members of a group; then, during the search, probe
// the states admitted (symmetryProbe).
import { invariantTable } from '../src/spec-defaults.ts';
import type { Spec, State } from '../src/spec.ts';
import { StateCodec } from '../src/values/state-codec.ts';
import { SymmetryError } from './errors.ts';
import { SymmetryReducer } from './symmetry.ts';

const SAMPLE_STATES = 1000;
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

export function checkSymmetryIsSound<S extends State, E>(spec: Spec<S, E>, invariantNames: readonly string[]): void {
  const sym = spec.symmetry!;
  const codec = new StateCodec<S>(spec.variables);
  const properties = checkedProperties(spec, invariantNames);
  const swaps: number[][][] = [];
  sym.groups.forEach((group, g) => {
    for (let a = 0; a < group.members.length; a++) {
      for (let b = a + 1; b < group.members.length; b++) {
        swaps.push(
          sym.groups.map((other, h) => {
            const p = other.members.map((_, i) => i);
            if (h === g) [p[a], p[b]] = [b, a];
            return p;
          }),
        );
      }
    }
  });
  const seen = new Set<string>();
  const fp = new Int32Array(2);
  const reducer = sym.membersByName === true ? new SymmetryReducer(sym, codec) : undefined;
  let frontier = [...spec.initialStates()];
  let visited = 0;
  while (frontier.length > 0 && visited < SAMPLE_STATES) {
    const next: S[] = [];
    for (const s of frontier) {
      if (visited++ >= SAMPLE_STATES) break;
      for (const perm of swaps) {
        const image = sym.permute(s, perm);
        if (reducer !== undefined) {
          codec.fingerprint(image, fp);
          const [hi, lo] = [fp[0], fp[1]];
          reducer.renamedFingerprint(s, perm, fp);
          if (fp[0] !== hi || fp[1] !== lo) {
            throw new SymmetryError('the model declares membersByName, but renaming member names in a state does not give what its permute gives (members must appear only as their names)');
          }
        }
        for (const [name, holds] of properties) {
          if (holds(s) !== holds(image)) throw unsound(spec, name);
        }
      }
      for (const e of spec.events(s)) {
        for (const t of spec.next(s, e)) {
          codec.fingerprint(t, fp);
          const key = `${fp[0]}:${fp[1]}`;
          if (seen.has(key)) continue;
          seen.add(key);
          next.push(t);
        }
      }
    }
    frontier = next;
  }
}
