/**
 * Symbol tables: `SHT_SYMTAB` (`.symtab`, the link editor's full table) and
 * `SHT_DYNSYM` (`.dynsym`, the dynamic linker's subset, which survives
 * `strip`).
 *
 * Each entry is an `Elf32_Sym` (16 bytes: name u32, value u32, size u32,
 * info u8, other u8, shndx u16) or an `Elf64_Sym` (24 bytes: name u32,
 * info u8, other u8, shndx u16, value u64, size u64), read through the
 * layouts of `layout.ts`; the name is an offset into the string table named by
 * the section's `sh_link`. Entry 0 is the reserved null symbol.
 *
 * Probe arguments name symbols (`glob_int(%rip)`, i386 `glob_rec+20`); to
 * place them, the `--format uprobe` renderer looks their link-time addresses
 * up here. A symbol table can be megabytes, so nothing is read until the first
 * lookup, and only the symbols that can name data are kept (see
 * {@link isAddressSymbol}).
 */
import { SHN, SHT, STB, STT } from "./constants.js";
import { ElfError, hex } from "./errors.js";
import type { ElfFile } from "./file.js";
import { layoutOf } from "./header.js";
import { Reader } from "./reader.js";
import type { SectionHeader } from "./sections.js";
import { StringTable } from "./strings.js";

/** One symbol-table entry, class-independent. */
export interface ElfSymbol {
  /** The name from the linked string table. */
  readonly name: string;
  /** `st_value`: for a defined symbol of an executable or shared object, its link-time address. */
  readonly value: bigint;
  /** `st_size` in bytes (0 when unknown). */
  readonly size: bigint;
  /** `STT_*` (`st_info & 0xf`). */
  readonly type: number;
  /** `STB_*` (`st_info >> 4`). */
  readonly binding: number;
  /** `STV_*` (`st_other & 3`). */
  readonly visibility: number;
  /** `st_shndx`: the section it is defined in, or a special index (`SHN_UNDEF`, `SHN_ABS`, ...). */
  readonly shndx: number;
  /** Index of the entry in its table. */
  readonly index: number;
}

/** The fields a filter of {@link readSymbols} sees before the name is decoded. */
export type SymbolFilter = (type: number, binding: number, shndx: number) => boolean;

/**
 * True for symbols that stand for an address in the file's image: defined in
 * one of its sections (not `SHN_UNDEF`, nor `SHN_ABS`/`SHN_COMMON`, whose
 * values are not addresses the loader moves; `SHN_XINDEX` means a section
 * index too large for the field, so it counts as defined), of type
 * `STT_OBJECT`, `STT_FUNC` or `STT_NOTYPE` (assembler labels). `STT_TLS`
 * values are offsets in the TLS block and `STT_SECTION`/`STT_FILE` entries
 * are not names a probe argument uses.
 */
export const isAddressSymbol: SymbolFilter = (type, _binding, shndx) =>
  (type === STT.STT_OBJECT || type === STT.STT_FUNC || type === STT.STT_NOTYPE) &&
  shndx !== SHN.SHN_UNDEF && (shndx < SHN.SHN_LORESERVE || shndx === SHN.SHN_XINDEX);

/**
 * Reads the entries of a `SHT_SYMTAB` or `SHT_DYNSYM` section that pass
 * `filter` (all but the null entry 0 by default), with their names.
 *
 * `sh_entsize` must be the class's entry size (16 or 24); 0 is taken as that
 * size, as some tools leave it unset. Entries are read only from
 * `floor(sh_size / entsize)` whole entries inside the section, so the work
 * and the memory are bounded by the section's size in the file. A name that
 * cannot be resolved (offset past the string table, no NUL) leaves that
 * symbol out.
 *
 * @throws {ElfError} `BAD_SECTION` when the section is not a symbol table,
 *   its entry size is wrong, it or its string table lies outside the file,
 *   or `sh_link` does not name a `SHT_STRTAB` section; `BAD_HEADER` when the
 *   section header table itself is unusable.
 */
export function readSymbols(file: ElfFile, section: SectionHeader, filter: SymbolFilter = () => true): ElfSymbol[] {
  const at = section.headerOffset;
  const what = `section ${section.index} (${section.name || "?"})`;
  if (section.type !== SHT.SHT_SYMTAB && section.type !== SHT.SHT_DYNSYM) {
    throw new ElfError("BAD_SECTION", `${what} is not a symbol table (sh_type ${hex(section.type)})`, at, section.type);
  }
  const L = layoutOf(file.header).symbol;
  if (section.entsize !== 0n && section.entsize !== BigInt(L.size)) {
    throw new ElfError("BAD_SECTION",
      `${what} has sh_entsize ${hex(section.entsize)}, expected ${hex(L.size)} for ELFCLASS${file.header.class}`, at, section.entsize);
  }
  const sections = file.sections;
  const link = sections[section.link];
  if (!link || link.index === section.index || link.type !== SHT.SHT_STRTAB) {
    throw new ElfError("BAD_SECTION",
      `${what} has sh_link ${section.link}, which is not a string table`, at, section.link);
  }
  const data = file.sectionData(section);
  const nameAt = nameReader(file.sectionData(link));
  const r = new Reader(data, file.header.littleEndian, file.header.class === 64);
  const count = Math.floor(data.length / L.size);
  const out: ElfSymbol[] = [];
  for (let i = 1; i < count; i++) {
    const o = i * L.size;
    const info = r.u8(o + L.info);
    const type = info & 0xf;
    const binding = info >> 4;
    const shndx = r.u16(o + L.shndx);
    if (!filter(type, binding, shndx)) continue;
    const name = nameAt(r.u32(o + L.name));
    if (name === null) continue;
    out.push({
      name, type, binding, shndx, index: i,
      value: r.word(o + L.value),
      size: r.word(o + L.size_),
      visibility: r.u8(o + L.other) & 3,
    });
  }
  return out;
}

