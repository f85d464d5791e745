import * as fs from "node:fs";
import { describe, expect, it } from "vitest";
import fc from "fast-check";
import { ElfError, openElf } from "../../src/index.js";
import { readSymbols, symbolTable } from "../../src/elf/symbols.js";
import { SHN, SHT, STB, STT } from "../../src/elf/constants.js";
import { withElfFile } from "../../src/node.js";
import { ascii, buildElf, Writer, type BuildSection } from "../helpers/elf-builder.js";
import { exists, hasTool, run } from "../helpers/system.js";

interface Sym { name: string; value: bigint; size?: bigint; type?: number; bind?: number; other?: number; shndx?: number }

/** A symbol table (entry 0 null) and its string table, in the file's class and byte order. */
function symtab(cls: 32 | 64, le: boolean, syms: Sym[]): { data: Uint8Array; strtab: Uint8Array } {
  const ent = cls === 64 ? 24 : 16;
  const w = new Writer((syms.length + 1) * ent, le);
  let strings = "\0";
  syms.forEach((s, k) => {
    const o = (k + 1) * ent;
    const name = ascii(strings).length; // byte offset (names may be UTF-8)
    strings += s.name + "\0";
    const info = ((s.bind ?? STB.STB_GLOBAL) << 4) | (s.type ?? STT.STT_OBJECT);
    w.u32(o, name);
    if (cls === 64) {
      w.u8(o + 4, info); w.u8(o + 5, s.other ?? 0); w.u16(o + 6, s.shndx ?? 1);
      w.u64(o + 8, s.value); w.u64(o + 16, s.size ?? 4n);
    } else {
      w.u32(o + 4, Number(s.value)); w.u32(o + 8, Number(s.size ?? 4n));
      w.u8(o + 12, info); w.u8(o + 13, s.other ?? 0); w.u16(o + 14, s.shndx ?? 1);
    }
  });
  return { data: w.bytes, strtab: ascii(strings) };
}

/** `.data`, then `.symtab` + `.strtab` (sections 2, 3) and optionally `.dynsym` + `.dynstr` (4, 5). */
function file(cls: 32 | 64, le: boolean, syms: Sym[], o: { dynsym?: Sym[]; symtab?: Partial<BuildSection> } = {}) {
  const t = symtab(cls, le, syms);
  const sections: BuildSection[] = [
    { name: ".data", type: SHT.SHT_PROGBITS, addr: 0x4000n, data: new Uint8Array(16) },
    { name: ".symtab", type: SHT.SHT_SYMTAB, data: t.data, link: 3, entsize: BigInt(cls === 64 ? 24 : 16), addralign: 8n, ...o.symtab },
    { name: ".strtab", type: SHT.SHT_STRTAB, data: t.strtab },
  ];
  if (o.dynsym) {
    const d = symtab(cls, le, o.dynsym);
    sections.push(
      { name: ".dynsym", type: SHT.SHT_DYNSYM, data: d.data, link: 5, entsize: BigInt(cls === 64 ? 24 : 16), addralign: 8n },
      { name: ".dynstr", type: SHT.SHT_STRTAB, data: d.strtab },
    );
  }
  return openElf(buildElf({ class: cls, littleEndian: le, sections }).bytes);
}

const SAMPLE: Sym[] = [
  { name: "glob_int", value: 0x4024n },
  { name: "glob_rec", value: 0x40c0n, size: 48n },
  { name: "main", value: 0x1040n, type: STT.STT_FUNC },
  { name: ".L5", value: 0x1100n, type: STT.STT_NOTYPE, bind: STB.STB_LOCAL },
  { name: "printf", value: 0n, type: STT.STT_FUNC, shndx: SHN.SHN_UNDEF },
  { name: "tls_var", value: 0x8n, type: STT.STT_TLS },
  { name: "probes.c", value: 0n, type: STT.STT_FILE, bind: STB.STB_LOCAL, shndx: SHN.SHN_ABS },
  { name: "abs_sym", value: 0x1234n, shndx: SHN.SHN_ABS },
  { name: "big_index", value: 0x5000n, shndx: SHN.SHN_XINDEX },
];

