/**
 * `/etc/ld.so.cache`, read from its bytes (we never run `ldconfig`).
 *
 * ldconfig writes one of two formats (glibc `sysdeps/generic/dl-cache.h`):
 *
 * - **new** (`"glibc-ld.so.cache" "1.1"`, glibc ≥ 2.2, the only one written
 *   since 2.32): a 48-byte header
 *   `{magic[17], version[3], u32 nlibs, u32 len_strings, u8 flags, pad[3],
 *   u32 extension_offset, u32 unused[3]}` then `nlibs` 24-byte entries
 *   `{i32 flags, u32 key, u32 value, u32 osversion, u64 hwcap}`. `key` (the
 *   soname) and `value` (the path) are offsets from the *start of this header*.
 *   Header `flags & 3`: 2 = little endian, 3 = big endian, 0 = unmarked (host
 *   order; we assume little endian unless told otherwise).
 * - **old** (`"ld.so-1.7.0"`, libc5 / glibc 2.0): `{magic[11], pad, u32 nlibs}`
 *   then 12-byte entries `{i32 flags, u32 key, u32 value}`; offsets are from the
 *   end of the entry array. glibc 2.2–2.31 wrote the old table followed by a new
 *   one (aligned to 8); like ld.so we then use only the new one.
 *
 * Entry `flags`: the low byte is the library type (`FLAG_ELF_LIBC6` = 3), the
 * next byte the ABI (`FLAG_X8664_LIB64` = 0x0300, ...). ld.so accepts an entry
 * when `_dl_cache_check_flags(flags)` holds for its own ABI; see
 * {@link cacheFlagsFor}. Entries whose `hwcap` has bit 62 set belong to
 * `glibc-hwcaps/` subdirectories, which ld.so uses only on CPUs that support
 * them; we keep to the baseline entries (see `resolve.ts`).
 */
import { EM } from "../elf/constants.js";
import { ElfError, hex } from "../elf/errors.js";
import { decodeString } from "../elf/strings.js";

export const CACHEMAGIC = "ld.so-1.7.0";
export const CACHEMAGIC_NEW = "glibc-ld.so.cache";
export const CACHE_VERSION = "1.1";

/** ldconfig's `FLAG_*` values (glibc `sysdeps/generic/ldconfig.h`). */
export const CACHE_FLAG = {
  FLAG_TYPE_MASK: 0x00ff,
  FLAG_ELF: 0x0001,
  FLAG_ELF_LIBC5: 0x0002,
  FLAG_ELF_LIBC6: 0x0003,
  FLAG_REQUIRED_MASK: 0xff00,
  FLAG_SPARC_LIB64: 0x0100,
  FLAG_IA64_LIB64: 0x0200,
  FLAG_X8664_LIB64: 0x0300,
  FLAG_S390_LIB64: 0x0400,
  FLAG_POWERPC_LIB64: 0x0500,
  FLAG_MIPS64_LIBN32: 0x0600,
  FLAG_MIPS64_LIBN64: 0x0700,
  FLAG_X8664_LIBX32: 0x0800,
  FLAG_ARM_LIBHF: 0x0900,
  FLAG_AARCH64_LIB64: 0x0a00,
  FLAG_ARM_LIBSF: 0x0b00,
  FLAG_RISCV_FLOAT_ABI_DOUBLE: 0x1000,
  FLAG_LARCH_FLOAT_ABI_DOUBLE: 0x1200,
} as const;

/** `hwcap` bit 62: the entry is in a `glibc-hwcaps/<name>` subdirectory. */
export const DL_CACHE_HWCAP_EXTENSION = 1n << 62n;

export interface LdCacheEntry {
  /** The soname ld.so looks up, e.g. `libc.so.6`. */
  readonly key: string;
  /** The full path, e.g. `/lib/x86_64-linux-gnu/libc.so.6`. */
  readonly value: string;
  readonly flags: number;
  readonly osversion: number;
  readonly hwcap: bigint;
}

export interface LdCache {
  readonly format: "new" | "old";
  /** Entries in file order (ldconfig sorts them the way ld.so's binary search expects). */
  readonly entries: LdCacheEntry[];
}

