// The behavior graph that liveness is decided on: every reachable state in the model
// (the CONSTRAINT limits it as it limits TLC's graph), and each state's successors with
// the event that produced them.
//
// It is built in its own single-threaded breadth-first pass after the safety search
// (which may run on worker threads): the safety engine keeps no edges, and keeping
// this pass apart leaves the engine's hot path alone. States are numbered in BFS order
// and kept only as fingerprints; a lasso's states are rebuilt by re-executing the model
// along the edges (each edge records the index of its event in `events(state)`), as
// traces are.
//
// Per state the graph keeps the predicates the properties need (one byte each) and the
// set of fairness conditions enabled there; per edge its target, its event's index and
// the set of fairness conditions its event belongs to. Sets of conditions are interned
// (`classes`), so an edge or a state holds one integer whatever the number of
// conditions. An edge back to its own state is a stuttering step: it belongs to no
// action (TLA+'s <A>_vars excludes it) and is not stored.
import type { Spec, State } from '../src/spec.ts';
import type { Fairness } from '../src/liveness.ts';
import { ByteReader } from '../src/values/codec.ts';
import type { StateCodec } from '../src/values/state-codec.ts';
import { ChunkWriter, readEntry, type Chunk, type EntryHeader } from './chunks.ts';
import type { Fingerprinter } from './exploration.ts';
import { FingerprintTable } from './fingerprint-table.ts';

/** An Int32Array that grows by doubling. */
export class IntList {
  data: Int32Array;
  length = 0;
  constructor(capacity = 1024) {
    this.data = new Int32Array(capacity);
  }
  push(v: number): void {
    if (this.length === this.data.length) {
      const next = new Int32Array(this.data.length * 2);
      next.set(this.data);
      this.data = next;
    }
    this.data[this.length++] = v;
  }
  /** The used part, trimmed. */
  done(): Int32Array {
    return this.data.slice(0, this.length);
  }
}

/** One fairness condition: a declaration's action, or one member of a family. */
export interface FairnessCondition {
  readonly kind: 'weak' | 'strong';
  /** `clock`, or `Elect(s1)` for a family member. */
  readonly label: string;
}

export interface BehaviorGraph {
  /** Number of states. */
  readonly size: number;
  /** The initial states' numbers (each once). */
  readonly initial: Int32Array;
  /** Per state: its fingerprint (the halves), to rebuild states by re-execution. */
  readonly fpHi: Int32Array;
  readonly fpLo: Int32Array;
  /** Edges of state n: indexes edgeStart[n] .. edgeStart[n+1]-1. */
  readonly edgeStart: Int32Array;
  readonly edgeTarget: Int32Array;
  /** The index of the edge's event in `events(source)`. */
  readonly edgeEvent: Int32Array;
  /** The interned set of fairness conditions the edge's event belongs to. */
  readonly edgeClass: Int32Array;
  /** Per state: the interned set of fairness conditions enabled there. */
  readonly enabledClass: Int32Array;
  /** Interned sets: class id -> condition ids (class 0 is the empty set). */
  readonly classes: readonly (readonly number[])[];
  readonly conditions: readonly FairnessCondition[];
  /** Per predicate (in the order given): one byte per state, 1 where it holds. */
  readonly predicates: readonly Uint8Array[];
  /** Bytes the graph holds (for the README's memory figure and `--stats`). */
  readonly bytes: number;
}

/** Interns sets of condition ids as small integers. */
class ClassTable {
  readonly sets: number[][] = [[]];
  private readonly ids = new Map<string, number>([['', 0]]);
  intern(sorted: readonly number[]): number {
    const key = sorted.join(',');
    let id = this.ids.get(key);
    if (id === undefined) {
      id = this.sets.length;
      this.sets.push([...sorted]);
      this.ids.set(key, id);
    }
    return id;
  }
  private readonly unions = new Map<number, number>();
  /** The union of two classes (memoized: it is asked for once per successor). */
  union(a: number, b: number): number {
    if (a === b || b === 0) return a;
    if (a === 0) return b;
    const key = a * 0x100000 + b;
    let u = this.unions.get(key);
    if (u === undefined) {
      u = this.intern([...new Set([...this.sets[a]!, ...this.sets[b]!])].sort((x, y) => x - y));
      this.unions.set(key, u);
    }
    return u;
  }
}

/** Maps each event to the conditions it belongs to, creating family members as met. */
class ConditionIndex<E> {
  readonly conditions: FairnessCondition[] = [];
  private readonly byKey = new Map<string, number>();
  constructor(private readonly fairness: readonly Fairness<E>[]) {}

  /** The sorted condition ids of `event`. */
  of(event: E): number[] {
    const out: number[] = [];
    this.fairness.forEach((f, i) => {
      const key = f.member(event);
      if (key === undefined || key === false) return;
      const mapKey = `${i}\u0000${typeof key}\u0000${String(key)}`;
      let id = this.byKey.get(mapKey);
      if (id === undefined) {
        id = this.conditions.length;
        this.conditions.push({ kind: f.kind, label: key === true ? f.name : `${f.name}(${String(key)})` });
        this.byKey.set(mapKey, id);
      }
      out.push(id);
    });
    return out.sort((a, b) => a - b);
  }
}

const MAX_LOAD = 0.75;

/** What the pass reports to, and asks whether to stop (the run's --max-memory). */
export interface GraphPassControl {
  tick(counters: { generated: number; distinct: number; depth: number }, queue: number): void;
  shouldStop(): boolean;
}
/** Edge keys are target * CLASS_KEY + class: exact integers for any state number below 2^31. */
const CLASS_KEY = 1 << 21;