describe("symbol tables", () => {
  it.each([[32, true], [32, false], [64, true], [64, false]] as const)("ELF%i le=%s: every field, and lookups of address symbols only", (cls, le) => {
    const f = file(cls, le, SAMPLE);
    const all = readSymbols(f, f.section(".symtab")!);
    expect(all.map((s) => s.name)).toEqual(SAMPLE.map((s) => s.name));
    expect(all[1]).toEqual({ name: "glob_rec", value: 0x40c0n, size: 48n, type: STT.STT_OBJECT, binding: STB.STB_GLOBAL, visibility: 0, shndx: 1, index: 2 });
    expect(all[3]).toMatchObject({ type: STT.STT_NOTYPE, binding: STB.STB_LOCAL, index: 4 });
    const t = symbolTable(f);
    expect(t.section?.name).toBe(".symtab");
    expect(t.lookup("glob_int")?.value).toBe(0x4024n);
    expect(t.lookup("main")?.type).toBe(STT.STT_FUNC);
    expect(t.lookup(".L5")?.value).toBe(0x1100n);
    expect(t.lookup("big_index")?.value).toBe(0x5000n);
    // Undefined, TLS, FILE and absolute symbols are not addresses in the image.
    for (const n of ["printf", "tls_var", "probes.c", "abs_sym", "nothing", ""]) expect(t.lookup(n), n).toBeUndefined();
    expect(t.size).toBe(5);
  });

  it("non-ASCII names (UTF-8) and names sharing a suffix resolve", () => {
    const t = symbolTable(file(64, true, [{ name: "glob_é", value: 0x10n }, { name: "zähler", value: 0x20n }]));
    expect([t.lookup("glob_é")?.value, t.lookup("zähler")?.value]).toEqual([0x10n, 0x20n]);
    // A name inside another one's bytes, as linkers share suffixes (st_name points into "xglob\0").
    const built = symtab(32, false, [{ name: "xglob", value: 0x30n }, { name: "placeholder", value: 0x40n }]);
    new DataView(built.data.buffer).setUint32(32, 2, false); // second entry's st_name -> "glob"
    const f = openElf(buildElf({
      class: 32, littleEndian: false, sections: [
        { name: ".data", type: SHT.SHT_PROGBITS, data: new Uint8Array(4) },
        { name: ".symtab", type: SHT.SHT_SYMTAB, data: built.data, link: 3, entsize: 16n },
        { name: ".strtab", type: SHT.SHT_STRTAB, data: built.strtab },
      ],
    }).bytes);
    expect(symbolTable(f).lookup("glob")?.value).toBe(0x40n);
    expect(symbolTable(f).lookup("xglob")?.value).toBe(0x30n);
  });

  it("an ELF64 value above 2^53 and an ELF32 value with the top bit set are exact", () => {
    expect(symbolTable(file(64, false, [{ name: "hi", value: 0xffffffff_ff601000n }])).lookup("hi")?.value).toBe(0xffffffff_ff601000n);
    expect(symbolTable(file(32, true, [{ name: "hi", value: 0xc0001000n }])).lookup("hi")?.value).toBe(0xc0001000n);
  });

  it("prefers a global over a weak over a local definition, first in table order within one binding", () => {
    const t = symbolTable(file(64, true, [
      { name: "x", value: 0x10n, bind: STB.STB_LOCAL },
      { name: "x", value: 0x20n, bind: STB.STB_WEAK },
      { name: "x", value: 0x30n, bind: STB.STB_GLOBAL },
      { name: "x", value: 0x40n, bind: STB.STB_GLOBAL },
      { name: "y", value: 0x50n, bind: STB.STB_LOCAL },
      { name: "y", value: 0x60n, bind: STB.STB_LOCAL },
    ]));
    expect(t.lookup("x")?.value).toBe(0x30n);
    expect(t.definitions("x").map((s) => s.value)).toEqual([0x10n, 0x20n, 0x30n, 0x40n]);
    expect(t.lookup("y")?.value).toBe(0x50n);
  });

  it("uses .symtab when it has entries, else .dynsym", () => {
    const both = symbolTable(file(64, true, [{ name: "local_only", value: 0x10n, bind: STB.STB_LOCAL }], { dynsym: [{ name: "exported", value: 0x20n }] }));
    expect(both.section?.name).toBe(".symtab");
    expect(both.lookup("local_only")?.value).toBe(0x10n);
    expect(both.lookup("exported")).toBeUndefined(); // .symtab is a superset in real files
    const stripped = symbolTable(file(64, true, [], { dynsym: [{ name: "exported", value: 0x20n }] }));
    expect(stripped.section?.name).toBe(".dynsym");
    expect(stripped.lookup("exported")?.value).toBe(0x20n);
    const nobits = symbolTable(file(64, true, SAMPLE, { symtab: { type: SHT.SHT_NOBITS }, dynsym: [{ name: "exported", value: 0x20n }] }));
    expect(nobits.section?.name).toBe(".dynsym");
    const none = symbolTable(openElf(buildElf({ class: 32, littleEndian: true, sections: [] }).bytes));
    expect([none.section, none.lookup("x"), none.warnings]).toEqual([null, undefined, []]);
  });

  it("reads nothing until the first lookup", () => {
    const f = file(64, true, SAMPLE);
    let reads = 0;
    const source = f.source;
    const counted = openElf({ size: source.size, read: (o: number, n: number) => (reads++, source.read(o, n)) });
    reads = 0; // opening read the file header
    const t = symbolTable(counted);
    expect(reads).toBe(0);
    t.lookup("glob_int");
    const after = reads;
    expect(after).toBeGreaterThan(0);
    t.lookup("glob_rec");
    expect(reads).toBe(after);
  });

  describe("malformed tables are ElfErrors (readSymbols) or warnings (symbolTable), never anything else", () => {
    const bad = (over: Partial<BuildSection>, code: string, message: RegExp) => {
      const f = file(64, true, SAMPLE, { symtab: over, dynsym: [{ name: "exported", value: 0x20n }] });
      expect(() => readSymbols(f, f.section(".symtab")!)).toThrow(expect.objectContaining({ name: "ElfError", code, message: expect.stringMatching(message) }));
      const t = symbolTable(f);
      expect(t.warnings.map((w) => w.code)).toEqual([code]);
      expect(t.lookup("exported")?.value).toBe(0x20n); // falls back to .dynsym
    };
    it("wrong sh_entsize", () => bad({ entsize: 16n }, "BAD_SECTION", /sh_entsize 0x10, expected 0x18/));
    it("sh_link not a string table", () => bad({ link: 1 }, "BAD_SECTION", /sh_link 1/));
    it("sh_link out of range", () => bad({ link: 0xffffffff }, "BAD_SECTION", /sh_link 4294967295/));
    it("sh_link to itself", () => bad({ link: 2 }, "BAD_SECTION", /sh_link 2/));
    it("sh_size past the end of the file", () => bad({ size: 0x100000n }, "BAD_SECTION", /outside|past|beyond|end/));
    it("sh_offset huge", () => bad({ offset: 0xffff_ffff_ffffn }, "BAD_SECTION", /^section 2 \(.symtab\) \[0xffffffffffff, \+0x[0-9a-f]+\) extends past the end of the file \(size 0x[0-9a-f]+\) at byte 0xffffffffffff$/));

    it("sh_entsize 0 is the class size; a partial last entry and names past the string table are left out", () => {
      const t = symtab(32, true, [{ name: "a", value: 1n }, { name: "b", value: 2n }]);
      const data = new Uint8Array(t.data.length + 7);
      data.set(t.data);
      new DataView(data.buffer).setUint32(16 * 2, 0x7fff, true); // b's st_name past .strtab
      const f = openElf(buildElf({
        class: 32, littleEndian: true, sections: [
          { name: ".data", type: SHT.SHT_PROGBITS, data: new Uint8Array(4) },
          { name: ".symtab", type: SHT.SHT_SYMTAB, data, link: 3, entsize: 0n },
          { name: ".strtab", type: SHT.SHT_STRTAB, data: t.strtab },
        ],
      }).bytes);
      expect(readSymbols(f, f.section(".symtab")!).map((s) => s.name)).toEqual(["a"]);
    });

    it("a string table without a NUL costs no more than one with NULs (50,000 names into 1 MB)", () => {
      const n = 50_000;
      const data = new Uint8Array((n + 1) * 24);
      const v = new DataView(data.buffer);
      for (let i = 1; i <= n; i++) {
        v.setUint32(i * 24, i * 16, true); // st_name
        v.setUint8(i * 24 + 4, STT.STT_OBJECT);
        v.setUint16(i * 24 + 6, 1, true);
      }
      for (const fill of [0x41, 0xc3]) { // ASCII and non-ASCII runs
        const f = openElf(buildElf({
          class: 64, littleEndian: true, sections: [
            { name: ".data", type: SHT.SHT_PROGBITS, data: new Uint8Array(4) },
            { name: ".symtab", type: SHT.SHT_SYMTAB, data, link: 3, entsize: 24n },
            { name: ".strtab", type: SHT.SHT_STRTAB, data: new Uint8Array(1 << 20).fill(fill) },
          ],
        }).bytes);
        expect(readSymbols(f, f.section(".symtab")!)).toEqual([]);
      }
    });

    it("a section that is not a symbol table", () => {
      const f = file(64, true, SAMPLE);
      expect(() => readSymbols(f, f.section(".strtab")!)).toThrow(ElfError);
    });

    it("property: any bytes in .symtab/.strtab and any entsize/link give symbols or an ElfError", () => {
      fc.assert(fc.property(
        fc.boolean(), fc.boolean(), fc.uint8Array({ maxLength: 200 }), fc.uint8Array({ maxLength: 64 }),
        fc.constantFrom(0n, 16n, 24n, 7n), fc.integer({ min: 0, max: 6 }), fc.string({ maxLength: 8 }),
        (is64, le, sym, str, entsize, link, name) => {
          const f = openElf(buildElf({
            class: is64 ? 64 : 32, littleEndian: le, sections: [
              { name: ".data", type: SHT.SHT_PROGBITS, data: new Uint8Array(4) },
              { name: ".symtab", type: SHT.SHT_SYMTAB, data: sym, link, entsize },
              { name: ".strtab", type: SHT.SHT_STRTAB, data: str },
            ],
          }).bytes);
          try {
            const syms = readSymbols(f, f.section(".symtab")!);
            expect(syms.length).toBeLessThanOrEqual(sym.length / (is64 ? 24 : 16));
          } catch (e) {
            expect(e).toBeInstanceOf(ElfError);
          }
          const t = symbolTable(f);
          t.lookup(name);
          for (const w of t.warnings) expect(w).toBeInstanceOf(ElfError);
        },
      ), { numRuns: 300 });
    });
  });
});

