/**
 * The `[-]N[f]@` prefix of one argument, parsed once for every architecture.
 *
 * The argument is split at its **first** `@`: i386 PIC operands contain
 * `@GOTOFF` and PowerPC ones `@toc@l`, so a later `@` belongs to the operand.
 * The part before it is a prefix only if it reads `-?digits f?`; otherwise the
 * argument has no prefix and all of it is the operand (hand-written
 * `STAP_PROBE_ASM` text such as `%rdi`, or `glob@GOTOFF(%eax)`).
 */
import type { ArgumentHead } from "./types.js";

/** Parses the size/sign/float prefix of `text` and separates the operand. Never throws. */
export function parseHead(text: string): ArgumentHead {
  return headAt(text, 0, text.length, text.indexOf("@"));
}

/**
 * {@link parseHead} of the argument `source[start, end)`, whose first `@` is
 * at `at` (-1 for none), read in place: the argument string is sliced only
 * for `text` and `operand`.
 */
export function headAt(source: string, start: number, end: number, at: number): ArgumentHead {
  const text = source.slice(start, end);
  if (at > start) {
    let i = start;
    let signed = false;
    if (source.charCodeAt(i) === 0x2d) { // -
      signed = true;
      i++;
    }
    let size = 0;
    const digitsStart = i;
    for (; i < at; i++) {
      const d = source.charCodeAt(i) - 0x30;
      if (d < 0 || d > 9) break;
      size = size * 10 + d;
    }
    let float = false;
    if (i > digitsStart) {
      if (i === at - 1 && source.charCodeAt(i) === 0x66) { // f
        float = true;
        i++;
      }
      if (i === at) return { text, size, signed, float, operand: source.slice(at + 1, end) };
    }
  }
  return { text, size: null, signed: false, float: false, operand: text };
}
