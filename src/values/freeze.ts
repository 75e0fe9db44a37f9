// Deep-freezing for tests: a model must never mutate the state it is given, so tests
// hand it frozen states and any mutation throws (ES modules run in strict mode).
import { isImmutable } from 'immutable';

export function deepFreeze<T>(value: T, seen = new WeakSet<object>()): T {
  if (typeof value !== 'object' || value === null || seen.has(value)) return value;
  // Typed arrays cannot be frozen; the only ones inside states are the engine's cached
  // encodings (beside a node's hash), never a model's value.
  if (ArrayBuffer.isView(value)) return value;
  seen.add(value);
  // immutable.js caches its own hash lazily on the object; compute it before freezing so
  // that a later lookup does not try to write to a frozen object.
  if (isImmutable(value)) (value as unknown as { hashCode(): number }).hashCode();
  for (const key of Reflect.ownKeys(value)) {
    deepFreeze((value as Record<string | symbol, unknown>)[key], seen);
  }
  return Object.freeze(value);
}
