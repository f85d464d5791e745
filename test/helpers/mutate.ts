/**
 * Structured mutations of ELF images, shared by the fast-check properties and
 * the long fuzz run (`npm run fuzz`). Vitest-free and Node-free.
 *
 * A mutation is plain data (so fast-check can shrink it and the fuzzer can
 * print it): flip a bit, set a byte, truncate, or overwrite a known header
 * field with a boundary value. Known fields come from {@link elfFields}: the
 * ELF header, every section and program header, and the note headers found in
 * SHT_NOTE sections, read directly from the bytes (not through the library
 * under test).
 */

/** One field of an ELF structure: where it is and how wide. */
export interface Field {
  readonly at: number;
  readonly width: 1 | 2 | 4 | 8;
  readonly what: string;
}

export type Mutation =
  | { readonly kind: "flip"; readonly pos: number; readonly bit: number }
  | { readonly kind: "byte"; readonly pos: number; readonly value: number }
  | { readonly kind: "truncate"; readonly pos: number }
  | { readonly kind: "field"; readonly field: number; readonly value: bigint }
  | { readonly kind: "copy"; readonly from: number; readonly to: number; readonly length: number };

/** Boundary values a field is overwritten with (truncated to the field's width). */
export const BOUNDARY_VALUES: readonly bigint[] = [
  0n, 1n, 2n, 3n, 4n, 7n, 8n, 12n, 16n, 0x20n, 0x28n, 0x34n, 0x38n, 0x40n, 0xffn, 0x100n,
  0x7fffn, 0x8000n, 0xff00n, 0xfffen, 0xffffn, 0x10000n,
  0x7fffffffn, 0x80000000n, 0xfffffff0n, 0xfffffffen, 0xffffffffn, 0x100000000n,
  2n ** 53n - 1n, 2n ** 53n, 2n ** 63n - 1n, 2n ** 63n, 2n ** 64n - 16n, 2n ** 64n - 1n,
];

interface Shape {
  le: boolean;
  is64: boolean;
}

function shape(b: Uint8Array): Shape | null {
  if (b.length < 52 || b[0] !== 0x7f || b[1] !== 0x45 || b[2] !== 0x4c || b[3] !== 0x46) return null;
  const is64 = b[4] === 2;
  if (is64 && b.length < 64) return null;
  return { le: b[5] !== 2, is64 };
}

function rd(v: DataView, at: number, width: number, le: boolean): number {
  if (at < 0 || at + width > v.byteLength) return 0;
  if (width === 2) return v.getUint16(at, le);
  if (width === 4) return v.getUint32(at, le);
  const big = v.getBigUint64(at, le);
  return big > 0x7fffffffn ? 0x7fffffff : Number(big);
}

/**
 * The fields of `b`'s ELF structures, as far as they can be found. `limit`
 * bounds the number of section/program headers and notes looked at.
 */
export function elfFields(b: Uint8Array, limit = 256): Field[] {
  const s = shape(b);
  if (!s) return [];
  const v = new DataView(b.buffer, b.byteOffset, b.byteLength);
  const W = s.is64 ? 8 : 4;
  const H = s.is64
    ? { phoff: 32, shoff: 40, entry: 24, flags: 48, ehsize: 52, phentsize: 54, phnum: 56, shentsize: 58, shnum: 60, shstrndx: 62 }
    : { phoff: 28, shoff: 32, entry: 24, flags: 36, ehsize: 40, phentsize: 42, phnum: 44, shentsize: 46, shnum: 48, shstrndx: 50 };
  const f: Field[] = [
    { at: 4, width: 1, what: "EI_CLASS" }, { at: 5, width: 1, what: "EI_DATA" },
    { at: 16, width: 2, what: "e_type" }, { at: 18, width: 2, what: "e_machine" },
    { at: H.entry, width: W as 4 | 8, what: "e_entry" },
    { at: H.phoff, width: W as 4 | 8, what: "e_phoff" }, { at: H.shoff, width: W as 4 | 8, what: "e_shoff" },
    { at: H.phentsize, width: 2, what: "e_phentsize" }, { at: H.phnum, width: 2, what: "e_phnum" },
    { at: H.shentsize, width: 2, what: "e_shentsize" }, { at: H.shnum, width: 2, what: "e_shnum" },
    { at: H.shstrndx, width: 2, what: "e_shstrndx" },
  ];
  const w = W as 4 | 8;
  const shoff = rd(v, H.shoff, W, s.le);
  const shentsize = rd(v, H.shentsize, 2, s.le);
  let shnum = rd(v, H.shnum, 2, s.le);
  if (shoff > 0 && shentsize >= (s.is64 ? 64 : 40)) {
    if (shnum === 0) shnum = Math.min(limit, rd(v, shoff + (s.is64 ? 32 : 20), W, s.le));
    for (let i = 0; i < Math.min(shnum, limit); i++) {
      const at = shoff + i * shentsize;
      if (at + shentsize > b.length) break;
      const S = s.is64
        ? { name: 0, type: 4, flags: 8, addr: 16, offset: 24, size: 32, link: 40, info: 44, addralign: 48, entsize: 56 }
        : { name: 0, type: 4, flags: 8, addr: 12, offset: 16, size: 20, link: 24, info: 28, addralign: 32, entsize: 36 };
      f.push(
        { at: at + S.name, width: 4, what: `sh_name[${i}]` }, { at: at + S.type, width: 4, what: `sh_type[${i}]` },
        { at: at + S.addr, width: w, what: `sh_addr[${i}]` },
        { at: at + S.offset, width: w, what: `sh_offset[${i}]` }, { at: at + S.size, width: w, what: `sh_size[${i}]` },
        { at: at + S.link, width: 4, what: `sh_link[${i}]` }, { at: at + S.info, width: 4, what: `sh_info[${i}]` },
        { at: at + S.addralign, width: w, what: `sh_addralign[${i}]` },
      );
      // Note headers inside SHT_NOTE sections (n_namesz, n_descsz, n_type).
      if (v.getUint32(at + S.type, s.le) === 7) {
        const off = rd(v, at + S.offset, W, s.le);
        const size = rd(v, at + S.size, W, s.le);
        notesAt(v, off, Math.min(off + size, b.length), s.le, f, limit);
      }
    }
  }
  const phoff = rd(v, H.phoff, W, s.le);
  const phentsize = rd(v, H.phentsize, 2, s.le);
  const phnum = rd(v, H.phnum, 2, s.le);
  if (phoff > 0 && phentsize >= (s.is64 ? 56 : 32)) {
    const P = s.is64
      ? { type: 0, flags: 4, offset: 8, vaddr: 16, filesz: 32, memsz: 40, align: 48 }
      : { type: 0, offset: 4, vaddr: 8, filesz: 16, memsz: 20, flags: 24, align: 28 };
    for (let i = 0; i < Math.min(phnum, limit); i++) {
      const at = phoff + i * phentsize;
      if (at + phentsize > b.length) break;
      f.push(
        { at: at + P.type, width: 4, what: `p_type[${i}]` }, { at: at + P.flags, width: 4, what: `p_flags[${i}]` },
        { at: at + P.offset, width: w, what: `p_offset[${i}]` }, { at: at + P.vaddr, width: w, what: `p_vaddr[${i}]` },
        { at: at + P.filesz, width: w, what: `p_filesz[${i}]` }, { at: at + P.memsz, width: w, what: `p_memsz[${i}]` },
        { at: at + P.align, width: w, what: `p_align[${i}]` },
      );
    }
  }
  return f.filter((x) => x.at + x.width <= b.length);
}

