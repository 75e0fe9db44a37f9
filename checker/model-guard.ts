// Checks on the model itself, so that an author's mistake is an error naming the
// variable, event or state, never a silently wrong count: `next` that mutates its input,
// a state whose keys are not the declared variables, a value crank cannot fingerprint,
// `next` returning something other than an array, an invariant returning a non-boolean,
// and an exception thrown by the model's own code.
//
// Plain objects and arrays (a model written with immer, src/values/plain.ts) are values
// when they are records with TLA+ field names and sequences; the guard freezes each one
// it walks (immer's already are), refuses one inside an immutable.js Set element or Map
// key (compared by reference there), and refuses a model whose plain records and
// recordType records have the same fields (they would print alike and count apart).
//
// The guard wraps the Spec's functions. It checks the first GUARDED_STATES states a
// thread handles (the cost is then nil over a long run), or every state when asked
// (`checkModel`; raft s2 at 1 worker: 4.2-4.8 s against 1.6 s, about 2.8x).
import { isImmutable, isList, isMap, isOrderedMap, isOrderedSet, isRecord, isSet, Record as IRecord } from 'immutable';
import type { Spec, State } from '../src/spec.ts';
import { invariantTable, labelOf } from '../src/spec-defaults.ts';
import { printValue } from '../src/values/print.ts';
import { freezePlain, isPlain, isPlainArray, isPlainRecord } from '../src/values/plain.ts';
import { recordTypeNamed } from '../src/values/record.ts';
import { isModelValueName } from '../src/tla/value.ts';

/** How many states (inputs of `next`, and successors) each thread checks by default. */
export const GUARDED_STATES = 2_000;

/** A mistake in the model, or an exception its code threw: bad input, exit 2 on the command line. */
export class ModelFault extends Error {
  constructor(
    message: string,
    /** The state the model was given when it failed (reachable: the trace leads to it). */
    readonly state?: State,
    /** The model's own exception, if it threw one. */
    readonly modelError?: unknown,
  ) {
    super(message);
  }

  /** The trace to `state`, as the command line prints it (filled in by the caller that can find it). */
  trace?: string;
}

/** Where a value sits in a state, as messages name it (`variable log[r1][2]`). */
type Where = Path | string;

/**
 * A path spelt out only when a message needs it: the guard walks every value of its
 * first states, and naming each step as it goes (String of a record key, in particular)
 * cost more than the checks.
 */
class Path {
  constructor(
    private readonly parent: Where,
    private readonly before: string,
    /** A field name, index or key, put into words by String() only when asked. */
    private readonly item?: unknown,
    private readonly after = '',
  ) {}

  toString(): string {
    const item = this.item === undefined ? '' : typeof this.item === 'string' ? this.item : String(this.item);
    return `${this.parent}${this.before}${item}${this.after}`;
  }
}

/**
 * Checks values as crank values, remembering the collections it has walked (states share
 * them, so each is walked once). One per guard: what it learns about a model's records
 * (below) belongs to that model's run.
 */
class ValueChecker {
  /** Walked nodes, and whether a plain value is one of them or inside them. */
  private readonly walked = new WeakMap<object, boolean>();
  /** Sorted field names of plain records seen, and where the first was. */
  private readonly plainShapes = new Map<string, string>();
  /** Sorted field names of recordType records seen: the type and where the first was. */
  private readonly typedShapes = new Map<string, { readonly name: string; readonly path: string }>();
  /** Record types whose fields are in typedShapes. */
  private readonly typesSeen = new Set<string>();

  /** What is wrong with `v` as a crank value, with the path inside it, or undefined when nothing is. */
  problem(v: unknown, path: Where): string | undefined {
    if (typeof v === 'object' && v !== null && this.walked.has(v)) return undefined;
    return this.check(v, path);
  }

  /** Whether `v` is, or holds, a plain object or array. */
  private holdsPlain(v: unknown): boolean {
    return typeof v === 'object' && v !== null && this.walked.get(v) === true;
  }

