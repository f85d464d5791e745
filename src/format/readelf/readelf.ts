/**
 * The `readelf -n` printer: GNU readelf 2.40's text for a file's notes, byte
 * for byte, over the decoded notes of `decode.ts`.
 *
 * ```
 * <empty line>
 * Displaying notes found in: .note.stapsdt
 *   Owner                Data size \tDescription
 *   stapsdt              0x00000033\tNT_STAPSDT (SystemTap probe descriptors)
 *     Provider: python
 *     ...
 * ```
 *
 * Output is a byte string (one char per byte, see `text.ts`): owner names,
 * probe strings and paths are printed as the file stores them. Diagnostics go
 * to the sink's `diag` with readelf's text (without the `readelf: Warning: `
 * prefix); the stdout text is flushed before each, so the two streams interleave
 * as readelf's do. The result says whether readelf would exit 0: false when a
 * note body is corrupt, an alignment is rejected, a container is empty or
 * unreadable (readelf's `process_notes` result), or when readelf cannot read
 * the file's dynamic section (`readelf-dynamic.ts`).
 *
 * One deliberate difference: binutils 2.40 prints "Cannot decode 64-bit note in
 * 32-bit build" for the NT_FILE note of every ELFCLASS64 core file (a bug fixed
 * in later binutils); we decode it as later binutils does, unless
 * `binutils240NtFile` asks for the 2.40 line (used to compare with 2.40).
 */
import { ET } from "../../elf/constants.js";
import type { ElfError } from "../../elf/errors.js";
import type { ElfFile } from "../../elf/file.js";
import { ByteSink, latin1Bytes } from "../sink.js";
import { isBuildAttribute } from "../../notes/annobin.js";
import type { CoreFileBody } from "../../notes/core.js";
import {
  buildAttributeDescription, buildAttributeName, buildAttributeSymbols, newAnnobinState, type AnnobinState,
} from "./readelf-annobin.js";
import { decodeNote, prepareNoteRegion, type DecodedNote, type PreparedNoteRegion } from "../../notes/decode.js";
import { makeNote, noteAlignment, walkNotes, type NoteContainer, type NoteVisitor } from "../../elf/notes.js";
import { NOTE_CHUNK, walkNoteChunks } from "../../elf/note-chunks.js";
import { Reader } from "../../elf/reader.js";
import type { ProgramHeader } from "../../elf/segments.js";
import { NOTE_NOT_TAKEN, NOTE_PRINTED, NOTE_PRINTED_TRAILING, writeStapsdtBody, writeStapsdtNote } from "./readelf-stapsdt.js";
import { propertyListText } from "./property-names.js";
import { containerHeading, framingWarnings, getDataError, printSymbol } from "./readelf-text.js";
import { ReadelfDynamic } from "./readelf-dynamic.js";
import { readelfSectionPass } from "./readelf-sections.js";
import { readelfProgramHeaders, readelfSegmentPass } from "./readelf-segments.js";
import { byteString, hexDump, hexPad, int32, rightAlign } from "../../notes/text.js";

/** Options of the readelf printer. */
export interface ReadelfOptions {
  /** `-W` / `--wide`: no owner truncation; bodies start on the note's line. */
  readonly wide?: boolean;
  /**
   * Print binutils 2.40's `    Cannot decode 64-bit note in 32-bit build` for the
   * NT_FILE note of ELFCLASS64 cores instead of decoding it (default false).
   */
  readonly binutils240NtFile?: boolean;
  /**
   * The ranges readelf remembers between GNU build attribute notes (static
   * variables in readelf, so they carry over from one file to the next). Pass
   * the same object for every file of one command; default: fresh per call.
   */
  readonly annobin?: AnnobinState;
  /**
   * Read note containers over 1 MiB in chunks through one reused buffer when
   * the source can (`ByteSource.readInto`; not ET_REL files, whose sections
   * are relocated whole): flat memory; the source must stay open during the
   * call, which it always is (default false; the CLI's `-n` sets it).
   */
  readonly stream?: boolean;
  /** Bytes per read when streaming (for tests). */
  readonly chunkSize?: number;
}

/**
 * Where the printer writes. `out` gets byte strings, or `outBytes`, when
 * given, the bytes (for large outputs: no strings to build); `diag` one
 * message without newline. `outBytes` must copy what it keeps.
 */