function notesAt(v: DataView, start: number, end: number, le: boolean, f: Field[], limit: number): void {
  let at = start;
  for (let n = 0; n < limit && at + 12 <= end; n++) {
    const namesz = v.getUint32(at, le);
    const descsz = v.getUint32(at + 4, le);
    f.push({ at, width: 4, what: "n_namesz" }, { at: at + 4, width: 4, what: "n_descsz" }, { at: at + 8, width: 4, what: "n_type" });
    const descAt = at + 12 + Math.ceil(namesz / 4) * 4;
    if (descsz >= 24 && descAt + 24 <= end) {
      // The stapsdt words (ELF64 layout; harmless elsewhere).
      f.push({ at: descAt, width: 8, what: "location" }, { at: descAt + 8, width: 8, what: "base" }, { at: descAt + 16, width: 8, what: "semaphore" });
    }
    at = descAt + Math.ceil(descsz / 4) * 4;
  }
}

/** Writes `value` (truncated to the field's width) into `b` with byte order `le`. */
function writeField(b: Uint8Array, field: Field, value: bigint, le: boolean): void {
  const v = new DataView(b.buffer, b.byteOffset, b.byteLength);
  const x = BigInt.asUintN(field.width * 8, value);
  if (field.width === 1) v.setUint8(field.at, Number(x));
  else if (field.width === 2) v.setUint16(field.at, Number(x), le);
  else if (field.width === 4) v.setUint32(field.at, Number(x), le);
  else v.setBigUint64(field.at, x, le);
}

/**
 * Applies `mutations` in order to a copy of `input` and returns it. Positions
 * are taken modulo the current length (and field indices modulo the field
 * count), so any mutation applies to any image.
 */
export function applyMutations(input: Uint8Array, mutations: readonly Mutation[], fields: readonly Field[] = elfFields(input)): Uint8Array {
  let b = input.slice();
  const le = b[5] !== 2;
  for (const m of mutations) {
    if (b.length === 0) break;
    switch (m.kind) {
      case "flip":
        b[m.pos % b.length]! ^= 1 << (m.bit & 7);
        break;
      case "byte":
        b[m.pos % b.length] = m.value & 0xff;
        break;
      case "truncate":
        b = b.slice(0, m.pos % (b.length + 1));
        break;
      case "field": {
        if (fields.length === 0) break;
        const field = fields[m.field % fields.length]!;
        if (field.at + field.width <= b.length) writeField(b, field, m.value, le);
        break;
      }
      case "copy": {
        const from = m.from % b.length;
        const to = m.to % b.length;
        const len = Math.min(m.length, b.length - from, b.length - to);
        b.copyWithin(to, from, from + len);
        break;
      }
    }
  }
  return b;
}

/** A small, fast, seedable PRNG (mulberry32) for the fuzzer. */
export function rng(seed: number): () => number {
  let a = seed >>> 0;
  return () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = a;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

/** Draws a random mutation (for the fuzzer). Field overwrites are favoured, since they find the most. */
export function randomMutation(r: () => number, length: number, fieldCount: number): Mutation {
  const pick = r();
  const pos = Math.floor(r() * Math.max(1, length));
  if (pick < 0.45 && fieldCount > 0) {
    const value = r() < 0.8
      ? BOUNDARY_VALUES[Math.floor(r() * BOUNDARY_VALUES.length)]!
      : BigInt(Math.floor(r() * 2 ** 32)) + (r() < 0.5 ? 0n : BigInt(length));
    return { kind: "field", field: Math.floor(r() * fieldCount), value };
  }
  if (pick < 0.7) return { kind: "flip", pos, bit: Math.floor(r() * 8) };
  if (pick < 0.88) return { kind: "byte", pos, value: Math.floor(r() * 256) };
  if (pick < 0.95) return { kind: "copy", from: Math.floor(r() * length), to: pos, length: 1 + Math.floor(r() * 64) };
  return { kind: "truncate", pos };
}
