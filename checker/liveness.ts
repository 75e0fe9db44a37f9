// Deciding a temporal property on the behavior graph (liveness-graph.ts) under the
// model's fairness, and finding a lasso when it fails.
//
// The algorithm is the tableau method TLC uses, with the tableau written out by hand for
// the four forms: a behavior violates the property exactly when it is accepted by a
// small automaton for the negation, which watches for a "phase 1" region it must enter
// and never leave, and a set of states its cycle must visit:
//
//   negation of     region (phase 1)               entered at          cycle must visit
//   <>P             states where ~P                an initial state    -
//   []<>P           states where ~P                any ~P state        -
//   <>[]P           every state                    any state           a ~P state
//   P ~> Q          states where ~Q                any P /\ ~Q state   -
//
// A counterexample is then a fair cycle in the region reachable from an entry: a strongly
// connected component (stuttering makes every single state one, since any state may
// repeat) whose edges and states satisfy every fairness condition when the behavior goes
// round the whole component forever. Per component C:
//   - WF(A) is violated by every behavior staying in C when A is enabled in every state
//     of C and no edge of C is an A step: C is rejected.
//   - SF(A) is violated when A is enabled in some state of C and no edge of C is an A
//     step; a behavior may still avoid the states where A is enabled, so those states
//     are removed and the rest is split into components again (Emerson-Lei refinement).
//
// Cost: Tarjan's algorithm (iterative) is O(V + E) per pass; the refinement passes
// nest at most once per strong-fairness condition, so a property costs
// O((V + E) * (1 + SF)) plus O((V + E) * c) for the fairness sets (c = conditions per
// state or edge). The counterexample is the shortest path (BFS in the product of the
// graph and the automaton) to any fair component, then a cycle inside it made of
// shortest paths through the states and edges the fairness conditions need, or no
// cycle at all (stuttering forever) when stuttering in the entry state is fair.
import type { TemporalForm } from '../src/liveness.ts';
import { IntList, type BehaviorGraph } from './liveness-graph.ts';

/** A violating behavior as graph positions: states, the edges between them, and the loop. */
export interface GraphLasso {
  /** State numbers of the behavior's states, prefix then cycle. */
  readonly states: readonly number[];
  /** edges[i] leads from states[i] to states[i + 1]. */
  readonly edges: readonly number[];
  /** The state (index in `states`) the last state goes back to. */
  readonly loopTo: number;
  /** The edge from the last state back to states[loopTo]; -1: the last state stutters forever. */
  readonly closingEdge: number;
}

export interface PropertyQuery {
  readonly form: TemporalForm;
  /** The predicate bits (graph.predicates) of P and, for ~>, of Q. */
  readonly p: Uint8Array;
  readonly q?: Uint8Array;
}

interface Automaton {
  /** May the behavior enter the region here? */
  readonly entry: (s: number) => boolean;
  /** Only at an initial state (<>P): no phase 0. */
  readonly entryOnlyInitially: boolean;
  readonly region: (s: number) => boolean;
  /** States the cycle must visit; undefined: any cycle. */
  readonly accepting?: (s: number) => boolean;
}

function automatonFor(query: PropertyQuery): Automaton {
  const { p, q } = query;
  const notP = (s: number): boolean => p[s] === 0;
  switch (query.form) {
    case 'eventually':
      return { entry: notP, entryOnlyInitially: true, region: notP };
    case 'alwaysEventually':
      return { entry: notP, entryOnlyInitially: false, region: notP };
    case 'eventuallyAlways':
      return { entry: () => true, entryOnlyInitially: false, region: () => true, accepting: notP };
    case 'leadsTo': {
      if (q === undefined) throw new Error('leadsTo needs Q');
      const notQ = (s: number): boolean => q[s] === 0;
      return { entry: (s) => p[s] === 1 && notQ(s), entryOnlyInitially: false, region: notQ };
    }
  }
}

/** A fair component: the states a fair behavior can go round forever. */
interface FairComponent {
  readonly members: Int32Array;
}

/**
 * Decides one property. Returns undefined when it holds, or a shortest-prefix lasso that
 * violates it.
 */
