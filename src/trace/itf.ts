// The Informal Trace Format (ITF) of Apalache and Quint: a JSON object with `#meta`,
// `vars` and `states`; integers as {"#bigint": "…"}, sets {"#set": […]}, functions and
// maps {"#map": [[k, v], …]}, tuples {"#tup": […]}, sequences as arrays, records as
// objects, model values as strings.
//
// crank writes each state's action into its `#meta` (`"action"`) and, in the trace's
// `#meta`, the field lists of its record types (`"crank-records"`), so that an ITF file
// crank wrote reads back into exactly the crank values it came from: a record of no
// listed type is a plain object, a `#tup` a plain array (the values of a model written
// with immer), a JSON array a List.
import type { TraceOrigin } from './output.ts';
import { List, Map as IMap, Set as ISet, Record as IRecord, isList, isMap, isRecord, isSet } from 'immutable';
import type { Spec, State } from '../spec.ts';
import { TraceSyntaxError } from '../tla/errors.ts';
import { jsonKind, parseJson, type JsonNode } from '../tla/json.ts';
import { canon, isModelValueName, tlaFcn, tlaRec, tlaSeq, tlaSet, tlaString, type TlaValue } from '../tla/value.ts';
import { isPlainArray, isPlainRecord, plainArray, plainRecord } from '../values/plain.ts';
import { recordFields, recordTypeNamed } from '../values/record.ts';
import { checkVariables, originFromJson, type TraceFile, type TraceFileState } from './read.ts';
import { INITIAL_LABEL, violationTitle, type Counterexample } from './trace.ts';

export const ITF_DESCRIPTION = 'https://apalache-mc.org/docs/adr/015adr-trace.html';

// ---- Output ------------------------------------------------------------------------

type Json = null | boolean | number | string | Json[] | { [k: string]: Json };

/** A crank value as ITF JSON; record types met on the way are noted in `records`. */
export function toItfValue(v: unknown, records: Map<string, readonly string[]>): Json {
  switch (typeof v) {
    case 'number':
      return Number.isSafeInteger(v) ? { '#bigint': String(v) } : { '#unserializable': String(v) };
    case 'string':
    case 'boolean':
      return v;
    case 'undefined':
      return { '#unserializable': 'null' };
    case 'object': {
      if (v === null) return { '#unserializable': 'null' };
      if (isRecord(v)) {
        const rec = v as IRecord<Record<string, unknown>>;
        const fields = recordFields(rec);
        records.set(IRecord.getDescriptiveName(rec), fields);
        const out: { [k: string]: Json } = {};
        for (const f of fields) out[f] = toItfValue(rec.get(f), records);
        return out;
      }
      if (isList(v)) return (v as List<unknown>).toArray().map((x) => toItfValue(x, records));
      if (isMap(v)) {
        const pairs: Json[] = [];
        (v as IMap<unknown, unknown>).forEach((val, key) => {
          pairs.push([toItfValue(key, records), toItfValue(val, records)]);
        });
        return { '#map': pairs };
      }
      if (isSet(v)) return { '#set': (v as ISet<unknown>).toArray().map((x) => toItfValue(x, records)) };
      // A plain array is a tuple (so that it reads back as one, apart from a List); a
      // plain object a record that is in no record type (src/values/plain.ts).
      if (isPlainArray(v)) return { '#tup': v.map((x) => toItfValue(x, records)) };
      if (isPlainRecord(v)) {
        const out: { [k: string]: Json } = {};
        for (const k of Object.keys(v)) out[k] = toItfValue(v[k], records);
        return out;
      }
    }
  }
  throw new TypeError(`not a crank value: ${typeof v}`);
}

