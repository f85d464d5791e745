/**
 * `openElf`: the front door of the library. It takes the forms bytes come in
 * (a `Uint8Array`, Node's byte buffers included, an `ArrayBuffer`, a
 * `DataView` or other typed array, or a {@link ByteSource}) and opens an {@link ElfFile}
 * over them without copying: a view's `byteOffset` and `byteLength` are kept,
 * so only the bytes it shows are the file.
 */
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
 * @throws {ElfError} `NOT_ELF`, `BAD_CLASS`, `BAD_DATA` or `TRUNCATED`.
 */
export function openElf(input: ElfInput): ElfFile {
  return ElfFile.open(toSource(input));
}

function toSource(input: ElfInput): ByteSource {
  if (input instanceof Uint8Array) return bytesSource(input);
  // A DataView or another typed array: the bytes it shows, not its whole buffer.
  if (ArrayBuffer.isView(input)) return bytesSource(new Uint8Array(input.buffer, input.byteOffset, input.byteLength));
  // A ByteSource has `read`; anything else is taken as an ArrayBuffer (also
  // one from another realm, or a SharedArrayBuffer, where `instanceof` fails).
  if (typeof (input as ByteSource).read === "function") return input as ByteSource;
  return bytesSource(new Uint8Array(input as ArrayBuffer));
}