  /** The first plain value inside `v` (`v` holds one), and its path. */
  private firstPlain(v: unknown, path: Where): { readonly value: unknown; readonly path: Where } {
    if (isPlain(v)) return { value: v, path };
    if (isRecord(v)) {
      const rec = v as unknown as { toSeq(): Iterable<[string, unknown]> };
      for (const [field, x] of rec.toSeq()) if (this.holdsPlain(x)) return this.firstPlain(x, new Path(path, '.', field));
    } else if (isMap(v)) {
      for (const [k, x] of v as Iterable<[unknown, unknown]>) {
        if (this.holdsPlain(k)) return this.firstPlain(k, new Path(path, ' (a key)'));
        if (this.holdsPlain(x)) return this.firstPlain(x, new Path(path, '[', k, ']'));
      }
    } else {
      let i = 0;
      for (const x of v as Iterable<unknown>) {
        if (this.holdsPlain(x)) return this.firstPlain(x, isList(v) ? new Path(path, '[', i, ']') : new Path(path, ' (an element)'));
        i++;
      }
    }
    return { value: v, path };
  }

  /** A plain value inside a Set element or a Map key: immutable.js would compare it by reference. */
  private inKey(v: unknown, path: Where, what: Where): string | undefined {
    if (!this.holdsPlain(v)) return undefined;
    const at = this.firstPlain(v, path);
    return `${at.path} is a plain ${Array.isArray(at.value) ? 'array' : 'object'} inside ${what}: immutable.js compares plain objects and arrays by reference there, so two equal ones would count as two; make it a recordType record or an immutable.js List or Map, or keep plain values out of Sets and Map keys`;
  }

  private done(v: object, plain: boolean): undefined {
    this.walked.set(v, plain);
    return undefined;
  }

  private check(v: unknown, path: Where): string | undefined {
    switch (typeof v) {
      case 'string':
      case 'boolean':
        return undefined;
      case 'number':
        return Number.isSafeInteger(v) ? undefined : `${path} is ${v}: crank values are integers (TLA+ has no fractions); scale it, or use a string`;
      case 'undefined':
        return `${path} is undefined: every variable needs a value in every state`;
      case 'object': {
        // null is a value (it prints as NULL, as TLC's does).
        if (v === null) return undefined;
        if (isOrderedMap(v) || isOrderedSet(v)) return `${path} is an immutable.js ordered collection: use Map or Set (TLA+ functions and sets are unordered)`;
        if (isRecord(v)) {
          const name = IRecord.getDescriptiveName(v as Parameters<typeof IRecord.getDescriptiveName>[0]);
          const type = recordTypeNamed(name);
          if (type === undefined || !(v instanceof (type.factory as unknown as new () => object))) {
            return `${path} is an immutable.js Record not made with recordType(): use recordType('${name}', { … }) so crank can rebuild and print it`;
          }
          let plain = false;
          for (const field of type.fields) {
            const x = (v as unknown as { get(k: string): unknown }).get(field);
            const bad = this.problem(x, new Path(path, '.', field));
            if (bad !== undefined) return bad;
            plain ||= this.holdsPlain(x);
          }
          // A type's first record registers its fields; a plain record met later is checked against them.
          if (!this.typesSeen.has(name)) {
            const shape = [...type.fields].sort().join(', ');
            const mixed = this.plainShapes.get(shape);
            if (mixed !== undefined) return mixedRecords(path, `a ${name} record (recordType)`, `${mixed} (in this state or an earlier one) is a plain object with the same fields`, shape);
            this.typesSeen.add(name);
            if (!this.typedShapes.has(shape)) this.typedShapes.set(shape, { name, path: String(path) });
          }
          return this.done(v, plain);
        }
        if (isList(v) || isSet(v)) {
          let i = 0;
          let plain = false;
          for (const e of v as Iterable<unknown>) {
            const at = isList(v) ? new Path(path, '[', i, ']') : new Path(path, ' (an element)');
            const bad = this.problem(e, at) ?? (isSet(v) ? this.inKey(e, at, new Path('an element of the immutable.js Set ', '', path)) : undefined);
            if (bad !== undefined) return bad;
            plain ||= this.holdsPlain(e);
            i++;
          }
          return this.done(v, plain);
        }
        if (isMap(v)) {
          let plain = false;
          for (const [k, e] of v as Iterable<[unknown, unknown]>) {
            // Paths are spelt out only for a message: String(k) of a record key costs more than the check.
            const at = new Path(path, '[', k, ']');
            const asKey = new Path(path, ' (a key)');
            const bad = this.problem(k, asKey) ?? this.inKey(k, asKey, new Path('a key of the immutable.js Map ', '', path)) ?? this.problem(e, at);
            if (bad !== undefined) return bad;
            plain ||= this.holdsPlain(k) || this.holdsPlain(e);
          }
          return this.done(v, plain);
        }
        if (isImmutable(v)) return `${path} is an immutable.js ${(v as object).constructor?.name ?? 'collection'} that crank does not take: use List, Map, Set or a recordType record`;
        if (v instanceof Set) return `${path} is a JavaScript Set: use immutable.js Set (it compares by value)`;
        if (v instanceof Map) return `${path} is a JavaScript Map: use immutable.js Map (it compares by value)`;
        if (isPlainArray(v)) return this.checkArray(v, path);
        if (isPlainRecord(v)) return this.checkRecord(v, path);
        return `${path} is a ${(v as object).constructor?.name ?? 'class'} object, not a plain one: crank values are plain objects and arrays (as immer makes them), immutable.js collections and recordType records`;
      }
      default:
        return `${path} is a ${typeof v}: crank values are integers, strings, booleans and immutable.js collections`;
    }
  }

