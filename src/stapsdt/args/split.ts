/**
 * Splitting an argument string into arguments.
 *
 * sdt.h joins arguments with one space, but AArch64 and ARM operands contain
 * `", "` themselves (`[sp, 12]`, `[r2, r1, lsl #2]`), so a space only
 * separates arguments at bracket/parenthesis depth 0 (libbpf's `sscanf`
 * patterns and gdb's expression parser amount to the same; perf's
 * whitespace split breaks these operands).
 */

const SPACE = 0x20;
const TAB = 0x09;

/**
 * True when `text` means "no arguments": the empty string, or a string that
 * starts with `:` (the libbpf, gdb and perf convention; sdt.h never emits it).
 */
export function hasNoArguments(text: string): boolean {
  return text.length === 0 || text.charCodeAt(0) === 0x3a;
}

/**
 * Splits `text` at spaces (or tabs) outside `()` and `[]`. Runs of spaces
 * count as one separator; leading/trailing spaces give no empty arguments.
 *
 * An opening bracket that is never closed would otherwise swallow every later
 * argument and renumber nothing but lose them all, so the unclosed last piece
 * is split at every space instead: each argument keeps its position.
 */
export function splitArguments(text: string): string[] {
  const out: string[] = [];
  const spans = new ArgumentSpans(text);
  while (spans.next()) out.push(text.slice(spans.start, spans.end));
  return out;
}

/**
 * The arguments of an argument string as `[start, end)` ranges, by the rule
 * of {@link splitArguments}. The parser walks these instead of the pieces of
 * an array: it slices each argument once, for the `text` of its result.
 *
 * @example
 * ```ts
 * const spans = new ArgumentSpans("8@%rdi -4@-20(%rbp)");
 * while (spans.next()) console.log(spans.start, spans.end); // 0 6, then 7 19
 * ```
 */
export class ArgumentSpans {
  readonly #text: string;
  /** Start of the current argument. */
  start = 0;
  /** End (exclusive) of the current argument; also where the search for the next one begins. */
  end = 0;
  /** Set once an unclosed bracket is found: the rest is split at every space. */
  #plain = false;
  /** The first `@` at or after the last position searched, or the text's length when there is none. */
  #nextAt = -1;

  constructor(text: string) {
    this.#text = text;
    if (hasNoArguments(text)) this.end = text.length;
  }

  /**
   * Where the current argument's first `@` is, or -1. One search serves
   * every argument before the `@` it finds, so however many arguments lack
   * one, the text is searched once.
   */
  get at(): number {
    if (this.#nextAt < this.start) {
      const at = this.#text.indexOf("@", this.start);
      this.#nextAt = at < 0 ? this.#text.length : at;
    }
    return this.#nextAt < this.end ? this.#nextAt : -1;
  }

  /** Moves to the next argument; false when there is none. */
  next(): boolean {
    const text = this.#text;
    const n = text.length;
    let i = this.end;
    // Spaces and tabs (SPACE, TAB) compared in place: this loop reads every character of every argument string.
    for (let c = text.charCodeAt(i); c === SPACE || c === TAB; c = text.charCodeAt(++i));
    if (i >= n) return false;
    this.start = i;
    if (!this.#plain) {
      let depth = 0;
      for (; i < n; i++) {
        const c = text.charCodeAt(i);
        if (c === SPACE || c === TAB) {
          if (depth === 0) break;
        } else if (c === 0x28 || c === 0x5b) depth++; // ( [
        else if ((c === 0x29 || c === 0x5d) && depth > 0) depth--; // ) ]
      }
      if (depth === 0) {
        this.end = i;
        return true;
      }
      this.#plain = true;
      i = this.start;
    }
    while (i < n && !isSpace(text.charCodeAt(i))) i++;
    this.end = i;
    return true;
  }
}

const isSpace = (c: number): boolean => c === SPACE || c === TAB;

/** The number of arguments of `text`, by the rule of {@link splitArguments}, without making them. */
export function countArguments(text: string): number {
  const spans = new ArgumentSpans(text);
  let n = 0;
  while (spans.next()) n++;
  return n;
}
