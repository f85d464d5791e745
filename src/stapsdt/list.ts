/**
 * One pass over a file's notes that yields its probes, its build ID and every
 * problem found on the way.
 *
 * Notes are read from the containers `ElfFile.noteContainers()` chooses (every
 * SHT_NOTE section, as readelf does), so probes come out in the order
 * `readelf -n` prints them. A probe is a note with owner `stapsdt` (namesz 8)
 * and type 3, as gdb, bcc and perf require; a `stapsdt` note of another type is
 * reported and skipped. A bad note becomes a warning for that note; the next
 * one is still read. A broken container (framing error) loses only the notes
 * after the break.
 *
 * `walkProbes` hands the probes out one at a time (nothing per probe is kept,
 * so a file of 100,000 probes is printed without holding them all);
 * `listProbes` collects them, optionally only those a filter selects.
 */
import { NT_GNU_BUILD_ID, NT_STAPSDT } from "../elf/constants.js";
import { ElfError } from "../elf/errors.js";
import type { ElfFile, NoteRegion } from "../elf/file.js";
import { NOTE_CHUNK, walkNoteChunks } from "../elf/note-chunks.js";
import { noteOwnerIs, walkNotes, type NoteVisitor } from "../elf/notes.js";
import type { ByteSource } from "../elf/source.js";
import { Reader } from "../elf/reader.js";
import { globMatcher } from "./glob.js";
import { decodeStapsdt } from "./note.js";
import { makeProbe, probeContext, readProbeLayout, type Probe, type ProbeContext, type ProbeLayout, type ProbeSite } from "./probes.js";

/** The probes of one file. */
export interface ProbeList {
  readonly probes: Probe[];
  /** The GNU build ID as lowercase hex, or `null`. */
  readonly buildId: string | null;
  /** Problems that did not stop the listing, in file order. */
  readonly warnings: ElfError[];
}

/** Which probes to list: globs (`*`, `?`, `[...]`) matched against the whole provider and name. */
export interface ProbeFilter {
  readonly provider?: string | undefined;
  readonly name?: string | undefined;
}

/** The probes of one file, to be decoded one at a time (see {@link walkProbes}): `Probe`s, or `ProbeSite`s without `args`. */
export interface ProbeWalk<P extends ProbeSite = Probe> {
  /**
   * The GNU build ID as lowercase hex, or `null`. Found on first use; with
   * `stream`, the file must then still be open, as for a pass.
   */
  readonly buildId: string | null;
  /**
   * Decodes the probes in file order and calls `visit` with each. Returns the
   * problems found, in file order (the same list as `listProbes`' warnings):
   * `into`, when given, which they are appended to as they are found (so
   * that a caller keeps those found before a read fails and the pass throws),
   * else a new array each call. May be called again for another pass.
   */
  forEach(visit: (probe: P) => void, into?: ElfError[]): ElfError[];
}

/** How {@link walkProbes} reads the notes. */
export interface WalkOptions {
  /**
   * Read the big note containers (over 1 MiB) during each pass, in chunks
   * through one reused buffer, instead of whole and up front, when the
   * file's source can (`ByteSource.readInto`: a file; bytes in memory are
   * never copied anyway). Peak memory no longer grows with the note
   * section, but the source must stay open while passes run. Default false.
   */
  readonly stream?: boolean;
  /** Bytes per read when streaming (tests use small ones to cut notes at every place). */
  readonly chunkSize?: number;
  /**
   * Parse each probe's arguments (default true). With false, the walk gives
   * `ProbeSite`s: the same probes without `args`, for views that do not show
   * them (the table, the bpftrace lines).
   */
  readonly args?: boolean;
}

/**
 * Reads the note containers (and program headers) of `file` and finds its
 * build ID; the probes are decoded by `forEach`, each pass anew, so that no
 * probe outlives its visit. `forEach` reads nothing more from the file,
 * unless `options.stream` (see {@link WalkOptions}).
 *
 * @throws {ElfError} only when the section header table itself is unusable
 *   (`BAD_HEADER`, `BAD_SECTION`, `OUT_OF_RANGE`); everything below that level
 *   becomes a warning.
 */
