/**
 * The easy-case decoder (`stapsdt/cursor.ts`, doubles and byte positions)
 * against the general one (`decodeStapsdt` + `makeProbe`, bigints), on
 * generated files: both classes and byte orders, PT_LOADs with and without
 * `p_vaddr == p_offset`, read-only and missing segments, `.stapsdt.base`
 * present, absent or zero (prelink deltas of both signs, wrapping ones),
 * addresses on both sides of 2^53 and 2^32, non-ASCII and control bytes,
 * trailing bytes and malformed descriptors. `listProbes` must give exactly
 * what the general path gives for every note, warnings included, and the
 * JSON writer the same bytes from a cursor as from the probe.
 */
import fc from "fast-check";
import { describe, expect, it } from "vitest";
import { EM, NT_STAPSDT, PF, PT, SHT } from "../../src/elf/constants.js";
import { ElfError } from "../../src/elf/errors.js";
import { openElf } from "../../src/index.js";
import { parseNotes } from "../../src/elf/notes.js";
import { Reader } from "../../src/elf/reader.js";
import { listProbes, walkProbes, type ProbeWalk } from "../../src/stapsdt/list.js";
import { hashString } from "../../src/stapsdt/intern.js";
import { decodeStapsdt } from "../../src/stapsdt/note.js";
import type { ProbeCursor } from "../../src/stapsdt/cursor.js";
import { makeProbe, probeContext, type Probe } from "../../src/stapsdt/probes.js";
import { JsonWriter } from "../../src/render/json-stream.js";
import { ByteSink } from "../../src/render/sink.js";
import { writeTable, type ProbePass } from "../../src/render/table-stream.js";
import { buildElf, concat, note, Writer, type BuildSegment } from "../helpers/elf-builder.js";
import { readIntoSource } from "../helpers/sources.js";

const TWO_53 = 2n ** 53n;

/** Addresses near the boundaries that matter, and ordinary ones. */
const addr = (bits: 32 | 64): fc.Arbitrary<bigint> => fc.oneof(
  { weight: 4, arbitrary: fc.bigInt({ min: 0x1000n, max: 0x9000n }) },
  { weight: 1, arbitrary: fc.constantFrom(0n, 1n, 0xfffn) },
  { weight: 1, arbitrary: bits === 64
    ? fc.constantFrom(TWO_53 - 2n, TWO_53 - 1n, TWO_53, TWO_53 + 0x10n, 2n ** 64n - 1n, 2n ** 32n - 1n, 2n ** 32n)
    : fc.constantFrom(2n ** 32n - 1n, 2n ** 32n - 0x10n, 2n ** 31n) },
);

/** Strings of a descriptor, weighted towards the easy case. */
const str = fc.oneof(
  { weight: 6, arbitrary: fc.stringMatching(/^[a-z_][a-z0-9_]{0,10}$/) },
  { weight: 3, arbitrary: fc.constantFrom("", "-4@%eax", "8@%rbp -4@8(%rdi)", "1@%cl 8@$7", 'q"uote', "back\\slash") },
  // Two names with one hash (hashString, the cursor's nameHash): the table must still tell them apart.
  { weight: 1, arbitrary: fc.constantFrom("probe_mnqe", "probe_20w30") },
  { weight: 1, arbitrary: fc.constantFrom("é", "\u0001", "\u007f", "tab\there") },
);

/** One stapsdt note: a descriptor, sometimes malformed. */
const stapsdtNote = (bits: 32 | 64, le: boolean): fc.Arbitrary<Uint8Array> =>
  fc.record({
    location: addr(bits), base: addr(bits), semaphore: fc.oneof(fc.constant(0n), addr(bits)),
    provider: fc.constantFrom("p", "python", "prov\u00e9"), name: str, args: str,
    damage: fc.oneof({ weight: 8, arbitrary: fc.constant("none") }, { weight: 1, arbitrary: fc.constantFrom("trailing", "cut", "short", "type") }),
  }).map((r) => {
    const is64 = bits === 64;
    const ws = is64 ? 8 : 4;
    const w = new Writer(3 * ws, le);
    w.word(0, r.location, is64);
    w.word(ws, r.base, is64);
    w.word(2 * ws, r.semaphore, is64);
    let desc = concat(w.bytes, new TextEncoder().encode(`${r.provider}\0${r.name}\0${r.args}\0`));
    if (r.damage === "trailing") desc = concat(desc, Uint8Array.of(0x41, 0));
    if (r.damage === "cut") desc = desc.subarray(0, desc.length - 1);
    if (r.damage === "short") desc = desc.subarray(0, 3 * ws - 1);
    return note("stapsdt", r.damage === "type" ? 9 : NT_STAPSDT, desc, le);
  });

