// TLA+ values printed the way TLC prints them in an error trace.
//
// TLC first renders a value on one line (`(r1 :> 1 @@ r2 :> 2)`, `[mtype |-> X, mterm
// |-> 2]`, `<<a, b>>`, `{a, b}`), and when that line is wider than 80 columns it lays
// the value out over several lines: the outermost collection opens with a padded
// delimiter (`( `, `[ `, `{ `, `<< `), puts one element or pair per line indented under
// the first, and closes with ` )`, ` ]`, ` }`, ` >>`. A pair whose key and value do
// not fit on one line puts the value on the next line, four columns further in. The
// width counts the value only, not the `/\ var = ` in front of it. `pretty` below
// follows those rules, so crank's lines equal TLC's for equal values printed in the
// same element order.
import type { TlaValue } from './value.ts';

/** TLC's default line width for values in traces. */
export const TLC_WIDTH = 80;

const flatCache = new WeakMap<object, string>();

function quote(s: string): string {
  return `"${s.replace(/\\/g, '\\\\').replace(/"/g, '\\"').replace(/\n/g, '\\n').replace(/\t/g, '\\t').replace(/\r/g, '\\r')}"`;
}

/** The one-line form of a value, as TLC's toString gives it. */
export function flat(v: TlaValue): string {
  switch (typeof v) {
    case 'number':
      return String(v);
    case 'boolean':
      return v ? 'TRUE' : 'FALSE';
    case 'string':
      return v;
  }
  const hit = flatCache.get(v);
  if (hit !== undefined) return hit;
  let out: string;
  switch (v.t) {
    case 'str':
      out = quote(v.v);
      break;
    case 'set':
      out = `{${v.elems.map(flat).join(', ')}}`;
      break;
    case 'seq':
      out = `<<${v.elems.map(flat).join(', ')}>>`;
      break;
    case 'fcn':
      out = `(${v.keys.map((k, i) => `${flat(k)} :> ${flat(v.vals[i]!)}`).join(' @@ ')})`;
      break;
    case 'rec':
      out = `[${v.names.map((n, i) => `${n} |-> ${flat(v.vals[i]!)}`).join(', ')}]`;
      break;
  }
  flatCache.set(v, out);
  return out;
}

interface Layout {
  readonly open: string;
  readonly close: string;
  readonly sep: string;
  /** Between a key and its value (pairs only). */
  readonly div: string;
}

const SET: Layout = { open: '{ ', close: ' }', sep: ',', div: '' };
const SEQ: Layout = { open: '<< ', close: ' >>', sep: ',', div: '' };
const FCN: Layout = { open: '( ', close: ' )', sep: ' @@', div: ' :>' };
const REC: Layout = { open: '[ ', close: ' ]', sep: ',', div: ' |->' };
/** Extra indentation of a pair's value when it goes on its own line. */
const VALUE_INDENT = '    ';

/**
 * `v` laid out within `width` columns, keeping `trailer` columns free at the end of its
 * last line (for the closing delimiters and separators that follow it); lines after
 * the first start with `indent`.
 */
function layout(v: TlaValue, width: number, trailer: number, indent: string): string {
  const one = flat(v);
  if (one.length <= width - trailer || typeof v !== 'object' || v.t === 'str') return one;
  switch (v.t) {
    case 'set':
      return list(v.elems, SET, width, trailer, indent);
    case 'seq':
      return list(v.elems, SEQ, width, trailer, indent);
    case 'fcn':
      return pairs(v.keys.map(flat), v.keys, v.vals, FCN, width, trailer, indent);
    case 'rec':
      return pairs(v.names, v.names, v.vals, REC, width, trailer, indent);
  }
}

function list(elems: readonly TlaValue[], l: Layout, width: number, trailer: number, indent: string): string {
  const inner = width - l.open.length;
  const innerIndent = indent + ' '.repeat(l.open.length);
  const last = elems.length - 1;
  const parts = elems.map((e, i) =>
    i < last ? layout(e, inner, l.sep.length, innerIndent) + l.sep + '\n' + innerIndent : layout(e, inner, trailer + l.close.length, innerIndent),
  );
  return l.open + parts.join('') + l.close;
}

function pairs(
  keyText: readonly string[],
  keys: readonly TlaValue[],
  vals: readonly TlaValue[],
  l: Layout,
  width: number,
  trailer: number,
  indent: string,
): string {
  const inner = width - l.open.length;
  const innerIndent = indent + ' '.repeat(l.open.length);
  const valueIndent = innerIndent + VALUE_INDENT;
  const closeTrailer = trailer + l.close.length;
  const last = keys.length - 1;
  let out = l.open;
  for (let i = 0; i <= last; i++) {
    const k = keyText[i]!;
    const v = vals[i]!;
    const isLast = i === last;
    // What must stay free after this pair: the separator, or the closing delimiters.
    const after = isLast ? closeTrailer : l.sep.length;
    const oneLine = k.length + l.div.length + 1 + flat(v).length;
    if (isLast ? oneLine <= inner - closeTrailer : oneLine + l.sep.length <= inner) {
      out += `${k}${l.div} ${flat(v)}`;
    } else {
      // The key on its own line (laid out itself if even that does not fit), the value
      // under it, indented.
      const key = k.length + l.div.length <= inner ? k : layout(keys[i]!, inner, closeTrailer + l.div.length, innerIndent);
      out += `${key}${l.div}\n${valueIndent}${layout(v, inner - VALUE_INDENT.length, after, valueIndent)}`;
    }
    if (!isLast) out += `${l.sep}\n${innerIndent}`;
  }
  return out + l.close;
}

/** A value as TLC prints it after `/\ var = ` (possibly over several lines). */
export function pretty(v: TlaValue, width = TLC_WIDTH): string {
  return layout(v, width, 0, '');
}

/** A state's `/\ var = value` lines, variables in the given order. */
export function stateLines(variables: readonly string[], state: ReadonlyMap<string, TlaValue>, width = TLC_WIDTH): string[] {
  const out: string[] = [];
  for (const name of variables) {
    const v = state.get(name);
    if (v === undefined) continue;
    out.push(...`/\\ ${name} = ${pretty(v, width)}`.split('\n'));
  }
  return out;
}
