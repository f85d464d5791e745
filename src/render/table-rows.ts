/**
 * The rows of the table (`table-stream.ts`), kept in columns of numbers.
 *
 * The table cannot print its first row before it has seen the last (column
 * widths; the sites of one `provider:name` are printed together), so it keeps
 * what each row shows. For a probe of the easy case (a cursor, see
 * `stapsdt/cursor.ts`) that is: the provider and the arguments as ids of
 * strings that repeat (each shown form escaped and encoded once), the name's
 * bytes copied from the note into one growing buffer (and copied to the
 * output as they are: ASCII without controls), the addresses as doubles. A
 * file of 100,000 probes costs a few typed arrays, not 100,000 objects and
 * strings. Other rows (a `Probe`: `--deps`, `--pid`, or a name with a
 * control character) keep their name as a string.
 */
import { asciiText } from "../elf/strings.js";
import type { ProbeCursor } from "../stapsdt/cursor.js";
import { printable } from "./printable.js";
import { ShownStrings } from "./shown-strings.js";
import { hexInto, type ByteSink } from "./sink.js";

/** A growable column of 32-bit integers (its owner checks the room: one check per row for several columns). */
export class Column {
  values: Int32Array;

  constructor(capacity: number) {
    this.values = new Int32Array(capacity);
  }

  grow(): void {
    const bigger = new Int32Array(this.values.length * 2);
    bigger.set(this.values);
    this.values = bigger;
  }
}

/** {@link Rows.writeLine}: nothing written, not enough room in the buffer; flush and call again. */
export const LINE_NO_ROOM = -1;
/** {@link Rows.writeLine}: nothing written, not a line of the common case. */
export const LINE_DECLINED = -2;

/** Sites counts whose cell is kept (larger ones are made each time). */
const SITES_CELLS = 256;

/** `bytes` and a newline. */
function lineEnd(bytes: Uint8Array): Uint8Array {
  const line = new Uint8Array(bytes.length + 1);
  line.set(bytes);
  line[bytes.length] = 0x0a;
  return line;
}

/** Spaces from `p` up to `end`; returns `end` (or `p` if it is already past). */
function pad(buf: Uint8Array, p: number, end: number): number {
  while (p < end) buf[p++] = 0x20;
  return p;
}

export class Rows {
  length = 0;
  readonly providers = new ShownStrings();
  readonly args = new ShownStrings();
  readonly #provider: Column;
  readonly #args: Column;
  /** 0: the name is `#nameBytes[#start, #end)`; -1: it is `#names[#start]`. */
  readonly #data: Column;
  readonly #start: Column;
  readonly #end: Column;
  /**
   * The names of the rows of the easy case, copied from the notes (ASCII, no
   * controls): the walk may read the notes in chunks through one buffer
   * (`walkProbes` `stream`), so a cursor's bytes do not outlive its visit.
   */
  #nameBytes: Uint8Array;
  #nameLength = 0;
  /** Names kept as strings: raw and shown. */
  readonly #names: string[] = [];
  readonly #shownNames: string[] = [];

  /** @param capacity rows to make room for at first (the columns grow past it). */
  constructor(capacity = 1024) {
    const n = Math.max(16, Math.min(capacity, 1 << 22));
    this.#provider = new Column(n);
    this.#args = new Column(n);
    this.#data = new Column(n);
    this.#start = new Column(n);
    this.#end = new Column(n);
    this.#nameBytes = new Uint8Array(n * 16);
  }

