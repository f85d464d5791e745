/**
 * Decoded notes: one iterator over a file's note containers that turns every
 * note into an object, through a table of decoders keyed by owner and type.
 *
 * Containers are chosen as GNU readelf 2.40 chooses them (see
 * `ElfFile.noteContainers`); each note gets its owner (as readelf matches it),
 * its type description and a decoded `body`. Notes nobody decodes come back
 * `raw` (the descriptor bytes are always available as `note.desc`). Nothing
 * here throws for malformed contents: a bad descriptor is a `corrupt` body, a
 * broken container keeps the notes before the break and says why.
 */
import { ET } from "../elf/constants.js";
import { ElfError } from "../elf/errors.js";
import type { ElfFile } from "../elf/file.js";
import {
  makeNote, parseNotes, walkNotes, type Note, type NoteContainer, type NoteFraming, type NoteWalkEnd, NOTE_HEADER_SIZE,
} from "../elf/notes.js";
import { Reader } from "../elf/reader.js";
import { decodeStapsdt, type StapsdtDescriptor } from "../stapsdt/note.js";
import { decodeBuildAttribute, isBuildAttribute, type BuildAttributeBody } from "./annobin.js";
import { decodeNtFile, NT_FILE, type CoreFileBody } from "./core.js";
import { decodeGnuNote, type GnuNoteBody } from "./gnu.js";
import { noteTypeName } from "./names.js";
import { relocateSection } from "./relocate.js";
import { byteString, cByteString } from "./text.js";

/** `FDO_PACKAGING_METADATA` (owner `FDO`): a JSON string naming the package. */
export const FDO_PACKAGING_METADATA = 0xcafe1a7e;
/** `NT_GO_BUILDID` (owner `Go`, section `.note.go.buildid`): the Go build ID as text. */
export const NT_GO_BUILDID = 4;

/** What a note's descriptor says. */
export type NoteBody =
  | GnuNoteBody
  | CoreFileBody
  | BuildAttributeBody
  | { readonly kind: "stapsdt"; readonly probe: StapsdtDescriptor }
  | { readonly kind: "corrupt"; readonly decoder: "stapsdt"; readonly reason: string }
  /** A core-file note (owner `CORE`) other than NT_FILE: register sets and the like, not decoded. */
  | { readonly kind: "core" }
  | { readonly kind: "fdo-packaging"; readonly metadata: string }
  /** An `FDO` note of another type, or with an empty descriptor. */
  | { readonly kind: "fdo-unknown" }
  | { readonly kind: "go-build-id"; readonly id: string }
  /** Not decoded: see `note.desc`. */
  | { readonly kind: "raw" };

/** One decoded note. */
export interface DecodedNote {
  readonly note: Note;
  /**
   * The owner as readelf matches it, as a byte string: the name bytes up to the
   * first NUL (all `namesz` bytes when unterminated). For `namesz == 0` readelf
   * has no name ("(NONE)" is printed) yet matches owners against the bytes that
   * follow the header; this field holds those, `displayOwner` holds "(NONE)".
   */
  readonly owner: string;
  readonly displayOwner: string;
  /** The type description readelf prints (`NT_GNU_BUILD_ID (unique build ID bitstring)`, ...). */
  readonly typeName: string;
  readonly body: NoteBody;
}

/** The decoded notes of one container. */
export interface DecodedNoteBlock {
  readonly container: NoteContainer;
  readonly notes: readonly DecodedNote[];
  /** The framing problem that ended the container early, if any (see `parseNotes`). */
  readonly framing: NoteFraming | null;
  /**
   * The container's bytes could not be read (it lies outside the file), or
   * (ET_REL) its relocation section cannot be used (see `relocateSection`).
   */
  readonly error: ElfError | null;
  /** Problems met while applying relocations (ET_REL only), readelf's wording. */
  readonly warnings: readonly string[];
}

/** What decoders get besides the note. */
export interface DecodeContext {
  readonly le: boolean;
  readonly is64: boolean;
  /** A reader over the note's container, for decoders that read words. */
  readonly reader: Reader;
}

type Decoder = (note: Note, ctx: DecodeContext) => NoteBody;

/** One row of the decoder table. */
export interface NoteDecoderRow {
  /** Owner prefix (readelf's `startswith`), or the whole owner when `exact`. */
  readonly owner: string;
  readonly exact?: boolean;
  /** When given, decides instead of `owner`/`exact` (for owners that are data, as in build attributes). */
  readonly test?: (owner: string, type: number) => boolean;
  /** The note type, or null for any. */
  readonly type: number | null;
  readonly decode: Decoder;
}