  /** A plain array (a sequence): its elements, and nothing else on it. */
  private checkArray(v: readonly unknown[], path: Where): string | undefined {
    if (Object.keys(v).length !== v.length) return `${path} is an array with holes or with properties besides its elements: a sequence is an array of its elements only`;
    for (let i = 0; i < v.length; i++) {
      const bad = this.problem(v[i], new Path(path, '[', i, ']'));
      if (bad !== undefined) return bad;
    }
    // Frozen, as immer's are, so that assigning into it throws (src/values/plain.ts).
    freezePlain(v);
    return this.done(v, true);
  }

  /** A plain object (a record): fields named as TLA+ names them, data properties only. */
  private checkRecord(v: Readonly<Record<string, unknown>>, path: Where): string | undefined {
    const keys = Reflect.ownKeys(v);
    for (const key of keys) {
      if (typeof key === 'symbol') return `${path} has a symbol key ${String(key)}: a plain object is a record, its fields named by strings`;
      const d = Object.getOwnPropertyDescriptor(v, key)!;
      if (!('value' in d) || !d.enumerable) return `${path}.${key} is ${'value' in d ? 'not enumerable' : 'a getter or setter'}: a record's fields are ordinary properties`;
      if (!isModelValueName(key)) return `${path} has a field '${key}', which is no TLA+ name: a plain object is a record, its fields are names; use an immutable.js Map for a function of other keys (or an array for a sequence)`;
    }
    for (const key of keys as string[]) {
      const bad = this.problem(v[key], new Path(path, '.', key));
      if (bad !== undefined) return bad;
    }
    const shape = [...(keys as string[])].sort().join(', ');
    const typed = this.typedShapes.get(shape);
    if (typed !== undefined && keys.length > 0) return mixedRecords(path, 'a plain object', `${typed.path} (in this state or an earlier one) is a ${typed.name} record (recordType) with the same fields`, shape);
    if (keys.length > 0 && !this.plainShapes.has(shape)) this.plainShapes.set(shape, String(path));
    freezePlain(v);
    return this.done(v, true);
  }
}

/** A plain record and a recordType record with the same fields in one model; `path` holds the one found last. */
function mixedRecords(path: Where, found: string, earlier: string, fields: string): string {
  return `${path} is ${found} with the fields ${fields}, and ${earlier}: crank counts them as different values although they print alike; build these records one way, all with recordType or all as plain objects`;
}

function describeState(spec: Spec<State, unknown>, state: State): string {
  const parts: string[] = [];
  for (const v of spec.variables) {
    let shown: string;
    try {
      shown = printValue(state[v]);
    } catch {
      shown = String(state[v]);
    }
    parts.push(`${v} = ${shown}`);
  }
  const text = parts.join(', ');
  return text.length > 300 ? `${text.slice(0, 300)}…` : text;
}

