/**
 * Corrupt section header tables, for comparing `-n` with GNU readelf 2.40
 * (test/notes/readelf-section-tables.test.ts) and for the malformed fixtures
 * built from them (test/helpers/malformed.ts).
 *
 * Each shape breaks one thing readelf's section-name rules depend on
 * (`e_shstrndx`, the SHN_XINDEX and extended-count escapes in section 0,
 * `sh_name`, the section-name table's bytes, offset, size and type,
 * `e_shnum`, `e_shoff`, `e_shentsize`), or the `.dynamic` lookup that goes
 * through those names (`src/format/readelf/readelf-dynamic.ts`). The values
 * come from a seeded generator, so one shape covers many files. The bases
 * are the synthetic sample (test/helpers/sample.ts) in both classes and byte
 * orders, as it is and with a dynamic section and a build ID in a PT_NOTE
 * segment (what readelf shows when no section is left). Vitest-free and
 * Node-free.
 */
import { Patch } from "./elf-patch.js";
import { dynamicEntries, DYNAMIC_ADDR, sampleElf } from "./sample.js";

/** Draws from a `() => [0, 1)` generator (mulberry32 `rng` of mutate.ts). */
export class Draw {
  constructor(readonly next: () => number) {}
  /** An integer in [lo, hi]. */
  int(lo: number, hi: number): number {
    return lo + Math.floor(this.next() * (hi - lo + 1));
  }
  pick<T>(xs: readonly T[]): T {
    return xs[Math.floor(this.next() * xs.length)]!;
  }
  chance(p: number): boolean {
    return this.next() < p;
  }
}

export interface Base {
  readonly name: string;
  readonly dynamic: boolean;
  make(): Patch;
}

/** The sample in both classes and byte orders, as it is and with `.dynamic` and a PT_NOTE build ID. */
export const BASES: readonly Base[] = ([64, 32] as const).flatMap((cls) => [true, false].flatMap((le) => [false, true].map((dynamic): Base => ({
  name: `elf${cls}${le ? "le" : "be"}${dynamic ? "-dynamic" : ""}`,
  dynamic,
  make: () => new Patch(sampleElf({ class: cls, littleEndian: le, machine: cls === 64 ? (le ? 62 : 22) : (le ? 3 : 20), dynamic, buildIdSegment: dynamic }), cls, le),
}))));

/** Facts of a base image the shapes use. */
export class Image {
  constructor(readonly p: Patch) {}
  get e() { return this.p.L.e; }
  get sh() { return this.p.L.sh; }
  /** The base's section count (before any shape). */
  get shnum(): number { return this.base.getU16(this.e.shnum); }
  get shstrndx(): number { return this.p.index(".shstrtab"); }
  get size(): number { return this.p.b.length; }
  /** The base's program header count (before any shape). */
  get phnum(): number { return this.base.getU16(this.e.phnum); }
  private get base(): Patch { return new Patch(this.p.built, this.p.cls, this.p.le); }
  /** Header field `f` of section `s` (index or name). */
  at(s: string | number, f: keyof Patch["L"]["sh"]): number { return this.p.shdr(s) + this.p.L.sh[f]; }
  get strtabOffset(): number { return Number(this.p.getWord(this.at(".shstrtab", "offset"))); }
  get strtabSize(): number { return Number(this.p.getWord(this.at(".shstrtab", "size_"))); }
  /**
   * The section-name table's bytes as `[start, end)` inside the file (empty
   * when it lies outside), never e_ident: the shapes break section tables, and
   * an invalid class or byte order is a listed deviation (readelf-deviations.ts).
   */
  get strtabRange(): [number, number] {
    const start = Math.max(16, Math.min(this.strtabOffset, this.size));
    return [start, Math.max(start, Math.min(this.strtabOffset + this.strtabSize, this.size))];
  }
  /** A section other than the section-name table (section 0 included). */
  other(d: Draw): number {
    const i = d.int(0, this.shnum - 2);
    return i >= this.shstrndx ? i + 1 : i;
  }
  /** The section whose name shows on stdout, or `.dynamic` when there is one (its lookup is by name). */
  named(d: Draw): string {
    return this.p.names.includes(".dynamic") && d.chance(0.3) ? ".dynamic" : ".note.stapsdt";
  }
  /** A byte that is not NUL: printable, control or above 0x7f. */
  byte(d: Draw): number {
    return d.pick([d.int(0x21, 0x7e), d.int(1, 0x1f), 0x7f, d.int(0x80, 0xff)]);
  }
  xindex(link: number): void {
    this.p.u16(this.e.shstrndx, 0xffff).u32(this.at(0, "link"), link);
  }
}

