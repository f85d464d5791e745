/**
 * `ElfFile`: an ELF file read lazily from a byte source.
 *
 * Opening reads only the identification bytes and the file header. Section
 * headers (with `.shstrtab`) are read on first use of `sections`, program
 * headers on first use of `segments`, section contents only when asked for.
 */
import { ET, PN_XNUM, PT, SHT } from "./constants.js";
import { ElfError, hex } from "./errors.js";
import { readFileHeader, type FileHeader } from "./header.js";
import { parseNotes, type NoteContainer, type NoteList } from "./notes.js";
import { readSectionTable, readSectionZero, type SectionHeader, type SectionTable } from "./sections.js";
import { readProgramHeaders, type ProgramHeader } from "./segments.js";
import { checkRange, readRange, toOffset, type ByteSource } from "./source.js";

/** A note container together with its parsed notes. */
export interface NoteBlock extends NoteList {
  readonly container: NoteContainer;
}

export class ElfFile {
  readonly source: ByteSource;
  readonly header: FileHeader;
  #sectionTable: SectionTable | undefined;
  #segments: ProgramHeader[] | undefined;

  private constructor(source: ByteSource, header: FileHeader) {
    this.source = source;
    this.header = header;
  }

  /**
   * Reads the ELF identification and header from `source`.
   *
   * @throws {ElfError} `NOT_ELF`, `BAD_CLASS`, `BAD_DATA` or `TRUNCATED` (see `readFileHeader`).
   */
  static open(source: ByteSource): ElfFile {
    return new ElfFile(source, readFileHeader(source));
  }

  get is64(): boolean {
    return this.header.class === 64;
  }

  get littleEndian(): boolean {
    return this.header.littleEndian;
  }

  /** Address size in bytes (4 or 8). */
  get wordSize(): 4 | 8 {
    return this.header.class === 64 ? 8 : 4;
  }

  #table(): SectionTable {
    return (this.#sectionTable ??= readSectionTable(this.source, this.header));
  }

  /**
   * The section headers, names resolved (read on first use).
   *
   * @throws {ElfError} `BAD_HEADER` or `BAD_SECTION` when the table is unusable.
   */
  get sections(): readonly SectionHeader[] {
    return this.#table().sections;
  }

  /**
   * The bytes of the section-name string table, or `null` when there is none
   * that can be read (see {@link SectionTable.nameTable}).
   *
   * @throws {ElfError} as {@link sections}.
   */
  get sectionNameTable(): Uint8Array | null {
    return this.#table().nameTable;
  }

  /** Problems found while reading section headers that did not stop the read. */
  get sectionWarnings(): readonly ElfError[] {
    return this.#table().warnings;
  }

  /**
   * The program headers (read on first use).
   *
   * @throws {ElfError} `BAD_HEADER` or `BAD_SEGMENT` when the table is unusable.
   */
  get segments(): readonly ProgramHeader[] {
    if (this.#segments === undefined) {
      // PN_XNUM needs section 0 (read on its own: the whole table may be unreadable).
      const section0 = this.header.phnum === PN_XNUM ? readSectionZero(this.source, this.header) : undefined;
      this.#segments = readProgramHeaders(this.source, this.header, section0);
    }
    return this.#segments;
  }

  /** The first section called `name`, if any. */
  section(name: string): SectionHeader | undefined {
    const table = this.#table();
    const i = table.indexOf(name);
    return i < 0 ? undefined : table.section(i);
  }

  /**
   * The bytes of a section (a view for in-memory sources). SHT_NOBITS sections
   * have no bytes in the file and give an empty array.
   *
   * @throws {ElfError} `BAD_SECTION` when the section lies outside the file.
   */
  sectionData(section: SectionHeader): Uint8Array {
    if (section.type === SHT.SHT_NOBITS || section.size === 0n) return new Uint8Array(0);
    const off = toOffset(section.offset, "sh_offset", section.headerOffset);
    const size = toOffset(section.size, "sh_size", section.headerOffset);
    return readRange(this.source, off, size, `section ${section.index} (${section.name || "?"})`, "BAD_SECTION");
  }

  /**
   * The file bytes of a segment (`p_filesz` from `p_offset`).
   *
   * @throws {ElfError} `BAD_SEGMENT` when the segment lies outside the file.
   */
  segmentData(segment: ProgramHeader): Uint8Array {
    const at = this.#phdrOffset(segment);
    const off = toOffset(segment.offset, "p_offset", at);
    const size = toOffset(segment.filesz, "p_filesz", at);
    return readRange(this.source, off, size, `segment ${segment.index}`, "BAD_SEGMENT");
  }

