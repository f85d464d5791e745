/**
 * Regression tests for the hostile-input audit of src/elf, src/stapsdt and the readelf printer:
 * each test builds the smallest file that exposes one problem (work multiplied
 * by an untrusted count, a read outside a region, an inexact offset) and checks
 * the answer is a result with diagnostics or an ElfError.
 *
 * Where the problem was work multiplication, the input is sized so that the
 * unfixed code would take minutes or run out of memory; the assertion is on the
 * structure of the answer, and the suite's timeout is the hang detector.
 */
import { describe, expect, it } from "vitest";
import { bytesSource, ElfError, listProbes, openElf } from "../../src/index.js";
import { readelfNotes } from "../../src/format/readelf/readelf.js";
import { decodeStapsdt } from "../../src/stapsdt/note.js";
import { findLoadSegment } from "../../src/elf/address.js";
import { makeProbe, createProbeContext } from "../../src/stapsdt/probes.js";
import { MAX_NOTES, parseNotes } from "../../src/elf/notes.js";
import { PT, SHT } from "../../src/elf/constants.js";
import type { ProgramHeader } from "../../src/elf/segments.js";
import { Reader } from "../../src/elf/reader.js";
import { readRange } from "../../src/elf/source.js";
import { StringTable } from "../../src/elf/strings.js";
import { buildElf, concat, note, stapsdtDesc } from "../helpers/elf-builder.js";
import { sampleElf } from "../helpers/sample.js";
import { replay, RUN_SEED } from "../helpers/run-seed.js";

const dv = (b: Uint8Array): DataView => new DataView(b.buffer, b.byteOffset, b.byteLength);

describe("section-name table", () => {
  it("many names pointing into one long run cost the run once, not once per name", () => {
    // 1 MiB of 'a' then one NUL; 16384 section headers naming offsets 0, 64, 128, ...
    // Decoding each name on its own would build ~8 G characters.
    const run = 1 << 20;
    const table = new Uint8Array(run + 1).fill(0x61);
    table[run] = 0;
    const count = 16384;
    const secs = Array.from({ length: count }, (_, i) => ({ name: `s${i}`, type: SHT.SHT_PROGBITS }));
    const built = buildElf({ class: 64, littleEndian: true, sections: secs });
    // Replace .shstrtab (the last section) with the long table appended at the end of the file.
    const b = concat(built.bytes, table);
    const v = dv(b);
    const strtabHdr = built.shoff + (count + 1) * 64;
    v.setBigUint64(strtabHdr + 24, BigInt(built.bytes.length), true);
    v.setBigUint64(strtabHdr + 32, BigInt(table.length), true);
    for (let i = 1; i <= count; i++) v.setUint32(built.shoff + i * 64, (i - 1) * 64, true);
    const f = openElf(b);
    expect(f.sections).toHaveLength(count + 2);
    expect(f.sections[1]!.name.length).toBe(run);
    expect(f.sections[count]!.name.length).toBe(run - (count - 1) * 64);
    expect(f.sectionWarnings).toEqual([]);
  });

  it("gives the same names as a plain NUL search, for ASCII and non-ASCII tables", () => {
    const bytes = new Uint8Array([0, 0x2e, 0x74, 0, 0xc3, 0xa9, 0x78, 0, 0x61, 0xff, 0x62, 0, 0x7a]);
    const t = new StringTable(bytes);
    const plain = (i: number): string | null => {
      if (i >= bytes.length) return null;
      const nul = bytes.indexOf(0, i);
      return nul < 0 ? null : new TextDecoder().decode(bytes.subarray(i, nul));
    };
    for (let i = 0; i <= bytes.length + 2; i++) expect([i, t.get(i)]).toEqual([i, plain(i)]);
  });

  it("stops decoding fresh non-ASCII suffixes past a budget, with names left unresolved", () => {
    const run = 1 << 16;
    const bytes = new Uint8Array(run + 2).fill(0x62);
    bytes[0] = 0xc3; // a non-ASCII run: suffixes cannot share the run's string
    bytes[run + 1] = 0;
    const t = new StringTable(bytes);
    let unresolved = 0;
    for (let i = 0; i < run; i += 16) if (t.get(i) === null) unresolved++;
    expect(unresolved).toBeGreaterThan(0);
    expect(t.get(run - 1)).toBe("bb"); // short names are always decoded
  });
});

