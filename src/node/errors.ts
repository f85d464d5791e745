/**
 * Which errors describe the input, and which are faults of stapsdt-ls.
 *
 * Every place that lists many files or objects catches the error of one so
 * that the others are still listed. Only errors about the input may be caught
 * that way: an {@link ElfError} (the file is malformed) or an operating-system
 * error (ENOENT, EACCES, EIO, ... from Node, or one of ours with such a code:
 * ENOTREG for a special file, a {@link ProcessError}). Anything else, a
 * TypeError or RangeError, is a bug; it propagates, so that it shows as one
 * and never passes for a file that could not be read.
 */
import { ElfError } from "../elf/errors.js";

export function isInputError(e: unknown): boolean {
  if (e instanceof ElfError) return true;
  if (!(e instanceof Error)) return false;
  const code = (e as { code?: unknown }).code;
  return typeof code === "string" && /^E[A-Z0-9]+$/.test(code);
}
