// The one layer that reads options from the command line. Each command declares its
// options once, as a table; this module scans the raw arguments against that table and
// returns typed values, or refuses with one line naming the option. yargs renders the
// help from the same table (src/cli/help.ts), but does not parse: its parser accepts
// what crank's contract refuses (`--json=no`, `--no-bfs`, a value option with no value,
// an option given twice) and reports `NaN` for `--workers abc`.
import { parseSize } from '../../checker/limits.ts';
import { UsageError } from './errors.ts';

export type OptionKind =
  /** A switch: `--json`; `--no-json` only when `negatable`. */
  | 'flag'
  /** An integer, echoed as typed when it is not one. */
  | 'int'
  /** A positive number (seconds). */
  | 'number'
  /** A memory size: 512M, 4G. */
  | 'size'
  | 'string'
  /** One of `choices`. */
  | 'choice'
  /** A string that may be given several times (`--inv A --inv B`). */
  | 'list';

export interface OptionDef {
  /** The long name, without dashes: `max-depth`. */
  readonly name: string;
  readonly kind: OptionKind;
  readonly describe: string;
  readonly min?: number;
  readonly max?: number;
  readonly choices?: readonly string[];
  /** A flag that also has a `--no-` form (its default is on, or per model). */
  readonly negatable?: boolean;
  /** The default, as help shows it. */
  readonly defaultText?: string;
  /** The help section it is listed under. */
  readonly group?: string;
  /** A one-letter alias: `h` for `help`. */
  readonly alias?: string;
}

export type OptionValue = string | number | boolean | readonly string[];

/** Typed option values by long name; absent when not given. */
export class ParsedOptions {
  constructor(private readonly values: ReadonlyMap<string, OptionValue>) {}

  has(name: string): boolean {
    return this.values.has(name);
  }

  flag(name: string): boolean | undefined {
    return this.values.get(name) as boolean | undefined;
  }

  int(name: string): number | undefined {
    return this.values.get(name) as number | undefined;
  }

  number(name: string): number | undefined {
    return this.values.get(name) as number | undefined;
  }

  string(name: string): string | undefined {
    return this.values.get(name) as string | undefined;
  }

  list(name: string): readonly string[] | undefined {
    return this.values.get(name) as readonly string[] | undefined;
  }

  /** Every given option, in the form a user would type it again (for reproduce lines). */
  entries(): IterableIterator<[string, OptionValue]> {
    return this.values.entries();
  }
}

export interface ScannedArgs {
  readonly positionals: readonly string[];
  readonly options: ParsedOptions;
  /** `--help` or `-h` was given. */
  readonly help: boolean;
}

const takesValue = (d: OptionDef): boolean => d.kind !== 'flag';

function byName(defs: readonly OptionDef[]): Map<string, OptionDef> {
  const table = new Map<string, OptionDef>();
  for (const d of defs) {
    table.set(d.name, d);
    if (d.alias !== undefined) table.set(d.alias, d);
  }
  return table;
}

/** Suggests the declared option nearest to a mistyped one. */
function nearest(name: string, defs: readonly OptionDef[]): string | undefined {
  let best: string | undefined;
  let bestDistance = 3;
  for (const d of defs) {
    const dist = editDistance(name, d.name);
    if (dist < bestDistance) {
      best = d.name;
      bestDistance = dist;
    }
  }
  return best;
}

function editDistance(a: string, b: string): number {
  const row = Array.from({ length: b.length + 1 }, (_, j) => j);
  for (let i = 1; i <= a.length; i++) {
    let diagonal = row[0]!;
    row[0] = i;
    for (let j = 1; j <= b.length; j++) {
      const above = row[j]!;
      row[j] = Math.min(row[j]! + 1, row[j - 1]! + 1, diagonal + (a[i - 1] === b[j - 1] ? 0 : 1));
      diagonal = above;
    }
  }
  return row[b.length]!;
}

function unknownOption(token: string, name: string, defs: readonly OptionDef[]): UsageError {
  const hint = nearest(name, defs);
  return new UsageError(`unknown option ${token}${hint !== undefined ? ` (did you mean --${hint}?)` : ''}`);
}

/**
 * Splits `args` (the words after the command name) into positionals and options and
 * converts every option value. Refuses: an unknown option, a value option without a
 * value, a value for a flag, `--no-` on an option that has no such form, an option that
 * takes one value given twice, and a value that is not of the option's kind.
 */
