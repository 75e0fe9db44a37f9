// The defaults of a Spec's optional parts, in one place: every reader of a Spec (the
// engine, traces, the command line) goes through these, so a model may leave out what
// it does not need, and a user-given name is looked up among own entries only (a Map:
// `--inv toString` names no invariant).
import type { Spec, State, StateLike } from './spec.ts';
import { printValue } from './values/print.ts';
import { stringPolicyOf } from './tla/value.ts';
import { isRecord } from 'immutable';

/** An invariant with its defaults filled in. */
export interface NamedInvariant<S extends StateLike = State> {
  readonly name: string;
  readonly description: string;
  readonly holds: (state: S) => boolean;
}

const tables = new WeakMap<object, ReadonlyMap<string, NamedInvariant<never>>>();

/** The model's invariants by name, in declaration order. */
export function invariantTable<S extends StateLike>(spec: Spec<S, unknown>): ReadonlyMap<string, NamedInvariant<S>> {
  const known = tables.get(spec);
  if (known !== undefined) return known as ReadonlyMap<string, NamedInvariant<S>>;
  const table = new Map<string, NamedInvariant<S>>();
  for (const [name, inv] of Object.entries(spec.invariants ?? {})) {
    table.set(name, typeof inv === 'function' ? { name, description: '', holds: inv } : { name, description: inv.description ?? '', holds: inv.holds });
  }
  tables.set(spec, table as ReadonlyMap<string, NamedInvariant<never>>);
  return table;
}

/** The invariants checked when the user names none: the model's `defaultInvariants`, else all. */
export function defaultInvariantNames<S extends StateLike>(spec: Spec<S, unknown>): readonly string[] {
  return spec.defaultInvariants ?? [...invariantTable(spec).keys()];
}

/** How `event` prints in a trace: the model's `eventLabel`, or a readable default. */
export function labelOf<S extends StateLike, E>(spec: Spec<S, E>, event: E, state: S): string {
  return spec.eventLabel !== undefined ? spec.eventLabel(event, state) : defaultEventLabel(event, spec);
}

/**
 * A readable rendering of an event: a string as it is; an object or record with a
 * string `type` (or `kind`, `name`, `action`) field as `Type(arg, …)` of its other
 * fields; anything else TLA+-printed.
 */
export function defaultEventLabel(event: unknown, spec?: { readonly modelValues?: readonly string[] }): string {
  if (typeof event === 'string') return event;
  if (typeof event === 'number' || typeof event === 'boolean') return String(event);
  const policy = spec === undefined ? undefined : stringPolicyOf(spec);
  const fields = plainFields(event);
  if (fields !== undefined) {
    const tagKey = ['type', 'kind', 'name', 'action'].find((k) => typeof fields[k] === 'string');
    if (tagKey !== undefined) {
      const args = Object.entries(fields).filter(([k]) => k !== tagKey);
      const shown = args.map(([, v]) => (typeof v === 'string' ? v : printValue(v, policy)));
      return `${fields[tagKey] as string}${shown.length > 0 ? `(${shown.join(', ')})` : ''}`;
    }
  }
  try {
    return printValue(event, policy);
  } catch {
    return String(event);
  }
}

function plainFields(event: unknown): Readonly<Record<string, unknown>> | undefined {
  if (typeof event !== 'object' || event === null) return undefined;
  if (isRecord(event)) return (event as unknown as { toObject(): Record<string, unknown> }).toObject();
  if (Object.getPrototypeOf(event) === Object.prototype) return event as Record<string, unknown>;
  return undefined;
}
