/**
 * Field reads and writes on a copy of an image made by `elf-builder.ts`, in
 * its class and byte order: how the malformed fixtures and the corrupt
 * section tables break one thing at a time. Vitest-free and Node-free.
 */
import type { BuiltElf } from "./elf-builder.js";

/** Field offsets of the ELF64 and ELF32 file, section and program headers. */
export const LAYOUT = {
  64: {
    e: { phoff: 32, shoff: 40, phentsize: 54, phnum: 56, shentsize: 58, shnum: 60, shstrndx: 62 },
    sh: { size: 64, name: 0, type: 4, offset: 24, size_: 32, link: 40, info: 44, addralign: 48 },
    ph: { size: 56, type: 0, offset: 8, vaddr: 16, filesz: 32, memsz: 40 },
  },
  32: {
    e: { phoff: 28, shoff: 32, phentsize: 42, phnum: 44, shentsize: 46, shnum: 48, shstrndx: 50 },
    sh: { size: 40, name: 0, type: 4, offset: 16, size_: 20, link: 24, info: 28, addralign: 32 },
    ph: { size: 32, type: 0, offset: 4, vaddr: 8, filesz: 16, memsz: 20 },
  },
} as const;

export class Patch {
  readonly b: Uint8Array;
  readonly v: DataView;
  readonly L: (typeof LAYOUT)[32 | 64];
  constructor(readonly built: BuiltElf, readonly cls: 32 | 64 = 64, readonly le = true) {
    this.b = built.bytes.slice();
    this.v = new DataView(this.b.buffer);
    this.L = LAYOUT[cls];
  }
  u16(at: number, x: number): this { this.v.setUint16(at, x, this.le); return this; }
  u32(at: number, x: number): this { this.v.setUint32(at, x >>> 0, this.le); return this; }
  word(at: number, x: bigint): this {
    if (this.cls === 64) this.v.setBigUint64(at, BigInt.asUintN(64, x), this.le);
    else this.v.setUint32(at, Number(BigInt.asUintN(32, x)), this.le);
    return this;
  }
  getU16(at: number): number { return this.v.getUint16(at, this.le); }
  getU32(at: number): number { return this.v.getUint32(at, this.le); }
  getWord(at: number): bigint { return this.cls === 64 ? this.v.getBigUint64(at, this.le) : BigInt(this.v.getUint32(at, this.le)); }
  /** Section names in header order (index 0 is the null section). */
  get names(): string[] {
    return ["", ...this.built.sectionOffset.keys()];
  }
  /** Index of the section called `name` ("" for section 0). */
  index(name: string): number {
    const i = this.names.indexOf(name);
    if (i < 0) throw new Error(`no section ${name}`);
    return i;
  }
  /** File offset of the section header of `name` (section 0 for ""), or of header `i`. */
  shdr(name: string | number): number {
    return this.built.shoff + (typeof name === "number" ? name : this.index(name)) * this.L.sh.size;
  }
  phdr(i: number): number {
    return this.built.phoff + i * this.L.ph.size;
  }
}