/** A PT_LOAD over an address range (file bytes may be fewer than memory bytes, or past the end of the file). */
const segment = fc.record({
  // Also segments whose memory image runs past 2^32 (possible in ELF32: a
  // 32-bit vaddr plus a 32-bit memsz) and up to 2^53.
  vaddr: fc.constantFrom(0n, 0x1000n, 0x4000n, 0x8000n, 2n ** 32n - 0x1000n, TWO_53 - 0x1000n),
  delta: fc.constantFrom(0n, 0n, -0x800n, 0x200n),
  filesz: fc.constantFrom(0n, 0x800n, 0x4000n),
  extra: fc.constantFrom(0n, 0n, 0x1000n, 0x10000n),
  flags: fc.constantFrom(PF.PF_R | PF.PF_X, PF.PF_R | PF.PF_W, PF.PF_R),
}).map((s): BuildSegment => {
  const offset = s.vaddr + s.delta < 0n ? 0n : (s.vaddr + s.delta) % 0x10000n;
  return { type: PT.PT_LOAD, flags: s.flags, vaddr: s.vaddr, offset, filesz: s.filesz, memsz: s.filesz + s.extra };
});

const fileArb = fc.tuple(fc.constantFrom(32 as const, 64 as const), fc.boolean()).chain(([bits, le]) =>
  fc.record({
    bits: fc.constant(bits),
    le: fc.constant(le),
    notes: fc.array(stapsdtNote(bits, le), { minLength: 1, maxLength: 8 }),
    segments: fc.array(segment, { maxLength: 5 }),
    base: fc.option(addr(bits), { nil: null }),
  }));

/** 64 KiB of file, so that most segments have their bytes; some are cut off by `filesz`. */
interface FileSpec {
  bits: 32 | 64;
  le: boolean;
  notes: Uint8Array[];
  segments: BuildSegment[];
  base: bigint | null;
}

function build(f: FileSpec): Uint8Array {
  const sections = [
    { name: ".text", type: SHT.SHT_PROGBITS, data: new Uint8Array(0x10000) },
    { name: ".note.stapsdt", type: SHT.SHT_NOTE, data: concat(...f.notes), addralign: 4n },
    ...(f.base === null ? [] : [{ name: ".stapsdt.base", type: SHT.SHT_PROGBITS, addr: f.base, data: Uint8Array.of(0) }]),
  ];
  return buildElf({
    class: f.bits, littleEndian: f.le, machine: f.bits === 64 ? EM.EM_X86_64 : EM.EM_386, type: 3,
    sections, segments: f.segments,
  }).bytes;
}

/** Probes and warnings through the general path only, note by note. */
function generalPath(bytes: Uint8Array): { probes: Probe[]; warnings: ElfError[] } {
  const file = openElf(bytes);
  const warnings: ElfError[] = [...file.sectionWarnings];
  const ctxWarnings: ElfError[] = [];
  const ctx = probeContext(file, ctxWarnings);
  const probes: Probe[] = [];
  let first = true;
  for (const c of file.noteContainers()) {
    const data = file.noteData(c);
    const reader = new Reader(data, file.littleEndian, file.is64);
    for (const n of parseNotes(data, c.offset, c.align, file.littleEndian).notes) {
      if (n.name !== "stapsdt" || n.namesz !== 8) continue;
      if (n.type !== NT_STAPSDT) {
        warnings.push(new ElfError("BAD_PROBE", `stapsdt note of unknown type ${n.type} skipped`, n.offset, n.type));
        continue;
      }
      if (first) warnings.push(...ctxWarnings);
      first = false;
      try {
        const d = decodeStapsdt(reader, n.descAt, n.descsz, n.descOffset);
        if (d.trailing > 0) {
          warnings.push(new ElfError("BAD_PROBE", `stapsdt note ${d.provider}:${d.name} has ${d.trailing} byte(s) after its arguments`, n.offset, d.trailing));
        }
        probes.push(makeProbe(d, ctx, n.offset, warnings));
      } catch (e) {
        if (!(e instanceof ElfError)) throw e;
        warnings.push(e);
      }
    }
  }
  return { probes, warnings };
}

