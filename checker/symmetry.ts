// Symmetry reduction: states that differ only by a renaming of interchangeable model
// values (raft's servers) are one state. A state is fingerprinted by the smallest
// fingerprint among a set of its renamings; that set is chosen so that any two states
// of one orbit yield the same set of renamed images, which makes the reduction exact:
// two states are merged if and only if a permutation maps one to the other (up to
// 64-bit fingerprint collisions, as everywhere).
//
// Cheap canonicalization: the model may give each member a permutation-invariant
// signature (a server's term, role, log length, …). Only renamings that put members in
// signature order are tried: one when all signatures differ, and the permutations
// among ties otherwise, instead of all n! renamings. Within a block of three or more
// tied members we also find twins, members whose swap leaves the state unchanged (five
// idle followers are all twins); renamings that differ only by an order of twins give
// the same image, so one order of each twin class is enough.
//
// Cheap renaming: when the model refers to members only by name (`membersByName`), a
// permutation is a substitution of strings, and the image's fingerprint is computed by
// substituting member names while hashing (TupleHashes.renamed), with renamed hashes
// cached per node and permutation: no permuted state is built, and a value shared by
// many states is renamed once per permutation. Otherwise the model's `permute` builds
// the image.
import type { State, Symmetry } from '../src/spec.ts';
import { TupleHashes } from '../src/values/hash.ts';
import type { StateHasher } from '../src/values/state-hasher.ts';

type Perms = readonly (readonly number[])[];

export class SymmetryReducer<S extends State> {
  private readonly tmp = new Int32Array(2);
  private canonicalized = 0;
  private permutationsTried = 0;
  private readonly variables: readonly string[];
  private readonly values: unknown[];
  /** Member-name substitutions, by permutation key. */
  private readonly substitutions = new Map<number, ReadonlyMap<string, string>>();
  private readonly sigs: number[][];
  private readonly ranks: number[];
  /** Renamed fingerprints, by permutation key. */
  private readonly renamedTuples = new Map<number, TupleHashes>();
  /** Candidate lists of one permutation, by permutation key (the common case). */
  private readonly single = new Map<number, number[][][]>();

  constructor(
    private readonly symmetry: Symmetry<S>,
    private readonly codec: StateHasher<S>,
  ) {
    this.variables = codec.variables;
    this.values = new Array(this.variables.length);
    this.sigs = symmetry.groups.map((g) => new Array<number>(g.members.length));
    this.ranks = new Array<number>(symmetry.groups[0]?.members.length ?? 0);
  }

  /** The canonical fingerprint of `state`'s orbit. */
  fingerprint(state: S, out: Int32Array): void {
    const candidates = this.candidatePermutations(state);
    this.canonicalized++;
    this.permutationsTried += candidates.length;
    let bestHi = 0;
    let bestLo = 0;
    for (let c = 0; c < candidates.length; c++) {
      this.imageFingerprint(state, candidates[c]!, this.tmp);
      const hi = this.tmp[0]!;
      const lo = this.tmp[1]!;
      if (c === 0 || hi < bestHi || (hi === bestHi && (lo >>> 0) < (bestLo >>> 0))) {
        bestHi = hi;
        bestLo = lo;
      }
    }
    out[0] = bestHi;
    out[1] = bestLo;
  }

  /** The fingerprint of `state` renamed by `perms`. */
  private imageFingerprint(state: S, perms: Perms, out: Int32Array): void {
    if (isIdentity(perms)) {
      this.codec.fingerprint(state, out);
      return;
    }
    if (this.symmetry.membersByName !== true) {
      this.codec.fingerprint(this.symmetry.permute(state, perms), out);
      return;
    }
    this.renamedFingerprint(state, perms, out);
  }

