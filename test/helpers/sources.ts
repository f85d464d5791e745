/**
 * Byte sources for tests. Vitest-free and Node-free (the hostile-input oracle
 * uses them in `npm run fuzz` too).
 */
import type { ByteSource } from "../../src/elf/source.js";

/**
 * A source that offers `readInto` as a file source does (a copy into the
 * caller's buffer), over bytes or over another source: what makes
 * `walkProbes(file, { stream: true })` and `readelfNotes(file, { stream: true })`
 * read note sections in chunks.
 */
export function readIntoSource(inner: Uint8Array | ByteSource): ByteSource {
  const read = inner instanceof Uint8Array
    ? (offset: number, length: number): Uint8Array => inner.subarray(offset, offset + length)
    : (offset: number, length: number): Uint8Array => inner.read(offset, length);
  return {
    size: inner instanceof Uint8Array ? inner.length : inner.size,
    read,
    readInto: (offset, length, into) => into.set(read(offset, length)),
  };
}
