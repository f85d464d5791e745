/**
 * GNU property texts as binutils readelf 2.40 prints them
 * (`print_gnu_property_note`, `decode_x86_*`, `decode_aarch64_feature_1_and`,
 * `decode_1_needed`).
 *
 * Bitmasks are listed lowest bit first, joined by ", "; a bit without a name
 * prints `<unknown: %x>`. Some decoders print `<None>` for an empty mask, others
 * nothing, exactly as below. Bit names are those of 2.40 (later versions add
 * e.g. AArch64 GCS, which 2.40 prints as `<unknown: 4>`).
 */
import { EM } from "../../elf/constants.js";
import { Reader } from "../../elf/reader.js";
import {
  GNU_PROPERTY_1_NEEDED, GNU_PROPERTY_HIPROC, GNU_PROPERTY_LOPROC, GNU_PROPERTY_LOUSER, GNU_PROPERTY_NO_COPY_ON_PROTECTED,
  GNU_PROPERTY_STACK_SIZE, GNU_PROPERTY_UINT32_AND_HI, GNU_PROPERTY_UINT32_AND_LO, GNU_PROPERTY_UINT32_OR_HI,
  type GnuProperty, type GnuPropertyList,
} from "../../notes/property.js";
import { altHex, hexDump } from "../../notes/text.js";

/** Bit names by bit index (bit 0 first); `none`: print `<None>` for an empty mask. */
interface BitNames {
  readonly names: readonly string[];
  readonly none: boolean;
}

const X86_ISA: BitNames = { names: ["x86-64-baseline", "x86-64-v2", "x86-64-v3", "x86-64-v4"], none: false };
const X86_FEATURE_1: BitNames = { names: ["IBT", "SHSTK", "LAM_U48", "LAM_U57"], none: true };
const X86_FEATURE_2: BitNames = {
  names: ["x86", "x87", "MMX", "XMM", "YMM", "ZMM", "FXSR", "XSAVE", "XSAVEOPT", "XSAVEC", "TMM", "MASK"],
  none: true,
};
const X86_COMPAT_ISA: BitNames = {
  names: ["i486", "586", "686", "SSE", "SSE2", "SSE3", "SSSE3", "SSE4_1", "SSE4_2", "AVX", "AVX2", "AVX512F", "AVX512CD",
    "AVX512ER", "AVX512PF", "AVX512VL", "AVX512DQ", "AVX512BW"],
  none: false,
};
const X86_COMPAT_2_ISA: BitNames = {
  names: ["CMOV", "SSE", "SSE2", "SSE3", "SSSE3", "SSE4_1", "SSE4_2", "AVX", "AVX2", "FMA", "AVX512F", "AVX512CD", "AVX512ER",
    "AVX512PF", "AVX512VL", "AVX512DQ", "AVX512BW", "AVX512_4FMAPS", "AVX512_4VNNIW", "AVX512_BITALG", "AVX512_IFMA",
    "AVX512_VBMI", "AVX512_VBMI2", "AVX512_VNNI", "AVX512_BF16"],
  none: true,
};
const AARCH64_FEATURE_1: BitNames = { names: ["BTI", "PAC"], none: false };
const NEEDED_1: BitNames = { names: ["indirect external access"], none: false };

/** x86 processor-specific property types -> label and bit names. */
const X86_PROPERTIES: ReadonlyMap<number, readonly [string, BitNames]> = new Map([
  [0xc0010002, ["x86 ISA used: ", X86_ISA]], // GNU_PROPERTY_X86_ISA_1_USED
  [0xc0008002, ["x86 ISA needed: ", X86_ISA]], // GNU_PROPERTY_X86_ISA_1_NEEDED
  [0xc0000002, ["x86 feature: ", X86_FEATURE_1]], // GNU_PROPERTY_X86_FEATURE_1_AND
  [0xc0010001, ["x86 feature used: ", X86_FEATURE_2]], // GNU_PROPERTY_X86_FEATURE_2_USED
  [0xc0008001, ["x86 feature needed: ", X86_FEATURE_2]], // GNU_PROPERTY_X86_FEATURE_2_NEEDED
  [0xc0000000, ["x86 ISA used: ", X86_COMPAT_ISA]], // GNU_PROPERTY_X86_COMPAT_ISA_1_USED
  [0xc0000001, ["x86 ISA needed: ", X86_COMPAT_ISA]], // GNU_PROPERTY_X86_COMPAT_ISA_1_NEEDED
  [0xc0010000, ["x86 ISA used: ", X86_COMPAT_2_ISA]], // GNU_PROPERTY_X86_COMPAT_2_ISA_1_USED
  [0xc0008000, ["x86 ISA needed: ", X86_COMPAT_2_ISA]], // GNU_PROPERTY_X86_COMPAT_2_ISA_1_NEEDED
]);

