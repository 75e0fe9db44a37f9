// Reading a history file: JSON lines, one event per line, the shape Jepsen and Maelstrom
// record (`{"process": 0, "type": "invoke", "f": "write", "key": "x", "value": 1}`).
// Blank lines are skipped; other fields are allowed and ignored by the check (Jepsen's
// `time`, if every event has a numeric one, labels the picture's time axis). Every
// problem is reported with its line and column.
import { parseJson, jsonKind, type JsonNode } from '../tla/json.ts';
import { TraceSyntaxError } from '../tla/errors.ts';
import type { EventType, HistoryEvent, LinValue } from './history.ts';
import { REGISTER_FUNCTIONS } from './specs.ts';

const TYPES: readonly EventType[] = ['invoke', 'ok', 'fail', 'info'];

export interface ReadHistory {
  readonly events: readonly HistoryEvent[];
  /** The line (from 1) each event is on. */
  readonly lines: readonly number[];
  /** Each event's `time` field, if every event has a numeric one (for pictures only). */
  readonly times?: readonly number[];
}

/** A malformed history line: `problem` at `line`:`col` (both from 1). */
export class HistorySyntaxError extends Error {
  constructor(
    message: string,
    readonly line: number,
    readonly col: number,
  ) {
    super(message);
  }

  format(file: string): string {
    return `${file}:${this.line}:${this.col}: ${this.message}`;
  }
}

export function readHistory(text: string): ReadHistory {
  const events: HistoryEvent[] = [];
  const lines: number[] = [];
  const times: number[] = [];
  const rows = text.split('\n');
  rows.forEach((raw, i) => {
    const row = raw.endsWith('\r') ? raw.slice(0, -1) : raw;
    if (row.trim() === '') return;
    const line = i + 1;
    let node: JsonNode;
    try {
      node = parseJson(row);
    } catch (err) {
      if (err instanceof TraceSyntaxError) throw new HistorySyntaxError(err.message, line, err.col);
      throw err;
    }
    events.push(eventOf(node, line));
    lines.push(line);
    const time = node.kind === 'object' ? node.entries.get('time') : undefined;
    if (time?.kind === 'number') times.push(time.value);
  });
  return times.length === events.length && events.length > 0 ? { events, lines, times } : { events, lines };
}

function eventOf(node: JsonNode, line: number): HistoryEvent {
  const at = (n: JsonNode, message: string): never => {
    throw new HistorySyntaxError(message, line, n.pos + 1);
  };
  if (node.kind !== 'object') return at(node, `expected an event object, found ${jsonKind(node)}`);
  const field = (name: string): JsonNode | undefined => node.entries.get(name);
  const required = (name: string): JsonNode => field(name) ?? at(node, `the event has no "${name}" field`);
  const process = required('process');
  if (process.kind !== 'string' && process.kind !== 'number') at(process, `"process" must be a string or a number, found ${jsonKind(process)}`);
  const type = required('type');
  if (type.kind !== 'string' || !TYPES.includes(type.value as EventType)) at(type, `"type" must be one of ${TYPES.join(', ')}`);
  const f = required('f');
  if (f.kind !== 'string' || !REGISTER_FUNCTIONS.includes(f.value)) at(f, `"f" must be one of ${REGISTER_FUNCTIONS.join(', ')}`);
  const key = field('key');
  if (key !== undefined && key.kind !== 'string' && key.kind !== 'number' && key.kind !== 'null') at(key, `"key" must be a string, a number or null, found ${jsonKind(key)}`);
  const value = field('value');
  return {
    process: (process as { value: string | number }).value,
    type: (type as { value: string }).value as EventType,
    f: (f as { value: string }).value,
    ...(key !== undefined ? { key: key.kind === 'null' ? null : (key as { value: string | number }).value } : {}),
    ...(value !== undefined ? { value: plain(value, line) } : {}),
  };
}

/** A JSON node as a plain value (objects are not values a register holds: refused). */
function plain(n: JsonNode, line: number): LinValue {
  switch (n.kind) {
    case 'null':
      return null;
    case 'string':
    case 'number':
    case 'boolean':
      return n.value;
    case 'array':
      return n.items.map((item) => plain(item, line));
    case 'object':
      throw new HistorySyntaxError('a value must be null, a number, a string, a boolean or an array, not an object', line, n.pos + 1);
  }
}
