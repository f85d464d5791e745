/**
 * A small ELF image builder for tests: ELF32/ELF64, little/big endian, with
 * sections, program headers and notes, laid out as
 * `ehdr | phdrs | section data... | .shstrtab | shdrs`.
 *
 * It writes what it is told, including inconsistent values, so tests can make
 * malformed files by overriding fields after layout (`patch`).
 */

export interface BuildSection {
  name: string;
  type: number;
  flags?: bigint;
  addr?: bigint;
  data?: Uint8Array;
  /** Overrides sh_size (e.g. for SHT_NOBITS, or to lie). */
  size?: bigint;
  /** Overrides sh_offset. */
  offset?: bigint;
  addralign?: bigint;
  entsize?: bigint;
  link?: number;
  info?: number;
}

export interface BuildSegment {
  type: number;
  flags: number;
  /** Sections (by name) this segment covers; offset/filesz come from them unless given. */
  sections?: string[];
  offset?: bigint;
  vaddr?: bigint;
  paddr?: bigint;
  filesz?: bigint;
  memsz?: bigint;
  align?: bigint;
}

export interface BuildOptions {
  class: 32 | 64;
  littleEndian: boolean;
  type?: number;
  machine?: number;
  sections?: BuildSection[];
  segments?: BuildSegment[];
  /** Leave out the section header table (e_shoff = e_shnum = 0). */
  noSectionHeaders?: boolean;
}

export interface BuiltElf {
  bytes: Uint8Array;
  /** File offset of each section's data, by name. */
  sectionOffset: Map<string, number>;
  shoff: number;
  phoff: number;
}

/** A byte writer with the file's byte order. */
export class Writer {
  bytes: Uint8Array;
  view: DataView;
  constructor(size: number, readonly le: boolean) {
    this.bytes = new Uint8Array(size);
    this.view = new DataView(this.bytes.buffer);
  }
  u8(o: number, v: number): void { this.view.setUint8(o, v); }
  u16(o: number, v: number): void { this.view.setUint16(o, v, this.le); }
  u32(o: number, v: number): void { this.view.setUint32(o, v >>> 0, this.le); }
  u64(o: number, v: bigint): void { this.view.setBigUint64(o, BigInt.asUintN(64, v), this.le); }
  word(o: number, v: bigint, is64: boolean): void {
    if (is64) this.u64(o, v);
    else this.u32(o, Number(BigInt.asUintN(32, v)));
  }
}

const align = (n: number, a: number): number => (a <= 1 ? n : Math.ceil(n / a) * a);

export function concat(...parts: Uint8Array[]): Uint8Array {
  const out = new Uint8Array(parts.reduce((n, p) => n + p.length, 0));
  let o = 0;
  for (const p of parts) {
    out.set(p, o);
    o += p.length;
  }
  return out;
}

export const ascii = (s: string): Uint8Array => new TextEncoder().encode(s);

/** One note record, padded to `noteAlign` (4 or 8). */
export function note(owner: string | null, type: number, desc: Uint8Array, le: boolean, noteAlign = 4): Uint8Array {
  const name = owner === null ? new Uint8Array(0) : ascii(owner + "\0");
  const descAt = align(12 + name.length, noteAlign);
  const size = align(descAt + desc.length, noteAlign);
  const w = new Writer(size, le);
  w.u32(0, name.length);
  w.u32(4, desc.length);
  w.u32(8, type);
  w.bytes.set(name, 12);
  w.bytes.set(desc, descAt);
  return w.bytes;
}

/** A stapsdt descriptor (not padded): three words and three NUL-terminated strings. */
export function stapsdtDesc(
  is64: boolean, le: boolean,
  p: { location: bigint; base: bigint; semaphore?: bigint; provider: string; name: string; args?: string },
): Uint8Array {
  const ws = is64 ? 8 : 4;
  const w = new Writer(3 * ws, le);
  w.word(0, p.location, is64);
  w.word(ws, p.base, is64);
  w.word(2 * ws, p.semaphore ?? 0n, is64);
  return concat(w.bytes, ascii(`${p.provider}\0${p.name}\0${p.args ?? ""}\0`));
}