  /** Adds a row for a cursor's provider, name and arguments. */
  addCursor(c: ProbeCursor): void {
    const r = this.#row();
    this.#provider.values[r] = this.providers.id(c.provider);
    this.#args.values[r] = this.args.id(c.arguments);
    // The name's bytes are copied and checked for a C0 control or DEL (the
    // only ASCII bytes `printable` escapes) in one loop, and the columns
    // grown by one check per row: the first ~10,000 rows run before V8 has
    // optimized this, where every loop and call per row counts. With a
    // control, the copy is dropped.
    const from = c.nameStart;
    const to = c.nameEnd;
    const at = this.#nameLength;
    const end = at + (to - from);
    if (end > this.#nameBytes.length) this.#growNames(end);
    const bytes = this.#nameBytes;
    const data = c.data;
    let control = false;
    for (let i = from, j = at; i < to; i++, j++) {
      const b = data[i]!;
      if (b < 0x20 || b === 0x7f) control = true;
      bytes[j] = b;
    }
    if (control) {
      this.#addName(r, c.name);
      return;
    }
    this.#nameLength = end;
    this.#data.values[r] = 0;
    this.#start.values[r] = at;
    this.#end.values[r] = end;
  }

  /** A new row's index, with room for it in every column. */
  #row(): number {
    const r = this.length++;
    if (r === this.#data.values.length) {
      for (const c of [this.#provider, this.#args, this.#data, this.#start, this.#end]) c.grow();
    }
    return r;
  }

  /** Room for `need` bytes of names (doubling: a rare call of its own). */
  #growNames(need: number): void {
    const bigger = new Uint8Array(Math.max(need, this.#nameBytes.length * 2));
    bigger.set(this.#nameBytes.subarray(0, this.#nameLength));
    this.#nameBytes = bigger;
  }

  /** Adds a row from strings. */
  add(provider: string, name: string, args: string): void {
    const r = this.#row();
    this.#provider.values[r] = this.providers.id(provider);
    this.#args.values[r] = this.args.id(args);
    this.#addName(r, name);
  }

  #addName(r: number, name: string): void {
    this.#data.values[r] = -1;
    this.#start.values[r] = this.#names.length;
    this.#end.values[r] = 0;
    this.#names.push(name);
    this.#shownNames.push(printable(name));
  }

  providerId(r: number): number {
    return this.#provider.values[r]!;
  }

  argsId(r: number): number {
    return this.#args.values[r]!;
  }

  /** The raw name of row `r`. */
  name(r: number): string {
    const d = this.#data.values[r]!;
    const s = this.#start.values[r]!;
    return d < 0 ? this.#names[s]! : asciiText(this.#nameBytes.subarray(s, this.#end.values[r]!));
  }

  /** The name as shown (escaped). */
  shownName(r: number): string {
    const d = this.#data.values[r]!;
    return d < 0 ? this.#shownNames[this.#start.values[r]!]! : this.name(r);
  }

  /** Width of the shown name (UTF-16 units, as `padEnd` counts). */
  nameWidth(r: number): number {
    const d = this.#data.values[r]!;
    return d < 0 ? this.#shownNames[this.#start.values[r]!]!.length : this.#end.values[r]! - this.#start.values[r]!;
  }

  writeName(out: ByteSink, r: number): void {
    const d = this.#data.values[r]!;
    if (d < 0) out.str(this.#shownNames[this.#start.values[r]!]!);
    else out.range(this.#nameBytes, this.#start.values[r]!, this.#end.values[r]!);
  }

  /**
   * Writes the line of row `r` at `buf[p]` (a line of the common case: its
   * name in the note bytes, its addresses below 2^53, its arguments not
   * ending in blanks), straight into the output buffer: the cells padded to
   * `widths`, two spaces apart; the provider, name and sites only when `head`
   * (the group's first row). Calls nothing that can flush: see
   * `json-cursor.ts` for why.
   *
   * @param addr the address cells, `k` per row (-1: none, -2: above 2^53).
   * @param room bytes the line needs besides its arguments (from the widths).
   * @returns the end of the line, {@link LINE_NO_ROOM} or {@link LINE_DECLINED} (nothing written).
   */
  writeLine(
    buf: Uint8Array, p: number, r: number, head: boolean, sites: number,
    widths: Int32Array, addr: Float64Array, k: number, room: number,
  ): number {
    const d = this.#data.values[r]!;
    const argsId = this.#args.values[r]!;
    if (d < 0 || this.args.blankEnd(argsId)) return LINE_DECLINED;
    if (widths !== this.#widths) this.#cells(widths);
    const args = (this.#argsLine[argsId] ??= lineEnd(this.args.bytes(argsId)));
    if (p + room + args.length > buf.length) return LINE_NO_ROOM;
    for (let c = 0; c < k; c++) if (addr[r * k + c] === -2) return LINE_DECLINED;
    let end: number;
    if (head) {
      // The provider and sites cells, padded, are made once per value.
      const id = this.#provider.values[r]!;
      const provider = (this.#providerCell[id] ??= this.#providerCellOf(id));
      buf.set(provider, p);
      p += provider.length;
      end = p + widths[1]! + 2;
      const data = this.#nameBytes;
      const from = this.#start.values[r]!;
      const to = this.#end.values[r]!;
      for (let i = from; i < to; i++) buf[p++] = data[i]!;
      p = pad(buf, p, end);
      const cell = sites < SITES_CELLS ? (this.#sitesCell[sites] ??= this.#sitesCellOf(sites)) : this.#sitesCellOf(sites);
      buf.set(cell, p);
      p += cell.length;
      end = p;
    } else {
      buf.set(this.#blank, p);
      p += this.#blank.length;
      end = p;
    }
    for (let c = 0; c < k; c++) {
      const v = addr[r * k + c]!;
      end += widths[3 + c]! + 2;
      // "-" for none without a branch of its own (see Addresses.pushNumber):
      // the dash is written, and kept only when there is no address.
      buf[p] = 0x2d;
      const none = v < 0 ? 1 : 0;
      p += none;
      if (none === 0) {
        buf[p++] = 0x30;
        buf[p++] = 0x78;
        p = hexInto(buf, p, v);
      }
      p = pad(buf, p, end);
    }
    buf.set(args, p);
    return p + args.length;
  }

  // Cells of `writeLine` that depend only on a value and the widths.
  #widths: Int32Array | null = null;
  #providerCell: (Uint8Array | undefined)[] = [];
  #sitesCell: (Uint8Array | undefined)[] = [];
  #argsLine: (Uint8Array | undefined)[] = [];
  #blank = new Uint8Array(0);

  #cells(widths: Int32Array): void {
    this.#widths = widths;
    this.#providerCell = [];
    this.#sitesCell = [];
    this.#blank = new Uint8Array(widths[0]! + widths[1]! + widths[2]! + 6).fill(0x20);
  }

  /** The provider cell and the two spaces after it (padded by UTF-16 units, as `padEnd` pads; the bytes may be more). */
  #providerCellOf(id: number): Uint8Array {
    const bytes = this.providers.bytes(id);
    const cell = new Uint8Array(bytes.length + this.#widths![0]! - this.providers.shown[id]!.length + 2).fill(0x20);
    cell.set(bytes);
    return cell;
  }

  #sitesCellOf(sites: number): Uint8Array {
    const text = String(sites);
    const cell = new Uint8Array(this.#widths![2]! + 2).fill(0x20);
    for (let i = 0; i < text.length; i++) cell[i] = text.charCodeAt(i);
    return cell;
  }


  /** Whether rows `a` and `b` have the same provider and raw name. */
  sameProbe(a: number, b: number): boolean {
    if (this.#provider.values[a] !== this.#provider.values[b]) return false;
    const da = this.#data.values[a]!;
    const db = this.#data.values[b]!;
    if (da < 0 || db < 0) return this.name(a) === this.name(b);
    const sa = this.#start.values[a]!;
    const sb = this.#start.values[b]!;
    const n = this.#end.values[a]! - sa;
    if (this.#end.values[b]! - sb !== n) return false;
    const x = this.#nameBytes;
    for (let i = 0; i < n; i++) if (x[sa + i] !== x[sb + i]) return false;
    return true;
  }
}
