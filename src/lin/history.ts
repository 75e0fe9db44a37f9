// Histories of client operations, as Jepsen and Maelstrom record them: a sequence of
// events, one per invocation and one per completion, in real-time order. An event's
// position in the sequence is its time; an operation is the interval from its invoke to
// its completion.
//
// Completions follow Jepsen's meaning:
// - `ok`: the operation took effect, and `value` is what it returned (a read's value);
// - `fail`: it certainly did not take effect, so it is left out of the check;
// - `info`: unknown, it may or may not have taken effect, at any time after its invoke:
//   the operation stays pending for ever. An invoke with no completion at all is the same.

/** A value an operation writes or returns: JSON's, so that histories read from files fit. */
export type LinValue = null | number | string | boolean | readonly LinValue[];

export type EventType = 'invoke' | 'ok' | 'fail' | 'info';

export interface HistoryEvent {
  /** The client (Jepsen's process) that invoked the operation: one operation at a time. */
  readonly process: string | number;
  readonly type: EventType;
  /** The operation's function: `read`, `write`, `cas`, `append`, `add`. */
  readonly f: string;
  /** The key it acts on (a key-value map); absent for a single register. */
  readonly key?: string | number | null;
  /** On an invoke, the argument; on an `ok`, the result (a read's value). */
  readonly value?: LinValue;
}

/** One operation: an interval of real time with its argument and, if completed, its result. */
export interface Operation {
  /** Its number, in invocation order, from 0. */
  readonly id: number;
  readonly process: string;
  readonly f: string;
  /** The key, as a string ('' when the history names none). */
  readonly key: string;
  /** The invoke's value: what a write writes, a cas's [expected, new], what an append appends. */
  readonly input: LinValue;
  /** The `ok`'s value (a read's result); undefined while pending. */
  readonly output: LinValue | undefined;
  /** The index of its invoke event. */
  readonly call: number;
  /** The index of its `ok` event, or Infinity if pending (`info`, or no completion). */
  readonly ret: number;
}

export function isPending(op: Operation): boolean {
  return op.ret === Infinity;
}

/** A history that is not well-formed; `event` is the index of the offending event. */
export class HistoryError extends Error {
  constructor(
    message: string,
    readonly event: number,
  ) {
    super(message);
  }
}

/**
 * The operations of a history, in invocation order, without the failed ones. Throws a
 * HistoryError if a process completes an operation it did not invoke, invokes a second
 * one before the first completed, or completes with a different function than it invoked.
 */
export function operationsOf(events: readonly HistoryEvent[]): Operation[] {
  interface Open {
    readonly id: number;
    readonly event: HistoryEvent;
    readonly call: number;
  }
  const open = new Map<string, Open>();
  const done: { op: Operation; failed: boolean }[] = [];
  const byId = new Map<number, number>();
  let next = 0;
  events.forEach((e, i) => {
    const p = String(e.process);
    const o = open.get(p);
    if (e.type === 'invoke') {
      if (o !== undefined) throw new HistoryError(`process ${p} invokes ${e.f} while its ${o.event.f} (event ${o.call + 1}) is still open`, i);
      open.set(p, { id: next++, event: e, call: i });
      return;
    }
    if (o === undefined) throw new HistoryError(`process ${p} completes ${e.f} (${e.type}) without an open invoke`, i);
    if (o.event.f !== e.f) throw new HistoryError(`process ${p} completes ${e.f} but invoked ${o.event.f}`, i);
    open.delete(p);
    const op = toOperation(o.id, p, o.event, o.call, e.type === 'ok' ? i : Infinity, e.type === 'ok' ? e.value ?? null : undefined);
    byId.set(o.id, done.length);
    done.push({ op, failed: e.type === 'fail' });
  });
  for (const [p, o] of open) {
    byId.set(o.id, done.length);
    done.push({ op: toOperation(o.id, p, o.event, o.call, Infinity, undefined), failed: false });
  }
  // Invocation order, renumbered from 0 without the failed operations.
  const ordered = [...done].sort((a, b) => a.op.id - b.op.id).filter((d) => !d.failed);
  return ordered.map((d, id) => ({ ...d.op, id }));
}

function toOperation(id: number, process: string, invoke: HistoryEvent, call: number, ret: number, result: LinValue | undefined): Operation {
  return {
    id,
    process,
    f: invoke.f,
    key: invoke.key === undefined || invoke.key === null ? '' : String(invoke.key),
    input: invoke.value ?? null,
    output: result,
    call,
    ret,
  };
}

/** `a` precedes `b` in real time: `a` completed before `b` was invoked. */
export function precedes(a: Operation, b: Operation): boolean {
  return a.ret < b.call;
}

/** How an operation prints in explanations: `c1 write(x, 1)`, `c2 read(x) → 1`, `c3 read(x) (pending)`. */
export function describeOp(op: Operation): string {
  const key = op.key === '' ? '' : op.key;
  const args = op.f === 'read' ? key : [key, showValue(op.input)].filter((s) => s !== '').join(', ');
  const result = op.output === undefined ? ' (pending)' : op.f === 'read' ? ` → ${showValue(op.output)}` : '';
  return `${op.process} ${op.f}(${args})${result}`;
}

export function showValue(v: LinValue | undefined): string {
  if (v === undefined) return '?';
  return JSON.stringify(v);
}
