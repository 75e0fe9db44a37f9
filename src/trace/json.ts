// crank's own trace format: JSON that holds every state exactly (record types by name,
// Maps, Sets and Lists told apart, an empty Map distinct from an empty List) and each
// step's event label, so that `crank replay` reads back precisely what `check` found.
//
//   {"format": "crank-trace", "version": 1, "property": …, "kind": …,
//    "variables": [...], "steps": [{"step": 1, "event": "Initial predicate", "state": {...}}, …]}
//
// Values: integers as JSON numbers, strings, booleans and null as themselves, a List as
// an array, {"#set": [...]}, {"#map": [[k, v], ...]}, {"#record": "Type", field: value, …},
// a number that is no safe integer as {"#float": "…"}, and the plain values of models
// written with immer (src/values/plain.ts): a plain array as {"#array": [...]}, a plain
// object as a JSON object without tags, {field: value, …} (read back frozen).
import type { TraceOrigin } from './output.ts';
import { List, Map as IMap, Set as ISet, Record as IRecord, isList, isMap, isRecord, isSet } from 'immutable';
import type { Spec, State } from '../spec.ts';
import { TraceSyntaxError } from '../tla/errors.ts';
import { jsonKind, type JsonNode } from '../tla/json.ts';
import { fromCrank, type TlaValue } from '../tla/value.ts';
import { isPlainArray, isPlainRecord, plainArray, plainRecord } from '../values/plain.ts';
import { recordFields, recordTypeNamed } from '../values/record.ts';
import { checkVariables, type TraceFile, type TraceFileState } from './read.ts';
import { INITIAL_LABEL, type Counterexample, type Loop } from './trace.ts';

export const CRANK_TRACE_FORMAT = 'crank-trace';

export type Json = null | boolean | number | string | Json[] | { [k: string]: Json };

/** A crank value as lossless JSON. */
export function toJsonValue(v: unknown): Json {
  switch (typeof v) {
    case 'number':
      return Number.isSafeInteger(v) && !Object.is(v, -0) ? v : { '#float': Object.is(v, -0) ? '-0' : String(v) };
    case 'string':
    case 'boolean':
      return v;
    case 'undefined':
      return null;
    case 'object': {
      if (v === null) return null;
      if (isRecord(v)) {
        const rec = v as IRecord<Record<string, unknown>>;
        const out: { [k: string]: Json } = { '#record': IRecord.getDescriptiveName(rec) };
        for (const f of recordFields(rec)) out[f] = toJsonValue(rec.get(f));
        return out;
      }
      if (isList(v)) return (v as List<unknown>).toArray().map(toJsonValue);
      if (isMap(v)) {
        const pairs: Json[] = [];
        (v as IMap<unknown, unknown>).forEach((val, key) => {
          pairs.push([toJsonValue(key), toJsonValue(val)]);
        });
        return { '#map': pairs };
      }
      if (isSet(v)) return { '#set': (v as ISet<unknown>).toArray().map(toJsonValue) };
      if (isPlainArray(v)) return { '#array': v.map(toJsonValue) };
      if (isPlainRecord(v)) {
        const out: { [k: string]: Json } = {};
        for (const k of Object.keys(v)) out[k] = toJsonValue(v[k]);
        return out;
      }
    }
  }
  throw new TypeError(`not a crank value: ${typeof v}`);
}

/** The steps of a counterexample as crank's JSON trace format writes them (lossless). */
export function jsonSteps<S extends State>(spec: Spec<S, unknown>, cex: Counterexample<S>): Json[] {
  return cex.steps.map((step, i) => {
    const state: { [k: string]: Json } = {};
    for (const v of spec.variables) state[v] = toJsonValue(step.state[v]);
    return { step: i + 1, event: i === 0 ? INITIAL_LABEL : step.label, state };
  });
}

/** A lasso's loop as crank's JSON trace writes it: the step gone back to, numbered from 1, and the event. */
export function jsonLoop(loop: Loop): Json {
  return loop.label === undefined ? { step: loop.to + 1, stuttering: true } : { step: loop.to + 1, event: loop.label };
}

