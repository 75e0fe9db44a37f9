// A parser for TLA+ values as TLC prints them: integers, TRUE/FALSE, model values,
// "strings", sets `{a, b}`, sequences `<<a, b>>`, functions `(k :> v @@ k2 :> v2)`,
// records `[f |-> v, g |-> w]` and integer intervals `1..3`, laid out over any number
// of lines. Every error carries the line and column where the input went wrong.
import { describeAt, TraceSyntaxError } from './errors.ts';
import { tlaFcn, tlaRec, tlaSeq, tlaSet, tlaString, canon, type TlaValue } from './value.ts';

/** Nesting deeper than this is refused rather than overflowing the stack. */
const MAX_DEPTH = 500;
/** Largest interval `a..b` expanded into a set. */
const MAX_INTERVAL = 100_000;

const IDENT_START = /[A-Za-z_]/;
const IDENT_CHAR = /[A-Za-z0-9_]/;

/** A cursor over a text, with the value grammar and a few token helpers for the trace readers. */
export class TlaScanner {
  pos: number;

  constructor(
    readonly text: string,
    start = 0,
  ) {
    this.pos = start;
  }

  error(message: string, at = this.pos): TraceSyntaxError {
    return TraceSyntaxError.at(this.text, at, message);
  }

  atEnd(): boolean {
    return this.pos >= this.text.length;
  }

  peek(n = 0): string {
    return this.text[this.pos + n] ?? '';
  }

  startsWith(s: string): boolean {
    return this.text.startsWith(s, this.pos);
  }

  /** Skips spaces, tabs and line breaks. */
  skipSpace(): void {
    const t = this.text;
    let p = this.pos;
    while (p < t.length) {
      const c = t.charCodeAt(p);
      if (c === 32 || c === 9 || c === 10 || c === 13) p++;
      else break;
    }
    this.pos = p;
  }

  /** Skips spaces and tabs only. */
  skipBlanks(): void {
    const t = this.text;
    let p = this.pos;
    while (p < t.length && (t[p] === ' ' || t[p] === '\t')) p++;
    this.pos = p;
  }

  /** Consumes `s` (after whitespace) or fails with "expected … in `where`". */
  expect(s: string, where: string): void {
    this.skipSpace();
    if (!this.startsWith(s)) throw this.error(`expected '${s}' ${where}, found ${describeAt(this.text, this.pos)}`);
    this.pos += s.length;
  }

  /** Consumes `s` if it comes next (after whitespace). */
  accept(s: string): boolean {
    this.skipSpace();
    if (!this.startsWith(s)) return false;
    this.pos += s.length;
    return true;
  }

  identifier(what: string): string {
    this.skipSpace();
    const start = this.pos;
    if (!IDENT_START.test(this.peek())) throw this.error(`expected ${what}, found ${describeAt(this.text, this.pos)}`);
    let p = this.pos + 1;
    while (p < this.text.length && IDENT_CHAR.test(this.text[p]!)) p++;
    this.pos = p;
    return this.text.slice(start, p);
  }

  /** One value, starting after optional whitespace. */
  value(depth = 0): TlaValue {
    if (depth > MAX_DEPTH) throw this.error(`values nested more than ${MAX_DEPTH} deep`);
    this.skipSpace();
    const c = this.peek();
    if (c === '{') {
      this.pos++;
      return tlaSet(this.elements('}', 'a set', depth));
    }
    if (c === '<' && this.peek(1) === '<') {
      this.pos += 2;
      return tlaSeq(this.elements('>>', 'a sequence', depth));
    }
    if (c === '[') {
      this.pos++;
      return this.record(depth);
    }
    if (c === '(') {
      this.pos++;
      return this.fcn(depth);
    }
    if (c === '"') return this.string();
    if (c === '-' || (c >= '0' && c <= '9')) return this.numberOrInterval();
    if (IDENT_START.test(c)) {
      const name = this.identifier('a value');
      if (name === 'TRUE') return true;
      if (name === 'FALSE') return false;
      return name;
    }
    throw this.error(`expected a value, found ${describeAt(this.text, this.pos)}`);
  }