/** `readelf -sW` rows of `path` as name → value, for the table the lookup uses. */
function readelfSymbols(path: string, table: ".symtab" | ".dynsym"): Map<string, bigint[]> {
  const out = new Map<string, bigint[]>();
  const r = run("readelf", ["-sW", path]);
  let current = "";
  for (const line of r.stdout.split("\n")) {
    const head = /^Symbol table '([^']+)'/.exec(line);
    if (head) current = head[1]!;
    const m = /^\s*\d+:\s+([0-9a-f]+)\s+\d+\s+(NOTYPE|OBJECT|FUNC)\s+(\w+)\s+\w+\s+(\d+)\s+(\S+)$/.exec(line);
    if (!m || current !== table) continue;
    // readelf adds `@VERSION` to .dynsym names from .gnu.version; .symtab names are as stored.
    const name = table === ".dynsym" ? m[5]!.replace(/@.*$/, "") : m[5]!;
    out.set(name, [...(out.get(name) ?? []), BigInt("0x" + m[1]!)]);
  }
  return out;
}

const FIXTURES = ["x86_64/probes-nopie", "x86_64/probes-pie", "x86_64/libprobes.so", "i386/probes-nopic", "i386/probes-pic",
  "aarch64/probes", "armhf/probes", "mips/probes", "mips64el/probes", "powerpc/probes", "ppc64le/probes", "riscv64/probes", "s390x/probes"];