/** A counterexample in crank's JSON trace format (one step per line). */
export function jsonTrace<S extends State>(spec: Spec<S, unknown>, cex: Counterexample<S>, origin?: TraceOrigin): string {
  const head: { [k: string]: Json } = { format: CRANK_TRACE_FORMAT, version: 1 };
  if (origin !== undefined) {
    head['model'] = origin.model;
    if (origin.params !== undefined) head['params'] = { ...origin.params };
    if (origin.variant !== undefined) head['variant'] = origin.variant;
  }
  head['property'] = cex.property;
  head['kind'] = cex.kind;
  head['variables'] = [...spec.variables];
  // A lasso: the step (numbered from 1) the last goes back to, and the closing event;
  // `"stuttering": true` when the last step repeats forever.
  if (cex.loop !== undefined) head['loop'] = jsonLoop(cex.loop);
  const steps = jsonSteps(spec, cex).map((step) => `    ${JSON.stringify(step)}`);
  const fields = Object.entries(head).map(([k, v]) => `  ${JSON.stringify(k)}: ${JSON.stringify(v)},`);
  return `{\n${fields.join('\n')}\n  "steps": [\n${steps.join(',\n')}\n  ]\n}\n`;
}

// ---- Reading -----------------------------------------------------------------------

function fail(text: string, node: { pos: number }, message: string): never {
  throw TraceSyntaxError.at(text, node.pos, message);
}

/** A JSON value of crank's trace format as the crank value it encodes. */
export function fromJsonValue(text: string, node: JsonNode): unknown {
  switch (node.kind) {
    case 'null':
      return null;
    case 'boolean':
    case 'string':
      return node.value;
    case 'number':
      if (!Number.isSafeInteger(node.value)) fail(text, node, `${node.raw} is not a safe integer (non-integers are written {"#float": "…"})`);
      return node.value;
    case 'array':
      return List(node.items.map((x) => fromJsonValue(text, x)));
    case 'object': {
      const rec = node.entries.get('#record');
      if (rec !== undefined) {
        if (rec.kind !== 'string') fail(text, rec, '#record names a record type with a string');
        const type = recordTypeNamed(rec.value);
        if (type === undefined) fail(text, rec, `unknown record type ${rec.value}`);
        const values: Record<string, unknown> = {};
        for (const [name, v] of node.entries) {
          if (name === '#record') continue;
          if (!type.fields.includes(name)) fail(text, { pos: node.keyPos.get(name)! }, `record type ${rec.value} has no field ${name}`);
          values[name] = fromJsonValue(text, v);
        }
        for (const f of type.fields) if (!(f in values)) fail(text, node, `record ${rec.value} lacks field ${f}`);
        return type.factory(values);
      }
      // An object without tags is a plain record (src/values/plain.ts).
      if ([...node.entries.keys()].every((k) => !k.startsWith('#'))) {
        const names = [...node.entries.keys()];
        return plainRecord(names, names.map((n) => fromJsonValue(text, node.entries.get(n)!)));
      }
      if (node.entries.size !== 1) fail(text, node, 'expected {"#set": …}, {"#map": …}, {"#array": …}, {"#record": …}, {"#float": …} or a plain record');
      const [tag, body] = [...node.entries][0]!;
      switch (tag) {
        case '#set':
          if (body.kind !== 'array') fail(text, body, `#set holds an array, found ${jsonKind(body)}`);
          return ISet(body.items.map((x) => fromJsonValue(text, x)));
        case '#map':
          if (body.kind !== 'array') fail(text, body, `#map holds an array, found ${jsonKind(body)}`);
          return IMap(
            body.items.map((p) => {
              if (p.kind !== 'array' || p.items.length !== 2) fail(text, p, '#map entries are [key, value] pairs');
              return [fromJsonValue(text, p.items[0]!), fromJsonValue(text, p.items[1]!)];
            }),
          );
        case '#array':
          if (body.kind !== 'array') fail(text, body, `#array holds an array, found ${jsonKind(body)}`);
          return plainArray(body.items.map((x) => fromJsonValue(text, x)));
        case '#float': {
          const n = body.kind === 'string' ? Number(body.value) : NaN;
          if (body.kind !== 'string' || (Number.isNaN(n) && body.value !== 'NaN')) fail(text, body, '#float holds a number as a string');
          return n;
        }
        default:
          return fail(text, node, `unknown tag ${tag}`);
      }
    }
  }
}

type JsonObject = JsonNode & { kind: 'object' };
type JsonArray = JsonNode & { kind: 'array' };