export function findViolation(g: BehaviorGraph, query: PropertyQuery): GraphLasso | undefined {
  const a = automatonFor(query);
  const region = reachableRegion(g, a);
  const fair = fairComponents(g, region, a);
  if (fair.length === 0) return undefined;
  const compOf = new Int32Array(g.size).fill(-1);
  fair.forEach((c, i) => {
    for (const s of c.members) compOf[s] = i;
  });
  const prefix = shortestPrefix(g, a, region, compOf);
  const entry = prefix.states[prefix.states.length - 1]!;
  const comp = fair[compOf[entry]!]!;
  const inComp = new Uint8Array(g.size);
  for (const s of comp.members) inComp[s] = 1;
  const states = [...prefix.states];
  const edges = [...prefix.edges];
  // Cheapest ending: stutter forever in the nearest state of the component where that
  // is fair (no fairness condition enabled, and accepting when the form needs it).
  const quiet = (s: number): boolean => g.classes[g.enabledClass[s]!]!.length === 0 && (a.accepting === undefined || a.accepting(s));
  const toQuiet = bfsInside(g, inComp, entry, quiet, () => false);
  if (toQuiet !== undefined) {
    for (const e of toQuiet) {
      edges.push(e);
      states.push(g.edgeTarget[e]!);
    }
    return { states, edges, loopTo: states.length - 1, closingEdge: -1 };
  }
  const cycle = fairCycle(g, inComp, comp, entry, a);
  const loopTo = states.length - 1;
  for (let i = 0; i < cycle.length - 1; i++) {
    edges.push(cycle[i]!);
    states.push(g.edgeTarget[cycle[i]!]!);
  }
  return { states, edges, loopTo, closingEdge: cycle[cycle.length - 1]! };
}

/** Phase-1 states reachable from an entry: 1 in the result. */
function reachableRegion(g: BehaviorGraph, a: Automaton): Uint8Array {
  const inRegion = new Uint8Array(g.size);
  const queue = new IntList();
  const starts = a.entryOnlyInitially ? Array.from(g.initial) : Array.from({ length: g.size }, (_, i) => i);
  for (const s of starts) {
    if (a.entry(s) && a.region(s) && inRegion[s] === 0) {
      inRegion[s] = 1;
      queue.push(s);
    }
  }
  for (let at = 0; at < queue.length; at++) {
    const s = queue.data[at]!;
    for (let e = g.edgeStart[s]!; e < g.edgeStart[s + 1]!; e++) {
      const t = g.edgeTarget[e]!;
      if (inRegion[t] === 0 && a.region(t)) {
        inRegion[t] = 1;
        queue.push(t);
      }
    }
  }
  return inRegion;
}

/**
 * The strongly connected components of the subgraph induced by the states with
 * `mark[s] === tag`, by Tarjan's algorithm without recursion. `index` must hold -1 for
 * those states.
 */
function components(g: BehaviorGraph, nodes: Int32Array, mark: Int32Array, tag: number, index: Int32Array, low: Int32Array, onStack: Uint8Array): Int32Array[] {
  const out: Int32Array[] = [];
  const stack = new IntList();
  const callNode = new IntList();
  const callEdge = new IntList();
  let counter = 0;
  for (const root of nodes) {
    if (index[root] !== -1) continue;
    index[root] = low[root] = counter++;
    stack.push(root);
    onStack[root] = 1;
    callNode.push(root);
    callEdge.push(g.edgeStart[root]!);
    while (callNode.length > 0) {
      const top = callNode.length - 1;
      const v = callNode.data[top]!;
      const e = callEdge.data[top]!;
      if (e < g.edgeStart[v + 1]!) {
        callEdge.data[top] = e + 1;
        const w = g.edgeTarget[e]!;
        if (mark[w] !== tag) continue;
        if (index[w] === -1) {
          index[w] = low[w] = counter++;
          stack.push(w);
          onStack[w] = 1;
          callNode.push(w);
          callEdge.push(g.edgeStart[w]!);
        } else if (onStack[w] === 1 && index[w]! < low[v]!) {
          low[v] = index[w]!;
        }
        continue;
      }
      callNode.length--;
      callEdge.length--;
      if (callNode.length > 0) {
        const u = callNode.data[callNode.length - 1]!;
        if (low[v]! < low[u]!) low[u] = low[v]!;
      }
      if (low[v] === index[v]) {
        const members = new IntList(8);
        for (;;) {
          const w = stack.data[--stack.length]!;
          onStack[w] = 0;
          members.push(w);
          if (w === v) break;
        }
        out.push(members.done());
      }
    }
  }
  return out;
}