/**
 * Explores the model's reachable states once more, breadth-first on this thread, and
 * returns its behavior graph with `predicates` evaluated on every state; undefined when
 * `control` asked it to stop.
 */
export function buildBehaviorGraph<S extends State, E>(
  spec: Spec<S, E>,
  codec: StateCodec<S>,
  fingerprint: Fingerprinter<S>,
  predicates: readonly ((s: S) => boolean)[],
  control?: GraphPassControl,
): BehaviorGraph | undefined {
  let table = new FingerprintTable(1 << 12);
  const fpHi = new IntList();
  const fpLo = new IntList();
  const edgeStart = new IntList();
  const edgeTarget = new IntList();
  const edgeEvent = new IntList();
  const edgeClass = new IntList();
  const enabledClass = new IntList();
  const bits = predicates.map(() => new IntList());
  const classes = new ClassTable();
  const conditions = new ConditionIndex(spec.fairness ?? []);
  // Event classes are cached per event value when events are primitives (strings,
  // numbers): the common case, and the hot one.
  const primitiveClass = new Map<unknown, number>();
  const classOf = (e: E): number => {
    const primitive = typeof e !== 'object' || e === null;
    if (primitive) {
      const c = primitiveClass.get(e);
      if (c !== undefined) return c;
    }
    const c = classes.intern(conditions.of(e));
    if (primitive) primitiveClass.set(e, c);
    return c;
  };
  const fp = new Int32Array(2);
  // The states waiting to be expanded, as encoded chunks (as the engine's frontier):
  // a few dozen bytes a state instead of its objects.
  const waiting = new ChunkWriter(codec);
  const queue: Chunk[] = [];
  let size = 0;
  let next = 0;
  const claim = (): number => next++;
  /** The state's number, admitting it (and queueing it) when new; -1 outside the constraint. */
  const admit = (s: S): number => {
    if (spec.constraint !== undefined && !spec.constraint(s)) return -1;
    fingerprint(s, fp);
    if (size + 1 > table.capacity * MAX_LOAD) table = table.grown(table.capacity * 2);
    const n = table.insert(fp[0]!, fp[1]!, claim);
    if (n < 0) return -n - 1;
    size++;
    fpHi.push(fp[0]!);
    fpLo.push(fp[1]!);
    predicates.forEach((p, i) => bits[i]!.push(p(s) ? 1 : 0));
    waiting.push(n, s);
    return n;
  };
  const initial: number[] = [];
  for (const s of spec.initialStates()) {
    const n = admit(s);
    if (n >= 0 && !initial.includes(n)) initial.push(n);
  }
  const seenTargets = new Set<number>();
  // Progress: the BFS level being expanded, and where the next one starts.
  let generated = 0;
  let depth = 1;
  let nextLevel = size;
  /** Records the edges of state n (states are expanded in number order). */
  const expand = (n: number, s: S): void => {
    edgeStart.push(edgeTarget.length);
    let enabled = 0;
    seenTargets.clear();
    const events = spec.events(s);
    for (let ei = 0; ei < events.length; ei++) {
      const e = events[ei]!;
      const succs = spec.next(s, e);
      if (succs.length === 0) continue;
      generated += succs.length;
      const cls = classOf(e);
      for (const t of succs) {
        // Out of the constraint: no edge, but the event is enabled (TLC evaluates
        // ENABLED on the spec, not on its constrained graph).
        const m = admit(t);
        if (m === n) continue;
        enabled = classes.union(enabled, cls);
        if (m < 0) continue;
        // One edge per (target, class): duplicates add nothing to the analysis. (The key
        // is exact below 2^21 classes; past that, duplicates are merely kept.)
        if (cls < CLASS_KEY) {
          const key = m * CLASS_KEY + cls;
          if (seenTargets.has(key)) continue;
          seenTargets.add(key);
        }
        edgeTarget.push(m);
        edgeEvent.push(ei);
        edgeClass.push(cls);
      }
    }
    enabledClass.push(enabled);
  };
  const header: EntryHeader = { number: 0, parentRank: -1, ordinal: 0 };
  for (;;) {
    if (queue.length === 0) queue.push(...waiting.drain());
    const chunk = queue.shift();
    if (chunk === undefined) break;
    const r = new ByteReader(chunk.bytes, 0);
    while (r.pos < r.end) {
      const n = readEntry(r, header).number;
      if (n !== edgeStart.length) throw new Error('behavior graph: states out of order (internal error)');
      if (n === nextLevel) {
        depth++;
        nextLevel = size;
      }
      expand(n, codec.decode(r));
      if (control !== undefined) {
        // shouldStop is cheap per state (it reads the clock or memory only now and then).
        if (control.shouldStop()) return undefined;
        if ((n & 255) === 0) control.tick({ generated, distinct: size, depth }, size - n - 1);
      }
    }
  }
  edgeStart.push(edgeTarget.length);
  const preds = bits.map((b) => Uint8Array.from(b.done()));
  const edges = edgeTarget.length;
  return {
    size,
    initial: Int32Array.from(initial),
    fpHi: fpHi.done(),
    fpLo: fpLo.done(),
    edgeStart: edgeStart.done(),
    edgeTarget: edgeTarget.done(),
    edgeEvent: edgeEvent.done(),
    edgeClass: edgeClass.done(),
    enabledClass: enabledClass.done(),
    classes: classes.sets,
    conditions: conditions.conditions,
    predicates: preds,
    bytes: size * (4 * 4 + preds.length) + edges * 12 + table.words.byteLength,
  };
}
