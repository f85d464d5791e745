/**
 * Notes with owner `GNU` (glibc, binutils, GCC):
 *
 * | type | name                     | descriptor                                              |
 * |------|--------------------------|---------------------------------------------------------|
 * | 1    | NT_GNU_ABI_TAG           | u32 os, major, minor, subminor (`.note.ABI-tag`)         |
 * | 2    | NT_GNU_HWCAP             | u32 entry count, u32 enabled mask, then entries          |
 * | 3    | NT_GNU_BUILD_ID          | the build ID bytes (`.note.gnu.build-id`)                 |
 * | 4    | NT_GNU_GOLD_VERSION      | the gold linker's version string                          |
 * | 5    | NT_GNU_PROPERTY_TYPE_0   | a property list (`.note.gnu.property`), see property.ts  |
 *
 * Words are in the file's byte order.
 */
import { Reader } from "../elf/reader.js";
import { decodeGnuProperties, type GnuPropertyList } from "./property.js";
import { byteString, hexBytes } from "./text.js";

export const NT_GNU_ABI_TAG = 1;
export const NT_GNU_HWCAP = 2;
export const NT_GNU_BUILD_ID = 3;
export const NT_GNU_GOLD_VERSION = 4;
export const NT_GNU_PROPERTY_TYPE_0 = 5;

/** `GNU_ABI_TAG_*` operating systems, with readelf's names. */
export const GNU_ABI_TAG_OS: readonly string[] = ["Linux", "Hurd", "Solaris", "FreeBSD", "NetBSD", "Syllable", "NaCl"];

/** A decoded `GNU` note. `corrupt` bodies are too short to decode (readelf's wording in `reason`). */
export type GnuNoteBody =
  | { readonly kind: "gnu-abi-tag"; readonly os: number; readonly osName: string; readonly major: number; readonly minor: number; readonly subminor: number }
  | { readonly kind: "gnu-hwcap"; readonly entries: number; readonly mask: number }
  | { readonly kind: "gnu-build-id"; readonly id: string }
  | { readonly kind: "gnu-gold-version"; readonly version: string }
  | { readonly kind: "gnu-properties"; readonly list: GnuPropertyList }
  | { readonly kind: "gnu-unknown" }
  | { readonly kind: "corrupt"; readonly decoder: "gnu-abi-tag" | "gnu-hwcap"; readonly reason: string };

/**
 * Decodes the descriptor of a `GNU` note of `type`. Never throws: short
 * descriptors give a `corrupt` body, unknown types `gnu-unknown`.
 */
export function decodeGnuNote(type: number, desc: Uint8Array, le: boolean, is64: boolean): GnuNoteBody {
  const r = new Reader(desc, le, is64);
  switch (type) {
    case NT_GNU_ABI_TAG: {
      if (desc.length < 16) return { kind: "corrupt", decoder: "gnu-abi-tag", reason: "corrupt GNU_ABI_TAG" };
      const os = r.u32(0);
      return { kind: "gnu-abi-tag", os, osName: GNU_ABI_TAG_OS[os] ?? "Unknown", major: r.u32(4), minor: r.u32(8), subminor: r.u32(12) };
    }
    case NT_GNU_HWCAP:
      if (desc.length < 8) return { kind: "corrupt", decoder: "gnu-hwcap", reason: "<corrupt GNU_HWCAP>" };
      return { kind: "gnu-hwcap", entries: r.u32(0), mask: r.u32(4) };
    case NT_GNU_BUILD_ID:
      return { kind: "gnu-build-id", id: hexBytes(desc) };
    case NT_GNU_GOLD_VERSION: {
      const nul = desc.indexOf(0);
      return { kind: "gnu-gold-version", version: byteString(desc, 0, nul < 0 ? desc.length : nul) };
    }
    case NT_GNU_PROPERTY_TYPE_0:
      return { kind: "gnu-properties", list: decodeGnuProperties(desc, le, is64) };
    default:
      return { kind: "gnu-unknown" };
  }
}