const NEW_HEADER = 48;
const NEW_ENTRY = 24;
const OLD_ENTRY = 12;

function ascii(bytes: Uint8Array, at: number, text: string): boolean {
  if (at + text.length > bytes.length) return false;
  for (let i = 0; i < text.length; i++) if (bytes[at + i] !== text.charCodeAt(i)) return false;
  return true;
}

function cstring(bytes: Uint8Array, at: number, what: string): string {
  const end = at >= 0 && at < bytes.length ? bytes.indexOf(0, at) : -1;
  if (end < 0) throw new ElfError("BAD_INPUT", `ld.so.cache ${what} string at ${hex(at)} is outside the file or unterminated`, at);
  return decodeString(bytes, at, end);
}

function parseNew(bytes: Uint8Array, start: number, bigEndianHint?: boolean): LdCache {
  if (bytes.length - start < NEW_HEADER) throw new ElfError("BAD_INPUT", "ld.so.cache header is truncated", start);
  const view = new DataView(bytes.buffer, bytes.byteOffset, bytes.byteLength);
  const endian = bytes[start + 28]! & 3;
  if (endian === 1) throw new ElfError("BAD_INPUT", "ld.so.cache header marks its byte order invalid", start + 28, endian);
  const le = endian === 3 ? false : endian === 2 ? true : !bigEndianHint;
  const nlibs = view.getUint32(start + 20, le);
  const room = bytes.length - start - NEW_HEADER;
  if (nlibs > Math.floor(room / NEW_ENTRY)) {
    throw new ElfError("BAD_INPUT", `ld.so.cache declares ${nlibs} entries, more than the file holds`, start + 20, nlibs);
  }
  const entries: LdCacheEntry[] = [];
  for (let i = 0; i < nlibs; i++) {
    const at = start + NEW_HEADER + i * NEW_ENTRY;
    entries.push({
      flags: view.getInt32(at, le),
      key: cstring(bytes, start + view.getUint32(at + 4, le), "key"),
      value: cstring(bytes, start + view.getUint32(at + 8, le), "value"),
      osversion: view.getUint32(at + 12, le),
      hwcap: view.getBigUint64(at + 16, le),
    });
  }
  return { format: "new", entries };
}

/**
 * Parses the bytes of an `ld.so.cache` file.
 *
 * @param bigEndian byte order of an old-format or unmarked new-format cache
 *   (they are written in the host's order); default little endian.
 * @throws {ElfError} `BAD_INPUT` when the magic is unknown, a count overruns
 *   the file, or a string offset is out of range.
 */
export function parseLdCache(bytes: Uint8Array, bigEndian = false): LdCache {
  if (ascii(bytes, 0, CACHEMAGIC_NEW)) {
    if (!ascii(bytes, CACHEMAGIC_NEW.length, CACHE_VERSION)) {
      throw new ElfError("BAD_INPUT", "ld.so.cache has an unknown version", CACHEMAGIC_NEW.length);
    }
    return parseNew(bytes, 0, bigEndian);
  }
  if (!ascii(bytes, 0, CACHEMAGIC)) throw new ElfError("BAD_INPUT", "not an ld.so.cache file (unknown magic)", 0);
  if (bytes.length < 16) throw new ElfError("BAD_INPUT", "ld.so.cache header is truncated", 0);
  const view = new DataView(bytes.buffer, bytes.byteOffset, bytes.byteLength);
  const le = !bigEndian;
  const nlibs = view.getUint32(12, le);
  if (nlibs > Math.floor((bytes.length - 16) / OLD_ENTRY)) {
    throw new ElfError("BAD_INPUT", `ld.so.cache declares ${nlibs} entries, more than the file holds`, 12, nlibs);
  }
  const stringsAt = 16 + nlibs * OLD_ENTRY;
  // A new-format table may follow, aligned to 8 (ALIGN_CACHE); ld.so then uses it.
  const newAt = (stringsAt + 7) & ~7;
  if (ascii(bytes, newAt, CACHEMAGIC_NEW + CACHE_VERSION)) return parseNew(bytes, newAt, bigEndian);
  const entries: LdCacheEntry[] = [];
  for (let i = 0; i < nlibs; i++) {
    const at = 16 + i * OLD_ENTRY;
    entries.push({
      flags: view.getInt32(at, le),
      key: cstring(bytes, stringsAt + view.getUint32(at + 4, le), "key"),
      value: cstring(bytes, stringsAt + view.getUint32(at + 8, le), "value"),
      osversion: 0,
      hwcap: 0n,
    });
  }
  return { format: "old", entries };
}