function eventText(spec: Spec<State, unknown>, event: unknown, state: State): string {
  try {
    return labelOf(spec, event, state);
  } catch {
    return String(event);
  }
}

/**
 * Throws when `state`'s keys are not exactly the model's variables, or a value is not a
 * crank value. A successor's variable that holds the very value of its input's (`input`)
 * was checked already: the input was itself checked as a successor or initial state.
 */
function checkStateShape(spec: Spec<State, unknown>, state: unknown, whereOf: () => string, variables: ReadonlySet<string>, values: ValueChecker, input?: State): void {
  // Messages are built only on failure: this runs on every successor while checking.
  let shown: string | undefined;
  const where = (): string => (shown ??= whereOf());
  if (typeof state !== 'object' || state === null || Array.isArray(state)) throw new ModelFault(`${where()} is ${state === null ? 'null' : Array.isArray(state) ? 'an array' : `a ${typeof state}`}, not a state object`);
  for (const v of spec.variables) {
    if (!Object.hasOwn(state, v)) throw new ModelFault(`${where()} has no variable '${v}' (declared in variables; every state must set every variable)`);
  }
  for (const key of Object.keys(state)) {
    if (!variables.has(key)) throw new ModelFault(`${where()} has a key '${key}' that is not a declared variable (variables: ${spec.variables.join(', ')})`);
  }
  for (const v of spec.variables) {
    const value = (state as State)[v];
    if (input !== undefined && value === input[v]) continue;
    const bad = values.problem(value, `variable ${v}`);
    if (bad !== undefined) throw new ModelFault(`${where()}: ${bad}`);
  }
}

/** Thrown by the watch proxy's traps: in sloppy-mode code a frozen object's assignment is silently dropped, a trap's throw is not. */
class MutationAttempt extends TypeError {}

const watchTraps: ProxyHandler<State> = {
  set: (_t, key) => {
    throw new MutationAttempt(`Cannot assign to read only property '${String(key)}'`);
  },
  // Object.freeze on the proxy (a test freezing what it is given) redefines each property as it already is: allowed.
  defineProperty: (target, key, descriptor) => {
    if (Reflect.defineProperty(target, key, descriptor)) return true;
    throw new MutationAttempt(`Cannot add property '${String(key)}'`);
  },
  deleteProperty: (_t, key) => {
    throw new MutationAttempt(`Cannot delete property '${String(key)}'`);
  },
};

function mutationMessage(err: unknown): string | undefined {
  if (!(err instanceof TypeError)) return undefined;
  const m = /Cannot (?:assign to read only property|add property|delete property) '?([^', ]+)'?/.exec(err.message);
  return m === null ? undefined : m[1];
}

// ---- Plain values given to next --------------------------------------------------------
//
// Plain values are frozen, so in strict-mode code an assignment into them throws. In
// sloppy-mode code (a .ts model file in a CommonJS folder) it would be ignored without a
// word, and the model would check something else than it says. So while checking, a
// state that holds plain values is given to `next` as a view whose plain variables, and
// the plain values inside them, are unfrozen copies, made when the variable is first
// read (a fresh copy for each call: immer freezes what it keeps of them): an assignment
// lands in a copy, and comparing the copies with the state afterwards finds it, in
// either mode. (Plain
// values inside immutable.js collections are not copied: an assignment into one throws
// in strict mode only.) A successor may keep parts of the copies; they equal the
// state's, and the hasher freezes them.

/** A copy of `v` whose plain containers reachable through plain containers are new and unfrozen. */
function copyPlain(v: unknown): unknown {
  if (typeof v !== 'object' || v === null) return v;
  if (isPlainArray(v)) return v.map(copyPlain);
  if (!isPlainRecord(v)) return v;
  const out = Object.create(Object.getPrototypeOf(v) as object | null) as Record<string, unknown>;
  for (const k of Object.keys(v)) Object.defineProperty(out, k, { value: copyPlain(v[k]), writable: true, enumerable: true, configurable: true });
  return out;
}

/** The plain variables of `state` (none: undefined). */
function plainVariables(variables: readonly string[], state: State): ReadonlySet<string> | undefined {
  let plain: Set<string> | undefined;
  for (const v of variables) if (isPlain(state[v])) (plain ??= new Set()).add(v);
  return plain;
}

