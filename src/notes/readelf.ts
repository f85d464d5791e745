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
 * unreadable (readelf's `process_notes` result).
 *
 * One deliberate difference: binutils 2.40 prints "Cannot decode 64-bit note in
 * 32-bit build" for the NT_FILE note of every ELFCLASS64 core file (a bug fixed
 * in later binutils); we decode it as later binutils does, unless
 * `binutils240NtFile` asks for the 2.40 line (used to compare with 2.40).
 */
import { ET } from "../elf/constants.js";
import type { ElfFile } from "../elf/file.js";
import { isBuildAttribute } from "./annobin.js";
import type { CoreFileBody } from "./core.js";
import {
  buildAttributeDescription, buildAttributeName, buildAttributeSymbols, newAnnobinState, type AnnobinState,
} from "./readelf-annobin.js";
import { decodeNote, prepareNoteBlock, type DecodedNote, type PreparedNoteBlock } from "./decode.js";
import { propertyText } from "./property-names.js";
import type { GnuPropertyList } from "./property.js";
import type { StapsdtDescriptor } from "../stapsdt/note.js";
import { containerHeading, framingWarnings, printSymbol } from "./readelf-text.js";
import { altHex, byteString, hexDump, hexPad, int32, rightAlign } from "./text.js";

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
}

/** Where the printer writes. `out` gets byte strings; `diag` one message without newline. */
export interface ReadelfSink {
  out(text: string): void;
  diag(kind: "error" | "warning", text: string): void;
}

const COLUMN_HEADER = "  Owner                Data size \tDescription\n";
const FLUSH_AT = 1 << 16;

/** The printer's state for one file. */
class Printer {
  buf = "";
  ok = true;
  #symbols: ReturnType<typeof buildAttributeSymbols> | undefined;
  constructor(
    readonly file: ElfFile,
    readonly sink: ReadelfSink,
    readonly wide: boolean,
    readonly nt240: boolean,
    readonly annobin: AnnobinState,
  ) {}