describe("note containers", () => {
  it("overlapping SHT_NOTE sections cannot multiply the notes beyond the file size", () => {
    const notes = concat(...Array.from({ length: 1000 }, (_, i) =>
      note("stapsdt", 3, stapsdtDesc(true, true, { location: BigInt(i), base: 0n, provider: "p", name: `n${i}` }), true)));
    const copies = 500;
    const secs = (at?: number) => [
      { name: ".note.stapsdt", type: SHT.SHT_NOTE, data: notes, addralign: 4n },
      ...Array.from({ length: copies }, (_, i) => ({
        name: `.note.${i}`, type: SHT.SHT_NOTE, addralign: 4n,
        ...(at === undefined ? {} : { offset: BigInt(at), size: BigInt(notes.length) }),
      })),
    ];
    const first = buildElf({ class: 64, littleEndian: true, sections: secs() });
    const b = buildElf({ class: 64, littleEndian: true, sections: secs(first.sectionOffset.get(".note.stapsdt")!) }).bytes;
    const f = openElf(b);
    const blocks = [...f.noteBlocks()];
    expect(blocks).toHaveLength(copies + 1);
    const total = blocks.reduce((n, bl) => n + bl.notes.length, 0);
    expect(total * 12).toBeLessThanOrEqual(b.length);
    const refused = blocks.filter((bl) => bl.error !== null);
    expect(refused.length).toBeGreaterThan(copies - 5);
    expect(refused[0]!.error!.message).toMatch(/overlap/);
    const list = listProbes(f);
    expect(list.probes.length).toBeLessThanOrEqual(total);
    expect(list.probes.length).toBeGreaterThanOrEqual(1000);
  });

  it("a note section at offset 2^64-1 is reported exactly, at its section header", () => {
    const built = sampleElf();
    const b = built.bytes.slice();
    const f0 = openElf(b);
    const s = f0.section(".note.stapsdt")!;
    dv(b).setBigUint64(s.headerOffset + 24, 2n ** 64n - 1n, true);
    const f = openElf(b);
    const [block] = [...f.noteBlocks()];
    expect(block!.error).toMatchObject({ code: "OUT_OF_RANGE", offset: s.headerOffset, value: 2n ** 64n - 1n });
    expect(block!.error!.message).toContain("0xffffffffffffffff");
  });

  it("a container of millions of empty notes stops at the note limit, with an error", () => {
    const data = new Uint8Array(12 * 1000); // 1000 notes with namesz = descsz = type = 0
    const capped = parseNotes(data, 0x40, 4n, true, 100);
    expect(capped.notes).toHaveLength(100);
    expect(capped.framing).toBeNull();
    expect(capped.error).toMatchObject({ code: "BAD_NOTE", offset: 0x40 + 1200, value: 100 });
    expect(parseNotes(data, 0, 4n, true).notes).toHaveLength(1000);
    expect(MAX_NOTES).toBe(4 * 1024 * 1024);
  });

  it("readRange refuses offsets and lengths that are not integers", () => {
    const src = bytesSource(new Uint8Array(16));
    for (const [o, l] of [[NaN, 1], [0, NaN], [0.5, 1], [Infinity, 0], [-1, 1]]) {
      expect(() => readRange(src, o!, l!, "x")).toThrow(ElfError);
    }
  });
});

describe("stapsdt descriptor", () => {
  it("decodeStapsdt checks its range against the reader instead of reading outside it", () => {
    const r = new Reader(new Uint8Array(30), true, true);
    expect(() => decodeStapsdt(r, 0, 100, 0)).toThrow(expect.objectContaining({ code: "BAD_PROBE" }));
    expect(() => decodeStapsdt(r, 20, 24, 0)).toThrow(expect.objectContaining({ code: "BAD_PROBE" }));
    expect(() => decodeStapsdt(r, -1, 24, 0)).toThrow(expect.objectContaining({ code: "BAD_PROBE" }));
  });

  it("an unterminated string is found inside the descriptor only, never after it", () => {
    // "prov" fills the descriptor; the NUL after it is padding, outside descsz.
    const desc = stapsdtDesc(true, true, { location: 1n, base: 0n, provider: "prov", name: "n" }).subarray(0, 24 + 4);
    const n = note("stapsdt", 3, desc, true);
    const r = new Reader(n, true, true);
    expect(() => decodeStapsdt(r, 20, desc.length, 20)).toThrow(/provider string is not NUL-terminated/);
  });
});