  /** The fingerprint of `state` with member names substituted as `perms` says. */
  renamedFingerprint(state: S, perms: Perms, out: Int32Array): void {
    const key = permKey(perms);
    // The codec's reader loads each variable under a constant key (one inline cache per
    // variable), where `state[vars[i]]` in a loop is one megamorphic keyed load.
    let tuples = this.renamedTuples.get(key);
    if (tuples === undefined) {
      tuples = new TupleHashes(this.variables.length);
      this.renamedTuples.set(key, tuples);
    }
    tuples.renamed(this.codec.read(state, this.values), this.substitution(perms, key), key, out);
  }

  private substitution(perms: Perms, key: number): ReadonlyMap<string, string> {
    let sub = this.substitutions.get(key);
    if (sub === undefined) {
      const map = new Map<string, string>();
      this.symmetry.groups.forEach((group, g) => group.members.forEach((m, i) => map.set(m, group.members[perms[g]![i]!]!)));
      sub = map;
      this.substitutions.set(key, sub);
    }
    return sub;
  }

  /** The renamings to try: per group, every ordering of members consistent with signatures. */
  candidatePermutations(state: S): number[][][] {
    const groups = this.symmetry.groups;
    for (let g = 0; g < groups.length; g++) this.fillSignatures(state, g);
    const fast = groups.length === 1 ? this.withoutLargeTies() : undefined;
    if (fast !== undefined) return fast;
    const perGroup = groups.map((_, g) => orderingsBySignature(this.sigs[g]!, (a, b) => this.areTwins(state, g, a, b)));
    return perGroup.length === 1 ? perGroup[0]!.map((p) => [p]) : cartesian(perGroup);
  }

  /** this.sigs[g] := the signatures of group g's members (all 0 without a signature). */
  private fillSignatures(state: S, g: number): void {
    const sym = this.symmetry;
    const sigs = this.sigs[g]!;
    if (sym.signatures !== undefined) sym.signatures(state, g, sigs);
    else for (let i = 0; i < sigs.length; i++) sigs[i] = sym.signature?.(state, g, i) ?? 0;
  }

  /**
   * The common cases, without allocation: one group (signatures already filled) whose
   * members' signatures all differ (one candidate: the sorting permutation) or tie only
   * in pairs (both orders of each pair). Candidate lists are cached by the pattern of ranks. Larger ties, which need
   * twin detection, take the general path.
   */
  private withoutLargeTies(): number[][][] | undefined {
    const sigs = this.sigs[0]!;
    const ranks = this.ranks;
    const n = sigs.length;
    // Per member: how many signatures are smaller, and whether one other equals it.
    let key = 0;
    for (let i = 0; i < n; i++) {
      let rank = 0;
      let ties = 0;
      for (let j = 0; j < n; j++) {
        if (sigs[j]! < sigs[i]!) rank++;
        else if (j !== i && sigs[j] === sigs[i]) ties++;
      }
      if (ties > 1) return undefined;
      ranks[i] = rank * 2 + ties;
      key = key * 32 + ranks[i]!;
    }
    let candidates = this.single.get(key);
    if (candidates === undefined) {
      candidates = pairOrderings(ranks.slice(0, n)).map((p) => [p]);
      this.single.set(key, candidates);
    }
    return candidates;
  }

  /** Whether swapping members a and b of group g leaves the state unchanged. */
  private areTwins(state: S, g: number, a: number, b: number): boolean {
    const perms = this.symmetry.groups.map((group, h) => {
      const p = group.members.map((_, i) => i);
      if (h === g) [p[a], p[b]] = [b, a];
      return p;
    });
    this.permutationsTried++;
    this.codec.fingerprint(state, this.tmp);
    const hi = this.tmp[0];
    const lo = this.tmp[1];
    this.imageFingerprint(state, perms, this.tmp);
    return this.tmp[0] === hi && this.tmp[1] === lo;
  }

  stats(): Record<string, number> {
    return { statesCanonicalized: this.canonicalized, permutationsTried: this.permutationsTried };
  }
}

