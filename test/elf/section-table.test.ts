/**
 * The section header table decodes each header on first use
 * (src/elf/sections.ts `SectionTable`). Two things must hold:
 *
 * - on real files, the headers are the ones GNU readelf lists (`-SW`: index,
 *   name, address, offset, size), whichever is asked for first;
 * - on hostile tables (test/helpers/section-tables.ts: names past or inside
 *   the name table, tables without NULs, odd bytes, extended numbering...),
 *   what a file gives does not depend on the order it is asked in: lookups
 *   by name, the note containers, then the whole list, give what the whole
 *   list asked for first gives, with the same warnings.
 */
import * as fs from "node:fs";
import * as path from "node:path";
import { describe, expect, it } from "vitest";
import { openElf, type ElfFile } from "../../src/index.js";
import { ElfError } from "../../src/elf/errors.js";
import { BASES, corrupt, Draw, SHAPES } from "../helpers/section-tables.js";
import { buildElf } from "../helpers/elf-builder.js";
import { Patch } from "../helpers/elf-patch.js";
import { rng } from "../helpers/mutate.js";
import { hasTool, run, SYSTEM_BINARIES } from "../helpers/system.js";

const FIXTURES = path.resolve(__dirname, "../../fixtures/binaries");
const READELF = hasTool("readelf");
const files = [
  ...["x86_64/probes-pie", "x86_64/libprobes.so", "aarch64/probes", "armhf/probes-arm", "i386/probes-nopic"].map((f) => path.join(FIXTURES, f)),
  ...SYSTEM_BINARIES.filter((f) => fs.existsSync(f)),
];

/** readelf -SW's sections from 1 on: [index, name, addr, offset, size]. */
function readelfSections(file: string): [number, string, bigint, bigint, bigint][] {
  const out: [number, string, bigint, bigint, bigint][] = [];
  for (const line of run("readelf", ["-SW", file]).stdout.split("\n")) {
    const m = /^\s*\[\s*(\d+)\]\s+(\S+)\s+\S+\s+([0-9a-f]+)\s+([0-9a-f]+)\s+([0-9a-f]+)\s/.exec(line);
    if (m && m[1] !== "0") out.push([Number(m[1]), m[2]!, BigInt(`0x${m[3]}`), BigInt(`0x${m[4]}`), BigInt(`0x${m[5]}`)]);
  }
  return out;
}

describe.skipIf(!READELF)(`section headers against readelf -SW${READELF ? "" : " (skipped: needs readelf)"}`, () => {
  it.each(files)("%s: by name first, then all", (file) => {
    const want = readelfSections(file);
    expect(want.length).toBeGreaterThan(10);
    const f = openElf(new Uint8Array(fs.readFileSync(file)));
    // Lookups by name before the list is ever built, last section first.
    for (const [index, name, addr, offset, size] of [...want].reverse()) {
      const s = f.section(name)!;
      // A name given twice finds the first; readelf lists both.
      if (s.index !== index) {
        expect(want.find((w) => w[1] === name)![0]).toBe(s.index);
        continue;
      }
      expect([s.name, s.addr, s.offset, s.size]).toEqual([name, addr, offset, size]);
    }
    expect(f.sections.slice(1).map((s) => [s.index, s.name, s.addr, s.offset, s.size])).toEqual(want);
    expect(f.noteContainers().map((c) => c.name)).toEqual(f.sections.filter((s) => s.type === 7).map((s) => s.name));
  });
});

/** What a file gives, asked in one of two orders; errors as their code. */
function observe(file: ElfFile, lazyFirst: boolean, names: readonly string[]): unknown {
  const attempt = <T>(fn: () => T): T | string => {
    try {
      return fn();
    } catch (e) {
      if (e instanceof ElfError) return e.code;
      throw e;
    }
  };
  const seen: Record<string, unknown> = {};
  if (lazyFirst) {
    seen.byName = names.map((n) => attempt(() => file.section(n)));
    seen.notes = attempt(() => file.noteContainers().map((c) => [c.name, c.offset, c.size]));
    seen.all = attempt(() => file.sections);
  } else {
    seen.all = attempt(() => file.sections);
    seen.notes = attempt(() => file.noteContainers().map((c) => [c.name, c.offset, c.size]));
    seen.byName = names.map((n) => attempt(() => file.section(n)));
  }
  seen.warnings = attempt(() => file.sectionWarnings.map((w) => [w.code, w.message]));
  return seen;
}

describe("the order headers are asked for changes nothing", () => {
  const names = ["", ".text", ".note.stapsdt", ".stapsdt.base", ".shstrtab", ".probes", ".dynamic", ".note.gnu.build-id", "nothing"];
  for (const shape of SHAPES) {
    it(`${shape.name}: every base, 8 draws each`, () => {
      let compared = 0;
      for (const base of BASES) {
        if (shape.dynamic && !base.dynamic) continue;
        for (let seed = 1; seed <= 8; seed++) {
          const bytes = corrupt(base, shape, new Draw(rng(seed * 7919 + shape.name.length)));
          let eager: ElfFile;
          let lazy: ElfFile;
          try {
            eager = openElf(bytes);
            lazy = openElf(bytes);
          } catch (e) {
            if (e instanceof ElfError) continue;
            throw e;
          }
          expect(observe(lazy, true, names)).toEqual(observe(eager, false, names));
          compared++;
        }
      }
      expect(compared).toBeGreaterThan(0);
    });
  }

  it("a name table with bytes above 0x7f: names decoded in table order whatever is asked first", () => {
    // Every name of the sample points into one run without a NUL but the
    // last byte, of bytes >= 0x80: decoding budgets are spent, and must be
    // spent alike, whichever name is asked for first.
    for (const base of BASES) {
      const bytes = corrupt(base, SHAPES.find((s) => s.name === "strtab-odd-bytes")!, new Draw(rng(3)));
      const a = openElf(bytes);
      const b = openElf(bytes);
      expect(observe(b, true, [".note.stapsdt", ".text", ""])).toEqual(observe(a, false, [".note.stapsdt", ".text", ""]));
    }
  });

  it("a name table of bytes above 0x7f that spends its decoding budget: the same names resolve whatever is asked first", () => {
    // 300 sections (some SHT_NOTE) named at offsets 1, 2, 3... inside a name table of
    // bytes 0xc3 with one NUL at its end: each name costs the whole table to
    // decode, and the budget (StringTable) runs out after a few. Which ones
    // get their name must not depend on which the caller asked for first.
    const sections = Array.from({ length: 300 }, (_, i) => ({ name: `s${i}`, type: i % 50 === 49 ? 7 : 1, data: new Uint8Array(0), addralign: 4n }));
    const p = new Patch(buildElf({ class: 64, littleEndian: true, sections }), 64, true);
    const strtab = p.index(".shstrtab");
    const at = Number(p.getWord(p.shdr(strtab) + p.L.sh.offset));
    const size = Number(p.getWord(p.shdr(strtab) + p.L.sh.size_));
    p.b.fill(0xc3, at, at + size - 1);
    for (let i = 0; i < p.names.length; i++) p.u32(p.shdr(i) + p.L.sh.name, 1 + i);
    const eager = openElf(p.b);
    const lazy = openElf(p.b);
    const seen = observe(lazy, true, [".text"]) as { all: { name: string }[] };
    expect(seen).toEqual(observe(eager, false, [".text"]));
    // Some names resolved and some not: the budget was reached.
    const named = seen.all.filter((s) => s.name !== "").length;
    expect(named).toBeGreaterThan(0);
    expect(named).toBeLessThan(seen.all.length);
  });
});