/**
 * The decoders, keyed by owner and type (`type: null` = any type). Owners match
 * by prefix, like readelf's `startswith`, except where `exact` is set. The first
 * matching row wins (in readelf's order); no match -> `raw`.
 */
export const NOTE_DECODERS: readonly NoteDecoderRow[] = [
  { owner: "GNU", type: null, decode: (n, c) => decodeGnuNote(n.type, n.desc, c.le, c.is64) },
  { owner: "stapsdt", type: null, decode: decodeStapsdtBody },
  { owner: "CORE", type: NT_FILE, decode: (n, c) => decodeNtFile(n.desc, c.le, c.is64) },
  { owner: "CORE", type: null, decode: () => ({ kind: "core" }) },
  { owner: "FDO", type: FDO_PACKAGING_METADATA, decode: decodeFdo },
  { owner: "FDO", type: null, decode: () => ({ kind: "fdo-unknown" }) },
  { owner: "GA", test: isBuildAttribute, type: null, decode: (n, c) => decodeBuildAttribute(n.type, n.desc, c.le) },
  { owner: "Go", exact: true, type: NT_GO_BUILDID, decode: (n) => ({ kind: "go-build-id", id: byteString(n.desc, 0, n.descsz) }) },
];

function decodeStapsdtBody(note: Note, ctx: DecodeContext): NoteBody {
  // readelf decodes any type of a `stapsdt`-owned note as a probe.
  try {
    return { kind: "stapsdt", probe: decodeStapsdt(ctx.reader, note.descAt, note.descsz, note.descOffset) };
  } catch (e) {
    if (!(e instanceof ElfError)) throw e;
    return { kind: "corrupt", decoder: "stapsdt", reason: e.message };
  }
}

function decodeFdo(note: Note): NoteBody {
  // printf("%.*s", descsz, desc): up to descsz bytes, stopping at a NUL.
  return note.descsz > 0 ? { kind: "fdo-packaging", metadata: cByteString(note.data, note.descAt, note.descAt + note.descsz) } : { kind: "fdo-unknown" };
}

/** The owner string readelf matches against (see {@link DecodedNote.owner}). */
export function noteOwner(note: Note): string {
  const data = note.data;
  if (note.namesz === 0) return cByteString(data, note.at + NOTE_HEADER_SIZE, data.length);
  const start = note.at + NOTE_HEADER_SIZE;
  return cByteString(data, start, start + note.namesz);
}

/** Decodes one note. Never throws for malformed contents. */
export function decodeNote(note: Note, ctx: DecodeContext, core: boolean): DecodedNote {
  const owner = note.namesz === 0 ? noteOwner(note) : note.name === "GNU" || note.name === "stapsdt" ? note.name : noteOwner(note);
  let body: NoteBody = { kind: "raw" };
  for (const d of NOTE_DECODERS) {
    if ((d.type === null || d.type === note.type) &&
        (d.test ? d.test(owner, note.type) : d.exact ? owner === d.owner : owner.startsWith(d.owner))) {
      body = d.decode(note, ctx);
      break;
    }
  }
  return { note, owner, displayOwner: note.namesz === 0 ? "(NONE)" : owner, typeName: noteTypeName(owner, note.namesz, note.type, core), body };
}

/** Options of {@link decodeNoteBlocks}. */
export interface DecodeNotesOptions {
  /** Apply relocations to note sections of ET_REL files, as readelf does (default true). */
  readonly relocate?: boolean;
  /** Receives problems with the header tables (which are then taken as empty). */
  readonly warn?: (e: ElfError) => void;
  /**
   * `prepareNoteRegion` only: leave containers larger than this unread
   * (`streamed`) when the source offers `readInto` and the file is not
   * ET_REL, for the caller to read in chunks (see `ElfFile.noteRegions`).
   */
  readonly streamAbove?: number;
}

/**
 * A container read and framed but not yet decoded: `notes` are decoded one at
 * a time by {@link decodeNote} with `ctx`, so a printer can stream 100k-note
 * containers without holding every decoded object.
 */
export interface PreparedNoteBlock {
  readonly container: NoteContainer;
  readonly notes: readonly Note[];
  readonly ctx: DecodeContext;
  readonly core: boolean;
  readonly framing: NoteFraming | null;
  readonly error: ElfError | null;
  readonly warnings: readonly string[];
}

