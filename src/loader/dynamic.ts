/**
 * The dynamic section (`PT_DYNAMIC`): what the dynamic loader reads to find a
 * program's libraries.
 *
 * `PT_DYNAMIC` is an array of `{d_tag, d_val}` pairs (two address-sized words,
 * ELF32 or ELF64, file byte order) ended by `DT_NULL`. The entries that name
 * strings (`DT_NEEDED`, `DT_SONAME`, `DT_RPATH`, `DT_RUNPATH`) hold offsets
 * into the dynamic string table, whose *virtual address* is `DT_STRTAB` and size
 * `DT_STRSZ`. We go through the program headers, as ld.so does, not through
 * `.dynamic`/`.dynstr` section headers, so stripped section tables don't matter.
 *
 * ```
 * $ readelf -d /usr/bin/python3.11 | head -4
 *  0x0000000000000001 (NEEDED)             Shared library: [libm.so.6]
 *  0x0000000000000001 (NEEDED)             Shared library: [libz.so.1]
 *  0x0000000000000001 (NEEDED)             Shared library: [libexpat.so.1]
 * ```
 */
import { DT, PT } from "../elf/constants.js";
import { vaddrToOffset } from "../elf/address.js";
import { ElfError, hex } from "../elf/errors.js";
import type { ElfFile } from "../elf/file.js";
import { Reader } from "../elf/reader.js";
import { readRange, toOffset } from "../elf/source.js";
import { decodeString } from "../elf/strings.js";

export { DT };

/** `DT_FLAGS_1` bit: do not search the default libraries (ld.so.cache, system dirs). */
export const DF_1_NODEFLIB = 0x800;

/** What the loader needs from one object's dynamic section. */
export interface DynamicInfo {
  /** `DT_NEEDED` names, in order. */
  readonly needed: string[];
  readonly soname: string | null;
  /** `DT_RPATH`, verbatim (colon-separated, may contain `$ORIGIN`), or `null`. */
  readonly rpath: string | null;
  /** `DT_RUNPATH`, verbatim, or `null`. */
  readonly runpath: string | null;
  /** `DT_FLAGS_1` (0 when absent). */
  readonly flags1: number;
}

/** The dynamic information of an object without `PT_DYNAMIC` (static executables). */
export const NO_DYNAMIC: DynamicInfo = { needed: [], soname: null, rpath: null, runpath: null, flags1: 0 };

/**
 * Reads the dynamic section of `file` through its program headers.
 *
 * @returns {@link NO_DYNAMIC} when the file has no `PT_DYNAMIC`.
 * @throws {ElfError} `BAD_SEGMENT` when `PT_DYNAMIC` or the string table lies
 *   outside the file or `DT_STRTAB` is in no PT_LOAD; `BAD_STRING` for a string
 *   offset past `DT_STRSZ` or an unterminated string; program header errors.
 */
export function readDynamic(file: ElfFile): DynamicInfo {
  const dyn = file.segments.find((p) => p.type === PT.PT_DYNAMIC);
  if (!dyn || dyn.filesz === 0n) return NO_DYNAMIC;
  const w = file.wordSize;
  const r = new Reader(file.segmentData(dyn), file.littleEndian, file.is64);
  const base = Number(dyn.offset);
  const entries: [number, bigint][] = [];
  let strtab: bigint | null = null;
  let strsz: bigint | null = null;
  let flags1 = 0;
  for (let at = 0; at + 2 * w <= r.length; at += 2 * w) {
    const tag = r.word(at);
    const val = r.word(at + w);
    if (tag === BigInt(DT.DT_NULL)) break;
    if (tag > 0xffffffffn) continue; // no tag we read is that large (ELF64 tags are signed 64-bit)
    const t = Number(tag);
    if (t === DT.DT_STRTAB) strtab = val;
    else if (t === DT.DT_STRSZ) strsz = val;
    else if (t === DT.DT_FLAGS_1) flags1 = Number(val & 0xffffffffn);
    else if (t === DT.DT_NEEDED || t === DT.DT_SONAME || t === DT.DT_RPATH || t === DT.DT_RUNPATH) {
      entries.push([t, val]);
    }
  }
  if (entries.length === 0) return { ...NO_DYNAMIC, flags1 };
  if (strtab === null || strsz === null) {
    throw new ElfError("BAD_SEGMENT", "dynamic section names strings but has no DT_STRTAB/DT_STRSZ", base);
  }
  const strOff = vaddrToOffset(file.segments, strtab);
  if (strOff === null) {
    throw new ElfError("BAD_SEGMENT", `DT_STRTAB ${hex(strtab)} is in no PT_LOAD segment with file bytes`, base, strtab);
  }
  const at = toOffset(strOff, "DT_STRTAB", base);
  // Clamp DT_STRSZ to the file: a lying size must not size a read (strings are
  // checked for termination one by one below).
  const room = BigInt(Math.max(0, file.source.size - at));
  const strings = readRange(file.source, at, Number(strsz < room ? strsz : room), "dynamic string table", "BAD_SEGMENT");
  const str = (off: bigint): string => {
    const o = off < BigInt(strings.length) ? Number(off) : -1;
    const end = o < 0 ? -1 : strings.indexOf(0, o);
    if (end < 0) throw new ElfError("BAD_STRING", `dynamic string offset ${hex(off)} is outside DT_STRSZ or unterminated`, base, off);
    return decodeString(strings, o, end);
  };
  const needed: string[] = [];
  let soname: string | null = null;
  let rpath: string | null = null;
  let runpath: string | null = null;
  for (const [t, val] of entries) {
    const s = str(val);
    if (t === DT.DT_NEEDED) needed.push(s);
    else if (t === DT.DT_SONAME) soname ??= s;
    else if (t === DT.DT_RPATH) rpath ??= s;
    else runpath ??= s;
  }
  return { needed, soname, rpath, runpath, flags1 };
}

/**
 * The program interpreter named by `PT_INTERP` (e.g. `/lib64/ld-linux-x86-64.so.2`),
 * or `null` when there is none.
 *
 * @throws {ElfError} `BAD_SEGMENT` when the segment lies outside the file.
 */
export function readInterpreter(file: ElfFile): string | null {
  const seg = file.segments.find((p) => p.type === PT.PT_INTERP);
  if (!seg || seg.filesz === 0n) return null;
  const bytes = file.segmentData(seg);
  const end = bytes.indexOf(0);
  return decodeString(bytes, 0, end < 0 ? bytes.length : end);
}
