// A compact, self-describing binary encoding of crank values.
//
// Used where states must leave the JavaScript heap: the BFS frontier (bytes instead of
// object graphs), messages between worker threads, and lossless trace files. The
// encoding round-trips exactly: decode(encode(v)) equals v. It is not canonical (a set's
// elements appear in iteration order); canonical identity is the hash's job.
import { List, Map as IMap, Set as ISet, Record as IRecord, isList, isMap, isSet, isRecord } from 'immutable';
import { isPlainArray, isPlainRecord, plainArray, plainRecord } from './plain.ts';
import { recordFields, recordTypeNamed } from './record-registry.ts';

const T_NULL = 0;
const T_FALSE = 1;
const T_TRUE = 2;
const T_INT = 3;
const T_FLOAT = 4;
const T_STRING = 5;
const T_LIST = 6;
const T_MAP = 7;
const T_SET = 8;
const T_RECORD = 9;
/** A plain array (src/values/plain.ts); decoded frozen. */
const T_ARRAY = 10;
/** A plain object: its key count, then each key and value in the object's own order; decoded frozen. */
const T_PLAIN_RECORD = 11;

export class ByteWriter {
  buf: Uint8Array;
  pos = 0;
  private readonly floatView = new DataView(new ArrayBuffer(8));

  constructor(initial = 1024) {
    this.buf = new Uint8Array(initial);
  }

  ensure(extra: number): void {
    if (this.pos + extra <= this.buf.length) return;
    let size = this.buf.length * 2;
    while (size < this.pos + extra) size *= 2;
    const next = new Uint8Array(size);
    next.set(this.buf.subarray(0, this.pos));
    this.buf = next;
  }

  byte(b: number): void {
    this.ensure(1);
    this.buf[this.pos++] = b;
  }

  /** Unsigned LEB128. */
  uvar(n: number): void {
    this.ensure(8);
    while (n >= 0x80) {
      this.buf[this.pos++] = (n & 0x7f) | 0x80;
      n = Math.floor(n / 128);
    }
    this.buf[this.pos++] = n;
  }

  /** Zig-zag signed varint, for integers in the safe range. */
  svar(n: number): void {
    this.uvar(n >= 0 ? n * 2 : -n * 2 - 1);
  }

  float(n: number): void {
    this.floatView.setFloat64(0, n);
    this.ensure(8);
    for (let i = 0; i < 8; i++) this.buf[this.pos++] = this.floatView.getUint8(i);
  }

  /** Four bytes, little-endian. */
  int32(n: number): void {
    this.ensure(4);
    const buf = this.buf;
    const p = this.pos;
    buf[p] = n;
    buf[p + 1] = n >>> 8;
    buf[p + 2] = n >>> 16;
    buf[p + 3] = n >>> 24;
    this.pos = p + 4;
  }

  bytes(b: Uint8Array): void {
    this.ensure(b.length);
    this.buf.set(b, this.pos);
    this.pos += b.length;
  }

  string(s: string): void {
    this.uvar(s.length);
    for (let i = 0; i < s.length; i++) this.uvar(s.charCodeAt(i));
  }

  /** A copy of what has been written. */
  take(): Uint8Array {
    return this.buf.slice(0, this.pos);
  }

  reset(): void {
    this.pos = 0;
  }
}

export class ByteReader {
  pos: number;
  private readonly floatView = new DataView(new ArrayBuffer(8));

  constructor(
    readonly buf: Uint8Array,
    start = 0,
    readonly end = buf.length,
  ) {
    this.pos = start;
  }

  byte(): number {
    if (this.pos >= this.end) throw new RangeError('encoded value is truncated');
    return this.buf[this.pos++]!;
  }

  uvar(): number {
    let result = 0;
    let scale = 1;
    for (;;) {
      const b = this.byte();
      result += (b & 0x7f) * scale;
      if (b < 0x80) return result;
      scale *= 128;
    }
  }

  svar(): number {
    const z = this.uvar();
    return z % 2 === 0 ? z / 2 : -(z + 1) / 2;
  }

  /** Four bytes, little-endian, as a signed 32-bit integer. */
  int32(): number {
    const p = this.pos;
    if (p + 4 > this.end) throw new RangeError('encoded value is truncated');
    const buf = this.buf;
    this.pos = p + 4;
    return buf[p]! | (buf[p + 1]! << 8) | (buf[p + 2]! << 16) | (buf[p + 3]! << 24);
  }