const GNU_PROPERTY_AARCH64_FEATURE_1_AND = 0xc0000000;

/** The names of the set bits of `mask`, readelf style. */
export function bitList(mask: number, table: BitNames): string {
  mask >>>= 0;
  if (mask === 0) return table.none ? "<None>" : "";
  const parts: string[] = [];
  for (let i = 0; i < 32; i++) {
    const bit = (1 << i) >>> 0;
    if (mask & bit) parts.push(table.names[i] ?? `<unknown: ${bit.toString(16)}>`);
  }
  return parts.join(", ");
}

const corruptLength = (datasz: number): string => `<corrupt length: ${altHex(datasz)}> `;

/**
 * The text of one property, as readelf 2.40 prints it.
 *
 * @param machine `e_machine`, which selects the processor-specific names.
 */
export function propertyText(prop: GnuProperty, machine: number, le: boolean, is64: boolean): string {
  const { type, data } = prop;
  const datasz = data.length;
  const u32 = (): number => new Reader(data, le, false).u32(0);
  if (type >= GNU_PROPERTY_LOPROC && type <= GNU_PROPERTY_HIPROC) {
    if (machine === EM.EM_X86_64 || machine === EM.EM_IAMCU || machine === EM.EM_386) {
      const known = X86_PROPERTIES.get(type);
      if (known) return datasz !== 4 ? known[0] + corruptLength(datasz) : known[0] + bitList(u32(), known[1]);
    } else if (machine === EM.EM_AARCH64 && type === GNU_PROPERTY_AARCH64_FEATURE_1_AND) {
      return "AArch64 feature: " + (datasz !== 4 ? corruptLength(datasz) : bitList(u32(), AARCH64_FEATURE_1));
    }
  } else if (type === GNU_PROPERTY_STACK_SIZE) {
    const size = is64 ? 8 : 4;
    return "stack size: " + (datasz !== size ? corruptLength(datasz) : altHex(new Reader(data, le, is64).word(0)));
  } else if (type === GNU_PROPERTY_NO_COPY_ON_PROTECTED) {
    return "no copy on protected " + (datasz ? corruptLength(datasz) : "");
  } else if (type >= GNU_PROPERTY_UINT32_AND_LO && type <= GNU_PROPERTY_UINT32_OR_HI) {
    if (type === GNU_PROPERTY_1_NEEDED) {
      return datasz !== 4 ? "1_needed: " + corruptLength(datasz) : "1_needed: " + bitList(u32(), NEEDED_1);
    }
    const label = type <= GNU_PROPERTY_UINT32_AND_HI ? `UINT32_AND (${altHex(type)}): ` : `UINT32_OR (${altHex(type)}): `;
    return label + (datasz !== 4 ? corruptLength(datasz) : altHex(u32()));
  }
  const kind = type < GNU_PROPERTY_LOPROC ? "unknown" : type < GNU_PROPERTY_LOUSER ? "processor-specific" : "application-specific";
  return `<${kind} type ${altHex(type)} data: ${hexDump(data)}>`;
}

/**
 * The body of an NT_GNU_PROPERTY_TYPE_0 note as readelf 2.40 prints it:
 * `Properties: ` and the properties, one per line (`, `-separated with
 * `-W`), then what is wrong with the rest of the descriptor, if anything.
 */
export function propertyListText(list: GnuPropertyList, machine: number, le: boolean, is64: boolean, wide: boolean): string {
  let s = "      Properties: ";
  const err = list.error;
  if (err?.kind === "size") return s + `<corrupt GNU_PROPERTY_TYPE, size = ${altHex(err.descsz)}>\n`;
  const sep = wide ? ", " : "\n\t";
  s += list.properties.map((p) => propertyText(p, machine, le, is64)).join(sep);
  if (err) {
    if (list.properties.length > 0) s += sep;
    s += err.kind === "descsz" ? `<corrupt descsz: ${altHex(err.descsz)}>\n` : `<corrupt type (${altHex(err.type)}) datasz: ${altHex(err.datasz)}>\n`;
  }
  return s + "\n";
}