/**
 * Names out of a symbol string table (libjvm: 57,000 names in 2.6 MB), as
 * {@link StringTable} reads them. `null` for an offset out of range or a name
 * without a NUL.
 */
function nameReader(bytes: Uint8Array): (offset: number) => string | null {
  const table = new StringTable(bytes);
  return (offset) => table.get(offset);
}

/** The symbols of one file, looked up by name. */
export interface SymbolTable {
  /**
   * The section the symbols come from: the first `SHT_SYMTAB` with entries,
   * else the first `SHT_DYNSYM`; `null` when the file has neither (or neither
   * is usable: see `warnings`).
   */
  readonly section: SectionHeader | null;
  /** Why a symbol table was passed over or could not be read. */
  readonly warnings: readonly ElfError[];
  /** Number of distinct names kept. */
  readonly size: number;
  /**
   * The preferred definition of `name` (see {@link symbolTable}), or
   * `undefined` when the table has none.
   */
  lookup(name: string): ElfSymbol | undefined;
  /** Every kept definition of `name`, in table order (empty when none). */
  definitions(name: string): readonly ElfSymbol[];
}

/** Ranks bindings for {@link SymbolTable.lookup}: lower is preferred. */
function bindingRank(binding: number): number {
  switch (binding) {
    case STB.STB_GLOBAL: return 0;
    case STB.STB_GNU_UNIQUE: return 1;
    case STB.STB_WEAK: return 2;
    case STB.STB_LOCAL: return 4;
    default: return 3;
  }
}

/**
 * The address symbols ({@link isAddressSymbol}) of `file`, read on first use
 * of any member (the lookup itself never throws: a table that cannot be read
 * becomes a warning and an empty table).
 *
 * `.symtab` is preferred as it holds every symbol, local ones included;
 * `.dynsym` (exported symbols only) is used when there is no `.symtab` with
 * entries, as in stripped files.
 *
 * When a name has several definitions, `lookup` prefers a global one over a
 * weak one over a local one, and the first in table order within a binding.
 * A global name is the one every translation unit but one that defines a
 * `static` of the same name refers to, and a symbol table cannot say which
 * unit an argument comes from; callers that must not guess can look at
 * `definitions` (the `--format uprobe` renderer says when it had to choose).
 */
export function symbolTable(file: ElfFile): SymbolTable {
  let built: { section: SectionHeader | null; warnings: ElfError[]; byName: Map<string, ElfSymbol[]> } | undefined;
  const build = (): NonNullable<typeof built> => {
    if (built) return built;
    const warnings: ElfError[] = [];
    const byName = new Map<string, ElfSymbol[]>();
    let section: SectionHeader | null = null;
    let sections: readonly SectionHeader[] = [];
    try {
      sections = file.sections;
    } catch (e) {
      if (!(e instanceof ElfError)) throw e;
      warnings.push(e);
    }
    const candidates = [
      sections.find((s) => s.type === SHT.SHT_SYMTAB),
      sections.find((s) => s.type === SHT.SHT_DYNSYM),
    ];
    for (const s of candidates) {
      if (!s) continue;
      let symbols: ElfSymbol[];
      try {
        symbols = readSymbols(file, s, isAddressSymbol);
      } catch (e) {
        if (!(e instanceof ElfError)) throw e;
        warnings.push(e);
        continue;
      }
      // A .symtab that is SHT_NOBITS or empty (stripped debug file) says nothing: try .dynsym.
      if (symbols.length === 0 && s.type === SHT.SHT_SYMTAB) continue;
      section = s;
      for (const sym of symbols) {
        const list = byName.get(sym.name);
        if (list) list.push(sym);
        else byName.set(sym.name, [sym]);
      }
      break;
    }
    return (built = { section, warnings, byName });
  };
  return {
    get section() {
      return build().section;
    },
    get warnings() {
      return build().warnings;
    },
    get size() {
      return build().byName.size;
    },
    lookup(name) {
      const list = build().byName.get(name);
      if (!list) return undefined;
      let best = list[0]!;
      for (const s of list) if (bindingRank(s.binding) < bindingRank(best.binding)) best = s;
      return best;
    },
    definitions(name) {
      return build().byName.get(name) ?? [];
    },
  };
}