export interface Shape {
  readonly name: string;
  /** Needs a base with `.dynamic`. */
  readonly dynamic?: true;
  /** Breaks `img`; returns the new bytes when their length changes. */
  apply(img: Image, d: Draw): Uint8Array | void;
}

const HUGE = [2n ** 32n - 1n, 2n ** 63n, 2n ** 64n - 1n, 2n ** 64n - 0x40n];

export const SHAPES: readonly Shape[] = [
  // --- e_shstrndx
  { name: "shstrndx-past-shnum", apply: (m, d) => void m.p.u16(m.e.shstrndx, d.pick([m.shnum, m.shnum + 1, d.int(m.shnum, 0xfeff)])) },
  { name: "shstrndx-reserved", apply: (m, d) => void m.p.u16(m.e.shstrndx, d.pick([0xff00, 0xfff1, 0xfff2, d.int(0xff00, 0xfffe)])) },
  { name: "shstrndx-undef", apply: (m) => void m.p.u16(m.e.shstrndx, 0) },
  { name: "shstrndx-not-strtab", apply: (m, d) => void m.p.u16(m.e.shstrndx, m.other(d)) },
  // --- SHN_XINDEX: the index is section 0's sh_link
  { name: "xindex-link-undef", apply: (m) => m.xindex(0) },
  { name: "xindex-link-past-table", apply: (m, d) => m.xindex(d.pick([m.shnum, 0xffff, 0x10000 + m.shstrndx, 0xffffffff, d.int(m.shnum, 0x7fffffff)])) },
  { name: "xindex-link-not-strtab", apply: (m, d) => m.xindex(m.other(d)) },
  { name: "xindex-link-right", apply: (m) => m.xindex(m.shstrndx) },
  { name: "xindex-strtab-nobits", apply: (m) => { m.xindex(m.shstrndx); m.p.u32(m.at(".shstrtab", "type"), 8); } },
  // --- sh_name
  { name: "name-past-strtab", apply: (m, d) => void m.p.u32(m.at(m.named(d), "name"), d.pick([m.strtabSize, m.strtabSize + d.int(1, 0x10000), 0xffffffff])) },
  { name: "name-at-strtab-end", apply: (m, d) => void m.p.u32(m.at(m.named(d), "name"), m.strtabSize - 1) },
  { name: "name-inside-strtab", apply: (m, d) => void m.p.u32(m.at(m.named(d), "name"), d.int(0, m.strtabSize - 1)) },
  // --- the section-name table's bytes
  {
    name: "strtab-without-nul", apply: (m, d) => {
      // Bounds taken first: the table may hold its own header (strtab-whole-file).
      const [from, end] = m.strtabRange;
      for (let i = from + (d.chance(0.5) ? 0 : d.int(0, Math.max(0, end - from - 1))); i < end; i++) if (m.p.b[i] === 0) m.p.b[i] = m.byte(d);
    },
  },
  {
    name: "strtab-last-byte", apply: (m, d) => {
      const [from, end] = m.strtabRange;
      if (end > from) m.p.b[end - 1] = m.byte(d);
    },
  },
  {
    name: "strtab-odd-bytes", apply: (m, d) => {
      const [from, end] = m.strtabRange;
      for (let i = Math.max(from, m.strtabOffset + m.p.getU32(m.at(".note.stapsdt", "name"))); i < end && m.p.b[i] !== 0; i++) if (d.chance(0.5)) m.p.b[i] = m.byte(d);
    },
  },
  // --- the section-name table's header
  { name: "strtab-offset-past-eof", apply: (m, d) => void m.p.word(m.at(".shstrtab", "offset"), d.pick([BigInt(m.size + d.int(0, 0x1000)), ...HUGE])) },
  { name: "strtab-across-eof", apply: (m, d) => void m.p.word(m.at(".shstrtab", "offset"), BigInt(m.size - d.int(0, m.strtabSize - 1))) },
  { name: "strtab-size-past-eof", apply: (m, d) => void m.p.word(m.at(".shstrtab", "size_"), d.pick([BigInt(m.size + 1), BigInt(d.int(m.size, 0x100000)), ...HUGE])) },
  { name: "strtab-size-zero", apply: (m) => void m.p.word(m.at(".shstrtab", "size_"), 0n) },
  { name: "strtab-size-short", apply: (m, d) => void m.p.word(m.at(".shstrtab", "size_"), BigInt(d.int(1, m.strtabSize - 1))) },
  { name: "strtab-type", apply: (m, d) => void m.p.u32(m.at(".shstrtab", "type"), d.pick([0, 1, 2, 7, 8, 0x6fffffff, 0xffffffff])) },
  { name: "strtab-offset-elsewhere", apply: (m, d) => void m.p.word(m.at(".shstrtab", "offset"), BigInt(d.int(0, m.size - 1))) },
  {
    // The whole file as the table: names of any bytes, and runs of them (.text's 0x90s print as
    // 256 columns of <90>, readelf's limit).
    name: "strtab-whole-file", apply: (m, d) => {
      m.p.word(m.at(".shstrtab", "offset"), 0n).word(m.at(".shstrtab", "size_"), BigInt(m.size));
      const text = m.p.built.sectionOffset.get(".text")!;
      m.p.u32(m.at(m.named(d), "name"), d.pick([text, text + d.int(1, 63), d.int(0, m.size - 1)]));
    },
  },
  // --- the table itself
  { name: "shnum-huge", apply: (m, d) => void m.p.u16(m.e.shnum, d.pick([m.shnum + 1, 0xfeff, d.int(m.shnum + 1, 0xfeff)])) },
  { name: "shnum-short", apply: (m, d) => void m.p.u16(m.e.shnum, d.int(1, m.shnum - 1)) },
  { name: "shoff-past-eof", apply: (m, d) => void m.p.word(m.e.shoff, d.pick([BigInt(m.size - d.int(1, 64 * m.shnum)), BigInt(m.size + d.int(0, 0x1000)), ...HUGE])) },
  { name: "shoff-shifted", apply: (m, d) => void m.p.word(m.e.shoff, BigInt(m.p.built.shoff + d.pick([-1, 1, 4, -8, 8, d.int(-0x200, 0x40)]))) },
  { name: "shentsize-larger", apply: (m, d) => void m.p.u16(m.e.shentsize, m.sh.size + d.pick([1, 8, m.sh.size, d.int(1, 0x200)])).u16(m.e.shnum, d.int(1, m.shnum)) },
  { name: "shentsize-smaller", apply: (m, d) => void m.p.u16(m.e.shentsize, d.int(0, m.sh.size - 1)) },
  { name: "truncated-table", apply: (m, d) => m.p.b.slice(0, m.p.built.shoff + d.int(0, m.shnum * m.sh.size - 1)) },
  // --- section 0 carrying the extended counts
  {
    name: "extended-count", apply: (m, d) => {
      const n = BigInt(m.shnum);
      m.p.u16(m.e.shnum, 0).word(m.at(0, "size_"), d.pick([n, 0n, 1n, n - 1n, n + 1n, 0xff00n, 2n ** 32n + n, 2n ** 32n, 2n ** 64n - 1n]));
    },
  },
  {
    name: "extended-count-and-index", apply: (m, d) => {
      m.p.u16(m.e.shnum, 0).word(m.at(0, "size_"), BigInt(d.pick([m.shnum, m.shnum - 1, m.shnum + 1])));
      m.xindex(d.pick([m.shstrndx, m.other(d), m.shnum]));
    },
  },
  { name: "phnum-xnum", apply: (m, d) => void m.p.u32(m.at(0, "info"), d.pick([m.phnum, 0, 1, 0xffffffff])).u16(m.e.phnum, 0xffff) },
  // --- the `.dynamic` lookup, by name through the same table
  {
    name: "dynamic-segment-past-eof", dynamic: true, apply: (m, d) => {
      m.p.word(dynamicPhdr(m) + m.p.L.ph.offset, BigInt(m.size + d.int(0, 0x100000)));
      const how = d.pick(["rename", "size-zero", "no-names", "name-past"]);
      if (how === "rename") m.p.b[m.strtabOffset + m.p.getU32(m.at(".dynamic", "name")) + 2] = 0x78; // ".dxnamic"
      else if (how === "size-zero") m.p.word(m.at(".dynamic", "size_"), 0n);
      else if (how === "no-names") m.p.u16(m.e.shstrndx, 0);
      else m.p.u32(m.at(".dynamic", "name"), m.strtabSize + 1);
    },
  },
  { name: "dynamic-segment-size", dynamic: true, apply: (m, d) => { m.p.u16(m.e.shstrndx, 0).word(dynamicPhdr(m) + m.p.L.ph.filesz, d.pick([0n, 1n, 2n, BigInt(m.size), ...HUGE])); } },
  {
    name: "dynamic-two-segments", dynamic: true, apply: (m, d) => {
      // The .dynamic PT_LOAD becomes a second PT_DYNAMIC (readelf: the last one wins).
      const at = m.p.phdr(m.phnum - 2);
      m.p.u32(at + m.p.L.ph.type, 2);
      if (d.chance(0.5)) m.p.word(d.pick([at, dynamicPhdr(m)]) + m.p.L.ph.offset, BigInt(m.size + d.int(0, 64)));
      if (d.chance(0.5)) m.p.u16(m.e.shstrndx, 0);
    },
  },
  { name: "dynamic-section-nobits", dynamic: true, apply: (m, d) => { m.p.u32(m.at(".dynamic", "type"), 8).word(dynamicPhdr(m) + m.p.L.ph.offset, BigInt(m.size + d.int(0, 16))); } },
  { name: "dynamic-section-past-eof", dynamic: true, apply: (m, d) => void m.p.word(m.at(".dynamic", d.pick(["offset", "size_"] as const)), BigInt(m.size + d.int(-8, 0x1000))) },
  {
    name: "dynamic-syminfo", dynamic: true, apply: (m, d) => {
      const is64 = m.p.cls === 64;
      const at = m.p.built.sectionOffset.get(".dynamic")!;
      const size = BigInt(d.pick([0, 4, 0x100, m.size, 2 ** 32 - 1]));
      const vaddr = d.pick([DYNAMIC_ADDR, 0n, 0x900000n, DYNAMIC_ADDR + 8n]);
      const entries: [bigint, bigint][] = d.chance(0.5) ? [[0x6ffffdfen, size], [0x6ffffeffn, vaddr]] : [[0x6ffffeffn, vaddr], [0x6ffffdfen, size]];
      m.p.b.set(dynamicEntries(is64, m.p.le, entries), at);
    },
  },
];

/** File offset of the sample's PT_DYNAMIC header (its last program header). */
function dynamicPhdr(m: Image): number {
  const at = m.p.phdr(m.phnum - 1);
  if (m.p.getU32(at + m.p.L.ph.type) !== 2) throw new Error("the base has no PT_DYNAMIC last");
  return at;
}

/** One corrupt file: `shape` (then `extra` shapes) applied to `base`, values drawn from `d`. */
export function corrupt(base: Base, shape: Shape, d: Draw, extra: readonly Shape[] = []): Uint8Array {
  const p = base.make();
  let bytes: Uint8Array = p.b;
  for (const s of [shape, ...extra]) {
    const out = s.apply(new Image(p), d);
    if (out) {
      bytes = out;
      break; // the image is cut: later shapes would write past it
    }
  }
  return bytes;
}

/** The base and shape called so (for fixtures). */
export function shapeNamed(name: string): Shape {
  const s = SHAPES.find((x) => x.name === name);
  if (!s) throw new Error(`no shape ${name}`);
  return s;
}

export function baseNamed(name: string): Base {
  const b = BASES.find((x) => x.name === name);
  if (!b) throw new Error(`no base ${name}`);
  return b;
}