function arrayField(text: string, obj: JsonObject, name: string): JsonArray {
  const v = obj.entries.get(name);
  if (v === undefined) return fail(text, obj, `missing "${name}"`);
  if (v.kind !== 'array') return fail(text, v, `"${name}" must be an array, found ${jsonKind(v)}`);
  return v;
}

function objectField(text: string, obj: JsonObject, name: string): JsonObject {
  const v = obj.entries.get(name);
  if (v === undefined) return fail(text, obj, `missing "${name}"`);
  if (v.kind !== 'object') return fail(text, v, `"${name}" must be an object, found ${jsonKind(v)}`);
  return v;
}

/** Reads crank's JSON trace: the crank values exactly, and their TLA+ form for replay. */
export function readCrankJson(text: string, root: JsonNode): TraceFile {
  if (root.kind !== 'object') fail(text, root, `a crank trace is a JSON object, found ${jsonKind(root)}`);
  const format = root.entries.get('format');
  if (format === undefined || format.kind !== 'string' || format.value !== CRANK_TRACE_FORMAT) {
    fail(text, format ?? root, `not a trace: expected "format": "${CRANK_TRACE_FORMAT}" or an ITF trace ("vars" and "states")`);
  }
  const varsNode = arrayField(text, root, 'variables');
  const declared = varsNode.items.map((v) => {
    if (v.kind !== 'string') fail(text, v, 'variable names are strings');
    return v.value;
  });
  const stepsNode = arrayField(text, root, 'steps');
  if (stepsNode.items.length === 0) fail(text, stepsNode, 'the trace has no steps');
  const states: TraceFileState[] = stepsNode.items.map((step, i) => {
    if (step.kind !== 'object') fail(text, step, `a step is an object, found ${jsonKind(step)}`);
    const eventNode = step.entries.get('event');
    if (eventNode !== undefined && eventNode.kind !== 'string') fail(text, eventNode, '"event" must be a string');
    const stateNode = objectField(text, step, 'state');
    const crank: Record<string, unknown> = {};
    const values = new Map<string, TlaValue>();
    const positions = new Map<string, number>();
    for (const [name, v] of stateNode.entries) {
      crank[name] = fromJsonValue(text, v);
      values.set(name, fromCrank(crank[name]));
      positions.set(name, stateNode.keyPos.get(name)!);
    }
    checkVariables(text, `step ${i + 1}`, declared, values, positions, stateNode.pos);
    const at = TraceSyntaxError.at(text, step.pos, '');
    return { label: eventNode?.kind === 'string' ? eventNode.value : undefined, values, crank, line: at.line, col: at.col };
  });
  const modelNode = root.entries.get('model');
  const paramsNode = root.entries.get('params');
  let params: Record<string, number> | undefined;
  if (paramsNode?.kind === 'object') {
    params = {};
    for (const [k, v] of paramsNode.entries) {
      if (v.kind !== 'number' || !Number.isSafeInteger(v.value)) fail(text, v, `parameter ${k} must be an integer`);
      params[k] = v.value;
    }
  }
  const loopNode = root.entries.get('loop');
  let loop: { to: number; label?: string } | undefined;
  if (loopNode !== undefined) {
    if (loopNode.kind !== 'object') fail(text, loopNode, '"loop" must be an object {"step": k, "event": …}');
    const step = loopNode.entries.get('step');
    if (step?.kind !== 'number' || !Number.isInteger(step.value) || step.value < 1 || step.value > states.length) {
      fail(text, step ?? loopNode, `"loop" needs "step", a step number from 1 to ${states.length}`);
    }
    const event = loopNode.entries.get('event');
    if (event !== undefined && event.kind !== 'string') fail(text, event, '"event" must be a string');
    const stuttering = loopNode.entries.get('stuttering');
    if (event === undefined && (stuttering?.kind !== 'boolean' || !stuttering.value || step.value !== states.length)) {
      fail(text, loopNode, '"loop" needs an "event", or "stuttering": true at the last step');
    }
    loop = event?.kind === 'string' ? { to: step.value - 1, label: event.value } : { to: step.value - 1 };
  }
  return {
    format: 'crank-json',
    variables: declared,
    states,
    ...(loop ? { loop } : {}),
    model: modelNode?.kind === 'string' ? modelNode.value : undefined,
    params,
    variant: root.entries.get('variant')?.kind === 'string' ? (root.entries.get('variant') as { value: string }).value : undefined,
  };
}