/** The ELF facts that decide which cache entries an object may use. */
export interface ObjectAbi {
  readonly class: 32 | 64;
  readonly machine: number;
  readonly littleEndian: boolean;
  /** `e_flags` (ARM float ABI, RISC-V float ABI). */
  readonly flags: number;
}

/**
 * The `_DL_CACHE_DEFAULT_ID` of the ld.so that would load an object with this
 * ABI (glibc `sysdeps/unix/sysv/linux/<arch>/dl-cache.h`), or `null` when we
 * don't know it (then every ELF entry is a candidate and the file header check
 * decides, which ld.so would also do after the cache).
 */
export function cacheFlagsFor(abi: ObjectAbi): number | null {
  const F = CACHE_FLAG;
  const libc6 = F.FLAG_ELF_LIBC6;
  switch (abi.machine) {
    case EM.EM_X86_64: return libc6 | (abi.class === 64 ? F.FLAG_X8664_LIB64 : F.FLAG_X8664_LIBX32);
    case EM.EM_386: return libc6;
    case EM.EM_AARCH64: return abi.class === 64 ? libc6 | F.FLAG_AARCH64_LIB64 : null;
    case EM.EM_PPC64: return libc6 | F.FLAG_POWERPC_LIB64;
    case EM.EM_PPC: return libc6;
    case EM.EM_S390: return abi.class === 64 ? libc6 | F.FLAG_S390_LIB64 : libc6;
    case EM.EM_ARM:
      // EF_ARM_ABI_FLOAT_HARD (0x400) / EF_ARM_ABI_FLOAT_SOFT (0x200), EABI v5.
      return libc6 | ((abi.flags & 0x400) !== 0 ? F.FLAG_ARM_LIBHF : (abi.flags & 0x200) !== 0 ? F.FLAG_ARM_LIBSF : 0);
    case EM.EM_RISCV:
      // EF_RISCV_FLOAT_ABI_DOUBLE = 0x4 (lp64d); other float ABIs are not listed here.
      return abi.class === 64 && (abi.flags & 0x6) === 0x4 ? libc6 | F.FLAG_RISCV_FLOAT_ABI_DOUBLE : null;
    case EM.EM_LOONGARCH:
      return abi.class === 64 && (abi.flags & 0x7) === 0x3 ? libc6 | F.FLAG_LARCH_FLOAT_ABI_DOUBLE : null;
    default:
      return null;
  }
}

/**
 * ld.so's `_dl_cache_check_flags`: exactly the default ID, or (in the generic
 * definition, used where the ID has no ABI byte) also plain `FLAG_ELF` (1).
 * With an unknown ID, any ELF libc6 entry is accepted.
 */
export function cacheFlagsMatch(entryFlags: number, want: number | null): boolean {
  if (want === null) return (entryFlags & CACHE_FLAG.FLAG_TYPE_MASK) === CACHE_FLAG.FLAG_ELF_LIBC6 || entryFlags === CACHE_FLAG.FLAG_ELF;
  if (entryFlags === want) return true;
  return (want & CACHE_FLAG.FLAG_REQUIRED_MASK) === 0 && entryFlags === CACHE_FLAG.FLAG_ELF;
}

/**
 * The paths the cache offers for `soname`, best first: baseline entries (no
 * hwcap) whose flags match, in file order.
 */
export function lookupLdCache(cache: LdCache, soname: string, want: number | null): string[] {
  const out: string[] = [];
  for (const e of cache.entries) {
    if (e.key === soname && e.hwcap === 0n && cacheFlagsMatch(e.flags, want)) out.push(e.value);
  }
  return out;
}