/**
 * A container read but not framed: its notes are walked one at a time by
 * {@link walkPreparedNotes}, so a printer of a 100k-note container holds no
 * `Note` list (each note is garbage as soon as it is printed).
 */
export interface PreparedNoteRegion {
  readonly container: NoteContainer;
  /** The container's bytes (relocated for ET_REL), or `null` with `error` or `streamed`. */
  readonly data: Uint8Array | null;
  /** Left unread, for the caller to read in chunks (`streamAbove`; `ctx.reader` is then empty). */
  readonly streamed?: true;
  readonly ctx: DecodeContext;
  readonly core: boolean;
  readonly error: ElfError | null;
  readonly warnings: readonly string[];
}

/** Reads one container (relocated for ET_REL). Never throws for malformed contents. */
export function prepareNoteRegion(file: ElfFile, container: NoteContainer, options: DecodeNotesOptions = {}): PreparedNoteRegion {
  const warnings: string[] = [];
  const le = file.littleEndian;
  const is64 = file.is64;
  const core = file.header.type === ET.ET_CORE;
  const empty = (): DecodeContext => ({ le, is64, reader: new Reader(new Uint8Array(0), le, is64) });
  // Relocated sections (ET_REL) are read whole: relocations apply to all of it.
  const region = file.readNoteRegion(container, file.header.type === ET.ET_REL ? Infinity : options.streamAbove);
  if (region.data === null) {
    return region.streamed
      ? { container, data: null, ctx: empty(), core, error: null, warnings, streamed: true }
      : { container, data: null, ctx: empty(), core, error: region.error, warnings };
  }
  let data = region.data;
  if (container.section && options.relocate !== false && file.header.type === ET.ET_REL) {
    try {
      data = relocateSection(file, container.section, data, (w) => warnings.push(w));
    } catch (e) {
      // An unusable relocation section: readelf prints nothing for the container and fails.
      if (!(e instanceof ElfError)) throw e;
      return { container, data: null, ctx: empty(), core, error: e, warnings };
    }
  }
  const ctx: DecodeContext = { le, is64, reader: new Reader(data, le, is64) };
  return { container, data, ctx, core, error: null, warnings };
}

/** Calls `visit` with each note of a prepared region, in order; returns how the walk ended (see `walkNotes`). */
export function walkPreparedNotes(r: PreparedNoteRegion, visit: (note: Note) => void): NoteWalkEnd {
  const data = r.data ?? new Uint8Array(0);
  const base = r.container.offset;
  return walkNotes(data, base, r.container.align, r.ctx.le, (at, namesz, descsz, type, descAt) => {
    visit(makeNote(data, base, at, namesz, descsz, type, descAt));
  });
}

/** Reads one container (relocated for ET_REL) and frames its notes. Never throws for malformed contents. */
export function prepareNoteBlock(file: ElfFile, container: NoteContainer, options: DecodeNotesOptions = {}): PreparedNoteBlock {
  const r = prepareNoteRegion(file, container, options);
  const { ctx, core, error, warnings } = r;
  if (r.data === null) return { container, notes: [], ctx, core, framing: null, error, warnings };
  const list = parseNotes(r.data, container.offset, container.align, ctx.le);
  return { container, notes: list.notes, ctx, core, framing: list.framing, error: null, warnings };
}

/** Reads and decodes the notes of one container. Never throws for malformed contents. */
export function decodeNoteBlock(file: ElfFile, container: NoteContainer, options: DecodeNotesOptions = {}): DecodedNoteBlock {
  const p = prepareNoteBlock(file, container, options);
  const notes = new Array<DecodedNote>(p.notes.length);
  for (let i = 0; i < notes.length; i++) notes[i] = decodeNote(p.notes[i]!, p.ctx, p.core);
  return { container, notes, framing: p.framing, error: p.error, warnings: p.warnings };
}

/**
 * Every note of `file`, decoded, one block per container in readelf's order.
 *
 * @throws nothing for malformed files: unusable header tables go to
 *   `options.warn` and count as empty; container problems are in each block.
 */
export function* decodeNoteBlocks(file: ElfFile, options: DecodeNotesOptions = {}): Generator<DecodedNoteBlock> {
  for (const c of file.noteContainers(options.warn ?? (() => {}))) yield decodeNoteBlock(file, c, options);
}