/** What a view (below) copies from, and the copies it has made. */
interface ViewSource {
  readonly state: State;
  readonly plain: ReadonlySet<string>;
  readonly copies: Map<string, unknown>;
}

/** The views' targets and their sources; one handler serves every view. */
const viewSources = new WeakMap<object, ViewSource>();

/**
 * A variable's copy goes into the target the first time anything looks at it, so that
 * every trap (and Object.freeze, which immer applies to a recipe's unchanged base) sees
 * the target as it is.
 */
function materialize(target: Record<string, unknown>, key: string | symbol): void {
  const source = viewSources.get(target)!;
  if (typeof key !== 'string' || !source.plain.has(key) || source.copies.has(key)) return;
  const c = copyPlain(source.state[key]);
  source.copies.set(key, c);
  target[key] = c;
}

const viewTraps: ProxyHandler<Record<string, unknown>> = {
  ...(watchTraps as ProxyHandler<Record<string, unknown>>),
  get: (t, key, receiver) => {
    materialize(t, key);
    return Reflect.get(t, key, receiver);
  },
  getOwnPropertyDescriptor: (t, key) => {
    materialize(t, key);
    return Reflect.getOwnPropertyDescriptor(t, key);
  },
  defineProperty: (t, key, descriptor) => {
    materialize(t, key);
    return watchTraps.defineProperty!(t, key, descriptor);
  },
};

/**
 * What `next` is given for a state with plain variables: a watching proxy over a shallow
 * copy of the state (a proxy over a frozen object must give back its very properties)
 * whose plain variables are copied (copyPlain) when first read, so that an event that
 * reads one variable copies that one only. `copies` holds them for the comparison after.
 */
function plainView(state: State, plain: ReadonlySet<string>): { readonly view: State; readonly copies: Map<string, unknown> } {
  const target: Record<string, unknown> = { ...state };
  const copies = new Map<string, unknown>();
  viewSources.set(target, { state, plain, copies });
  return { view: new Proxy(target, viewTraps) as State, copies };
}

/** Where `copy` (made by copyPlain) no longer equals `original`, or undefined. */
function firstChange(original: unknown, copy: unknown, path: string): string | undefined {
  if (original === copy) return undefined;
  if (typeof original !== 'object' || original === null || typeof copy !== 'object' || copy === null) return path;
  if (isPlainArray(original)) {
    if (!Array.isArray(copy)) return path;
    for (let i = 0; i < Math.max(original.length, copy.length); i++) {
      const changed = i < original.length && i < copy.length ? firstChange(original[i], copy[i], `${path}[${i}]`) : `${path}[${i}]`;
      if (changed !== undefined) return changed;
    }
    return undefined;
  }
  if (isPlainRecord(original)) {
    const fields = copy as Record<string, unknown>;
    for (const k of Object.keys(fields)) if (!Object.hasOwn(original, k)) return `${path}.${k}`;
    for (const k of Object.keys(original)) {
      const changed = Object.hasOwn(fields, k) ? firstChange(original[k], fields[k], `${path}.${k}`) : `${path}.${k}`;
      if (changed !== undefined) return changed;
    }
    return undefined;
  }
  // Only plain values were copied: any other value that is not the same was replaced.
  return path;
}

export interface GuardOptions {
  /** Check every state, not only the first GUARDED_STATES. */
  readonly everyState: boolean;
}

