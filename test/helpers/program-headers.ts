/**
 * Corrupt program header tables, for comparing `-n` with GNU readelf 2.40
 * (test/notes/readelf-program-headers.test.ts): what readelf's program-header
 * pass reports and reads (src/format/readelf/readelf-segments.ts), and the
 * PT_NOTE segments `-n` prints when a file has no note sections.
 *
 * Each shape breaks one thing: the table's place, count and entry size in
 * the file header (`e_phoff` 0 or past the end, `e_phnum` 0, too large or
 * PN_XNUM, `e_phentsize` 0, smaller or larger), or one header's fields
 * (a PT_LOAD whose file size passes its memory size, a PT_PHDR inside or
 * outside the PT_LOADs, a PT_INTERP, a PT_NOTE, a PT_DYNAMIC anywhere).
 * `no-sections` takes the section header table away, so that the notes come
 * from the segments. Values come from a seeded generator (`Draw`), on the
 * sample in both classes and byte orders (section-tables.ts `BASES`).
 * Vitest-free and Node-free.
 */
import type { Patch } from "./elf-patch.js";
import { BASES, type Base, type Draw } from "./section-tables.js";

export { BASES };

export interface ProgramHeaderShape {
  readonly name: string;
  apply(p: Patch, d: Draw): void;
}

const PT_LOAD = 1, PT_DYNAMIC = 2, PT_INTERP = 3, PT_NOTE = 4, PT_PHDR = 6;

/** An offset or size around the file's edges and its headers. */
function anyOffset(p: Patch, d: Draw): bigint {
  const n = p.b.length;
  return d.pick([0n, 1n, BigInt(p.built.phoff), BigInt(d.int(0, n)), BigInt(n - 1), BigInt(n), BigInt(n + d.int(1, 4096)), 2n ** BigInt(p.cls) - 1n]);
}

/** Header `i` of the table as built, any of them (whatever `e_phnum` says by now). */
function anyHeader(p: Patch, d: Draw): number {
  const built = new DataView(p.built.bytes.buffer, p.built.bytes.byteOffset, p.built.bytes.byteLength);
  return d.int(0, built.getUint16(p.L.e.phnum, p.le) - 1);
}

export const PROGRAM_HEADER_SHAPES: readonly ProgramHeaderShape[] = [
  { name: "phoff-zero", apply: (p) => void p.word(p.L.e.phoff, 0n) },
  { name: "phoff-past", apply: (p, d) => void p.word(p.L.e.phoff, BigInt(p.b.length - d.int(0, 2 * p.L.ph.size))) },
  { name: "phoff-any", apply: (p, d) => void p.word(p.L.e.phoff, anyOffset(p, d)) },
  { name: "phnum-zero", apply: (p) => void p.u16(p.L.e.phnum, 0) },
  { name: "phnum-large", apply: (p, d) => void p.u16(p.L.e.phnum, d.pick([Math.floor(p.b.length / p.L.ph.size), Math.ceil(p.b.length / p.L.ph.size), 0xfffe, d.int(1, 64)])) },
  {
    // PN_XNUM: the count in section 0's sh_info (0: e_phnum stays 0xffff).
    name: "phnum-xnum",
    apply: (p, d) => {
      const real = p.getU16(p.L.e.phnum);
      p.u16(p.L.e.phnum, 0xffff).u32(p.shdr(0) + p.L.sh.info, d.pick([0, real, real + 1, d.int(1, 0xffff)]));
    },
  },
  { name: "phentsize", apply: (p, d) => void p.u16(p.L.e.phentsize, d.pick([0, 1, p.L.ph.size - 1, p.L.ph.size + 1, p.L.ph.size + 8, 2 * p.L.ph.size])) },
  {
    name: "load-filesz",
    apply: (p, d) => {
      const i = anyHeader(p, d);
      const at = p.phdr(i);
      p.u32(at + p.L.ph.type, PT_LOAD).word(at + p.L.ph.filesz, p.getWord(at + p.L.ph.memsz) + BigInt(d.int(0, 2)));
    },
  },
  {
    // A PT_PHDR where the table is (covered by the first PT_LOAD) or anywhere.
    name: "phdr",
    apply: (p, d) => {
      const at = p.phdr(anyHeader(p, d));
      const inside = d.chance(0.5);
      p.u32(at + p.L.ph.type, PT_PHDR)
        .word(at + p.L.ph.offset, inside ? BigInt(p.built.phoff) : anyOffset(p, d))
        .word(at + p.L.ph.vaddr, inside ? p.getWord(p.phdr(0) + p.L.ph.vaddr) + BigInt(p.built.phoff) : anyOffset(p, d))
        .word(at + p.L.ph.filesz, d.pick([0n, BigInt(p.L.ph.size), anyOffset(p, d)]));
    },
  },
  {
    name: "interp",
    apply: (p, d) => {
      const at = p.phdr(anyHeader(p, d));
      p.u32(at + p.L.ph.type, PT_INTERP).word(at + p.L.ph.offset, anyOffset(p, d)).word(at + p.L.ph.filesz, d.pick([0n, 1n, 16n, anyOffset(p, d)]));
    },
  },
  {
    name: "note",
    apply: (p, d) => {
      const at = p.phdr(anyHeader(p, d));
      p.u32(at + p.L.ph.type, PT_NOTE).word(at + p.L.ph.offset, anyOffset(p, d)).word(at + p.L.ph.filesz, d.pick([0n, 4n, 16n, anyOffset(p, d)]));
    },
  },
  { name: "type", apply: (p, d) => void p.u32(p.phdr(anyHeader(p, d)) + p.L.ph.type, d.pick([PT_LOAD, PT_DYNAMIC, PT_INTERP, PT_NOTE, PT_PHDR, 0])) },
  {
    name: "no-sections",
    apply: (p) => void p.word(p.L.e.shoff, 0n).u16(p.L.e.shnum, 0).u16(p.L.e.shstrndx, 0),
  },
];

/** `base` with `shapes` applied in order (each may see the others' work). */
export function corruptProgramHeaders(base: Base, shapes: readonly ProgramHeaderShape[], d: Draw): Uint8Array {
  const p = base.make();
  for (const s of shapes) {
    // Header fields of the table are patched where the built table is, whatever e_phoff now says.
    s.apply(p, d);
  }
  return p.b;
}

export function programHeaderShape(name: string): ProgramHeaderShape {
  const s = PROGRAM_HEADER_SHAPES.find((x) => x.name === name);
  if (!s) throw new Error(`no program header shape ${name}`);
  return s;
}