/** Builds an ELF image. */
export function buildElf(o: BuildOptions): BuiltElf {
  const is64 = o.class === 64;
  const ehsize = is64 ? 64 : 52;
  const phentsize = is64 ? 56 : 32;
  const shentsize = is64 ? 64 : 40;
  const segments = o.segments ?? [];
  const userSections = o.sections ?? [];

  // Section names -> .shstrtab.
  const names: string[] = ["", ...userSections.map((s) => s.name), ".shstrtab"];
  const nameOff = new Map<string, number>();
  let strtab = "";
  for (const n of names) {
    if (!nameOff.has(n)) {
      nameOff.set(n, strtab.length);
      strtab += n + "\0";
    }
  }
  const all: BuildSection[] = [
    ...userSections,
    { name: ".shstrtab", type: 3, data: ascii(strtab), addralign: 1n },
  ];

  const phoff = segments.length > 0 ? ehsize : 0;
  let off = ehsize + segments.length * phentsize;
  const placed: number[] = [];
  const sectionOffset = new Map<string, number>();
  for (const s of all) {
    const a = Number(s.addralign ?? 1n);
    off = align(off, a > 0 && a <= 4096 ? a : 1);
    placed.push(off);
    sectionOffset.set(s.name, off);
    if (s.type !== 8) off += s.data?.length ?? 0; // SHT_NOBITS has no bytes
  }
  off = align(off, 8);
  const shoff = o.noSectionHeaders ? 0 : off;
  const total = o.noSectionHeaders ? off : off + (all.length + 1) * shentsize;

  const w = new Writer(total, o.littleEndian);
  w.bytes.set([0x7f, 0x45, 0x4c, 0x46, is64 ? 2 : 1, o.littleEndian ? 1 : 2, 1], 0);
  w.u16(16, o.type ?? 2);
  w.u16(18, o.machine ?? (is64 ? 62 : 3));
  w.u32(20, 1);
  const H = is64
    ? { phoff: 32, shoff: 40, flags: 48, ehsize: 52, phentsize: 54, phnum: 56, shentsize: 58, shnum: 60, shstrndx: 62 }
    : { phoff: 28, shoff: 32, flags: 36, ehsize: 40, phentsize: 42, phnum: 44, shentsize: 46, shnum: 48, shstrndx: 50 };
  w.word(H.phoff, BigInt(phoff), is64);
  w.word(H.shoff, BigInt(shoff), is64);
  w.u16(H.ehsize, ehsize);
  w.u16(H.phentsize, phentsize);
  w.u16(H.phnum, segments.length);
  w.u16(H.shentsize, shentsize);
  w.u16(H.shnum, o.noSectionHeaders ? 0 : all.length + 1);
  w.u16(H.shstrndx, o.noSectionHeaders ? 0 : all.length);

  all.forEach((s, i) => {
    if (s.data && s.type !== 8) w.bytes.set(s.data, placed[i]!);
  });

  if (!o.noSectionHeaders) {
    all.forEach((s, i) => {
      const at = shoff + (i + 1) * shentsize;
      const size = s.size ?? BigInt(s.data?.length ?? 0);
      const fileOff = s.offset ?? BigInt(placed[i]!);
      w.u32(at, nameOff.get(s.name)!);
      w.u32(at + 4, s.type);
      if (is64) {
        w.u64(at + 8, s.flags ?? 0n); w.u64(at + 16, s.addr ?? 0n); w.u64(at + 24, fileOff); w.u64(at + 32, size);
        w.u32(at + 40, s.link ?? 0); w.u32(at + 44, s.info ?? 0); w.u64(at + 48, s.addralign ?? 1n); w.u64(at + 56, s.entsize ?? 0n);
      } else {
        w.word(at + 8, s.flags ?? 0n, false); w.word(at + 12, s.addr ?? 0n, false); w.word(at + 16, fileOff, false);
        w.word(at + 20, size, false); w.u32(at + 24, s.link ?? 0); w.u32(at + 28, s.info ?? 0);
        w.word(at + 32, s.addralign ?? 1n, false); w.word(at + 36, s.entsize ?? 0n, false);
      }
    });
  }

  segments.forEach((p, i) => {
    const at = phoff + i * phentsize;
    let offset = p.offset ?? 0n;
    let filesz = p.filesz ?? 0n;
    let vaddr = p.vaddr ?? 0n;
    if (p.sections && p.sections.length > 0) {
      const idx = p.sections.map((n) => all.findIndex((s) => s.name === n));
      const first = Math.min(...idx.map((k) => placed[k]!));
      const last = Math.max(...idx.map((k) => placed[k]! + (all[k]!.type === 8 ? 0 : all[k]!.data?.length ?? 0)));
      offset = p.offset ?? BigInt(first);
      filesz = p.filesz ?? BigInt(last - first);
      const firstSec = all[idx.reduce((a, b) => (placed[a]! <= placed[b]! ? a : b))]!;
      vaddr = p.vaddr ?? firstSec.addr ?? 0n;
    }
    const memsz = p.memsz ?? filesz;
    w.u32(at, p.type);
    if (is64) {
      w.u32(at + 4, p.flags); w.u64(at + 8, offset); w.u64(at + 16, vaddr); w.u64(at + 24, p.paddr ?? vaddr);
      w.u64(at + 32, filesz); w.u64(at + 40, memsz); w.u64(at + 48, p.align ?? 0x1000n);
    } else {
      w.word(at + 4, offset, false); w.word(at + 8, vaddr, false); w.word(at + 12, p.paddr ?? vaddr, false);
      w.word(at + 16, filesz, false); w.word(at + 20, memsz, false); w.u32(at + 24, p.flags); w.word(at + 28, p.align ?? 0x1000n, false);
    }
  });

  return { bytes: w.bytes, sectionOffset, shoff, phoff };
}