export function walkProbes(file: ElfFile, options?: WalkOptions & { readonly args?: true }): ProbeWalk;
export function walkProbes(file: ElfFile, options: WalkOptions): ProbeWalk<ProbeSite>;
export function walkProbes(file: ElfFile, options: WalkOptions = {}): ProbeWalk {
  return new Walk(file, options);
}

const EMPTY = new Uint8Array(0);

/** The walk {@link walkProbes} returns: the regions read, the context made on the first probe. */
class Walk implements ProbeWalk {
  readonly #file: ElfFile;
  readonly #sectionWarnings: readonly ElfError[];
  readonly #regions: readonly NoteRegion[];
  readonly #chunkSize: number;
  readonly #args: boolean;
  /**
   * What the probes' context reads is read when the walk is made, so that
   * every read happens before the first pass (the file may be closed
   * afterwards), unless streamed (the file is open during the passes). The
   * context itself (lookups, warnings) is made on the first probe, so a file
   * without probes costs none of it (a scan of /usr/lib meets thousands).
   */
  readonly #layout: ProbeLayout | null;
  #ctx: ProbeContext | null = null;
  readonly #ctxWarnings: ElfError[] = [];
  /** Readers of the regions, kept for the next pass: a reader decodes its region's text once. */
  readonly #readers: Reader[] = [];
  #buildId: string | null | undefined;

  constructor(file: ElfFile, options: WalkOptions) {
    this.#file = file;
    this.#sectionWarnings = file.sectionWarnings;
    this.#chunkSize = options.chunkSize ?? NOTE_CHUNK;
    this.#regions = file.noteRegions(options.stream === true ? this.#chunkSize : Infinity);
    this.#args = options.args !== false;
    this.#layout = options.stream === true ? null : readProbeLayout(file);
  }

  /**
   * Found on first use, which a file that is not printed never asks for.
   * Without `stream` its notes were read with the walk; with it, the file
   * must still be open then, as for a pass.
   */
  get buildId(): string | null {
    if (this.#buildId === undefined) {
      const file = this.#file;
      this.#buildId = findBuildId(this.#regions, file.source, file.littleEndian, this.#chunkSize);
    }
    return this.#buildId;
  }