export interface ReadelfSink {
  out(text: string): void;
  outBytes?(bytes: Uint8Array): void;
  diag(kind: "error" | "warning", text: string): void;
}

const HEX_PREFIX = latin1Bytes(" 0x");
const COLUMN_HEADER = "  Owner                Data size \tDescription\n";

/** The printer's state for one file. */
class Printer {
  // Output bytes (the text is a byte string): written into one buffer, not
  // built as a string (`buf += piece` makes a rope of 100,000s of nodes that
  // costs as much again to flatten, encode and collect when it is written).
  readonly #out: ByteSink;
  ok = true;
  /** Bytes per read of a streamed container (`ReadelfOptions.chunkSize`). */
  chunkSize = NOTE_CHUNK;
  #symbols: ReturnType<typeof buildAttributeSymbols> | undefined;
  constructor(
    readonly file: ElfFile,
    readonly sink: ReadelfSink,
    readonly wide: boolean,
    readonly nt240: boolean,
    readonly annobin: AnnobinState,
  ) {
    const to = this.sink;
    this.#out = new ByteSink(to.outBytes ? (b) => to.outBytes!(b) : (b) => to.out(byteString(b, 0, b.length)));
  }

  symbols = (): ReturnType<typeof buildAttributeSymbols> => (this.#symbols ??= buildAttributeSymbols(this.file));

  /** Owner columns already formatted (files repeat a handful of owners). */
  readonly owners = new Map<string, string>();

  ownerColumn(owner: string): string {
    const text = "  " + printSymbol(owner, this.wide);
    if (this.owners.size < 64) this.owners.set(owner, text);
    return text;
  }

  readonly #encoded = new Map<string, Uint8Array>();

  /** A byte string that repeats (owner column, type name) as bytes, made once. */
  #bytesOf(text: string): Uint8Array {
    let b = this.#encoded.get(text);
    if (b === undefined) {
      b = latin1Bytes(text);
      if (this.#encoded.size < 256) this.#encoded.set(text, b);
    }
    return b;
  }

  /** Appends (byte string) text to the output. */
  put(text: string): void {
    this.#out.latin1(text);
  }

  flush(): void {
    this.#out.flush();
  }

  diag(kind: "error" | "warning", text: string): void {
    this.flush();
    this.sink.diag(kind, text);
  }

  block(b: PreparedNoteRegion): void {
    for (const w of b.warnings) this.diag("warning", w);
    // readelf: an empty container prints nothing and fails; so does one it cannot read.
    if (b.container.size === 0) {
      this.ok = false;
      return;
    }
    if (b.error) {
      this.diag("error", readError(b.container, this.file.source.size) ?? b.error.message);
      this.ok = false;
      return;
    }
    // Sections come from a table already read; segments need no names (and the
    // section table may be unusable when notes come from segments).
    this.put(containerHeading(b.container, b.container.kind === "section" ? this.file.sectionNameTable : null));
    if (noteAlignment(b.container.align) === 0) {
      this.diag("warning", framingWarnings({ kind: "alignment", align: b.container.align })[0]!);
      this.ok = false;
      return;
    }
    this.put(COLUMN_HEADER);
    // Framed, decoded and printed one at a time: nothing per note is kept, so
    // a container of 100,000 notes costs no list of them. Type-3 stapsdt
    // notes (nearly all notes of big files) are printed from their bytes,
    // without a decoded note (readelf-stapsdt.ts).
    // A streamed container comes a chunk at a time (`walkNoteChunks`).
    let data = b.data ?? new Uint8Array(0);
    let base = b.container.offset;
    let ctx = b.ctx;
    const { le, is64 } = b.ctx;
    const out = this.#out;
    const wide = this.wide;
    const onNote: NoteVisitor = (at, namesz, descsz, type, descAt) => {
      const r = writeStapsdtNote(out, data, at, namesz, descsz, type, descAt, is64, le, wide);
      if (r !== NOTE_NOT_TAKEN) {
        if (r === NOTE_PRINTED_TRAILING) this.ok = false;
        return;
      }
      this.note(decodeNote(makeNote(data, base, at, namesz, descsz, type, descAt), ctx, b.core));
    };
    const end = b.streamed
      ? walkNoteChunks(this.file.source, b.container, le, (chunk, chunkBase) => {
        data = chunk;
        base = chunkBase;
        ctx = { le, is64, reader: new Reader(chunk, le, is64) };
      }, onNote, this.chunkSize)
      : walkNotes(data, base, b.container.align, le, onNote);
    if (end.framing) for (const w of framingWarnings(end.framing)) this.diag("warning", w);
    else if (end.error && b.streamed) {
      // Only a chunked read ends so (a note over MAX_NOTE_READ, a file that
      // shrank): readelf, which reads a container whole, has no such case.
      this.diag("error", end.error.message);
      this.ok = false;
    }
  }

  note(d: DecodedNote): void {
    const note = d.note;
    let owner: string;
    if (isBuildAttribute(d.owner, note.type)) {
      this.put("  ");
      const nameBytes = byteString(note.data, note.at + 12, note.at + 12 + note.namesz);
      owner = buildAttributeName(nameBytes, note.namesz, this.wide, (k, t) => this.diag(k, t));
    } else {
      owner = this.owners.get(d.displayOwner) ?? this.ownerColumn(d.displayOwner);
    }
    const o = this.#out;
    o.bytes(this.#bytesOf(owner));
    o.bytes(HEX_PREFIX);
    o.hexPadded(note.descsz, 8);
    o.byte(0x09);
    o.bytes(this.#bytesOf(d.typeName));
    o.byte(this.wide ? 0x09 : 0x0a);
    const body = d.body;
    switch (body.kind) {
      case "build-attribute": {
        const [text, ok] = buildAttributeDescription(body, this.annobin, this.symbols, (k, t) => this.diag(k, t));
        this.put(text);
        if (!ok) this.ok = false;
        return;
      }
      case "stapsdt":
        // Bytes after the arguments: printed normally, but readelf fails the note.
        if (writeStapsdtBody(this.#out, note.data, note.descAt, note.descsz, this.file.is64, this.file.littleEndian) !== NOTE_PRINTED) {
          this.ok = false;
        }
        return;
      case "gnu-build-id":
        this.put(`    Build ID: ${body.id}\n`);
        return;
      case "gnu-abi-tag":
        this.put(`    OS: ${body.osName}, ABI: ${int32(body.major)}.${int32(body.minor)}.${int32(body.subminor)}\n`);
        return;
      case "gnu-hwcap":
        this.put(`      Hardware Capabilities: num entries: ${int32(body.entries)}, enabled mask: ${body.mask.toString(16)}\n`);
        return;
      case "gnu-gold-version":
        this.put(`    Version: ${body.version}\n`);
        return;
      case "gnu-properties":
        this.put(propertyListText(body.list, this.file.header.machine, this.file.littleEndian, this.file.is64, this.wide));
        return;
      case "gnu-unknown":
        this.put(`    Description data: ${hexDump(note.desc)}\n`);
        return;
      case "core":
        if (this.wide) this.put("\n");
        return;
      case "core-file":
        this.coreFile(body);
        return;
      case "fdo-packaging":
        this.put(`    Packaging Metadata: ${body.metadata}\n`);
        return;
      case "fdo-unknown":
        this.ok = false;
        return;
      case "corrupt":
        switch (body.decoder) {
          case "stapsdt":
            this.put("  <corrupt - note is too small>\n");
            this.diag("error", "corrupt stapdt note - the data size is too small");
            this.ok = false;
            return;
          case "gnu-abi-tag":
            this.put("    <corrupt GNU_ABI_TAG>\n");
            return;
          case "gnu-hwcap":
            this.put("      Hardware Capabilities: ");
            this.diag("error", body.reason);
            this.ok = false;
            return;
          case "build-attribute": {
            const [text] = buildAttributeDescription(body, this.annobin, this.symbols, (k, t) => this.diag(k, t));
            this.put(text);
            this.ok = false;
            return;
          }
          case "core-file":
            if (this.ntFile240()) return;
            this.diag("error", "    " + body.reason);
            this.ok = false;
            return;
        }
        return;
      case "go-build-id":
      case "raw":
        if (note.descsz > 0) this.put(`   description data: ${hexDump(note.desc)}${this.wide ? "" : "\n"}`);
        if (this.wide) this.put("\n");
        return;
    }
  }

  /** binutils 2.40 on an ELFCLASS64 core: one line instead of the mappings. */
  ntFile240(): boolean {
    if (!(this.nt240 && this.file.is64)) return false;
    // 2.40 prints this line and carries on as if the note were fine (exit status 0).
    this.put("    Cannot decode 64-bit note in 32-bit build\n");
    return true;
  }

  coreFile(body: Extract<CoreFileBody, { kind: "core-file" }>): void {
    if (this.ntFile240()) return;
    const w = this.file.is64 ? 8 : 4;
    let s = `    Page size: ${BigInt.asIntN(64, body.pageSize)}\n` +
      `    ${rightAlign("Start", 2 + 2 * w)}${rightAlign("End", 4 + 2 * w)}${rightAlign("Page Offset", 4 + 2 * w)}\n`;
    for (const f of body.files) {
      s += `    0x${hexPad(f.start, 2 * w)}  0x${hexPad(f.end, 2 * w)}  0x${hexPad(f.fileOffset, 2 * w)}\n        ${f.path}\n`;
    }
    this.put(s);
    if (body.reason !== null) {
      this.diag("error", "    " + body.reason);
      this.ok = false;
    }
  }
}

/**
 * readelf's error for a note container outside the file (`get_data`: "section
 * contents" for a section, "notes" for a segment); `null` for our own reasons
 * not to read one (the overlap budget of `ElfFile.noteRegions`).
 */
function readError(c: NoteContainer, fileSize: number): string | null {
  const [offset, size] = c.section ? [c.section.offset, c.section.size] : c.segment ? [c.segment.offset, c.segment.filesz] : [BigInt(c.offset), BigInt(c.size)];
  return getDataError(offset, size, fileSize, c.kind === "section" ? "section contents" : "notes");
}

/**
 * Prints the notes of `file` as `readelf -n` (binutils 2.40) does.
 *
 * @returns whether readelf would report success for the notes (exit status 0).
 * @throws nothing for malformed files: every problem becomes a diagnostic.
 */
export function renderReadelfNotes(file: ElfFile, sink: ReadelfSink, options: ReadelfOptions = {}): boolean {
  const p = new Printer(file, sink, options.wide === true, options.binutils240NtFile === true, options.annobin ?? newAnnobinState());
  // readelf's passes before the notes, whatever the options: the section
  // headers (messages only), then the dynamic section (part of the status).
  const diag = (k: "error" | "warning", t: string): void => p.diag(k, t);
  const tableError = readelfSectionPass(file, diag);
  // The program headers as readelf reads them: kept when read, read again
  // (with its messages again) when the notes need them and they were not.
  const dynamic = new ReadelfDynamic(file);
  let programHeaders = readelfSegmentPass(file, dynamic, diag);
  if (!dynamic.read(programHeaders ?? [], diag)) p.ok = false;
  if (file.header.type === ET.ET_CORE && file.header.phnum === 0) {
    sink.out("No notes found file.\n");
    return p.ok;
  }
  const chunkSize = options.chunkSize ?? NOTE_CHUNK;
  p.chunkSize = chunkSize;
  const streamAbove = options.stream === true ? chunkSize : Infinity;
  // An unreadable section table was reported above in readelf's words.
  const warn = (e: ElfError): void => {
    if (e.message !== tableError?.message) p.diag("error", e.message);
  };
  const segments = (): readonly ProgramHeader[] => (programHeaders ??= readelfProgramHeaders(file, diag)) ?? [];
  for (const c of file.noteContainers(warn, segments)) p.block(prepareNoteRegion(file, c, { streamAbove }));
  p.flush();
  return p.ok;
}

/** The stdout text, diagnostics and status of {@link renderReadelfNotes}, collected. */
export interface ReadelfResult {
  /** Byte string (one char per byte). */
  readonly text: string;
  readonly diagnostics: readonly { readonly kind: "error" | "warning"; readonly text: string }[];
  readonly ok: boolean;
}

/** {@link renderReadelfNotes} into one string. */
export function readelfNotes(file: ElfFile, options: ReadelfOptions = {}): ReadelfResult {
  const parts: string[] = [];
  const diagnostics: { kind: "error" | "warning"; text: string }[] = [];
  const ok = renderReadelfNotes(file, { out: (t) => parts.push(t), diag: (kind, text) => diagnostics.push({ kind, text }) }, options);
  return { text: parts.join(""), diagnostics, ok };
}

