/**
 * Search-path text as ld.so reads it: dynamic string tokens (`$ORIGIN`,
 * `$LIB`, `$PLATFORM`) and the default directories of each architecture.
 *
 * DST rules (glibc `elf/dl-load.c`, `_dl_dst_substitute` / `is_dst`): a token is
 * `$NAME` followed by the end of the element or `/`, or `${NAME}` anywhere.
 * `$ORIGIN` is the directory of the object whose DT_RPATH/DT_RUNPATH/DT_NEEDED
 * holds the text. An element with a token that has no value here is dropped
 * (ld.so drops it too), an unknown `$WORD` is left as text. Empty elements mean
 * the current directory (`./`), as in ld.so's `fillin_rpath`.
 */
import { EM } from "../elf/constants.js";
import type { ObjectAbi } from "./ldcache.js";

/** Values of `$LIB` and `$PLATFORM`; `undefined` drops elements that use them. */
export interface DstValues {
  readonly lib?: string | undefined;
  readonly platform?: string | undefined;
}

const DST = /\$(?:\{(ORIGIN|LIB|PLATFORM)\}|(ORIGIN|LIB|PLATFORM)(?=\/|$))/g;

/** The directory part of `path` (`/a/b` → `/a`, `b` → `.`, `/b` → `/`). */
export function dirname(path: string): string {
  const i = path.lastIndexOf("/");
  if (i < 0) return ".";
  if (i === 0) return "/";
  return path.slice(0, i);
}

/**
 * Expands the dynamic string tokens of one path element.
 *
 * @returns the expanded text, or `null` when a token has no value.
 */
export function expandDst(text: string, origin: string, values: DstValues): string | null {
  let missing = false;
  const out = text.replace(DST, (_m, braced?: string, bare?: string) => {
    const name = braced ?? bare;
    const v = name === "ORIGIN" ? origin : name === "LIB" ? values.lib : values.platform;
    if (v === undefined) missing = true;
    return v ?? "";
  });
  return missing ? null : out;
}

/**
 * Splits a search list into directories: DSTs expanded, empty elements as `.`,
 * trailing slashes removed (but `/` kept), duplicates dropped as ld.so does.
 *
 * @param separators `":"` for DT_RPATH/DT_RUNPATH, `":;"` for LD_LIBRARY_PATH.
 */
export function splitSearchList(list: string, origin: string, values: DstValues, separators = ":"): string[] {
  const out: string[] = [];
  const parts = separators.length > 1 ? list.split(new RegExp(`[${separators.replace(/[\]\\^-]/g, "\\$&")}]`)) : list.split(separators);
  for (const part of parts) {
    const expanded = expandDst(part, origin, values);
    if (expanded === null) continue;
    let dir = expanded === "" ? "." : expanded;
    while (dir.length > 1 && dir.endsWith("/")) dir = dir.slice(0, -1);
    if (!out.includes(dir)) out.push(dir);
  }
  return out;
}

/** Joins a directory and a file name. */
export function joinPath(dir: string, name: string): string {
  return dir.endsWith("/") ? dir + name : `${dir}/${name}`;
}

/**
 * The Debian/Ubuntu multiarch triplet of an ABI (`x86_64-linux-gnu`, ...), or
 * `null` for machines we don't map.
 */
export function multiarchTriplet(abi: ObjectAbi): string | null {
  const is64 = abi.class === 64;
  switch (abi.machine) {
    case EM.EM_X86_64: return is64 ? "x86_64-linux-gnu" : "x86_64-linux-gnux32";
    case EM.EM_386: return "i386-linux-gnu";
    case EM.EM_AARCH64: return is64 ? "aarch64-linux-gnu" : "aarch64_ilp32-linux-gnu";
    case EM.EM_ARM: return (abi.flags & 0x400) !== 0 ? "arm-linux-gnueabihf" : "arm-linux-gnueabi";
    case EM.EM_PPC64: return abi.littleEndian ? "powerpc64le-linux-gnu" : "powerpc64-linux-gnu";
    case EM.EM_PPC: return "powerpc-linux-gnu";
    case EM.EM_S390: return is64 ? "s390x-linux-gnu" : "s390-linux-gnu";
    case EM.EM_RISCV: return is64 ? "riscv64-linux-gnu" : "riscv32-linux-gnu";
    case EM.EM_LOONGARCH: return "loongarch64-linux-gnu";
    case EM.EM_MIPS: {
      if (!is64) return abi.littleEndian ? "mipsel-linux-gnu" : "mips-linux-gnu";
      return abi.littleEndian ? "mips64el-linux-gnuabi64" : "mips64-linux-gnuabi64";
    }
    default: return null;
  }
}

/**
 * ld.so's system directories for an ABI.
 *
 * - multiarch layout (Debian, Ubuntu; observed with `LD_DEBUG=libs` on Debian
 *   12): `/lib/<triplet>`, `/usr/lib/<triplet>`, `/lib`, `/usr/lib`;
 * - upstream glibc layout (Fedora, Arch, ...): `/lib64`, `/usr/lib64` for 64-bit
 *   ABIs, `/lib`, `/usr/lib` for 32-bit ones.
 *
 * The Node host picks the layout by checking whether `/lib/<triplet>` exists.
 */
export function defaultDirectories(abi: ObjectAbi, multiarch = true): string[] {
  const triplet = multiarchTriplet(abi);
  if (multiarch && triplet) return [`/lib/${triplet}`, `/usr/lib/${triplet}`, "/lib", "/usr/lib"];
  return abi.class === 64 ? ["/lib64", "/usr/lib64"] : ["/lib", "/usr/lib"];
}

/** `$LIB` as ld.so expands it: `lib/<triplet>` (multiarch), else `lib64` or `lib`. */
export function defaultLib(abi: ObjectAbi, multiarch = true): string {
  const triplet = multiarchTriplet(abi);
  return multiarch && triplet ? `lib/${triplet}` : abi.class === 64 ? "lib64" : "lib";
}
/** `$PLATFORM` (the kernel's AT_PLATFORM) where it does not depend on the CPU model. */
export function defaultPlatform(abi: ObjectAbi): string | undefined {
  switch (abi.machine) {
    case EM.EM_X86_64: return "x86_64";
    case EM.EM_386: return "i686";
    case EM.EM_AARCH64: return "aarch64";
    default: return undefined;
  }
}