/** The fair components of the region, after strong-fairness refinement. */
function fairComponents(g: BehaviorGraph, inRegion: Uint8Array, a: Automaton): FairComponent[] {
  const n = g.size;
  const mark = new Int32Array(n);
  const index = new Int32Array(n).fill(-1);
  const low = new Int32Array(n);
  const onStack = new Uint8Array(n);
  const conditions = g.conditions.length;
  const taken = new Int32Array(conditions);
  const enabledCount = new Int32Array(conditions);
  let tag = 1;
  const all = new IntList();
  for (let s = 0; s < n; s++) {
    if (inRegion[s] === 1) {
      mark[s] = tag;
      all.push(s);
    }
  }
  const work: { nodes: Int32Array; tag: number }[] = [{ nodes: all.done(), tag }];
  const fair: FairComponent[] = [];
  while (work.length > 0) {
    const { nodes, tag: t } = work.pop()!;
    for (const s of nodes) index[s] = -1;
    for (const members of components(g, nodes, mark, t, index, low, onStack)) {
      const c = ++tag;
      for (const s of members) mark[s] = c;
      if (a.accepting !== undefined && !members.some((s) => a.accepting!(s))) continue;
      taken.fill(0);
      enabledCount.fill(0);
      for (const s of members) {
        for (const k of g.classes[g.enabledClass[s]!]!) enabledCount[k]!++;
        for (let e = g.edgeStart[s]!; e < g.edgeStart[s + 1]!; e++) {
          if (mark[g.edgeTarget[e]!] !== c) continue;
          for (const k of g.classes[g.edgeClass[e]!]!) taken[k] = 1;
        }
      }
      let unfair = false;
      const strongUnmet: number[] = [];
      for (let k = 0; k < conditions; k++) {
        if (taken[k] === 1 || enabledCount[k] === 0) continue;
        if (g.conditions[k]!.kind === 'weak') {
          if (enabledCount[k] === members.length) unfair = true;
        } else strongUnmet.push(k);
      }
      if (unfair) continue;
      if (strongUnmet.length === 0) {
        fair.push({ members });
        continue;
      }
      // Strong fairness: the behavior must avoid the states where an unmet SF action
      // is enabled; what remains may still hold fair components.
      const keep = new IntList(members.length);
      const refined = ++tag;
      for (const s of members) {
        const en = g.classes[g.enabledClass[s]!]!;
        if (strongUnmet.some((k) => en.includes(k))) continue;
        mark[s] = refined;
        keep.push(s);
      }
      if (keep.length > 0) work.push({ nodes: keep.done(), tag: refined });
    }
  }
  return fair;
}

/**
 * The shortest behavior prefix from an initial state to a fair component, in the
 * product with the automaton: node 2s is state s before the region (phase 0), 2s+1 is
 * s in it (phase 1); entering the region is a move without a step.
 */
function shortestPrefix(g: BehaviorGraph, a: Automaton, inRegion: Uint8Array, compOf: Int32Array): { states: number[]; edges: number[] } {
  const parent = new Int32Array(2 * g.size).fill(-2);
  const parentEdge = new Int32Array(2 * g.size).fill(-1);
  const queue = new IntList();
  const visit = (node: number, from: number, edge: number): void => {
    if (parent[node] !== -2) return;
    parent[node] = from;
    parentEdge[node] = edge;
    queue.push(node);
  };
  // Entering the region happens in the state itself: visit phase 1 right after phase 0.
  const arrive = (s: number, from: number, edge: number): void => {
    if (!a.entryOnlyInitially) {
      visit(2 * s, from, edge);
      if (a.entry(s) && inRegion[s] === 1) visit(2 * s + 1, 2 * s, -1);
    }
  };
  for (const s of g.initial) {
    if (a.entryOnlyInitially) {
      if (inRegion[s] === 1) visit(2 * s + 1, -1, -1);
    } else arrive(s, -1, -1);
  }
  let goal = -1;
  for (let at = 0; at < queue.length && goal < 0; at++) {
    const node = queue.data[at]!;
    const s = node >> 1;
    const phase = node & 1;
    if (phase === 1 && compOf[s] !== -1) {
      goal = node;
      break;
    }
    for (let e = g.edgeStart[s]!; e < g.edgeStart[s + 1]!; e++) {
      const t = g.edgeTarget[e]!;
      if (phase === 0) arrive(t, node, e);
      else if (inRegion[t] === 1) visit(2 * t + 1, node, e);
    }
  }
  if (goal < 0) throw new Error('liveness: a fair component is not reachable (internal error)');
  const chain: { s: number; edge: number }[] = [];
  for (let node = goal; node !== -1; node = parent[node]!) chain.push({ s: node >> 1, edge: parentEdge[node]! });
  chain.reverse();
  const states: number[] = [];
  const edges: number[] = [];
  for (const { s, edge } of chain) {
    if (edge !== -1) {
      edges.push(edge);
      states.push(s);
    } else if (states.length === 0) states.push(s);
    // else: the move into the region, in the same state.
  }
  return { states, edges };
}

