/**
 * The JSON of one probe of the easy case (a cursor, see `stapsdt/cursor.ts`),
 * written straight into the output buffer: the hot path of `--json` on big
 * files (a file of 100,000 probes is 180 MB of JSON).
 *
 * A record is `before` (from the previous record up to the name, made once
 * per provider), the name copied from the note, the seven address fields,
 * then `arguments`, `args` and the record's end (made once per argument
 * string). The text of the seven fields depends only on which are null and
 * how many hex digits the others have: that layout is made once (a few per
 * file) with zeros where the digits go, copied whole, and the digits are
 * written over the zeros. So a record costs three native copies, the name
 * and the digits, instead of a copy per key.
 *
 * The function calls nothing that can flush the buffer: when the record may
 * not fit it returns {@link JSON_NO_ROOM} and the caller flushes and calls
 * again (a flush inside, never run before V8 optimizes the function, would
 * make it throw the optimized code away at the first full buffer). A name
 * that needs escaping returns {@link JSON_DECLINED}, and the caller writes
 * the record the general way. The bytes are those of `JsonWriter.probe` for
 * the probe the cursor describes (test/stapsdt/cursor.property.test.ts).
 */
import type { ProbeCursor } from "../stapsdt/cursor.js";
import { hexInto, numberHexLength } from "./sink.js";

/** Nothing written: the record may not fit in the buffer; flush and call again. */
export const JSON_NO_ROOM = -1;
/** Nothing written: the name needs escaping. */
export const JSON_DECLINED = -2;

/** A field's text before its hex digits (`,\n  "key": "0x`), and the whole field when it is null. */
export type JsonHexKey = readonly [hex: Uint8Array, nul: Uint8Array];

/**
 * The keys of the seven address fields, in the order of a record (location,
 * base, semaphore, address, offset, semaphoreAddress, semaphoreOffset).
 */
export interface JsonCursorKeys {
  readonly fields: readonly JsonHexKey[];
}

/** The text of the seven fields for one layout, zeros where the digits go. */
interface Layout {
  readonly key: number;
  readonly bytes: Uint8Array;
  /** Offset of each field's digits in `bytes` (-1: null). */
  readonly at: Int32Array;
}

/** Direct-mapped cache of layouts (a file has a few). */
const SLOTS = 256;

/** The seven addresses of the record being written. */
const values = new Float64Array(7);

/** Writes records of one document (the layouts are those of its keys). */
export class JsonCursorWriter {
  readonly #keys: JsonCursorKeys;
  readonly #layouts: (Layout | undefined)[] = new Array(SLOTS);

  constructor(keys: JsonCursorKeys) {
    this.#keys = keys;
  }

  /**
   * Drops the layouts made so far (they are made again as records need them).
   * `JsonWriter` calls this a few times early in a file, so that the branch
   * that makes a layout runs again after V8 has started collecting type
   * feedback for `write`: V8 allocates a function's feedback only after some
   * calls, the first layouts are made before that, and optimized code whose
   * branch has no feedback is thrown away when the branch is taken. Without
   * this, the first address that gains a hex digit after `write` is optimized
   * (bench file: about the 3,500th record) sent it back to the interpreter
   * for a few thousand records, in about half the runs.
   */
  forgetLayouts(): void {
    this.#layouts.fill(undefined);
  }

  /**
   * Writes `before`, the name, the seven address fields and `argsEnd` (the
   * `arguments` and `args` fields and the end of the record) at `buf[p]`.
   *
   * @returns the position after the record, {@link JSON_NO_ROOM} or {@link JSON_DECLINED}.
   */
  write(buf: Uint8Array, p: number, c: ProbeCursor, before: Uint8Array, argsEnd: Uint8Array): number {
    const v = values;
    v[0] = c.location;
    v[1] = c.base;
    v[2] = c.semaphore;
    v[3] = c.address;
    v[4] = c.offset;
    v[5] = c.semaphoreAddress;
    v[6] = c.semaphoreOffset;
    // The layout's key: each field's digit count (1-14; 0 when null), 4 bits each.
    let key = 0;
    for (let k = 0; k < 7; k++) key = key * 16 + (v[k]! < 0 ? 0 : numberHexLength(v[k]!));
    const slot = (key ^ (key >>> 8) ^ (key >>> 16)) & (SLOTS - 1);
    let layout = this.#layouts[slot]!;
    if (layout === undefined || layout.key !== key) layout = this.#layouts[slot] = this.#layout(key);
    const fields = layout.bytes;
    const data = c.data;
    const nameEnd = c.nameEnd;
    if (p + before.length + (nameEnd - c.nameStart) + 2 + fields.length + argsEnd.length > buf.length) return JSON_NO_ROOM;
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
    buf.set(fields, p);
    const at = layout.at;
    for (let k = 0; k < 7; k++) {
      // hexInto writes exactly the digit count the layout has room for.
      if (at[k]! >= 0) hexInto(buf, p + at[k]!, v[k]!);
    }
    p += fields.length;
    buf.set(argsEnd, p);
    return p + argsEnd.length;
  }

  /** The text of the seven fields for the digit counts in `key`. */
  #layout(key: number): Layout {
    const parts: number[] = [];
    const at = new Int32Array(7);
    const fields = this.#keys.fields;
    for (let k = 0; k < 7; k++) {
      const digits = Math.floor(key / 16 ** (6 - k)) % 16;
      const [hex, nul] = fields[k]!;
      if (digits === 0) {
        parts.push(...nul);
        at[k] = -1;
      } else {
        parts.push(...hex);
        at[k] = parts.length;
        for (let i = 0; i < digits; i++) parts.push(0x30);
        parts.push(0x22);
      }
    }
    return { key, bytes: Uint8Array.from(parts), at };
  }
}
