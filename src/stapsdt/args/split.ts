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
  if (hasNoArguments(text)) return out;
  let depth = 0;
  let start = -1;
  const n = text.length;
  for (let i = 0; i < n; i++) {
    const c = text.charCodeAt(i);
    if (c === SPACE || c === TAB) {
      if (depth === 0 && start >= 0) {
        out.push(text.slice(start, i));
        start = -1;
      }
      continue;
    }
    if (start < 0) start = i;
    if (c === 0x28 || c === 0x5b) depth++; // ( [
    else if ((c === 0x29 || c === 0x5d) && depth > 0) depth--; // ) ]
  }
  if (start >= 0) {
    if (depth === 0) out.push(text.slice(start));
    else splitPlain(text, start, out);
  }
  return out;
}

/** Splits `text[from..]` at every space or tab. */
function splitPlain(text: string, from: number, out: string[]): void {
  let start = -1;
  for (let i = from; i < text.length; i++) {
    const c = text.charCodeAt(i);
    if (c === SPACE || c === TAB) {
      if (start >= 0) out.push(text.slice(start, i));
      start = -1;
    } else if (start < 0) start = i;
  }
  if (start >= 0) out.push(text.slice(start));
}