  private elements(close: string, what: string, depth: number): TlaValue[] {
    const out: TlaValue[] = [];
    if (this.accept(close)) return out;
    for (;;) {
      out.push(this.value(depth + 1));
      if (this.accept(close)) return out;
      this.skipSpace();
      if (!this.accept(',')) throw this.error(`expected ',' or '${close}' in ${what}, found ${describeAt(this.text, this.pos)}`);
    }
  }

  private record(depth: number): TlaValue {
    const names: string[] = [];
    const vals: TlaValue[] = [];
    for (;;) {
      const at = (this.skipSpace(), this.pos);
      const name = this.identifier('a record field name');
      if (names.includes(name)) throw this.error(`field ${name} appears twice in a record`, at);
      this.expect('|->', `after field ${name}`);
      names.push(name);
      vals.push(this.value(depth + 1));
      if (this.accept(']')) break;
      if (!this.accept(',')) throw this.error(`expected ',' or ']' in a record, found ${describeAt(this.text, this.pos)}`);
    }
    return tlaRec(names, vals);
  }

  private fcn(depth: number): TlaValue {
    const pairs: [TlaValue, TlaValue][] = [];
    const seen = new Map<string, string>();
    for (;;) {
      const at = (this.skipSpace(), this.pos);
      const key = this.value(depth + 1);
      this.expect(':>', 'between a function argument and its value');
      const val = this.value(depth + 1);
      const k = canon(key);
      const before = seen.get(k);
      if (before !== undefined && before !== canon(val)) throw this.error('a function maps the same argument to two values', at);
      seen.set(k, canon(val));
      pairs.push([key, val]);
      if (this.accept(')')) break;
      if (!this.accept('@@')) throw this.error(`expected '@@' or ')' in a function, found ${describeAt(this.text, this.pos)}`);
    }
    return tlaFcn(pairs);
  }

  private string(): TlaValue {
    const start = this.pos;
    this.pos++;
    let out = '';
    for (;;) {
      if (this.atEnd()) throw this.error('unterminated string', start);
      const c = this.text[this.pos++]!;
      if (c === '"') return tlaString(out);
      if (c === '\n') throw this.error('unterminated string', start);
      if (c === '\\') {
        const e = this.text[this.pos++];
        const map: Record<string, string> = { n: '\n', t: '\t', r: '\r', f: '\f', '"': '"', '\\': '\\' };
        if (e === undefined || map[e] === undefined) throw this.error(`unknown escape in a string`, this.pos - 2);
        out += map[e];
      } else out += c;
    }
  }

  private integer(): number {
    const start = this.pos;
    if (this.peek() === '-') this.pos++;
    const digits = this.pos;
    while (this.peek() >= '0' && this.peek() <= '9') this.pos++;
    if (this.pos === digits) throw this.error(`expected a number, found ${describeAt(this.text, this.pos)}`);
    if (IDENT_CHAR.test(this.peek())) throw this.error(`unexpected ${describeAt(this.text, this.pos)} after a number`);
    const n = Number(this.text.slice(start, this.pos));
    if (!Number.isSafeInteger(n)) throw this.error('integer out of range', start);
    return n;
  }

  private numberOrInterval(): TlaValue {
    const start = this.pos;
    const lo = this.integer();
    if (!this.startsWith('..')) return lo;
    this.pos += 2;
    const hi = this.integer();
    if (hi - lo + 1 > MAX_INTERVAL) throw this.error(`interval ${lo}..${hi} is too large`, start);
    const elems: number[] = [];
    for (let i = lo; i <= hi; i++) elems.push(i);
    return tlaSet(elems);
  }
}

/** Parses a text that holds exactly one value. */
export function parseTlaValue(text: string): TlaValue {
  const s = new TlaScanner(text);
  const v = s.value();
  s.skipSpace();
  if (!s.atEnd()) throw s.error(`unexpected ${describeAt(text, s.pos)} after the value`);
  return v;
}
