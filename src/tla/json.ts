// A strict JSON parser that remembers where every value starts, so that a trace file in
// ITF or crank's JSON can be rejected with the line and column of the problem (the
// built-in JSON.parse gives neither reliably).
import { describeAt, TraceSyntaxError } from './errors.ts';

export type JsonNode =
  | { readonly kind: 'object'; readonly pos: number; readonly entries: ReadonlyMap<string, JsonNode>; readonly keyPos: ReadonlyMap<string, number> }
  | { readonly kind: 'array'; readonly pos: number; readonly items: readonly JsonNode[] }
  | { readonly kind: 'string'; readonly pos: number; readonly value: string }
  | { readonly kind: 'number'; readonly pos: number; readonly value: number; readonly raw: string }
  | { readonly kind: 'boolean'; readonly pos: number; readonly value: boolean }
  | { readonly kind: 'null'; readonly pos: number };

const MAX_DEPTH = 500;

/** Parses a whole text as one JSON value. */
export function parseJson(text: string): JsonNode {
  let pos = 0;

  const fail = (message: string, at = pos): never => {
    throw TraceSyntaxError.at(text, at, message);
  };

  const space = (): void => {
    while (pos < text.length) {
      const c = text.charCodeAt(pos);
      if (c === 32 || c === 9 || c === 10 || c === 13) pos++;
      else break;
    }
  };

  const str = (): string => {
    const start = pos;
    pos++;
    let out = '';
    for (;;) {
      if (pos >= text.length) return fail('unterminated string', start);
      const c = text[pos]!;
      if (c === '"') {
        pos++;
        return out;
      }
      if (c.charCodeAt(0) < 32) return fail('control character in a string');
      if (c === '\\') {
        const e = text[pos + 1];
        const simple: Record<string, string> = { '"': '"', '\\': '\\', '/': '/', b: '\b', f: '\f', n: '\n', r: '\r', t: '\t' };
        if (e !== undefined && simple[e] !== undefined) {
          out += simple[e];
          pos += 2;
        } else if (e === 'u' && /^[0-9a-fA-F]{4}$/.test(text.slice(pos + 2, pos + 6))) {
          out += String.fromCharCode(parseInt(text.slice(pos + 2, pos + 6), 16));
          pos += 6;
        } else return fail('bad escape in a string');
      } else {
        out += c;
        pos++;
      }
    }
  };

  const value = (depth: number): JsonNode => {
    if (depth > MAX_DEPTH) fail(`JSON nested more than ${MAX_DEPTH} deep`);
    space();
    const start = pos;
    const c = text[pos];
    if (c === '{') {
      pos++;
      const entries = new Map<string, JsonNode>();
      const keyPos = new Map<string, number>();
      space();
      if (text[pos] === '}') {
        pos++;
        return { kind: 'object', pos: start, entries, keyPos };
      }
      for (;;) {
        space();
        if (text[pos] !== '"') fail(`expected a property name in an object, found ${describeAt(text, pos)}`);
        const at = pos;
        const key = str();
        if (entries.has(key)) fail(`property "${key}" appears twice`, at);
        space();
        if (text[pos] !== ':') fail(`expected ':' after property "${key}", found ${describeAt(text, pos)}`);
        pos++;
        keyPos.set(key, at);
        entries.set(key, value(depth + 1));
        space();
        if (text[pos] === ',') {
          pos++;
          continue;
        }
        if (text[pos] === '}') {
          pos++;
          return { kind: 'object', pos: start, entries, keyPos };
        }
        fail(`expected ',' or '}' in an object, found ${describeAt(text, pos)}`);
      }
    }
    if (c === '[') {
      pos++;
      const items: JsonNode[] = [];
      space();
      if (text[pos] === ']') {
        pos++;
        return { kind: 'array', pos: start, items };
      }
      for (;;) {
        items.push(value(depth + 1));
        space();
        if (text[pos] === ',') {
          pos++;
          continue;
        }
        if (text[pos] === ']') {
          pos++;
          return { kind: 'array', pos: start, items };
        }
        fail(`expected ',' or ']' in an array, found ${describeAt(text, pos)}`);
      }
    }
    if (c === '"') return { kind: 'string', pos: start, value: str() };
    const num = /^-?(0|[1-9][0-9]*)(\.[0-9]+)?([eE][+-]?[0-9]+)?/.exec(text.slice(pos, pos + 400));
    if (num !== null && num[0] !== '-' && num[0].length > 0) {
      pos += num[0].length;
      return { kind: 'number', pos: start, value: Number(num[0]), raw: num[0] };
    }
    for (const [word, node] of [
      ['true', { kind: 'boolean', pos: start, value: true }],
      ['false', { kind: 'boolean', pos: start, value: false }],
      ['null', { kind: 'null', pos: start }],
    ] as const) {
      if (text.startsWith(word, pos) && !/[A-Za-z0-9_]/.test(text[pos + word.length] ?? '')) {
        pos += word.length;
        return node;
      }
    }
    return fail(`expected a JSON value, found ${describeAt(text, pos)}`);
  };

  const root = value(0);
  space();
  if (pos < text.length) fail(`unexpected ${describeAt(text, pos)} after the JSON value`);
  return root;
}

/** A human name for a node's kind, for messages. */
export function jsonKind(n: JsonNode): string {
  return n.kind === 'object' ? 'an object' : n.kind === 'array' ? 'an array' : n.kind === 'null' ? 'null' : `a ${n.kind}`;
}