/** A counterexample as an ITF document (one state per line). */
export function itfTrace<S extends State>(spec: Spec<S, unknown>, cex: Counterexample<S>, origin?: TraceOrigin): string {
  const records = new Map<string, readonly string[]>();
  const states = cex.steps.map((step, i) => {
    const out: { [k: string]: Json } = { '#meta': { index: i, action: i === 0 ? INITIAL_LABEL : step.label } };
    for (const v of spec.variables) out[v] = toItfValue(step.state[v], records);
    return out;
  });
  const meta: { [k: string]: Json } = {
    format: 'ITF',
    'format-description': ITF_DESCRIPTION,
    source: 'crank',
    description: violationTitle(cex),
    'crank-records': Object.fromEntries([...records].map(([name, fields]) => [name, [...fields]])),
    ...(origin !== undefined ? { 'crank-run': { model: origin.model, ...(origin.params ? { params: { ...origin.params } } : {}), ...(origin.variant ? { variant: origin.variant } : {}) } } : {}),
  };
  // A lasso: ITF's `loop` is the index of the state the last one goes back to; the
  // event that closes it goes in `#meta` (none: stuttering, and `loop` is the last index).
  if (cex.loop?.label !== undefined) meta['loop-action'] = cex.loop.label;
  const loop = cex.loop === undefined ? '' : `,\n  "loop": ${cex.loop.to}`;
  const lines = states.map((s) => `    ${JSON.stringify(s)}`);
  return `{\n  "#meta": ${JSON.stringify(meta)},\n  "vars": ${JSON.stringify(spec.variables)},\n  "states": [\n${lines.join(',\n')}\n  ]${loop}\n}\n`;
}

// ---- Reading -----------------------------------------------------------------------

function fail(text: string, node: { pos: number }, message: string): never {
  throw TraceSyntaxError.at(text, node.pos, message);
}

function bigint(text: string, node: JsonNode, digits: JsonNode): number {
  if (digits.kind !== 'string' || !/^-?[0-9]+$/.test(digits.value)) fail(text, digits, '#bigint must hold a string of digits');
  const n = Number(digits.value);
  if (!Number.isSafeInteger(n)) fail(text, node, `integer ${digits.value} is out of crank's range`);
  return n;
}

function items(text: string, node: JsonNode, what: string): readonly JsonNode[] {
  if (node.kind !== 'array') fail(text, node, `${what} must hold an array, found ${jsonKind(node)}`);
  return node.items;
}

function mapPairs(text: string, node: JsonNode): [JsonNode, JsonNode][] {
  return items(text, node, '#map').map((p) => {
    if (p.kind !== 'array' || p.items.length !== 2) fail(text, p, '#map entries must be [key, value] pairs');
    return [p.items[0]!, p.items[1]!];
  });
}

/** An ITF value in the TLA+ value domain (what replay compares). */
export function itfToTla(text: string, node: JsonNode): TlaValue {
  switch (node.kind) {
    case 'boolean':
      return node.value;
    case 'string':
      return isModelValueName(node.value) ? node.value : tlaString(node.value);
    case 'number':
      if (!Number.isSafeInteger(node.value)) fail(text, node, `number ${node.raw} is not an integer crank can represent`);
      return node.value;
    case 'null':
      return fail(text, node, 'null is no ITF value');
    case 'array':
      return tlaSeq(node.items.map((x) => itfToTla(text, x)));
    case 'object': {
      const [tag] = node.entries.keys();
      if (node.entries.size === 1 && tag !== undefined && tag.startsWith('#')) {
        const body = node.entries.get(tag)!;
        switch (tag) {
          case '#bigint':
            return bigint(text, node, body);
          case '#tup':
            return tlaSeq(items(text, body, '#tup').map((x) => itfToTla(text, x)));
          case '#set':
            return tlaSet(items(text, body, '#set').map((x) => itfToTla(text, x)));
          case '#map': {
            const seen = new Map<string, string>();
            const pairs = mapPairs(text, body).map(([k, v]) => {
              const key = itfToTla(text, k);
              const val = itfToTla(text, v);
              const before = seen.get(canon(key));
              if (before !== undefined && before !== canon(val)) fail(text, k, 'a #map gives one key two values');
              seen.set(canon(key), canon(val));
              return [key, val] as const;
            });
            return tlaFcn(pairs);
          }
          case '#unserializable':
            return fail(text, node, 'unserializable values cannot be replayed');
          default:
            return fail(text, node, `unknown ITF tag ${tag}`);
        }
      }
      const names: string[] = [];
      const vals: TlaValue[] = [];
      for (const [name, v] of node.entries) {
        if (name.startsWith('#')) fail(text, { pos: node.keyPos.get(name)! }, `unexpected ${name} in a record`);
        names.push(name);
        vals.push(itfToTla(text, v));
      }
      return tlaRec(names, vals);
    }
  }
}