  forEach(visit: (probe: Probe) => void, into?: ElfError[]): ElfError[] {
    const warnings: ElfError[] = into ?? [];
    for (const w of this.#sectionWarnings) warnings.push(w);
    const file = this.#file;
    const le = file.littleEndian;
    const is64 = file.is64;
    let ctxSeen = false;
    // The bytes being walked (a container, or a chunk of one), their file
    // offset, and their reader, made for the first probe in them (region i,
    // or -1 for a chunk).
    let bytes: Uint8Array = EMPTY;
    let base = 0;
    let region = -1;
    let reader: Reader | null = null;
    const onNote: NoteVisitor = (at, namesz, descsz, type, descAt) => {
      // Owner "stapsdt\0" (namesz 8, as gdb, bcc and perf require).
      if (namesz !== 8 || !noteOwnerIs(bytes, at, namesz, "stapsdt")) return;
      reader ??= region < 0 ? new Reader(bytes, le, is64) : (this.#readers[region] ??= new Reader(bytes, le, is64));
      if (type !== NT_STAPSDT) {
        warnings.push(new ElfError("BAD_PROBE", `stapsdt note of unknown type ${type} skipped`, base + at, type));
        return;
      }
      if (!ctxSeen) {
        // The context's warnings come with the first probe of each pass, where `listProbes` always gave them.
        this.#ctx ??= probeContext(this.#layout ?? readProbeLayout(file), this.#ctxWarnings, this.#args);
        for (const w of this.#ctxWarnings) warnings.push(w);
        ctxSeen = true;
      }
      let probe: Probe;
      try {
        const d = decodeStapsdt(reader!, descAt, descsz, base + descAt);
        if (d.trailing > 0) {
          warnings.push(new ElfError("BAD_PROBE",
            `stapsdt note ${d.provider}:${d.name} has ${d.trailing} byte(s) after its arguments`, base + at, d.trailing));
        }
        probe = makeProbe(d, this.#ctx!, base + at, warnings);
      } catch (e) {
        if (!(e instanceof ElfError)) throw e;
        warnings.push(e);
        return;
      }
      visit(probe);
    };
    const regions = this.#regions;
    for (let i = 0; i < regions.length; i++) {
      const { container, data, error, streamed } = regions[i]!;
      let end;
      if (streamed) {
        region = -1;
        end = walkNoteChunks(file.source, container, le, (chunk, b) => {
          bytes = chunk;
          base = b;
          reader = null;
        }, onNote, this.#chunkSize);
      } else if (data !== null) {
        bytes = data;
        base = container.offset;
        region = i;
        reader = null;
        end = walkNotes(data, container.offset, container.align, le, onNote);
      } else {
        if (error) warnings.push(error);
        continue;
      }
      if (end.error) warnings.push(end.error);
    }
    return warnings;
  }
}

/**
 * Lists the SDT probes of `file`, or those whose provider and name match
 * `filter` (globs, as the attach APIs of libbpf and bpftrace take a
 * provider and a name).
 *
 * @example
 * ```ts
 * const { probes } = listProbes(openElf(bytes), { provider: "python", name: "function__*" });
 * ```
 * @throws {ElfError} only when the section header table itself is unusable
 *   (`BAD_HEADER`, `BAD_SECTION`, `OUT_OF_RANGE`); everything below that level
 *   becomes a warning.
 */
export function listProbes(file: ElfFile, filter: ProbeFilter = {}): ProbeList {
  // One pass, done before returning: the source is open throughout.
  const walk = walkProbes(file, { stream: true });
  const keep = probeFilter(filter);
  const probes: Probe[] = [];
  const warnings = walk.forEach(keep === null ? (p) => { probes.push(p); } : (p) => { if (keep(p)) probes.push(p); });
  return { probes, buildId: walk.buildId, warnings };
}

/** The test of a {@link ProbeFilter}, or `null` when it lets every probe through. */
export function probeFilter(filter: ProbeFilter): ((p: { readonly provider: string; readonly name: string }) => boolean) | null {
  const provider = filter.provider === undefined ? null : globMatcher(filter.provider);
  const name = filter.name === undefined ? null : globMatcher(filter.name);
  if (provider === null && name === null) return null;
  return (p) => (provider === null || provider(p.provider)) && (name === null || name(p.name));
}

/**
 * The descriptor of the first non-empty NT_GNU_BUILD_ID note owned by "GNU",
 * as hex. Streamed containers are read for it only when it is not elsewhere
 * (it has a section of its own in any linked file).
 */
function findBuildId(regions: readonly NoteRegion[], source: ByteSource, le: boolean, chunkSize: number): string | null {
  let id: string | null = null;
  let data: Uint8Array = new Uint8Array(0);
  const onNote: NoteVisitor = (at, namesz, descsz, type, descAt) => {
    if (id === null && type === NT_GNU_BUILD_ID && descsz > 0 && noteOwnerIs(data, at, namesz, "GNU")) {
      id = toHex(data.subarray(descAt, descAt + descsz));
    }
  };
  for (const r of regions) {
    if (r.data === null) continue;
    data = r.data;
    walkNotes(data, r.container.offset, r.container.align, le, onNote);
    if (id !== null) return id;
  }
  for (const r of regions) {
    if (!r.streamed) continue;
    walkNoteChunks(source, r.container, le, (chunk) => { data = chunk; }, onNote, chunkSize);
    if (id !== null) return id;
  }
  return id;
}

/** Two lowercase hex digits for each byte value. */
const HEX_BYTES = Array.from({ length: 256 }, (_, b) => b.toString(16).padStart(2, "0"));

function toHex(bytes: Uint8Array): string {
  let s = "";
  for (let i = 0; i < bytes.length; i++) s += HEX_BYTES[bytes[i]!];
  return s;
}
