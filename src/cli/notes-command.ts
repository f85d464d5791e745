/**
 * `stapsdt-ls -n FILE...`: print the notes of ELF files exactly as GNU
 * `readelf -n` (binutils 2.40) prints them, with the same exit status.
 *
 * The per-file checks follow readelf's `process_file`/`process_object`: a
 * missing file, a non-regular file, a file too short for the magic number or
 * the header each give one error and exit status 1; with several files, each
 * file that gets as far as its header is introduced by `\nFile: NAME\n`, even
 * when it then turns out not to be ELF. Diagnostics carry our prefix in place
 * of readelf's: `stapsdt-ls: Warning: ...`, `stapsdt-ls: Error: ...`, with the
 * text that follows readelf's prefix.
 *
 * Differences (README, `-n`): archives (`!<arch>`) are not
 * read (error, status 1; readelf lists each member); a file with an invalid
 * ELF class or data encoding is an error (readelf reads it as 32-bit
 * little-endian and usually prints nothing, status 0); NT_FILE of 64-bit cores
 * is decoded (see `src/format/readelf/readelf.ts`).
 */
import { ElfError } from "../elf/errors.js";
import { ElfFile } from "../elf/file.js";
import { openFileSource, type FileSource } from "../node/files.js";
import { renderReadelfNotes, type ReadelfOptions, type ReadelfSink } from "../format/readelf/readelf.js";
import { newAnnobinState } from "../format/readelf/readelf-annobin.js";
import { isInputError } from "../node/errors.js";

const PROG = "stapsdt-ls";

/** Where the notes command writes. `stdoutBytes`, when given, receives stdout as bytes. */
export interface NotesIo {
  stdout(text: string): void;
  stderr(text: string): void;
  stdoutBytes?(bytes: Uint8Array): void;
}

const ARMAG = "!<arch>\n";
const THINMAG = "!<thin>\n";

/**
 * Runs `-n` over `paths`. Returns the exit status: 0 when readelf would exit 0,
 * else 1.
 */
export function notesCommand(paths: readonly string[], options: ReadelfOptions, io: NotesIo): number {
  let status = 0;
  let pending = "";
  const decoder = new TextDecoder();
  const write = (bytes: Uint8Array): void => {
    if (io.stdoutBytes) io.stdoutBytes(bytes);
    else io.stdout(decoder.decode(bytes, { stream: true }));
  };
  const flush = (): void => {
    if (pending.length === 0) return;
    write(Buffer.from(pending, "latin1"));
    pending = "";
  };
  const out = (text: string): void => {
    pending += text;
    if (pending.length > 1 << 20) flush();
  };
  // The printer's output, already bytes (after what `out` holds).
  const outBytes = (bytes: Uint8Array): void => {
    flush();
    write(bytes);
  };
  const diag = (kind: "error" | "warning", text: string): void => {
    flush();
    io.stderr(`${PROG}: ${kind === "error" ? "Error" : "Warning"}: ${text}\n`);
  };
  const several = paths.length > 1;
  // readelf keeps build-attribute ranges in statics: shared by all files of one run.
  const shared: ReadelfOptions = { ...options, annobin: options.annobin ?? newAnnobinState() };
  for (const path of paths) {
    if (!notesOfFile(path, several, shared, { out, outBytes, diag })) status = 1;
  }
  flush();
  return status;
}

function notesOfFile(
  path: string,
  several: boolean,
  options: ReadelfOptions,
  sink: ReadelfSink,
): boolean {
  const { out, diag } = sink;
  let source: FileSource;
  try {
    source = openFileSource(path);
  } catch (e) {
    if (!isInputError(e)) throw e;
    const code = (e as { code?: unknown }).code;
    if (code === "ENOENT") diag("error", `'${path}': No such file`);
    else if (code === "ENOTREG") diag("error", `'${path}' is not an ordinary file`);
    else if (code === "EACCES" || code === "EPERM") diag("error", `Input file '${path}' is not readable.`);
    else diag("error", `Could not locate '${path}'.  System error message: ${(e as Error).message}`);
    return false;
  }
  try {
    // readelf reads the 8-byte archive magic first, then e_ident, then the header
    // of the class e_ident names (ELFCLASS64: 64 bytes, anything else: 52).
    if (source.size < 8) {
      diag("error", `${path}: Failed to read file's magic number`);
      return false;
    }
    const head = source.read(0, Math.min(source.size, 64));
    const magic = String.fromCharCode(...head.subarray(0, 8));
    if (magic === ARMAG || magic === THINMAG) {
      diag("error", `${path}: archives are not supported`);
      return false;
    }
    const headerSize = head[4] === 2 ? 64 : 52;
    if (source.size < 16 || source.size < headerSize) {
      diag("error", `${path}: Failed to read file header`);
      return false;
    }
    if (several) out(`\nFile: ${Buffer.from(path, "utf8").toString("latin1")}\n`);
    if (head[0] !== 0x7f || head[1] !== 0x45 || head[2] !== 0x4c || head[3] !== 0x46) {
      diag("error", "Not an ELF file - it has the wrong magic bytes at the start");
      return false;
    }
    let file: ElfFile;
    try {
      file = ElfFile.open(source);
    } catch (e) {
      if (!(e instanceof ElfError)) throw e;
      diag("error", `${path}: ${e.message}`);
      return false;
    }
    // Big note sections in chunks (the file is open for the whole call).
    return renderReadelfNotes(file, sink, { stream: true, ...options });
  } catch (e) {
    // OS errors while reading (EIO, a file that shrank): report, go on with the next file.
    if (!isInputError(e)) throw e;
    diag("error", `${path}: ${e instanceof Error ? e.message : String(e)}`);
    return false;
  } finally {
    source.close();
  }
}

