/**
 * The JSON of one probe of the easy case (a cursor, see `stapsdt/cursor.ts`),
 * written straight into the output buffer: the hot path of `--json` on big
 * files (a file of 100,000 probes is 180 MB of JSON).
 *
 * One function writes the whole record between the probe before and the
 * next: the fixed text as native copies of byte templates, the seven
 * addresses as hex digits computed from doubles, the name copied from the
 * note, the `arguments`/`args` bytes made once per argument string. It calls
 * nothing that can flush the buffer: when the record may not fit it returns
 * {@link JSON_NO_ROOM} and the caller flushes and calls again (a flush
 * inside, never run before V8 optimizes the function, would make it throw
 * the optimized code away at the first full buffer). A name that needs
 * escaping returns {@link JSON_DECLINED}, and the caller writes the record
 * the general way. The bytes are those of `JsonWriter.probe` for the probe
 * the cursor describes (test/stapsdt/cursor.property.test.ts).
 */
import type { ProbeCursor } from "../stapsdt/cursor.js";
import { hexInto } from "./sink.js";

/** Nothing written: the record may not fit in the buffer; flush and call again. */
export const JSON_NO_ROOM = -1;
/** Nothing written: the name needs escaping. */
export const JSON_DECLINED = -2;

/**
 * A field's text before its hex digits, and the whole field when it is null.
 * A pair, not an object: the writer picks one with a keyed load whose type
 * feedback exists from the first probe, whichever branch it takes (a named
 * load in a branch not yet taken when V8 optimizes deoptimizes later).
 */
export type JsonHexKey = readonly [hex: Uint8Array, nul: Uint8Array];

/**
 * The keys of the seven address fields, in the order of a record (location,
 * base, semaphore, address, offset, semaphoreAddress, semaphoreOffset), and
 * the record's end.
 */
export interface JsonCursorKeys {
  readonly fields: readonly JsonHexKey[];
  readonly end: Uint8Array;
}

/** Bound on the record's bytes besides `before`, the name and `args`: 7 keys of < 48 bytes and 16 digits each, and the end. */
const FIELDS_MAX = 7 * (48 + 16 + 1) + 64;

/** The seven addresses of the record being written, and where each one's digits were written. */
const values = new Float64Array(7);
const digitsAt = new Int32Array(14);
/** For each field, the earlier field it most often equals (-1: none): address = location, offset = address, semaphoreAddress = semaphore, semaphoreOffset = semaphoreAddress. */
const SAME_AS = Int32Array.of(-1, -1, -1, 0, 3, 2, 5);

/**
 * Writes `before` (the text up to the name), the name, the seven address
 * fields, `args` and the end of the record at `buf[p]`.
 *
 * @returns the position after the record, {@link JSON_NO_ROOM} or {@link JSON_DECLINED}.
 */
export function writeCursorJson(
  buf: Uint8Array, p: number, c: ProbeCursor, before: Uint8Array, args: Uint8Array, K: JsonCursorKeys,
): number {
  const data = c.data;
  const nameEnd = c.nameEnd;
  if (p + before.length + (nameEnd - c.nameStart) + 2 + args.length + FIELDS_MAX > buf.length) return JSON_NO_ROOM;
  buf.set(before, p);
  p += before.length;
  buf[p++] = 0x22;
  for (let i = c.nameStart; i < nameEnd; i++) {
    const b = data[i]!;
    // What JSON.stringify escapes (the cursor's strings are ASCII).
    if (b < 0x20 || b === 0x22 || b === 0x5c) return JSON_DECLINED;
    buf[p++] = b;
  }
  buf[p++] = 0x22;
  // A loop over the fields rather than the same code seven times: V8
  // compiles the function (in the background, while the first thousands of
  // probes run unoptimized) in a fraction of the time. Each field's text is
  // picked with a keyed load, which has type feedback from the first probe
  // whichever branch it takes.
  const v = values;
  v[0] = c.location;
  v[1] = c.base;
  v[2] = c.semaphore;
  v[3] = c.address;
  v[4] = c.offset;
  v[5] = c.semaphoreAddress;
  v[6] = c.semaphoreOffset;
  const keys = K.fields;
  const from = digitsAt;
  for (let k = 0; k < 7; k++) {
    const x = v[k]!;
    const text = keys[k]![x < 0 ? 1 : 0]!;
    buf.set(text, p);
    p += text.length;
    if (x < 0) continue;
    // Fields often repeat one another (address = location, offset = address
    // where p_vaddr = p_offset; the semaphore's three likewise): their
    // digits are copied from the field already written.
    const j = SAME_AS[k]!;
    const start = p;
    if (j >= 0 && v[j] === x) {
      for (let i = from[2 * j]!, end = from[2 * j + 1]!; i < end; i++) buf[p++] = buf[i]!;
    } else {
      p = hexInto(buf, p, x);
    }
    from[2 * k] = start;
    from[2 * k + 1] = p;
    buf[p++] = 0x22;
  }
  buf.set(args, p);
  p += args.length;
  buf.set(K.end, p);
  return p + K.end.length;
}

