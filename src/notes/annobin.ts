/**
 * GNU build attribute notes ("annobin", section `.gnu.build.attributes`),
 * written by GCC's annobin plugin on Fedora/RHEL builds.
 *
 * Type 0x100 `NT_GNU_BUILD_ATTRIBUTE_OPEN` (applies to a range of the file) or
 * 0x101 `NT_GNU_BUILD_ATTRIBUTE_FUNC` (to one function). The *owner name*
 * carries the attribute: an optional "GA" prefix, a value type (`*` number,
 * `$` string, `+` true, `!` false), an attribute (a byte 1..8: version, stack
 * protection, RELRO, stack size, tool, ABI, PIC, short enums; or a printable
 * name ending at NUL), then the value. The descriptor is the address range:
 * empty (same as the previous note of that type), 4 (start), 8 (start, end as
 * u32) or 16 bytes (start, end as u64).
 *
 * readelf recognises these notes by the name alone (a first byte, or a third
 * byte after "GA", in `*$!+` or NUL) together with the type.
 */
import { Reader } from "../elf/reader.js";

export const NT_GNU_BUILD_ATTRIBUTE_OPEN = 0x100;
export const NT_GNU_BUILD_ATTRIBUTE_FUNC = 0x101;

/** The decoded range of a build attribute note. */
export type BuildAttributeBody =
  | { readonly kind: "build-attribute"; readonly open: boolean; readonly start: bigint | null; readonly end: bigint }
  | { readonly kind: "corrupt"; readonly decoder: "build-attribute"; readonly reason: string };

const TYPE_CHARS = "*$!+";

/** Whether readelf treats a note as a build attribute (by owner bytes and type). */
export function isBuildAttribute(owner: string, type: number): boolean {
  if (type !== NT_GNU_BUILD_ATTRIBUTE_OPEN && type !== NT_GNU_BUILD_ATTRIBUTE_FUNC) return false;
  // C's strchr finds the terminating NUL too, so a NUL byte also matches.
  const at = (i: number): string => (i < owner.length ? owner[i]! : "\0");
  const inSet = (c: string): boolean => c === "\0" || TYPE_CHARS.includes(c);
  return (owner.startsWith("GA") && inSet(at(2))) || inSet(at(0));
}

/** Decodes the range of a build attribute descriptor. `start` null = "same as before" (descsz 0). */
export function decodeBuildAttribute(type: number, desc: Uint8Array, le: boolean): BuildAttributeBody {
  const open = type === NT_GNU_BUILD_ATTRIBUTE_OPEN;
  const r = new Reader(desc, le, true);
  switch (desc.length) {
    case 0:
      return { kind: "build-attribute", open, start: null, end: 0n };
    case 4:
      return { kind: "build-attribute", open, start: BigInt(r.u32(0)), end: 0n };
    case 8:
      return { kind: "build-attribute", open, start: BigInt(r.u32(0)), end: BigInt(r.u32(4)) };
    case 16:
      return { kind: "build-attribute", open, start: r.u64(0), end: r.u64(8) };
    default:
      return { kind: "corrupt", decoder: "build-attribute", reason: `<invalid description size: ${desc.length.toString(16)}>` };
  }
}
