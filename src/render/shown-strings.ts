/**
 * The provider and argument strings of the table (`table-rows.ts`), each
 * kept once with what printing it needs. A file of 100,000 probes has a few
 * providers and, typically, hundreds of distinct argument strings.
 */
import { printable } from "./printable.js";
import type { ByteSink } from "./sink.js";

const encoder = new TextEncoder();
const WHITESPACE_END = /\s$/;

/**
 * Strings that repeat (providers, argument strings) by id, with their shown
 * form: escaped once (`printable`), encoded once, and whether it ends in
 * blanks (which the table's `trimEnd` would remove).
 */
export class ShownStrings {
  readonly raw: string[] = [];
  /** The escaped form (`printable`), as printed. */
  readonly shown: string[] = [];
  /** The escaped form as UTF-8, made when first written. */
  readonly #bytes: (Uint8Array | undefined)[] = [];
  readonly #ids = new Map<string, number>();
  /** Per id: whether the shown form is empty or ends in whitespace (what `trimEnd` removes). */
  readonly #blankEnd: boolean[] = [];
  #last = "";
  #lastId = -1;

  id(s: string): number {
    if (s === this.#last && this.#lastId >= 0) return this.#lastId;
    let id = this.#ids.get(s);
    if (id === undefined) {
      id = this.raw.length;
      this.raw.push(s);
      const shown = printable(s);
      this.shown.push(shown);
      this.#blankEnd.push(shown.length === 0 || WHITESPACE_END.test(shown));
      this.#ids.set(s, id);
    }
    this.#last = s;
    this.#lastId = id;
    return id;
  }

  blankEnd(id: number): boolean {
    return this.#blankEnd[id]!;
  }

  write(out: ByteSink, id: number): void {
    out.bytes(this.bytes(id));
  }

  /** The shown form as UTF-8. */
  bytes(id: number): Uint8Array {
    return (this.#bytes[id] ??= encoder.encode(this.shown[id]!));
  }
}
