/**
 * readelf's text for GNU build attribute notes (see annobin.ts):
 * `print_gnu_build_attribute_name` (the owner column) and
 * `print_gnu_build_attribute_description` (the body), binutils 2.40.
 *
 * The owner column is the attribute itself, e.g. `GA$<version>3a1` or
 * `GA*<PIC>PIE`, padded to 20 columns (28 under -W); the body names the
 * address range and the symbol found there:
 * `    Applies to region from 0x4008b0 to 0x4010c5 (.annobin_init.c)`.
 * readelf keeps the last OPEN and FUNC ranges in static variables, so a note
 * with an empty descriptor repeats the previous range, even across files.
 */
import { SHT } from "../../elf/constants.js";
import type { ElfFile } from "../../elf/file.js";
import { Reader } from "../../elf/reader.js";
import type { BuildAttributeBody } from "../../notes/annobin.js";
import { printSymbolWidth } from "./readelf-text.js";
import { altHex, cByteString } from "../../notes/text.js";

/** The C string in `s[start, end)`: up to the first NUL. */
function cstrOf(s: string, start: number, end: number): string {
  const seg = s.slice(start, end);
  const z = seg.indexOf("\0");
  return z < 0 ? seg : seg.slice(0, z);
}

/** The ranges readelf remembers between build attribute notes. */
export interface AnnobinState {
  globalOffset: bigint;
  globalEnd: bigint;
  funcOffset: bigint;
  funcEnd: bigint;
}

export function newAnnobinState(): AnnobinState {
  return { globalOffset: 0n, globalEnd: 0n, funcOffset: 0n, funcEnd: 0n };
}

type Diag = (kind: "error" | "warning", text: string) => void;

const ATTRIBUTES: ReadonlyMap<number, readonly [string, string]> = new Map([
  [1, ["<version>", "$"]],
  [2, ["<stack prot>", "!+*"]],
  [3, ["<relro>", "+!"]],
  [4, ["<stack size>", "*"]],
  [5, ["<tool>", "$"]],
  [6, ["<ABI>", "$*"]],
  [7, ["<PIC>", "*"]],
  [8, ["<short enum>", "+!"]],
]);
const PIC = ["static", "pic", "PIC", "pie", "PIE"];
const STACK_PROT = ["off", "on", "all", "strong", "explicit"];
const signedByte = (c: number): number => (c << 24) >> 24;

/**
 * The owner column of a build attribute note.
 *
 * @param name the `namesz` name bytes as a byte string (readelf adds a NUL after them).
 */
export function buildAttributeName(name: string, namesz: number, wide: boolean, diag: Diag): string {
  const corrupt = (): string => {
    diag("error", `corrupt name field in GNU build attribute note: size = ${namesz}`);
    return printSymbolWidth(-20, "  <corrupt name>", wide)[0];
  };
  if (namesz < 2) return corrupt();
  const nm = name + "\0";
  const code = (i: number): number => (i < nm.length ? nm.charCodeAt(i) : 0);
  let left = wide ? 28 : 20;
  let out = "";
  let i = 0;
  if (nm[0] === "G" && nm[1] === "A") {
    if (namesz < 4) return corrupt();
    out += "GA";
    i = 2;
    left -= 2;
  }
  const nameType = String.fromCharCode(code(i));
  if (!"*$+!".includes(nameType)) {
    diag("error", `unrecognised attribute type in name field: ${signedByte(code(i))}`);
    return out + printSymbolWidth(-20, "<unknown name type>", wide)[0];
  }
  out += nameType;
  left--;
  i++;
  const attr = code(i);
  let text: string | null = null;
  let expected: string;
  const known = ATTRIBUTES.get(attr);
  if (known) {
    [text, expected] = known;
    i++;
  } else {
    if (attr >= 0x20 && attr < 0x7f) {
      let len = cstrOf(nm, i, Math.max(i, namesz)).length + 1;
      if (len > left && !wide) len = left;
      out += cstrOf(nm, i, i + len) + ":";
      left -= len;
      i += len;
    } else {
      diag("error", `unrecognised byte in name field: ${signedByte(attr)}`);
      text = `<unknown:_${signedByte(attr)}>`;
      i++;
    }
    expected = "*$!+";
  }
  if (text !== null) {
    out += text;
    left -= text.length;
  }
  if (!expected.includes(nameType)) diag("warning", `attribute does not have an expected type (${nameType})`);
  if (i > namesz) {
    diag("error", `corrupt name field: namesz: ${namesz} but parsing gets to ${i}`);
    return out;
  }
  if (left < 1 && !wide) return out;
  switch (nameType) {
    case "*": {
      let bytes = namesz - i;
      if (bytes > 0) bytes--;
      if (bytes > 8) {
        diag("error", `corrupt numeric name field: too many bytes in the value: ${bytes.toString(16)}`);
        bytes = 8;
      }
      let val = 0n;
      for (let k = 0; k < bytes; k++) val |= BigInt(code(i + k)) << BigInt(8 * k);
      const decoded = val < 5n ? (attr === 7 ? PIC[Number(val)] : attr === 2 ? STACK_PROT[Number(val)] : undefined) : undefined;
      if (decoded !== undefined) {
        out += printSymbolWidth(-left, decoded, wide)[0];
        left = 0;
      } else if (val === 0n) {
        out += "0x0";
        left -= 3;
      } else {
        const s = "0x" + (wide ? val.toString(16) : val.toString(16).padStart(left, "0"));
        out += s;
        left -= s.length;
      }
      break;
    }
    case "$": {
      const [t, n] = printSymbolWidth(-left, cstrOf(nm, i, nm.length), wide);
      out += t;
      left -= n;
      break;
    }
    default: {
      const [t, n] = printSymbolWidth(-left, nameType === "+" ? "true" : "false", wide);
      out += t;
      left -= n;
    }
  }
  if (wide && left > 0) out += " ".repeat(left);
  return out;
}