export function scanArgs(args: readonly string[], defs: readonly OptionDef[]): ScannedArgs {
  const table = byName(defs);
  const raw = new Map<string, string | boolean | string[]>();
  const positionals: string[] = [];
  let help = false;
  for (let i = 0; i < args.length; i++) {
    const token = args[i]!;
    if (token === '--') {
      positionals.push(...args.slice(i + 1));
      break;
    }
    if (!token.startsWith('-') || token === '-' || /^-[0-9]/.test(token)) {
      positionals.push(token);
      continue;
    }
    const long = token.startsWith('--');
    const body = token.slice(long ? 2 : 1);
    const eq = body.indexOf('=');
    const name = eq < 0 ? body : body.slice(0, eq);
    const inline = eq < 0 ? undefined : body.slice(eq + 1);
    if (name === 'help' || name === 'h') {
      help = true;
      continue;
    }
    if (!long && name.length !== 1) throw new UsageError(`unknown option ${token} (long options take two dashes: -${token})`);
    let def = table.get(name);
    let negated = false;
    if (def === undefined && long && name.startsWith('no-')) {
      const positive = table.get(name.slice(3));
      if (positive !== undefined && positive.kind === 'flag') {
        if (positive.negatable !== true) throw new UsageError(`${token} is not an option: --${positive.name} is off unless given`);
        def = positive;
        negated = true;
      }
    }
    if (def === undefined) throw unknownOption(token, name, defs);
    const shown = `--${def.name}`;
    let value: string | boolean;
    if (!takesValue(def)) {
      if (inline !== undefined) throw new UsageError(`${shown} takes no value, got '${inline}'${def.negatable ? ` (use --no-${def.name} to turn it off)` : ''}`);
      value = !negated;
    } else if (inline !== undefined) {
      value = inline;
    } else {
      const next = args[i + 1];
      // A value may start with a dash (`--max-memory -5G`, `--seed -3`) when it is not
      // itself one of the command's options.
      if (next === undefined || (next.startsWith('-') && isOptionToken(next, table))) throw new UsageError(`${shown} needs a value`);
      value = next;
      i++;
    }
    if (def.kind === 'list') {
      const list = (raw.get(def.name) as string[] | undefined) ?? [];
      list.push(value as string);
      raw.set(def.name, list);
    } else {
      if (raw.has(def.name)) throw new UsageError(`${shown} is given twice; it takes one value`);
      raw.set(def.name, value);
    }
  }
  const values = new Map<string, OptionValue>();
  for (const [name, value] of raw) values.set(name, convert(table.get(name)!, value));
  return { positionals, options: new ParsedOptions(values), help };
}

function isOptionToken(token: string, table: ReadonlyMap<string, OptionDef>): boolean {
  if (token === '--') return true;
  if (/^-[0-9.]/.test(token)) return false;
  const body = token.replace(/^--?/, '').split('=')[0]!;
  if (body === 'help' || body === 'h') return true;
  return table.has(body) || (body.startsWith('no-') && table.has(body.slice(3))) || token.startsWith('--');
}

function convert(def: OptionDef, value: string | boolean | string[]): OptionValue {
  const shown = `--${def.name}`;
  switch (def.kind) {
    case 'flag':
      return value as boolean;
    case 'list': {
      const list = value as string[];
      for (const v of list) if (v.trim() === '') throw new UsageError(`${shown} needs a value`);
      return list;
    }
    case 'string': {
      const text = value as string;
      if (text.trim() === '') throw new UsageError(`${shown} needs a value`);
      return text;
    }
    case 'choice': {
      const text = value as string;
      if (!def.choices!.includes(text)) throw new UsageError(`${shown} must be one of ${def.choices!.join(', ')}; got '${text}'`);
      return text;
    }
    case 'int': {
      const text = (value as string).trim();
      const min = def.min;
      if (!/^-?[0-9]+$/.test(text) || !Number.isSafeInteger(Number(text))) {
        throw new UsageError(`${shown} must be ${min === 0 ? 'a non-negative' : min === 1 ? 'a positive' : 'an'} integer, got '${value as string}'`);
      }
      const n = Number(text);
      if (min !== undefined && n < min) throw new UsageError(`${shown} must be at least ${min}, got ${n}`);
      if (def.max !== undefined && n > def.max) throw new UsageError(`${shown} must be at most ${def.max}, got ${n}`);
      return n;
    }
    case 'number': {
      const text = (value as string).trim();
      const n = Number(text);
      if (text === '' || !Number.isFinite(n) || n <= 0) throw new UsageError(`${shown} must be a positive number, got '${value as string}'`);
      return n;
    }
    case 'size': {
      const n = parseSize(value as string);
      if (n === undefined) throw new UsageError(`${shown} must be a size such as 512M or 4G, got '${value as string}'`);
      return n;
    }
  }
}

/**
 * The first positional of `args` for a command whose options are `defs`, skipping
 * option values; options not in `defs` (a model's parameters, not known until the model
 * is) are taken to have a value when the next word is not an option. This is how the
 * model is found before its parameters are declared, wherever it stands.
 */
export function firstPositional(args: readonly string[], defs: readonly OptionDef[]): string | undefined {
  const table = byName(defs);
  for (let i = 0; i < args.length; i++) {
    const token = args[i]!;
    if (token === '--') return args[i + 1];
    if (!token.startsWith('-') || token === '-') return token;
    if (token.includes('=')) continue;
    const name = token.replace(/^--?/, '');
    const def = table.get(name) ?? (name.startsWith('no-') ? table.get(name.slice(3)) : undefined);
    const next = args[i + 1];
    if (def !== undefined) {
      if (def.kind !== 'flag') i++;
    } else if (name !== 'help' && name !== 'h' && next !== undefined && !next.startsWith('-')) {
      i++;
    }
  }
  return undefined;
}