  /** File offset of a program header (for diagnostics); 0 when it cannot be known. */
  #phdrOffset(segment: ProgramHeader): number {
    const at = Number(this.header.phoff) + segment.index * this.header.phentsize;
    return Number.isSafeInteger(at) ? at : 0;
  }

  /**
   * Where this file's notes are, chosen as GNU readelf 2.40 does: for files other
   * than cores, every SHT_NOTE section in section-header order; only when there
   * is none (including "no section headers"), the PT_NOTE segments. Core files
   * use PT_NOTE segments only.
   *
   * @param warn when given, an unusable section or program header table is
   *   passed to it and counts as empty, as readelf carries on without it
   *   (so a file with a broken section table still shows its PT_NOTE segments).
   * @param programHeaders the program headers to take the PT_NOTE segments
   *   from, asked for only when segments are used (default: `segments`; the
   *   `-n` printer passes the table as readelf reads it).
   * @throws {ElfError} without `warn`, when a header table is unusable.
   */
  noteContainers(warn?: (e: ElfError) => void, programHeaders?: () => readonly ProgramHeader[]): NoteContainer[] {
    const out: NoteContainer[] = [];
    if (this.header.type !== ET.ET_CORE) {
      try {
        // Only the SHT_NOTE headers are read, three fields of each (see SectionNotes).
        const table = this.#table();
        for (const i of table.ofType(SHT.SHT_NOTE)) out.push(new SectionNotes(table, i));
      } catch (e) {
        // An unusable table counts as empty, as readelf carries on without it.
        if (!warn || !(e instanceof ElfError)) throw e;
        warn(e);
        out.length = 0;
      }
      if (out.length > 0) return out;
    }
    let segments: readonly ProgramHeader[] = [];
    try {
      segments = programHeaders ? programHeaders() : this.segments;
    } catch (e) {
      if (!warn || !(e instanceof ElfError)) throw e;
      warn(e);
    }
    for (const p of segments) {
      if (p.type !== PT.PT_NOTE) continue;
      out.push({
        kind: "segment",
        name: null,
        offset: Number(p.offset),
        size: Number(p.filesz),
        align: p.align,
        segment: p,
      });
    }
    return out;
  }

  /**
   * The bytes of one note container (a view for in-memory sources).
   *
   * @throws {ElfError} `OUT_OF_RANGE`, `BAD_SECTION` or `BAD_SEGMENT` when the
   *   container lies outside the file.
   */
  noteData(container: NoteContainer): Uint8Array {
    this.#checkNoteRange(container);
    return this.source.read(container.offset, container.size);
  }

  /**
   * Checks that a note container lies inside the file (see {@link noteData}).
   *
   * @throws {ElfError} `OUT_OF_RANGE`, `BAD_SECTION` or `BAD_SEGMENT`.
   */
  #checkNoteRange(container: NoteContainer): void {
    // `offset`/`size` are Numbers, inexact above 2^53; when either is, check
    // the exact header fields first so that such a container is reported
    // with its true values. (A Number that is a safe integer came from a
    // field at most 2^53 - 1, which toOffset accepts.)
    if (!Number.isSafeInteger(container.offset) || !Number.isSafeInteger(container.size)) {
      const s = container.section;
      const p = container.segment;
      if (s) {
        toOffset(s.offset, "sh_offset", s.headerOffset);
        toOffset(s.size, "sh_size", s.headerOffset);
      } else if (p) {
        toOffset(p.offset, "p_offset", this.#phdrOffset(p));
        toOffset(p.filesz, "p_filesz", this.#phdrOffset(p));
      }
    }
    checkRange(this.source, container.offset, container.size, `notes of ${container.name ?? "segment"}`,
      container.kind === "section" ? "BAD_SECTION" : "BAD_SEGMENT");
  }

  /**
   * The bytes of one container, or (`data: null`) the error reading them;
   * it never throws for a container that lies outside the file. With
   * `streamAbove` (see {@link noteRegions}), a container larger than that,
   * when the source offers `readInto`, is left unread (`streamed`).
   */
  readNoteRegion(container: NoteContainer, streamAbove = Infinity): NoteRegion {
    if (container.size > streamAbove && this.source.readInto) return this.#streamedRegion(container);
    try {
      return { container, data: this.noteData(container), error: null };
    } catch (e) {
      if (!(e instanceof ElfError)) throw e;
      return { container, data: null, error: e };
    }
  }

  /** A region left for the caller to read in chunks (`streamed`), or the error of its range. */
  #streamedRegion(container: NoteContainer): NoteRegion {
    try {
      this.#checkNoteRange(container);
      return { container, data: null, error: null, streamed: true };
    } catch (e) {
      if (!(e instanceof ElfError)) throw e;
      return { container, data: null, error: e };
    }
  }

  /**
   * Reads and parses the notes of one container. A container that lies outside
   * the file, or whose framing breaks, gives the notes that could be read and an
   * `error`; it never throws for malformed contents.
   */
  readNotes(container: NoteContainer): NoteBlock {
    return parseRegion(this.readNoteRegion(container), this.header.littleEndian);
  }

  /**
   * The bytes of every note container, in `noteContainers()` order, unparsed:
   * for walking the notes with `walkNotes` instead of building `Note` objects.
   *
   * Containers may overlap in a hostile file (thousands of SHT_NOTE headers
   * naming the same bytes), which would multiply the work and the notes. So
   * the containers read here share a budget of the file's size: disjoint
   * containers always fit in it, and a container that would exceed it gives a
   * region with no data and an error (`BAD_SECTION`/`BAD_SEGMENT`) instead.
   * (readelf reads overlapping containers again each time; below the budget,
   * so do we.) Callers that iterate `noteContainers()` themselves should
   * apply the same rule.
   *
   * @param streamAbove when the source offers `readInto`, a container larger
   *   than this many bytes is not read here: its region is `streamed` (range
   *   checked, `data` and `error` null), for the caller to read in chunks
   *   through one buffer while the source is open (see `walkProbes`).
   */
  noteRegions(streamAbove = Infinity): NoteRegion[] {
    const out: NoteRegion[] = [];
    let budget = this.source.size;
    for (const c of this.noteContainers()) {
      const inFile = c.offset >= 0 && c.size >= 0 && c.offset <= this.source.size && c.size <= this.source.size - c.offset;
      if (inFile && c.size > budget) {
        const at = c.section?.headerOffset ?? (c.segment ? this.#phdrOffset(c.segment) : c.offset);
        const error = new ElfError(c.kind === "section" ? "BAD_SECTION" : "BAD_SEGMENT",
          `notes of ${c.name ?? "segment"} [${hex(c.offset)}, +${hex(c.size)}) overlap other note containers ` +
          `(more note bytes than the file holds); not read`, at, c.size);
        out.push({ container: c, data: null, error });
        continue;
      }
      if (inFile) budget -= c.size;
      out.push(this.readNoteRegion(c, streamAbove));
    }
    return out;
  }

  /** Every note block of the file, in `noteContainers()` order, with `noteRegions`' budget. */
  noteBlocks(): NoteBlock[] {
    return this.noteRegions().map((r) => parseRegion(r, this.header.littleEndian));
  }
}

