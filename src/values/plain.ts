// Plain objects and arrays as crank values: what immer's `produce` returns.
//
// A plain object (its prototype is Object.prototype or null) is a TLA+ record whose
// fields are its own keys; a plain array is a TLA+ sequence. They are values like the
// immutable.js ones, with these rules (docs/writing-a-model.md, "Models written with
// immer"):
// - A record is equal to another plain record with the same fields and values, whatever
//   the order of its keys: the hasher combines fields commutatively. It is never equal to
//   a `recordType` record (a record type's name is part of its identity, as two record
//   types with the same fields are different types); the model guard refuses a model
//   that holds both with the same fields, since they would print alike and count apart.
// - An array is equal to the immutable.js List with the same elements: both are the same
//   sequence and hash alike, so a model that mixes them still counts TLA+'s states.
// - Plain values are frozen: immer freezes what it returns, and crank freezes a plain
//   value the first time it hashes or checks one (shallowly; its children are frozen as
//   they are reached), so that a `next` that assigns into its input throws instead of
//   changing a state already counted (in strict-mode code; for sloppy-mode code, where
//   the assignment would be ignored, the model guard hands `next` copies and compares). Being frozen, they keep their hash in the hasher's
//   WeakMap; immer's structural sharing keeps unchanged parts the same objects, so the
//   cache serves successors as it does for immutable.js collections.
// - Inside an immutable.js Set element or Map key a plain value is refused: immutable.js
//   compares plain objects by reference there, so two equal records would be two
//   elements.
//
// This module only recognises them; each value kind's dispatch (hash.ts, codec.ts,
// src/tla/value.ts, the trace formats, the model guard) has one branch for them.

/** Whether `v` is a plain object (a TLA+ record): not an array, prototype Object.prototype or null. */
export function isPlainRecord(v: object): v is Readonly<Record<string, unknown>> {
  const proto = Object.getPrototypeOf(v) as unknown;
  return (proto === Object.prototype || proto === null) && !Array.isArray(v);
}

/** Whether `v` is a plain array (a TLA+ sequence), not a subclass of Array. */
export function isPlainArray(v: object): v is readonly unknown[] {
  return Array.isArray(v) && Object.getPrototypeOf(v) === Array.prototype;
}

/** Whether `v` is a plain object or a plain array. */
export function isPlain(v: unknown): v is object {
  return typeof v === 'object' && v !== null && (isPlainArray(v) || isPlainRecord(v));
}

/**
 * Freezes a plain value's own properties (not its children: they are frozen as the
 * hasher or the guard reaches them). A no-op on immer's results, which are frozen.
 */
export function freezePlain(v: object): void {
  if (!Object.isFrozen(v)) Object.freeze(v);
}

/** A frozen plain record with these fields, in this order (for decoders). */
export function plainRecord(names: readonly string[], values: readonly unknown[]): Readonly<Record<string, unknown>> {
  // fromEntries defines own properties: a field named __proto__ stays a field.
  return Object.freeze(Object.fromEntries(names.map((n, i) => [n, values[i]])));
}

/** `elems`, frozen: a plain array value (for decoders, which hand over an array they built). */
export function plainArray(elems: unknown[]): readonly unknown[] {
  return Object.freeze(elems);
}