/**
 * The candidate permutations for a rank pattern in which ties come in pairs: entry i is
 * 2 * (members with a smaller signature) + (1 if member i ties with one other). Each
 * tied pair takes its two names in both orders.
 */
export function pairOrderings(pattern: readonly number[]): number[][] {
  let perms: number[][] = [pattern.map((p) => p >> 1)];
  for (let a = 0; a < pattern.length; a++) {
    if ((pattern[a]! & 1) === 0) continue;
    const b = pattern.findIndex((p, j) => j > a && p === pattern[a]);
    if (b < 0) continue;
    perms = perms.flatMap((p) => {
      const swapped = p.slice();
      swapped[a] = p[a]! + 1;
      return [p.map((x, j) => (j === b ? x + 1 : x)), swapped];
    });
  }
  return perms;
}

/** A number naming a tuple of permutations (digits base 16: groups of up to 16 members). */
function permKey(perms: Perms): number {
  let key = 0;
  for (const p of perms) for (let i = 0; i < p.length; i++) key = key * 16 + p[i]!;
  return key;
}

/**
 * Every permutation `perm` (member i is renamed to perm[i]) that sorts members by
 * signature: members with the k smallest signatures get names 0..k-1, and members
 * with equal signatures take their block of names in every possible order.
 */
export function orderingsBySignature(sigs: readonly number[], areTwins?: (a: number, b: number) => boolean): number[][] {
  const order = sigs.map((_, i) => i).sort((a, b) => sigs[a]! - sigs[b]! || a - b);
  // Blocks of members with equal signatures, in signature order.
  const blocks: number[][] = [];
  for (const i of order) {
    const last = blocks[blocks.length - 1];
    if (last !== undefined && sigs[last[0]!] === sigs[i]) last.push(i);
    else blocks.push([i]);
  }
  // Twin classes inside large blocks: keep only arrangements where each class's members
  // appear in increasing order (one representative per set of equal images).
  const twinOf = new Map<number, number>();
  if (areTwins !== undefined) {
    for (const block of blocks) {
      if (block.length < 3) continue;
      const reps: number[] = [];
      for (const m of block) {
        const rep = reps.find((r) => areTwins(r, m));
        if (rep === undefined) reps.push(m);
        twinOf.set(m, rep ?? m);
      }
    }
  }
  const respectsTwins = (arrangement: readonly number[]): boolean => {
    const lastSeen = new Map<number, number>();
    for (const m of arrangement) {
      const rep = twinOf.get(m);
      if (rep === undefined) continue;
      const prev = lastSeen.get(rep);
      if (prev !== undefined && prev > m) return false;
      lastSeen.set(rep, m);
    }
    return true;
  };
  const results: number[][] = [];
  const perm = new Array<number>(sigs.length);
  const fill = (b: number, base: number): void => {
    if (b === blocks.length) {
      results.push(perm.slice());
      return;
    }
    const block = blocks[b]!;
    for (const arrangement of permutations(block)) {
      if (!respectsTwins(arrangement)) continue;
      arrangement.forEach((member, k) => (perm[member] = base + k));
      fill(b + 1, base + block.length);
    }
  };
  fill(0, 0);
  return results;
}

function permutations(items: readonly number[]): number[][] {
  if (items.length <= 1) return [items.slice()];
  const out: number[][] = [];
  items.forEach((item, i) => {
    for (const rest of permutations([...items.slice(0, i), ...items.slice(i + 1)])) out.push([item, ...rest]);
  });
  return out;
}

function cartesian(lists: readonly number[][][]): number[][][] {
  let acc: number[][][] = [[]];
  for (const list of lists) acc = acc.flatMap((prefix) => list.map((p) => [...prefix, p]));
  return acc;
}

function isIdentity(perms: Perms): boolean {
  for (const p of perms) for (let i = 0; i < p.length; i++) if (p[i] !== i) return false;
  return true;
}