const diag = (w: ElfError): unknown => ({ code: w.code, message: w.message, offset: w.offset, value: w.value });

/**
 * The cursor finds a region's strings as text (regions up to
 * TEXT_REGION_BYTES, every generated file) or by the word scan (bigger
 * ones): `textRegionBytes` 0 or Infinity chooses, so both are tested.
 */
const modes = [{ textRegionBytes: 0 }, { textRegionBytes: Infinity }] as const;
const mode = fc.constantFrom(...modes);

describe("the easy-case decoder", () => {
  it("lists the probes and warnings of the general path", () => {
    fc.assert(fc.property(fileArb, (f) => {
      const bytes = build(f);
      const expected = generalPath(bytes);
      const got = listProbes(openElf(bytes));
      expect(got.probes).toEqual(expected.probes);
      expect(got.warnings.map(diag)).toEqual(expected.warnings.map(diag));
      // The same from a Node Buffer (what the CLI reads), whose `slice` shares memory.
      expect(listProbes(openElf(Buffer.from(bytes))).probes).toEqual(expected.probes);
      for (const options of modes) {
        const probes: Probe[] = [];
        const warnings = walkProbes(openElf(bytes), options).forEach((p) => probes.push(p));
        expect(probes).toEqual(expected.probes);
        expect(warnings.map(diag)).toEqual(expected.warnings.map(diag));
      }
    }), { numRuns: 400 });
  });

  it("gives the same names past a region's first few (then cut from the region decoded once), pass after pass", () => {
    // ProbeCursor.name decodes the first 16 names of a region one by one and
    // the rest from the whole region's text: repeat the notes past that.
    const many = fileArb.map((f) => ({ ...f, notes: Array.from({ length: 40 }, (_, i) => f.notes[i % f.notes.length]!) }));
    fc.assert(fc.property(many, mode, (f, options) => {
      const bytes = build(f);
      const expected = generalPath(bytes).probes.map((p) => p.name);
      const walk = walkProbes(openElf(bytes), options);
      for (let pass = 0; pass < 2; pass++) {
        const names: string[] = [];
        walk.forEach((p) => names.push(p.name));
        expect(names).toEqual(expected);
      }
    }), { numRuns: 100 });
  });

  it("takes the easy path for ordinary probes (so the property above tests it)", () => {
    const bytes = build({
      bits: 64, le: true, base: 0x1000n,
      notes: [note("stapsdt", NT_STAPSDT, concat(new Uint8Array(24), new TextEncoder().encode("p\0n\u00008@%rdi\0")), true)],
      segments: [{ type: PT.PT_LOAD, flags: PF.PF_R | PF.PF_X, vaddr: 0n, offset: 0n, filesz: 0x1000n }],
    });
    for (const options of [{}, ...modes]) {
      let cursors = 0;
      walkProbes(openElf(bytes), options).visit({ cursor: () => cursors++, probe: () => {} });
      expect(cursors).toBe(1);
    }
  });

  it("wraps a prelink-adjusted ELF32 address at 2^32, as the general path does", () => {
    // 0xfffffff0 + (0x2000 - 0x1000) wraps to 0xff0; the segment's memory
    // image (0xfffff000 + 0x4000) runs past 2^32 and would hold the unwrapped sum.
    const w = new Writer(12, true);
    w.u32(0, 0xfffffff0);
    w.u32(4, 0x1000);
    const bytes = build({
      bits: 32, le: true, base: 0x2000n,
      notes: [note("stapsdt", NT_STAPSDT, concat(w.bytes, new TextEncoder().encode("p\0n\0\0")), true)],
      segments: [
        { type: PT.PT_LOAD, flags: PF.PF_R | PF.PF_X, vaddr: 0xfffff000n, offset: 0n, filesz: 0x4000n },
        { type: PT.PT_LOAD, flags: PF.PF_R | PF.PF_X, vaddr: 0n, offset: 0x8000n, filesz: 0x1000n },
      ],
    });
    const got = listProbes(openElf(bytes));
    expect(got.probes).toEqual(generalPath(bytes).probes);
    expect(got.probes[0]!.address).toBe(0xff0n);
    expect(got.probes[0]!.offset).toBe(0x8ff0n);
  });

  it("writes the same JSON from a cursor as from the probe", () => {
    fc.assert(fc.property(fileArb, mode, (f, options) => {
      const walk = walkProbes(openElf(build(f)), options);
      const write = (pass: (w: JsonWriter) => void): string => {
        const chunks: Uint8Array[] = [];
        const w = new JsonWriter(new ByteSink((b) => chunks.push(b.slice())));
        pass(w);
        w.end();
        return Buffer.concat(chunks).toString("latin1");
      };
      const fromProbes = write((w) => walk.forEach((p) => w.probe(p)));
      const fromCursors = write((w) => walk.visit({ cursor: (c) => w.cursor(c), probe: (p) => w.probe(p) }));
      expect(fromCursors).toBe(fromProbes);
    }), { numRuns: 200 });
  });

  it("writes the same JSON and table from cursors as from probes across buffer flushes", () => {
    // 15,000 probes: ~1 KiB of JSON and ~100 bytes of table each, several full 1 MiB buffers.
    const notes: Uint8Array[] = [];
    for (let i = 0; i < 15000; i++) {
      const w = new Writer(24, true);
      w.u64(0, BigInt(0x1000 + i));
      w.u64(16, i % 3 === 0 ? BigInt(0x8000 + 2 * i) : 0n);
      const name = i % 500 === 7 ? `quote"${i}` : `probe_${i}`;
      const args = i % 700 === 3 ? "8@%rdi " : `-8@%rsi -4@8(%rdi) ${i % 5}@%eax`; // a blank at the end: the other line writer
      notes.push(note("stapsdt", NT_STAPSDT, concat(w.bytes, new TextEncoder().encode(`p${i % 2}\0${name}\0${args}\0`)), true));
    }
    const elf = openElf(build({
      bits: 64, le: true, base: null, notes,
      segments: [
        { type: PT.PT_LOAD, flags: PF.PF_R | PF.PF_X, vaddr: 0n, offset: 0n, filesz: 0x8000n },
        { type: PT.PT_LOAD, flags: PF.PF_R | PF.PF_W, vaddr: 0x8000n, offset: 0x8000n, filesz: 0x8000n },
      ],
    }));
    for (const options of modes) fromCursorsAsFromProbes(walkProbes(elf, options));
  });

  /** The 15,000-probe walk of the test above, in one string mode. */
  function fromCursorsAsFromProbes(walk: ProbeWalk): void {
    const write = (pass: (w: JsonWriter) => void): Buffer => {
      const chunks: Uint8Array[] = [];
      const w = new JsonWriter(new ByteSink((b) => chunks.push(b.slice())));
      pass(w);
      w.end();
      return Buffer.concat(chunks);
    };
    const fromProbes = write((w) => walk.forEach((p) => w.probe(p)));
    let cursors = 0;
    const fromCursors = write((w) => walk.visit({ cursor: (c) => { cursors++; w.cursor(c); }, probe: (p) => w.probe(p) }));
    expect(cursors).toBe(15000);
    expect(fromProbes.length).toBeGreaterThan(4 << 20);
    expect(fromCursors.equals(fromProbes)).toBe(true);
    const table = (pass: ProbePass): Buffer => {
      const chunks: Uint8Array[] = [];
      const sink = new ByteSink((b) => chunks.push(b.slice()));
      writeTable(sink, pass);
      sink.flush();
      return Buffer.concat(chunks);
    };
    const tableOfProbes = table((v) => walk.forEach((p) => v.probe(p)));
    expect(tableOfProbes.length).toBeGreaterThan(1 << 20);
    expect(table((v) => walk.visit(v)).equals(tableOfProbes)).toBe(true);
  }

  it("gives the same probes, warnings, JSON and table when the notes are read in chunks (stream)", () => {
    // Chunks of a few bytes up to a few notes, so notes straddle them in every way.
    const many = fileArb.map((f) => ({ ...f, notes: Array.from({ length: 30 }, (_, i) => f.notes[i % f.notes.length]!) }));
    const json = (walk: ProbeWalk): string => {
      const chunks: Uint8Array[] = [];
      const w = new JsonWriter(new ByteSink((b) => chunks.push(b.slice())));
      walk.visit({ cursor: (c) => w.cursor(c), probe: (p) => w.probe(p) });
      w.end();
      return Buffer.concat(chunks).toString("latin1");
    };
    const table = (walk: ProbeWalk): string => {
      const chunks: Uint8Array[] = [];
      const sink = new ByteSink((b) => chunks.push(b.slice()));
      writeTable(sink, (v) => walk.visit(v));
      sink.flush();
      return Buffer.concat(chunks).toString("latin1");
    };
    fc.assert(fc.property(fc.oneof(fileArb, many), fc.integer({ min: 1, max: 400 }), mode, (f, chunkSize, options) => {
      const bytes = build(f);
      // A streamed container's strings are found by the word scan (it is big);
      // the eager walk finds them either way.
      const eager = walkProbes(openElf(bytes), options);
      const streamed = walkProbes(openElf(readIntoSource(bytes)), { stream: true, chunkSize, textRegionBytes: Infinity });
      const collect = (walk: ProbeWalk) => {
        const probes: Probe[] = [];
        const warnings = walk.forEach((p) => probes.push(p));
        return { probes, warnings: warnings.map(diag) };
      };
      expect(collect(streamed)).toEqual(collect(eager));
      expect(streamed.buildId).toBe(eager.buildId);
      expect(streamed.noteBytes).toBe(eager.noteBytes);
      expect(json(streamed)).toBe(json(eager));
      expect(table(streamed)).toBe(table(eager));
    }), { numRuns: 300 });
  });

  it("writes the same JSON from cursors of several files, one writer (ids are per walk)", () => {
    fc.assert(fc.property(fc.array(fileArb, { minLength: 2, maxLength: 3 }), (files) => {
      const elves = files.map((f) => openElf(build(f)));
      const walks = elves.map((elf) => walkProbes(elf));
      const write = (each: (w: JsonWriter, walk: ProbeWalk) => void): string => {
        const chunks: Uint8Array[] = [];
        const w = new JsonWriter(new ByteSink((b) => chunks.push(b.slice())));
        // A record per file, as the CLI writes them (argument bytes are per
        // file: the same text is other operands on another machine).
        walks.forEach((walk, i) => {
          w.beginFile(`f${i}`, elves[i]!.header, walk.buildId);
          each(w, walk);
          w.endFile([]);
        });
        w.end();
        return Buffer.concat(chunks).toString("latin1");
      };
      const fromProbes = write((w, walk) => walk.forEach((p) => w.probe(p)));
      const fromCursors = write((w, walk) => walk.visit({ cursor: (c) => w.cursor(c), probe: (p) => w.probe(p) }));
      expect(fromCursors).toBe(fromProbes);
    }), { numRuns: 100 });
  });

  it("does not take one file's argument string for another's with the same id", () => {
    // Two files whose strings are interned in the same order: the same ids, other texts.
    const file = (args: string): Uint8Array => {
      const w = new Writer(24, true);
      w.u64(0, 0x1000n);
      return build({
        bits: 64, le: true, base: null,
        notes: [note("stapsdt", NT_STAPSDT, concat(w.bytes, new TextEncoder().encode(`p\0n\0${args}\0`)), true)],
        segments: [{ type: PT.PT_LOAD, flags: PF.PF_R | PF.PF_X, vaddr: 0n, offset: 0n, filesz: 0x8000n }],
      });
    };
    const walks = [walkProbes(openElf(file("8@%rdi"))), walkProbes(openElf(file("-4@%eax")))];
    const chunks: Uint8Array[] = [];
    const w = new JsonWriter(new ByteSink((b) => chunks.push(b.slice())));
    for (const walk of walks) walk.visit({ cursor: (c) => w.cursor(c), probe: (p) => w.probe(p) });
    w.end();
    const text = Buffer.concat(chunks).toString("latin1");
    expect(text).toContain('"arguments": "8@%rdi"');
    expect(text).toContain('"arguments": "-4@%eax"');
    const tables = walks.map((walk) => {
      const out: Uint8Array[] = [];
      const sink = new ByteSink((b) => out.push(b.slice()));
      writeTable(sink, (v) => walk.visit(v));
      sink.flush();
      return Buffer.concat(out).toString("latin1");
    });
    expect(tables[1]).toContain("-4@%eax");
  });

  it("parses one argument text per file: -4@%eax of i386 after that of x86-64, one writer", () => {
    const file = (bits: 32 | 64): Uint8Array => {
      const w = new Writer(bits === 64 ? 24 : 12, true);
      w.word(0, 0x1000n, bits === 64);
      return build({
        bits, le: true, base: null,
        notes: [note("stapsdt", NT_STAPSDT, concat(w.bytes, new TextEncoder().encode("p\0n\0-4@%eax\0")), true)],
        segments: [{ type: PT.PT_LOAD, flags: PF.PF_R | PF.PF_X, vaddr: 0n, offset: 0n, filesz: 0x8000n }],
      });
    };
    const chunks: Uint8Array[] = [];
    const w = new JsonWriter(new ByteSink((b) => chunks.push(b.slice())));
    for (const bits of [64, 32] as const) {
      const elf = openElf(file(bits));
      const walk = walkProbes(elf);
      w.beginFile(String(bits), elf.header, walk.buildId);
      // Two probes each: the second goes through the cursor writer (the first of a file does not).
      for (let pass = 0; pass < 2; pass++) walk.visit({ cursor: (c) => w.cursor(c), probe: (p) => w.probe(p) });
      w.endFile([]);
    }
    w.end();
    const records = JSON.parse(Buffer.concat(chunks).toString("utf8")) as { probes: { args: { register: { canonical: string } }[] }[] }[];
    expect(records.map((r) => r.probes.map((p) => p.args[0]!.register.canonical))).toEqual([["rax", "rax"], ["eax", "eax"]]);
  });

  it("gives each cursor its name's hashString (the table groups by it)", () => {
    fc.assert(fc.property(fileArb, mode, (f, options) => {
      walkProbes(openElf(build(f)), options).visit({
        cursor: (c) => expect(c.nameHash).toBe(hashString(c.name)),
        probe: () => {},
      });
    }), { numRuns: 200 });
  });

  it("gives positions of the three strings in its data, in either string mode", () => {
    const latin1 = (c: ProbeCursor, from: number, to: number): string => Buffer.from(c.data.subarray(from, to)).toString("latin1");
    fc.assert(fc.property(fileArb, mode, (f, options) => {
      walkProbes(openElf(build(f)), options).visit({
        cursor: (c) => {
          expect(latin1(c, c.providerStart, c.providerEnd)).toBe(c.provider);
          expect(latin1(c, c.nameStart, c.nameEnd)).toBe(c.name);
          expect(latin1(c, c.argsStart, c.argsEnd)).toBe(c.arguments);
          expect([c.providerEnd + 1, c.nameEnd + 1, c.data[c.argsEnd]]).toEqual([c.nameStart, c.argsStart, 0]);
        },
        probe: () => {},
      });
    }), { numRuns: 200 });
  });

  it("writes the same table from cursors as from the probes", () => {
    fc.assert(fc.property(fileArb, fc.boolean(), mode, (f, runtime, options) => {
      const walk = walkProbes(openElf(build(f)), options);
      const table = (pass: ProbePass): string => {
        const chunks: Uint8Array[] = [];
        const sink = new ByteSink((b) => chunks.push(b.slice()));
        writeTable(sink, pass, { runtime });
        sink.flush();
        return Buffer.concat(chunks).toString("latin1");
      };
      const fromProbes = table((v) => walk.forEach((p) => v.probe(p)));
      const fromCursors = table((v) => walk.visit(v));
      expect(fromCursors).toBe(fromProbes);
    }), { numRuns: 200 });
  });
});
