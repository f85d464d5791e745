/**
 * Strings from a file, made safe to print on a terminal.
 *
 * Provider, probe and argument strings, section names and library names come
 * from the file, and a hostile file can put terminal control sequences in
 * them (`ESC [ 2 J` clears the screen; OSC sequences can set the window title
 * or, on some terminals, write to the clipboard), or bidirectional-override
 * characters that make the printed text read differently from what it is.
 * The human-readable outputs pass such strings through {@link printable}:
 * C0 controls and DEL become `\xNN`, C1 controls and the bidi controls
 * `\uNNNN`. Other characters, including ordinary non-ASCII text, are kept.
 * (GNU readelf does the same for section names with `^X`; it prints probe
 * strings raw.) JSON output needs none of this: JSON.stringify escapes C0
 * controls, and JSON consumers are programs.
 */

// C0, DEL, C1; ALM; LRM, RLM; LINE and PARAGRAPH SEPARATOR (line breaks to
// some terminals and editors); LRE..RLO; LRI..PDI.
const UNSAFE = /[\u0000-\u001f\u007f-\u009f\u061c\u200e\u200f\u2028\u2029\u202a-\u202e\u2066-\u2069]/g;

/** `s` with control and bidi-control characters escaped (see the module comment). */
export function printable(s: string): string {
  UNSAFE.lastIndex = 0;
  if (!UNSAFE.test(s)) return s;
  return s.replace(UNSAFE, (c) => {
    const code = c.charCodeAt(0);
    return code < 0x80 ? "\\x" + code.toString(16).padStart(2, "0") : "\\u" + code.toString(16).padStart(4, "0");
  });
}
