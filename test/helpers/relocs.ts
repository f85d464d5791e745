/**
 * The relocations of a relocatable object's note section, found and rewritten
 * straight in the bytes (not through the library under test), for tests that
 * compare how we and GNU readelf apply them. Section header fields come from
 * `elfFields` (mutate.ts) and are changed with its `field` mutation.
 */
import { applyMutations, elfFields, type Field } from "./mutate.js";

const SHT_NOTE = 7;
const SHT_RELA = 4;
const SHT_REL = 9;
const EM_MIPS = 8;
const EM_SPARCV9 = 43;

function view(b: Uint8Array): DataView {
  return new DataView(b.buffer, b.byteOffset, b.byteLength);
}

/** The shape of an ELF image: class, byte order, machine. */
export function elfShape(b: Uint8Array): { is64: boolean; le: boolean; machine: number } {
  const le = b[5] !== 2;
  return { is64: b[4] === 2, le, machine: view(b).getUint16(18, le) };
}

function read(b: Uint8Array, f: Field, le: boolean): bigint {
  const v = view(b);
  if (f.width === 8) return v.getBigUint64(f.at, le);
  if (f.width === 4) return BigInt(v.getUint32(f.at, le));
  if (f.width === 2) return BigInt(v.getUint16(f.at, le));
  return BigInt(v.getUint8(f.at));
}

/** A section header field (`sh_size`, `sh_link`, ...) of section `index`: its index in `elfFields(b)` and its value. */
export function sectionField(b: Uint8Array, index: number, name: string): { field: number; value: bigint } {
  const fields = elfFields(b);
  const field = fields.findIndex((f) => f.what === `${name}[${index}]`);
  if (field < 0) throw new Error(`no ${name}[${index}]`);
  return { field, value: read(b, fields[field]!, elfShape(b).le) };
}

/** `b` with section header fields overwritten: `[index, name, value]`. */
export function withSectionFields(b: Uint8Array, changes: readonly (readonly [number, string, bigint])[]): Uint8Array {
  const fields = elfFields(b);
  return applyMutations(b, changes.map(([i, name, value]) => ({ kind: "field" as const, field: sectionField(b, i, name).field, value })), fields);
}

/** The relocation section of the first SHT_NOTE section that has one, and where its records are. */
export interface NoteRelocs {
  /** Section indexes: the relocations, the note section, the symbol table (`sh_link`). */
  readonly rel: number;
  readonly note: number;
  readonly symtab: number;
  readonly rela: boolean;
  /** File offset of the records, their size and count. */
  readonly at: number;
  readonly entsize: number;
  readonly count: number;
}

export function noteRelocs(b: Uint8Array): NoteRelocs {
  const { is64 } = elfShape(b);
  const shnum = elfFields(b).filter((f) => f.what.startsWith("sh_type[")).length;
  const get = (i: number, name: string): bigint => sectionField(b, i, name).value;
  for (let i = 0; i < shnum; i++) {
    const type = Number(get(i, "sh_type"));
    if (type !== SHT_RELA && type !== SHT_REL) continue;
    const note = Number(get(i, "sh_info"));
    if (note >= shnum || Number(get(note, "sh_type")) !== SHT_NOTE) continue;
    const rela = type === SHT_RELA;
    const entsize = (is64 ? 8 : 4) * (rela ? 3 : 2);
    return {
      rel: i, note, symtab: Number(get(i, "sh_link")), rela,
      at: Number(get(i, "sh_offset")), entsize, count: Number(get(i, "sh_size")) / entsize,
    };
  }
  throw new Error("no relocations of a note section");
}

/** The fields of a relocation's `r_info`; `ssym`, `type2`, `type3` exist on MIPS64 only, `data` on SPARC V9 only. */
export interface RelocInfo {
  readonly sym: number;
  readonly type: number;
  readonly ssym?: number;
  readonly type2?: number;
  readonly type3?: number;
  readonly data?: number;
}

/**
 * The 8 bytes of a MIPS64 `r_info` as the file stores them: `r_sym` in the
 * file's byte order, then `r_ssym`, `r_type3`, `r_type2`, `r_type`, one byte each.
 */
export function mips64InfoBytes(f: RelocInfo, le: boolean): Uint8Array {
  const out = new Uint8Array(8);
  view(out).setUint32(0, f.sym >>> 0, le);
  out.set([f.ssym ?? 0, f.type3 ?? 0, f.type2 ?? 0, f.type & 0xff], 4);
  return out;
}

/** Writes the `r_info` of relocation record `i` in the machine's layout. */
export function setRelocInfo(b: Uint8Array, r: NoteRelocs, i: number, info: RelocInfo): void {
  const { is64, le, machine } = elfShape(b);
  const at = r.at + i * r.entsize + (is64 ? 8 : 4);
  const v = view(b);
  if (!is64) v.setUint32(at, ((info.sym << 8) | (info.type & 0xff)) >>> 0, le);
  else if (machine === EM_MIPS) b.set(mips64InfoBytes(info, le), at);
  else if (machine === EM_SPARCV9) v.setBigUint64(at, (BigInt(info.sym) << 32n) | (BigInt(info.data ?? 0) << 8n) | BigInt(info.type & 0xff), le);
  else v.setBigUint64(at, (BigInt(info.sym) << 32n) | BigInt(info.type >>> 0), le);
}

/** The symbol index of relocation record `i`. */
export function relocSymbol(b: Uint8Array, r: NoteRelocs, i: number): number {
  const { is64, le, machine } = elfShape(b);
  const at = r.at + i * r.entsize + (is64 ? 8 : 4);
  const v = view(b);
  if (!is64) return v.getUint32(at, le) >>> 8;
  // The upper half of a 64-bit r_info; MIPS64 stores r_sym first in either byte order.
  return v.getUint32(machine === EM_MIPS || !le ? at : at + 4, le);
}

/** Sets the type (low 4 bits of `st_info`) of symbol `sym` of the symbol table. */
export function setSymbolType(b: Uint8Array, r: NoteRelocs, sym: number, type: number): void {
  const { is64 } = elfShape(b);
  const at = Number(sectionField(b, r.symtab, "sh_offset").value) + sym * (is64 ? 24 : 16) + (is64 ? 4 : 12);
  b[at] = (b[at]! & 0xf0) | (type & 0xf);
}
