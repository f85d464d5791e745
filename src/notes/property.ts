/**
 * `NT_GNU_PROPERTY_TYPE_0`: the GNU property list (`.note.gnu.property`).
 *
 * The descriptor is a sequence of
 *
 * ```
 *   u32 pr_type
 *   u32 pr_datasz
 *   pr_datasz bytes, padded to 8 (ELFCLASS64) or 4 (ELFCLASS32)
 * ```
 *
 * Types: 1 `GNU_PROPERTY_STACK_SIZE` (an address-sized word), 2
 * `GNU_PROPERTY_NO_COPY_ON_PROTECTED` (no data), `0xb0000000..0xb0007fff`
 * UINT32_AND and `0xb0008000..0xb000ffff` UINT32_OR bitmasks
 * (`0xb0008000` = `GNU_PROPERTY_1_NEEDED`), `0xc0000000..0xdfffffff`
 * processor-specific (x86 ISA/feature bitmasks, AArch64 BTI/PAC), and
 * `0xe0000000..` application-specific. Bitmask meanings are in
 * `property-names.ts`, used by the readelf renderer.
 *
 * Framing rules (binutils readelf 2.40 `print_gnu_property_note`): the whole
 * descriptor must be at least 8 bytes and a multiple of the padding unit; each
 * entry needs 8 header bytes and `datasz` bytes left. A broken entry ends the
 * list; the entries before it are kept.
 */
import { Reader } from "../elf/reader.js";

export const GNU_PROPERTY_STACK_SIZE = 1;
export const GNU_PROPERTY_NO_COPY_ON_PROTECTED = 2;
export const GNU_PROPERTY_UINT32_AND_LO = 0xb0000000;
export const GNU_PROPERTY_UINT32_AND_HI = 0xb0007fff;
export const GNU_PROPERTY_UINT32_OR_LO = 0xb0008000;
export const GNU_PROPERTY_UINT32_OR_HI = 0xb000ffff;
export const GNU_PROPERTY_1_NEEDED = GNU_PROPERTY_UINT32_OR_LO;
export const GNU_PROPERTY_LOPROC = 0xc0000000;
export const GNU_PROPERTY_HIPROC = 0xdfffffff;
export const GNU_PROPERTY_LOUSER = 0xe0000000;

/** One property: its type and its data bytes (a view, `datasz` long). */
export interface GnuProperty {
  readonly type: number;
  readonly data: Uint8Array;
}

/** Why a property list could not be read to its end. */
export type GnuPropertyError =
  /** descsz < 8 or not a multiple of the padding unit: nothing decoded. */
  | { readonly kind: "size"; readonly descsz: number }
  /** fewer than 8 bytes left for an entry header. */
  | { readonly kind: "descsz"; readonly descsz: number }
  /** an entry's datasz runs past the descriptor. */
  | { readonly kind: "datasz"; readonly type: number; readonly datasz: number };

export interface GnuPropertyList {
  readonly properties: readonly GnuProperty[];
  readonly error: GnuPropertyError | null;
}

/** Decodes a property list. Never throws; see {@link GnuPropertyError}. */
export function decodeGnuProperties(desc: Uint8Array, le: boolean, is64: boolean): GnuPropertyList {
  const unit = is64 ? 8 : 4;
  const properties: GnuProperty[] = [];
  if (desc.length < 8 || desc.length % unit !== 0) return { properties, error: { kind: "size", descsz: desc.length } };
  const r = new Reader(desc, le, is64);
  let at = 0;
  while (at < desc.length) {
    if (desc.length - at < 8) return { properties, error: { kind: "descsz", descsz: desc.length } };
    const type = r.u32(at);
    const datasz = r.u32(at + 4);
    at += 8;
    if (datasz > desc.length - at) return { properties, error: { kind: "datasz", type, datasz } };
    properties.push({ type, data: desc.subarray(at, at + datasz) });
    at += Math.ceil(datasz / unit) * unit;
  }
  return { properties, error: null };
}
