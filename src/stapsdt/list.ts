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
 */
import { NT_GNU_BUILD_ID, NT_STAPSDT } from "../elf/constants.js";
import { ElfError } from "../elf/errors.js";
import type { ElfFile } from "../elf/file.js";
import { Reader } from "../elf/reader.js";
import { decodeStapsdt, STAPSDT_OWNER } from "./note.js";
import { makeProbe, probeContext, type Probe, type ProbeContext } from "./probes.js";

/** The probes of one file. */
export interface ProbeList {
  readonly probes: Probe[];
  /** The GNU build ID as lowercase hex, or `null`. */
  readonly buildId: string | null;
  /** Problems that did not stop the listing, in file order. */
  readonly warnings: ElfError[];
}

/**
 * Lists the SDT probes of `file`.
 *
 * @throws {ElfError} only when the section header table itself is unusable
 *   (`BAD_HEADER`, `BAD_SECTION`, `OUT_OF_RANGE`); everything below that level
 *   becomes a warning.
 */
export function listProbes(file: ElfFile): ProbeList {
  const probes: Probe[] = [];
  const warnings: ElfError[] = [...file.sectionWarnings];
  let buildId: string | null = null;
  let ctx: ProbeContext | null = null;
  const le = file.littleEndian;
  const is64 = file.is64;
  for (const block of file.noteBlocks()) {
    let reader: Reader | null = null;
    for (const note of block.notes) {
      if (note.name === STAPSDT_OWNER && note.namesz === 8) {
        if (note.type !== NT_STAPSDT) {
          warnings.push(new ElfError("BAD_PROBE", `stapsdt note of unknown type ${note.type} skipped`, note.offset, note.type));
          continue;
        }
        reader ??= new Reader(note.data, le, is64);
        ctx ??= probeContext(file, warnings);
        try {
          const d = decodeStapsdt(reader, note.descAt, note.descsz, note.descOffset);
          if (d.trailing > 0) {
            warnings.push(new ElfError("BAD_PROBE",
              `stapsdt note ${d.provider}:${d.name} has ${d.trailing} byte(s) after its arguments`, note.offset, d.trailing));
          }
          probes.push(makeProbe(d, ctx, note.offset, warnings));
        } catch (e) {
          if (!(e instanceof ElfError)) throw e;
          warnings.push(e);
        }
      } else if (buildId === null && note.type === NT_GNU_BUILD_ID && note.name === "GNU" && note.descsz > 0) {
        buildId = toHex(note.desc);
      }
    }
    if (block.error) warnings.push(block.error);
  }
  return { probes, buildId, warnings };
}

function toHex(bytes: Uint8Array): string {
  let s = "";
  for (const b of bytes) s += (b < 16 ? "0" : "") + b.toString(16);
  return s;
}