/**
 * An ITF value as a crank value. Records become the record type whose fields they have,
 * looked up in `recordTypes` (type name -> fields; crank writes this table into the
 * trace's `#meta`).
 */
export function itfToCrank(text: string, node: JsonNode, recordTypes: ReadonlyMap<string, readonly string[]>): unknown {
  switch (node.kind) {
    case 'boolean':
    case 'string':
      return node.value;
    case 'number':
      if (!Number.isSafeInteger(node.value)) fail(text, node, `number ${node.raw} is not an integer crank can represent`);
      return node.value;
    case 'null':
      return fail(text, node, 'null is no ITF value');
    case 'array':
      return List(node.items.map((x) => itfToCrank(text, x, recordTypes)));
    case 'object': {
      const [tag] = node.entries.keys();
      if (node.entries.size === 1 && tag !== undefined && tag.startsWith('#')) {
        const body = node.entries.get(tag)!;
        switch (tag) {
          case '#bigint':
            return bigint(text, node, body);
          case '#tup':
            return plainArray(items(text, body, '#tup').map((x) => itfToCrank(text, x, recordTypes)));
          case '#set':
            return ISet(items(text, body, '#set').map((x) => itfToCrank(text, x, recordTypes)));
          case '#map':
            return IMap(mapPairs(text, body).map(([k, v]) => [itfToCrank(text, k, recordTypes), itfToCrank(text, v, recordTypes)]));
          case '#unserializable': {
            // crank writes null and non-integer numbers this way.
            if (body.kind === 'string' && body.value === 'null') return null;
            if (body.kind === 'string' && (body.value === 'NaN' || !Number.isNaN(Number(body.value)))) return Number(body.value);
            return fail(text, node, 'unserializable value');
          }
          default:
            return fail(text, node, `unknown ITF tag ${tag}`);
        }
      }
      const names = [...node.entries.keys()];
      const key = [...names].sort().join(',');
      let type: { name: string; fields: readonly string[] } | undefined;
      for (const [name, fields] of recordTypes) {
        if ([...fields].sort().join(',') === key) {
          type = { name, fields };
          break;
        }
      }
      // A record in no record type of the trace is a plain object (a model written with immer).
      if (type === undefined) return plainRecord(names, names.map((n) => itfToCrank(text, node.entries.get(n)!, recordTypes)));
      const factory = recordTypeNamed(type.name);
      if (factory === undefined) fail(text, node, `the record type ${type.name} (fields ${names.join(', ')}) is not defined here`);
      const values: Record<string, unknown> = {};
      for (const f of type.fields) values[f] = itfToCrank(text, node.entries.get(f)!, recordTypes);
      return factory.factory(values);
    }
  }
}

interface ItfDocument {
  readonly vars: readonly string[] | undefined;
  readonly states: readonly JsonNode[];
  readonly meta: JsonNode | undefined;
  readonly loop?: { readonly to: number; readonly label?: string };
}

function document(text: string, root: JsonNode): ItfDocument {
  if (root.kind !== 'object') fail(text, root, `an ITF trace is a JSON object, found ${jsonKind(root)}`);
  const statesNode = root.entries.get('states');
  if (statesNode === undefined) fail(text, root, 'an ITF trace needs "states"');
  const states = items(text, statesNode, '"states"');
  if (states.length === 0) fail(text, statesNode, 'the trace has no states');
  const varsNode = root.entries.get('vars');
  let vars: string[] | undefined;
  if (varsNode !== undefined) {
    vars = items(text, varsNode, '"vars"').map((v) => {
      if (v.kind !== 'string') fail(text, v, `variable names are strings, found ${jsonKind(v)}`);
      return v.value;
    });
  }
  const meta = root.entries.get('#meta');
  const loopNode = root.entries.get('loop');
  let loop: { to: number; label?: string } | undefined;
  if (loopNode !== undefined) {
    if (loopNode.kind !== 'number' || !Number.isInteger(loopNode.value) || loopNode.value < 0 || loopNode.value >= states.length) {
      fail(text, loopNode, `"loop" must be the index of a state (0 to ${states.length - 1})`);
    }
    const action = meta?.kind === 'object' ? meta.entries.get('loop-action') : undefined;
    // Without the closing action, a loop to another state is closed by some step.
    const label = action?.kind === 'string' ? action.value : loopNode.value === states.length - 1 ? undefined : '';
    loop = label === undefined ? { to: loopNode.value } : { to: loopNode.value, label };
  }
  return { vars, states, meta, loop };
}