/**
 * A cycle through `entry` inside the component that meets every fairness condition and
 * visits an accepting state, as edge indexes (when no state of the component may
 * stutter forever).
 */
function fairCycle(g: BehaviorGraph, inComp: Uint8Array, comp: FairComponent, entry: number, a: Automaton): number[] {
  const conditions = g.conditions.length;
  const acceptingAtEntry = a.accepting === undefined || a.accepting(entry);
  // What the cycle needs: an A step for each condition the component takes; for a weak
  // condition it cannot take, a state where its action is disabled.
  const takenIn = new Uint8Array(conditions);
  const enabledSomewhere = new Uint8Array(conditions);
  for (const s of comp.members) {
    for (const k of g.classes[g.enabledClass[s]!]!) enabledSomewhere[k] = 1;
    for (let e = g.edgeStart[s]!; e < g.edgeStart[s + 1]!; e++) {
      if (inComp[g.edgeTarget[e]!] === 1) for (const k of g.classes[g.edgeClass[e]!]!) takenIn[k] = 1;
    }
  }
  const needStep = new Set<number>();
  const needDisabled = new Set<number>();
  for (let k = 0; k < conditions; k++) {
    if (takenIn[k] === 1) needStep.add(k);
    else if (enabledSomewhere[k] === 1) needDisabled.add(k);
  }
  let needAccept = !acceptingAtEntry;
  const visitState = (s: number): void => {
    if (needAccept && a.accepting!(s)) needAccept = false;
    if (needDisabled.size > 0) {
      const en = g.classes[g.enabledClass[s]!]!;
      for (const k of [...needDisabled]) if (!en.includes(k)) needDisabled.delete(k);
    }
  };
  const takeEdge = (e: number): void => {
    for (const k of g.classes[g.edgeClass[e]!]!) needStep.delete(k);
    visitState(g.edgeTarget[e]!);
  };
  visitState(entry);
  const cycle: number[] = [];
  let at = entry;
  const done = (): boolean => needStep.size === 0 && needDisabled.size === 0 && !needAccept;
  while (!done()) {
    // Shortest path inside the component to the nearest state or edge that meets a need.
    // (At least one step: what `at` itself meets was met on arriving there.)
    const stateMeets = (s: number): boolean => (needAccept && a.accepting!(s)) || [...needDisabled].some((k) => !g.classes[g.enabledClass[s]!]!.includes(k));
    const edgeMeets = (e: number): boolean => g.classes[g.edgeClass[e]!]!.some((k) => needStep.has(k));
    const path = bfsInside(g, inComp, at, stateMeets, edgeMeets, true);
    if (path === undefined) throw new Error('liveness: fair component without the needed step (internal error)');
    for (const e of path) {
      cycle.push(e);
      takeEdge(e);
    }
    at = g.edgeTarget[path[path.length - 1]!]!;
  }
  if (at !== entry) {
    const back = bfsInside(g, inComp, at, (s) => s === entry, () => false, true);
    if (back === undefined) throw new Error('liveness: no way back in a component (internal error)');
    cycle.push(...back);
  }
  return cycle;
}

/**
 * Shortest path (edge indexes) inside the component from `from` to a state satisfying
 * `stateGoal` (reached by at least one step when `mustMove`), or ending with an edge
 * satisfying `edgeGoal`.
 */
function bfsInside(g: BehaviorGraph, inComp: Uint8Array, from: number, stateGoal: (s: number) => boolean, edgeGoal: (e: number) => boolean, mustMove = false): number[] | undefined {
  if (!mustMove && stateGoal(from)) return [];
  // Per state reached: the edge into it and its source.
  const via = new Map<number, number>([[from, -1]]);
  const viaFrom = new Map<number, number>();
  const queue = [from];
  const pathTo = (s: number): number[] => {
    const out: number[] = [];
    for (let at = s; via.get(at)! !== -1; at = viaFrom.get(at)!) out.push(via.get(at)!);
    return out.reverse();
  };
  for (let i = 0; i < queue.length; i++) {
    const s = queue[i]!;
    for (let e = g.edgeStart[s]!; e < g.edgeStart[s + 1]!; e++) {
      const t = g.edgeTarget[e]!;
      if (inComp[t] !== 1) continue;
      if (edgeGoal(e) || stateGoal(t)) return [...pathTo(s), e];
      if (!via.has(t)) {
        via.set(t, e);
        viaFrom.set(t, s);
        queue.push(t);
      }
    }
  }
  return undefined;
}