describe("PT_LOAD lookup", () => {
  const seg = (index: number, vaddr: bigint, memsz: bigint, flags: number, type: number = PT.PT_LOAD): ProgramHeader =>
    ({ index, type, flags, offset: vaddr, vaddr, paddr: vaddr, filesz: memsz, memsz, align: 0x1000n });

  it("many probes over many PT_LOAD segments cost a lookup each, not a scan each", () => {
    // 20000 PT_LOADs and 20000 probes: a linear scan per probe is 8e8 steps.
    const n = 20000;
    const segments = Array.from({ length: n }, (_, i) => seg(i, BigInt(i) * 0x1000n, 0x1000n, i % 2 ? 5 : 6));
    const ctx = createProbeContext({ baseAddress: null, segments, bits: 64, machine: 62 });
    const warnings: ElfError[] = [];
    let wrong = 0;
    for (let i = 0; i < n; i++) {
      const p = makeProbe({ location: BigInt(i) * 0x1000n + 8n, base: 0n, semaphore: BigInt(i) * 0x1000n + 2n, provider: "p", name: "n", arguments: "", trailing: 0 }, ctx, 0, warnings);
      if (p.offset !== BigInt(i) * 0x1000n + 8n) wrong++;
    }
    expect(wrong).toBe(0);
    expect(warnings.filter((w) => /read-only/.test(w.message))).toHaveLength(n / 2);
  });

  it("the indexed lookup agrees with the linear one on overlapping segments", () => {
    let seed = RUN_SEED;
    const rand = (m: number): number => ((seed = (seed * 1103515245 + 12345) >>> 0) % m);
    for (let round = 0; round < 20; round++) {
      const segments = Array.from({ length: 40 + rand(40) }, (_, i) =>
        seg(i, BigInt(rand(64)) * 0x100n, BigInt(rand(16)) * 0x100n, rand(8), rand(5) === 0 ? PT.PT_NOTE : PT.PT_LOAD));
      const ctx = createProbeContext({ baseAddress: null, segments, bits: 64, machine: 62 });
      for (let a = 0x10n; a < 80n * 0x100n; a += 0x80n) {
        const p = makeProbe({ location: a, base: 0n, semaphore: a, provider: "p", name: "n", arguments: "", trailing: 0 }, ctx, 0, []);
        const text = findLoadSegment(segments, a, (s) => (s.flags & 1) !== 0);
        const data = findLoadSegment(segments, a, (s) => (s.flags & 2) !== 0);
        expect(p.offset, replay).toBe(text && a - text.vaddr < text.filesz ? text.offset + (a - text.vaddr) : null);
        expect(p.semaphoreOffset, replay).toBe(data && a - data.vaddr < data.filesz ? data.offset + (a - data.vaddr) : null);
      }
    }
  });
});

describe("readelf -n", () => {
  it("many PT_DYNAMIC headers over many sections look for .dynamic once, not once per header", () => {
    // 20000 sections and 20000 PT_DYNAMIC headers: a lookup per header is 4e8 name comparisons.
    const count = 20000;
    const built = buildElf({
      class: 64, littleEndian: true,
      sections: Array.from({ length: count }, (_, i) => ({ name: `s${i}`, type: SHT.SHT_PROGBITS })),
      segments: Array.from({ length: count }, () => ({ type: PT.PT_DYNAMIC, flags: 6, offset: 0x40n, filesz: 0n })),
    });
    const r = readelfNotes(openElf(built.bytes));
    expect(r.ok).toBe(true);
    const count_ = (text: string): number => r.diagnostics.filter((d) => d.text === text).length;
    expect([count_("no .dynamic section in the dynamic segment"), count_("more than one dynamic segment")]).toEqual([count, count - 1]);
  });
});