interface Sym {
  readonly value: bigint;
  readonly size: bigint;
  readonly info: number;
  readonly name: string;
}

/** The first SHT_SYMTAB of a file, as readelf's build attribute code loads it. */
export function buildAttributeSymbols(file: ElfFile): Sym[] {
  try {
    const sections = file.sections;
    const symtab = sections.find((s) => s.type === SHT.SHT_SYMTAB);
    if (!symtab) return [];
    const strsec = sections[symtab.link];
    if (!strsec) return [];
    const data = file.sectionData(symtab);
    const strtab = file.sectionData(strsec);
    const is64 = file.is64;
    const size = is64 ? 24 : 16;
    const r = new Reader(data, file.littleEndian, is64);
    const out: Sym[] = [];
    for (let at = 0; at + size <= data.length; at += size) {
      const nameOff = r.u32(at);
      const info = r.u8(at + (is64 ? 4 : 12));
      const value = is64 ? r.u64(at + 8) : BigInt(r.u32(at + 4));
      const sz = is64 ? r.u64(at + 16) : BigInt(r.u32(at + 8));
      // st_name past the table: skipped by the lookup (readelf's "should not happen").
      const name = nameOff < strtab.length ? cByteString(strtab, nameOff, strtab.length) : "\0bad";
      out.push({ value, size: sz, info, name });
    }
    return out;
  } catch {
    return [];
  }
}

const STT_OBJECT = 1;
const STT_FUNC = 2;
const STT_FILE = 4;
const STB_LOCAL = 0;
const STB_GLOBAL = 1;

/** readelf's `get_symbol_for_build_attribute`. */
function findSymbol(symbols: readonly Sym[], offset: bigint, open: boolean): Sym | null {
  let saved: Sym | null = null;
  for (const sym of symbols) {
    if (sym.value !== offset) continue;
    if (sym.name === "\0bad" || sym.name.length === 0) continue;
    // Mapping symbols ($d, $x, $t, ...) of ARM, AArch64 and RISC-V.
    if (sym.name[0] === "$" && sym.name.length === 2) continue;
    const type = sym.info & 0xf;
    const bind = sym.info >> 4;
    if (open) {
      if (type === STT_OBJECT || type === STT_FILE) {
        saved = sym;
        if (sym.size !== 0n) return saved;
        continue;
      }
      if (type === STT_FUNC) continue;
      if (bind === STB_GLOBAL) {
        if (saved === null || (saved.info & 0xf) !== STT_OBJECT) saved = sym;
      } else if (bind === STB_LOCAL) {
        if (saved === null) saved = sym;
      }
    } else {
      if (type !== STT_FUNC) continue;
      return sym;
    }
  }
  return saved;
}

/**
 * The body of a build attribute note. Updates `state` as readelf's statics.
 * Returns the text and whether readelf reports success for the note.
 */
export function buildAttributeDescription(
  body: BuildAttributeBody,
  state: AnnobinState,
  symbols: () => readonly Sym[],
  diag: Diag,
): [string, boolean] {
  if (body.kind === "corrupt") {
    diag("error", "    " + body.reason);
    return ["    <invalid descsz>", false];
  }
  const { open, start } = body;
  if (start === null) {
    const [from, to] = open ? [state.globalOffset, state.globalEnd] : [state.funcOffset, state.funcEnd];
    return [to > from ? `    Applies to region from ${altHex(from)} to ${altHex(to)}\n` : `    Applies to region from ${altHex(from)}\n`, true];
  }
  let sym = findSymbol(symbols(), start, open);
  if (sym === null && open) sym = findSymbol(symbols(), start + 2n, open);
  let end = body.end;
  if (end === 0n && sym !== null && sym.size > 0n) end = BigInt.asUintN(64, start + sym.size);
  let text = `    Applies to region from ${altHex(start)}`;
  if (open) state.globalOffset = start;
  else state.funcOffset = start;
  if (end !== 0n) {
    text += ` to ${altHex(end)}`;
    if (open) state.globalEnd = end;
    else state.funcEnd = end;
  }
  if (sym !== null) text += ` (${sym.name})`;
  return [text + "\n", true];
}
