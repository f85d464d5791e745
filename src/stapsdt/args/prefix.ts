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
  const at = text.indexOf("@");
  if (at > 0) {
    let i = 0;
    let signed = false;
    if (text.charCodeAt(0) === 0x2d) { // -
      signed = true;
      i = 1;
    }
    let size = 0;
    const digitsStart = i;
    for (; i < at; i++) {
      const d = text.charCodeAt(i) - 0x30;
      if (d < 0 || d > 9) break;
      size = size * 10 + d;
    }
    let float = false;
    if (i > digitsStart) {
      if (i === at - 1 && text.charCodeAt(i) === 0x66) { // f
        float = true;
        i++;
      }
      if (i === at) return { text, size, signed, float, operand: text.slice(at + 1) };
    }
  }
  return { text, size: null, signed: false, float: false, operand: text };
}