describe("committed fixtures (which keep .symtab)", () => {
  it.each(FIXTURES)("%s: the globals of the probes set", (name) => {
    withElfFile(`fixtures/binaries/${name}`, (f) => {
      const t = symbolTable(f);
      expect(t.section?.name).toBe(".symtab");
      const globals = ["glob_int", "glob_rec", "glob_arr", "glob_short", "glob_counter", ...(name.endsWith(".so") ? [] : ["main"])];
      for (const g of globals) {
        expect(t.lookup(g), g).toBeDefined();
      }
      expect(t.lookup("glob_rec")!.size).toBeGreaterThanOrEqual(24n);
      expect(t.lookup("glob_int")!.type).toBe(STT.STT_OBJECT);
    });
  });

  it.skipIf(!hasTool("readelf"))("every defined symbol readelf -sW lists has the same value", () => {
    for (const name of FIXTURES) {
      const path = `fixtures/binaries/${name}`;
      const want = readelfSymbols(path, ".symtab");
      withElfFile(path, (f) => {
        const t = symbolTable(f);
        let n = 0;
        for (const [sym, values] of want) {
          expect(t.definitions(sym).map((s) => s.value).sort(), `${name} ${sym}`).toEqual(values.sort());
          n++;
        }
        expect(n, name).toBeGreaterThan(10);
      });
    }
  });
});

const POSTGRES = "/usr/lib/postgresql/15/bin/postgres";
describe.skipIf(!exists(POSTGRES) || !hasTool("readelf"))("postgres (stripped: .dynsym only)", () => {
  it("NBuffers and the other exported globals have readelf's values", () => {
    const want = readelfSymbols(POSTGRES, ".dynsym");
    withElfFile(POSTGRES, (f) => {
      const t = symbolTable(f);
      expect(t.section?.name).toBe(".dynsym");
      expect(t.lookup("NBuffers")?.value).toBe(want.get("NBuffers")![0]);
      expect(t.lookup("NBuffers")?.type).toBe(STT.STT_OBJECT);
      let n = 0;
      for (const [sym, values] of want) {
        expect(t.definitions(sym).map((s) => s.value).sort(), sym).toEqual(values.sort());
        n++;
      }
      expect(n).toBeGreaterThan(1000);
    });
  });
});

it("fixture files exist (these tests never skip)", () => {
  for (const name of FIXTURES) expect(fs.existsSync(`fixtures/binaries/${name}`), name).toBe(true);
});