/** The Spec with its functions guarded (see the top of this file). */
export function guardedSpec<S extends State, E>(spec: Spec<S, E>, options: GuardOptions): Spec<S, E> {
  const loose = spec as unknown as Spec<State, unknown>;
  const variables = new Set(spec.variables);
  const values = new ValueChecker();
  let budget = options.everyState ? Infinity : GUARDED_STATES;
  let lastInput: S | undefined;
  /** The plain variables of lastInput, while checking. */
  let lastPlain: ReadonlySet<string> | undefined;
  const changedInput = (what: string, property: string, state: State, err?: unknown): ModelFault =>
    new ModelFault(`${what} changed its input state (property ${property}): a model must build new states, never assign to the one it is given`, state, err);
  const fault = (what: string, state: State, err: unknown): ModelFault => {
    if (err instanceof ModelFault) return err;
    const mutated = mutationMessage(err);
    if (mutated !== undefined) return changedInput(what, mutated, state, err);
    const message = err instanceof Error ? err.message : String(err);
    return new ModelFault(`${what} threw: ${message}`, state, err);
  };
  const table = invariantTable(spec);
  const invariants: Record<string, { description: string; holds: (s: S) => boolean }> = {};
  for (const inv of table.values()) {
    invariants[inv.name] = {
      description: inv.description,
      holds: (s) => {
        let r: unknown;
        try {
          r = inv.holds(s);
        } catch (err) {
          throw fault(`invariant ${inv.name} on state ${describeState(loose, s)}`, s, err);
        }
        if (typeof r !== 'boolean') throw new ModelFault(`invariant ${inv.name} returned ${r === undefined ? 'undefined' : `a ${typeof r}`}, not true or false, on state ${describeState(loose, s)}`, s);
        return r;
      },
    };
  }
  // Over the Spec, not a copy of it: a model may be a class whose methods live on its prototype.
  const guarded = Object.create(spec) as Spec<S, E> & Record<string, unknown>;
  return Object.assign(guarded, {
    invariants,
    initialStates: (): S[] => {
      let inits: unknown;
      try {
        inits = spec.initialStates();
      } catch (err) {
        throw fault('initialStates()', {}, err);
      }
      if (!Array.isArray(inits)) throw new ModelFault(`initialStates() returned ${typeof inits}, not an array of states`);
      if (inits.length === 0) throw new ModelFault('initialStates() returned no state: a model needs at least one initial state');
      inits.forEach((s, i) => {
        checkStateShape(loose, s, () => `initial state ${i + 1}`, variables, values);
      });
      return inits as S[];
    },
    events: (state: S): readonly E[] => {
      try {
        const events = spec.events(state);
        if (budget > 0 && !Array.isArray(events)) throw new ModelFault(`events() returned ${typeof events}, not an array, on state ${describeState(loose, state)}`, state);
        return events;
      } catch (err) {
        throw fault(`events() on state ${describeState(loose, state)}`, state, err);
      }
    },
    next: (state: S, event: E): S[] => {
      // The budget counts states: `next` is called once per event of each state.
      if (state !== lastInput) {
        lastInput = state;
        if (budget > 0) budget--;
        lastPlain = budget > 0 || options.everyState ? plainVariables(spec.variables, state) : undefined;
      }
      const checking = budget > 0 || options.everyState;
      // While checking, the model gets a watching proxy whose traps throw, in strict and
      // sloppy-mode code alike (a model file loaded as CommonJS is sloppy). States are
      // not frozen: frozen objects take other hidden classes and slow the whole run.
      // A state with plain values is given as a copy of them (see copyPlain).
      const copied = checking && lastPlain !== undefined ? plainView(state, lastPlain) : undefined;
      const given = checking ? ((copied?.view ?? new Proxy(state, watchTraps)) as S) : state;
      let succs: unknown;
      try {
        succs = spec.next(given, event);
      } catch (err) {
        throw fault(`next(state, ${eventText(loose, event, state)}) on state ${describeState(loose, state)}`, state, err);
      }
      if (copied !== undefined) {
        for (const [v, copy] of copied.copies) {
          const changed = firstChange(state[v], copy, v);
          if (changed !== undefined) throw changedInput(`next(state, ${eventText(loose, event, state)}) on state ${describeState(loose, state)}`, changed, state);
        }
      }
      if (checking) {
        if (!Array.isArray(succs)) {
          throw new ModelFault(`next(state, ${eventText(loose, event, state)}) returned ${succs === undefined ? 'undefined' : `a ${typeof succs}`}, not an array of states (return [] when the event is not enabled)`, state);
        }
        const list = succs as unknown[];
        const where = (): string => `a successor of next(state, ${eventText(loose, event, state)})`;
        for (let i = 0; i < list.length; i++) {
          // The input itself, returned as a successor: the state, not its proxy.
          if (list[i] === given) list[i] = state;
          checkStateShape(loose, list[i], where, variables, values, state);
        }
      }
      return succs as S[];
    },
  });
}