/**
 * A note container that is a section. Its header is decoded when `section`
 * is first asked for (diagnostics, relocation, readelf's heading), and its
 * name when `name` is: a file without probes needs only its offset, size
 * and alignment, and a decoded header is an object with six `bigint`s.
 */
class SectionNotes implements NoteContainer {
  readonly kind = "section";
  // Number() of an offset above 2^53 is inexact but still past any readable
  // file, so readNotes reports it for this container alone.
  readonly offset: number;
  readonly size: number;
  readonly align: bigint;
  readonly #table: SectionTable;
  readonly #index: number;

  constructor(table: SectionTable, index: number) {
    this.#table = table;
    this.#index = index;
    this.offset = Number(table.word(index, "offset"));
    this.size = Number(table.word(index, "size_"));
    this.align = table.word(index, "addralign");
  }

  get name(): string {
    return this.#table.name(this.#index);
  }

  get section(): SectionHeader {
    return this.#table.section(this.#index);
  }
}

/** The raw bytes of a note container (`null` with an `error` when they cannot be read). */
export interface NoteRegion {
  readonly container: NoteContainer;
  readonly data: Uint8Array | null;
  readonly error: ElfError | null;
  /** The bytes were left for the caller to read (see `ElfFile.noteRegions`). */
  readonly streamed?: true;
}

function parseRegion(r: NoteRegion, littleEndian: boolean): NoteBlock {
  const { container, data } = r;
  if (data === null) return { container, notes: [], align: 0, error: r.error, framing: null };
  return { container, ...parseNotes(data, container.offset, container.align, littleEndian) };
}