  float(): number {
    for (let i = 0; i < 8; i++) this.floatView.setUint8(i, this.byte());
    return this.floatView.getFloat64(0);
  }

  string(): string {
    const n = this.uvar();
    let s = '';
    for (let i = 0; i < n; i++) s += String.fromCharCode(this.uvar());
    return s;
  }
}

export function encodeValue(w: ByteWriter, v: unknown): void {
  switch (typeof v) {
    case 'number':
      if (Number.isSafeInteger(v)) {
        w.byte(T_INT);
        w.svar(v);
      } else {
        w.byte(T_FLOAT);
        w.float(v);
      }
      return;
    case 'string':
      w.byte(T_STRING);
      w.string(v);
      return;
    case 'boolean':
      w.byte(v ? T_TRUE : T_FALSE);
      return;
    case 'undefined':
      w.byte(T_NULL);
      return;
    case 'object':
      if (v === null) {
        w.byte(T_NULL);
        return;
      }
      if (isRecord(v)) {
        const rec = v as IRecord<Record<string, unknown>>;
        const fields = recordFields(rec);
        w.byte(T_RECORD);
        w.string(IRecord.getDescriptiveName(rec));
        for (const f of fields) encodeValue(w, rec.get(f));
        return;
      }
      if (isList(v)) {
        const list = v as List<unknown>;
        w.byte(T_LIST);
        w.uvar(list.size);
        for (let i = 0; i < list.size; i++) encodeValue(w, list.get(i));
        return;
      }
      if (isMap(v)) {
        const map = v as IMap<unknown, unknown>;
        w.byte(T_MAP);
        w.uvar(map.size);
        map.forEach((value, key) => {
          encodeValue(w, key);
          encodeValue(w, value);
        });
        return;
      }
      if (isSet(v)) {
        const set = v as ISet<unknown>;
        w.byte(T_SET);
        w.uvar(set.size);
        set.forEach((e) => encodeValue(w, e));
        return;
      }
      if (isPlainArray(v)) {
        w.byte(T_ARRAY);
        w.uvar(v.length);
        for (let i = 0; i < v.length; i++) encodeValue(w, v[i]);
        return;
      }
      if (isPlainRecord(v)) {
        const keys = Object.keys(v);
        w.byte(T_PLAIN_RECORD);
        w.uvar(keys.length);
        for (const k of keys) {
          w.string(k);
          encodeValue(w, v[k]);
        }
        return;
      }
  }
  throw new TypeError(`cannot encode a ${typeof v === 'object' ? (v as object).constructor?.name : typeof v}`);
}

export function decodeValue(r: ByteReader): unknown {
  const tag = r.byte();
  switch (tag) {
    case T_NULL:
      return null;
    case T_FALSE:
      return false;
    case T_TRUE:
      return true;
    case T_INT:
      return r.svar();
    case T_FLOAT:
      return r.float();
    case T_STRING:
      return r.string();
    case T_LIST: {
      const n = r.uvar();
      const items: unknown[] = new Array(n);
      for (let i = 0; i < n; i++) items[i] = decodeValue(r);
      return List(items);
    }
    case T_MAP: {
      const n = r.uvar();
      return IMap<unknown, unknown>().withMutations((m) => {
        for (let i = 0; i < n; i++) {
          const k = decodeValue(r);
          m.set(k, decodeValue(r));
        }
      });
    }
    case T_SET: {
      const n = r.uvar();
      return ISet<unknown>().withMutations((s) => {
        for (let i = 0; i < n; i++) s.add(decodeValue(r));
      });
    }
    case T_RECORD: {
      const name = r.string();
      const type = recordTypeNamed(name);
      if (type === undefined) throw new TypeError(`unknown record type ${name} in encoded value`);
      const values: Record<string, unknown> = {};
      for (const f of type.fields) values[f] = decodeValue(r);
      return type.factory(values);
    }
    case T_ARRAY: {
      const n = r.uvar();
      const items: unknown[] = new Array(n);
      for (let i = 0; i < n; i++) items[i] = decodeValue(r);
      return plainArray(items);
    }
    case T_PLAIN_RECORD: {
      const n = r.uvar();
      const names: string[] = new Array(n);
      const values: unknown[] = new Array(n);
      for (let i = 0; i < n; i++) {
        names[i] = r.string();
        values[i] = decodeValue(r);
      }
      return plainRecord(names, values);
    }
  }
  throw new TypeError(`bad tag ${tag} in encoded value`);
}