  symbols = (): ReturnType<typeof buildAttributeSymbols> => (this.#symbols ??= buildAttributeSymbols(this.file));

  /** Owner columns already formatted (files repeat a handful of owners). */
  readonly owners = new Map<string, string>();

  ownerColumn(owner: string): string {
    const text = "  " + printSymbol(owner, this.wide);
    if (this.owners.size < 64) this.owners.set(owner, text);
    return text;
  }

  flush(): void {
    if (this.buf.length > 0) {
      this.sink.out(this.buf);
      this.buf = "";
    }
  }

  diag(kind: "error" | "warning", text: string): void {
    this.flush();
    this.sink.diag(kind, text);
  }

  block(b: PreparedNoteBlock): void {
    for (const w of b.warnings) this.diag("warning", w);
    // readelf: an empty container prints nothing and fails; so does one it cannot read.
    if (b.container.size === 0) {
      this.ok = false;
      return;
    }
    if (b.error) {
      this.diag("error", b.error.message);
      this.ok = false;
      return;
    }
    this.buf += containerHeading(b.container);
    if (b.framing?.kind === "alignment") {
      this.diag("warning", framingWarnings(b.framing)[0]!);
      this.ok = false;
      return;
    }
    this.buf += COLUMN_HEADER;
    // Decoded one at a time: nothing but the framed notes is held for a big container.
    for (const n of b.notes) {
      this.note(decodeNote(n, b.ctx, b.core));
      if (this.buf.length > FLUSH_AT) this.flush();
    }
    if (b.framing) for (const w of framingWarnings(b.framing)) this.diag("warning", w);
  }

  note(d: DecodedNote): void {
    const note = d.note;
    let owner: string;
    if (isBuildAttribute(d.owner, note.type)) {
      this.buf += "  ";
      const nameBytes = byteString(note.data, note.at + 12, note.at + 12 + note.namesz);
      owner = buildAttributeName(nameBytes, note.namesz, this.wide, (k, t) => this.diag(k, t));
    } else {
      owner = this.owners.get(d.displayOwner) ?? this.ownerColumn(d.displayOwner);
    }
    this.buf += `${owner} 0x${hexPad(note.descsz, 8)}\t${d.typeName}${this.wide ? "\t" : "\n"}`;
    const body = d.body;
    switch (body.kind) {
      case "build-attribute": {
        const [text, ok] = buildAttributeDescription(body, this.annobin, this.symbols, (k, t) => this.diag(k, t));
        this.buf += text;
        if (!ok) this.ok = false;
        return;
      }
      case "stapsdt": {
        const p = body.probe;
        const w = this.file.is64 ? 8 : 4;
        const [provider, name, args] = probeStrings(d, p, w);
        this.buf +=
          `    Provider: ${provider}\n    Name: ${name}\n` +
          `    Location: 0x${hexPad(p.location, 2 * w)}, Base: 0x${hexPad(p.base, 2 * w)}, Semaphore: 0x${hexPad(p.semaphore, 2 * w)}\n` +
          `    Arguments: ${args}\n`;
        // Bytes after the arguments: printed normally, but readelf fails the note.
        if (p.trailing !== 0) this.ok = false;
        return;
      }
      case "gnu-build-id":
        this.buf += `    Build ID: ${body.id}\n`;
        return;
      case "gnu-abi-tag":
        this.buf += `    OS: ${body.osName}, ABI: ${int32(body.major)}.${int32(body.minor)}.${int32(body.subminor)}\n`;
        return;
      case "gnu-hwcap":
        this.buf += `      Hardware Capabilities: num entries: ${int32(body.entries)}, enabled mask: ${body.mask.toString(16)}\n`;
        return;
      case "gnu-gold-version":
        this.buf += `    Version: ${body.version}\n`;
        return;
      case "gnu-properties":
        this.buf += this.properties(body.list);
        return;
      case "gnu-unknown":
        this.buf += `    Description data: ${hexDump(note.desc)}\n`;
        return;
      case "core":
        if (this.wide) this.buf += "\n";
        return;
      case "core-file":
        this.coreFile(body);
        return;
      case "fdo-packaging":
        this.buf += `    Packaging Metadata: ${body.metadata}\n`;
        return;
      case "fdo-unknown":
        this.ok = false;
        return;
      case "corrupt":
        switch (body.decoder) {
          case "stapsdt":
            this.buf += "  <corrupt - note is too small>\n";
            this.diag("error", "corrupt stapdt note - the data size is too small");
            this.ok = false;
            return;
          case "gnu-abi-tag":
            this.buf += "    <corrupt GNU_ABI_TAG>\n";
            return;
          case "gnu-hwcap":
            this.buf += "      Hardware Capabilities: ";
            this.diag("error", body.reason);
            this.ok = false;
            return;
          case "build-attribute": {
            const [text] = buildAttributeDescription(body, this.annobin, this.symbols, (k, t) => this.diag(k, t));
            this.buf += text;
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
        if (note.descsz > 0) this.buf += `   description data: ${hexDump(note.desc)}${this.wide ? "" : "\n"}`;
        if (this.wide) this.buf += "\n";
        return;
    }
  }

  /** binutils 2.40 on an ELFCLASS64 core: one line instead of the mappings. */
  ntFile240(): boolean {
    if (!(this.nt240 && this.file.is64)) return false;
    // 2.40 prints this line and carries on as if the note were fine (exit status 0).
    this.buf += "    Cannot decode 64-bit note in 32-bit build\n";
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
    this.buf += s;
    if (body.reason !== null) {
      this.diag("error", "    " + body.reason);
      this.ok = false;
    }
  }

  properties(list: GnuPropertyList): string {
    let s = "      Properties: ";
    const err = list.error;
    if (err?.kind === "size") return s + `<corrupt GNU_PROPERTY_TYPE, size = ${altHex(err.descsz)}>\n`;
    const sep = this.wide ? ", " : "\n\t";
    const { machine } = this.file.header;
    const le = this.file.littleEndian;
    const is64 = this.file.is64;
    s += list.properties.map((p) => propertyText(p, machine, le, is64)).join(sep);
    if (err) {
      if (list.properties.length > 0) s += sep;
      s += err.kind === "descsz" ? `<corrupt descsz: ${altHex(err.descsz)}>\n` : `<corrupt type (${altHex(err.type)}) datasz: ${altHex(err.datasz)}>\n`;
    }
    return s + "\n";
  }
}

// eslint-disable-next-line no-control-regex
const ASCII = /^[\x00-\x7f]*$/;

/**
 * The provider, name and arguments of a probe as byte strings. The decoder's
 * strings are used when ASCII (nearly always); otherwise the bytes are read
 * again from the descriptor, since readelf prints them unchanged.
 */
function probeStrings(d: DecodedNote, p: StapsdtDescriptor, w: number): [string, string, string] {
  if (ASCII.test(p.provider) && ASCII.test(p.name) && ASCII.test(p.arguments)) return [p.provider, p.name, p.arguments];
  const desc = d.note.desc;
  const out: string[] = [];
  let at = 3 * w;
  for (let i = 0; i < 3; i++) {
    const nul = desc.indexOf(0, at);
    out.push(byteString(desc, at, nul));
    at = nul + 1;
  }
  return [out[0]!, out[1]!, out[2]!];
}

/**
 * Prints the notes of `file` as `readelf -n` (binutils 2.40) does.
 *
 * @returns whether readelf would report success for the notes (exit status 0).
 * @throws nothing for malformed files: every problem becomes a diagnostic.
 */
export function renderReadelfNotes(file: ElfFile, sink: ReadelfSink, options: ReadelfOptions = {}): boolean {
  const p = new Printer(file, sink, options.wide === true, options.binutils240NtFile === true, options.annobin ?? newAnnobinState());
  if (file.header.type === ET.ET_CORE && file.header.phnum === 0) {
    sink.out("No notes found file.\n");
    return true;
  }
  for (const c of file.noteContainers((e) => p.diag("error", e.message))) p.block(prepareNoteBlock(file, c));
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

