/**
 * The words of the command on stderr: its name, and one line for an error.
 */
import { printable } from "../format/printable.js";

export const PROG = "stapsdt-ls";

/**
 * One-line description of an error for stderr. Messages quote strings from
 * the file (probe names, library names), so control characters are escaped.
 */
export function describe(e: unknown): string {
  if (e instanceof Error) {
    const code = (e as { code?: unknown }).code;
    // Node's messages already start with the code ("ENOENT: no such file ...").
    return printable(typeof code === "string" && !e.message.startsWith(code) && e.name === "ElfError"
      ? `${e.message} [${code}]`
      : e.message);
  }
  return printable(String(e));
}
