/**
 * `openElf`: the front door of the library. It takes the forms bytes come in
 * (a `Uint8Array`, Node's byte buffers included, an `ArrayBuffer`, a
 * `DataView` or other typed array, or a {@link ByteSource}) and opens an {@link ElfFile}
 * over them without copying: a view's `byteOffset` and `byteLength` are kept,
 * so only the bytes it shows are the file.
 */
import { ElfError } from "./errors.js";
import { ElfFile } from "./file.js";
import { bytesSource, type ByteSource } from "./source.js";

/** What {@link openElf} accepts. */
export type ElfInput = Uint8Array | ArrayBuffer | DataView | ByteSource;

/**
 * Opens an ELF image held in memory or behind a {@link ByteSource}.
 * Only the identification and file header are read here; the rest is read
 * when it is first asked for.
 *
 * @example
 * ```ts
 * const file = openElf(await (await fetch(url)).arrayBuffer());
 * ```
 * @throws {ElfError} `NOT_ELF`, `BAD_CLASS`, `BAD_DATA` or `TRUNCATED`;
 *   `BAD_INPUT` for anything but bytes or a byte source (a path, say: under
 *   Node, `openFileSource(path)` makes a source of a file), or a buffer whose
 *   memory is gone (transferred or detached).
 */
export function openElf(input: ElfInput): ElfFile {
  return ElfFile.open(toSource(input));
}

function toSource(input: ElfInput): ByteSource {
  try {
    if (input instanceof Uint8Array) return bytesSource(input);
    // A DataView or another typed array: the bytes it shows, not its whole buffer.
    if (ArrayBuffer.isView(input)) return bytesSource(new Uint8Array(input.buffer, input.byteOffset, input.byteLength));
    const kind = Object.prototype.toString.call(input);
    // Also a buffer from another realm or a SharedArrayBuffer, where `instanceof ArrayBuffer` fails.
    if (kind === "[object ArrayBuffer]" || kind === "[object SharedArrayBuffer]") return bytesSource(new Uint8Array(input as ArrayBuffer));
  } catch (e) {
    // A detached buffer: its bytes are gone.
    if (e instanceof TypeError) throw new ElfError("BAD_INPUT", `openElf: the buffer's memory is gone (${e.message})`, 0);
    throw e;
  }
  const source = input as Partial<ByteSource> | null;
  if (source !== null && typeof source === "object" && typeof source.read === "function" && typeof source.size === "number") {
    return input as ByteSource;
  }
  const type = typeof input;
  const what = input === null ? "null"
    : type === "string" ? "a string (a path? under Node, openFileSource(path) opens a file)"
    : `${/^[aeiou]/.test(type) ? "an" : "a"} ${type}`;
  throw new ElfError("BAD_INPUT", `openElf takes a Uint8Array, ArrayBuffer, DataView or byte source ({ size, read(offset, length) }), not ${what}`, 0);
}