function stateLabel(node: JsonNode & { kind: 'object' }): string | undefined {
  const meta = node.entries.get('#meta');
  if (meta?.kind !== 'object') return undefined;
  const action = meta.entries.get('action') ?? meta.entries.get('label');
  return action?.kind === 'string' ? action.value : undefined;
}

/** Reads an ITF trace for replay (values in the TLA+ domain). */
export function readItf(text: string, root: JsonNode): TraceFile {
  const doc = document(text, root);
  let variables: string[] | undefined;
  const states: TraceFileState[] = doc.states.map((node, i) => {
    if (node.kind !== 'object') fail(text, node, `a state is an object, found ${jsonKind(node)}`);
    const values = new Map<string, TlaValue>();
    const positions = new Map<string, number>();
    for (const [name, v] of node.entries) {
      if (name === '#meta') continue;
      values.set(name, itfToTla(text, v));
      positions.set(name, node.keyPos.get(name)!);
    }
    checkVariables(text, `state ${i}`, variables ?? doc.vars, values, positions, node.pos);
    variables ??= doc.vars !== undefined ? doc.vars.filter((v) => values.has(v)) : [...values.keys()];
    const { line, col } = lineCol(text, node.pos);
    return { label: stateLabel(node), values, line, col };
  });
  const run = doc.meta?.kind === 'object' ? doc.meta.entries.get('crank-run') : undefined;
  return { format: 'itf', variables: variables!, states, ...(doc.loop ? { loop: doc.loop } : {}), ...(run !== undefined ? originFromJson(plainJson(run)) : {}) };
}

function lineCol(text: string, pos: number): { line: number; col: number } {
  const e = TraceSyntaxError.at(text, pos, '');
  return { line: e.line, col: e.col };
}

/** The record-type table crank writes into an ITF trace's `#meta`. */
function recordTable(text: string, meta: JsonNode | undefined): Map<string, readonly string[]> {
  const out = new Map<string, readonly string[]>();
  if (meta?.kind !== 'object') return out;
  const table = meta.entries.get('crank-records');
  if (table === undefined) return out;
  if (table.kind !== 'object') fail(text, table, '"crank-records" must be an object');
  for (const [name, fields] of table.entries) {
    out.set(
      name,
      items(text, fields, `record type ${name}`).map((f) => {
        if (f.kind !== 'string') fail(text, f, 'field names are strings');
        return f.value;
      }),
    );
  }
  return out;
}

/**
 * Reads an ITF trace back into crank states (each with its action label), exactly as
 * crank wrote them. Extra record types may be given for ITF written elsewhere.
 */
export function readItfStates(
  text: string,
  extraRecordTypes: ReadonlyMap<string, readonly string[]> = new Map(),
): { label?: string; state: Record<string, unknown> }[] {
  const root = parseJson(text);
  const doc = document(text, root);
  const types = new Map([...extraRecordTypes, ...recordTable(text, doc.meta)]);
  return doc.states.map((node) => {
    if (node.kind !== 'object') fail(text, node, `a state is an object, found ${jsonKind(node)}`);
    const state: Record<string, unknown> = {};
    for (const [name, v] of node.entries) if (name !== '#meta') state[name] = itfToCrank(text, v, types);
    return { label: stateLabel(node), state };
  });
}

/** A JSON node as a plain value (for small metadata objects). */
function plainJson(node: JsonNode): unknown {
  switch (node.kind) {
    case 'object':
      return Object.fromEntries([...node.entries].map(([k, v]) => [k, plainJson(v)]));
    case 'array':
      return node.items.map(plainJson);
    case 'null':
      return null;
    default:
      return node.value;
  }
}
