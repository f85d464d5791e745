/**
 * Relocations of `.o` note sections (src/notes/relocate.ts, reloc-types.ts)
 * against GNU readelf 2.40:
 *
 * - every cross-compiled object (`probes-*.o`, one per Debian 12 cross
 *   compiler, fixtures/notes/build.sh) prints readelf's recorded text, and its
 *   locations and semaphores are relocated;
 * - the MIPS64 `r_info` layout in both byte orders (property);
 * - when readelf is installed: each object with every relocation type written
 *   into its relocations (and in-place bytes, offsets, symbol indexes and
 *   symbol types varied) prints what readelf prints, stdout and status.
 *
 * Relocation sections readelf cannot use: relocate-unusable.test.ts.
 */
import * as fs from "node:fs";
import * as os from "node:os";
import * as path from "node:path";
import { spawnSync } from "node:child_process";
import fc from "fast-check";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { withElfFile } from "../../src/node.js";
import { decodeNoteBlocks } from "../../src/notes/decode.js";
import { decodeMips64Info, splitRelocInfo } from "../../src/notes/reloc-types.js";
import {
  elfShape, mips64InfoBytes, noteRelocs, relocSymbol, sectionField, setRelocInfo, setSymbolType, type NoteRelocs,
} from "../helpers/relocs.js";
import { hasTool } from "../helpers/system.js";
import { NOTES_DIR, noteFixtures, runNotes } from "./fixtures.js";

const haveReadelf = hasTool("readelf");

/** The relocatable objects build.sh compiles: one per Debian 12 cross compiler. */
const OBJECTS = [
  "x86_64", "i686", "aarch64", "s390x", "riscv64", "ppc64le", "mips", "arm", "powerpc", "x32", "alpha", "arc", "armel",
  "hppa", "hppa64", "m68k", "mipsel", "mips64", "mips64el", "mipsisa32r6", "mipsisa32r6el", "mipsisa64r6",
  "mipsisa64r6el", "ppc64", "sh4", "sparc64",
];
const objectPath = (arch: string): string => path.join(NOTES_DIR, `probes-${arch}.o`);

function probesOf(file: string, relocate: boolean): { location: bigint; semaphore: bigint }[] {
  return withElfFile(file, (f) => [...decodeNoteBlocks(f, { relocate })].flatMap((b) =>
    b.notes.flatMap((n) => (n.body.kind === "stapsdt" ? [{ location: n.body.probe.location, semaphore: n.body.probe.semaphore }] : []))));
}

describe("relocatable objects of every cross compiler", () => {
  const fixtures = new Map(noteFixtures().map((f) => [f.name, f]));

  it.each(OBJECTS)("probes-%s.o prints readelf's recorded text", (arch) => {
    const f = fixtures.get(`probes-${arch}.o`);
    expect(f, "listed in golden/status.txt").toBeDefined();
    for (const wide of [false, true]) {
      const r = runNotes([f!.path], { wide });
      expect(r.stdout.toString("latin1")).toBe(f!.golden(wide).toString("latin1"));
      expect(r.status).toBe(wide ? f!.statusWide : f!.status);
      expect(r.stderr).toBe("");
    }
  });

  it.each(OBJECTS)("probes-%s.o: the semaphores come from relocations", (arch) => {
    // probes.c puts the three semaphores in .probes, 2 bytes each (in an order that depends on the compiler).
    expect(probesOf(objectPath(arch), true).map((p) => p.semaphore).sort((a, b) => Number(a - b))).toEqual([0n, 2n, 4n]);
    expect(probesOf(objectPath(arch), false).map((p) => p.semaphore)).toEqual([0n, 0n, 0n]);
    expect(probesOf(objectPath(arch), true).every((p) => p.location !== 0n)).toBe(true);
  });
});

describe("MIPS64 r_info", () => {
  const fields = fc.record({
    sym: fc.integer({ min: 0, max: 0xffffffff }),
    ssym: fc.integer({ min: 0, max: 0xff }),
    type3: fc.integer({ min: 0, max: 0xff }),
    type2: fc.integer({ min: 0, max: 0xff }),
    type: fc.integer({ min: 0, max: 0xff }),
  });

  it("decodes the stored fields in both byte orders", () => {
    fc.assert(fc.property(fields, fc.boolean(), (f, le) => {
      // As the file stores it: r_sym in the file's byte order, then four single bytes.
      const bytes = mips64InfoBytes(f, le);
      const info = new DataView(bytes.buffer).getBigUint64(0, le);
      expect(decodeMips64Info(info, le)).toEqual(f);
      expect(splitRelocInfo(info, 8, true, le)).toEqual({ sym: f.sym, type: f.type });
    }));
  });

  it("is not the generic ELF64 layout", () => {
    // R_MIPS_64 against symbol 6, little-endian: a generic reader would see type 0x12000000 and symbol 0.
    const info = new DataView(mips64InfoBytes({ sym: 6, type: 18 }, true).buffer).getBigUint64(0, true);
    expect(info).toBe(0x1200000000000006n);
    expect(splitRelocInfo(info, 8, true, true)).toEqual({ sym: 6, type: 18 });
    expect(splitRelocInfo(info, 62, true, true)).toEqual({ sym: 0x12000000, type: 6 });
    // ELF32 MIPS keeps the common layout.
    expect(splitRelocInfo(0x612n, 8, false, true)).toEqual({ sym: 6, type: 0x12 });
  });
});

describe("many relocated note sections", () => {
  /**
   * probes-x86_64.o with `n` more copies of its .note.stapsdt and
   * .rela.note.stapsdt headers, each relocation section pointing at its copy
   * (extended numbering: e_shnum 0, the count in section 0's sh_size).
   */
  function manyNoteSections(n: number): Uint8Array {
    const b = new Uint8Array(fs.readFileSync(objectPath("x86_64")));
    const dv = new DataView(b.buffer);
    const shoff = Number(dv.getBigUint64(0x28, true));
    const shnum = dv.getUint16(0x3c, true);
    const r = noteRelocs(b);
    const out = new Uint8Array(b.length + (shnum + 2 * n) * 64);
    out.set(b);
    out.set(b.subarray(shoff, shoff + shnum * 64), b.length);
    const odv = new DataView(out.buffer);
    for (let i = 0; i < n; i++) {
      const at = b.length + (shnum + 2 * i) * 64;
      out.copyWithin(at, shoff + r.note * 64, shoff + (r.note + 1) * 64);
      out.copyWithin(at + 64, shoff + r.rel * 64, shoff + (r.rel + 1) * 64);
      odv.setUint32(at + 64 + 44, shnum + 2 * i, true); // sh_info: its own note copy
    }
    odv.setBigUint64(0x28, BigInt(b.length), true);
    odv.setUint16(0x3c, 0, true);
    odv.setBigUint64(b.length + 32, BigInt(shnum + 2 * n), true);
    return out;
  }

  it("finds each section's relocations in time linear in the section count", () => {
    // 20,000 note sections in 40,000 sections: a scan of the table per note
    // section took 3 minutes; readelf takes under a second.
    const dir = fs.mkdtempSync(path.join(os.tmpdir(), "many-"));
    try {
      const file = path.join(dir, "many.o");
      fs.writeFileSync(file, manyNoteSections(20_000));
      const started = performance.now();
      const r = runNotes([file]);
      expect(performance.now() - started).toBeLessThan(20_000);
      expect(r.status).toBe(0);
      const text = r.stdout.toString("latin1");
      expect(text.split("Displaying notes found in: .note.stapsdt").length - 1).toBe(20_001);
      expect(text.split("Semaphore: 0x0000000000000004").length - 1).toBe(20_001);
      if (haveReadelf) {
        const re = spawnSync("readelf", ["-n", file], { env: { ...process.env, LC_ALL: "C" }, maxBuffer: 1 << 30 });
        expect(text === re.stdout.toString("latin1")).toBe(true);
      }
    } finally {
      fs.rmSync(dir, { recursive: true, force: true });
    }
  });
});

/** Runs readelf and `stapsdt-ls -n` on `files`, together; returns the files whose text differs, and both statuses and stderrs. */
function compareAll(files: readonly string[]): { differ: string[]; readelf: { status: number | null; stderr: string }; ours: { status: number; stderr: string } } {
  const r = spawnSync("readelf", ["-n", ...files], { env: { ...process.env, LC_ALL: "C" }, maxBuffer: 1 << 30 });
  const o = runNotes(files);
  // Several files: each introduced by "\nFile: NAME\n"; one file: no heading.
  const split = (s: string): Map<string, string> => files.length === 1 ? new Map([[files[0]!, s]])
    : new Map(s.split("\nFile: ").slice(1).map((part) => [part.slice(0, part.indexOf("\n")), part]));
  const theirs = split(r.stdout.toString("latin1"));
  const ours = split(o.stdout.toString("latin1"));
  expect(theirs.size, "readelf printed every file").toBe(files.length);
  const differ = files.filter((f) => theirs.get(f) !== ours.get(f));
  return { differ, readelf: { status: r.status, stderr: r.stderr.toString("latin1") }, ours: { status: o.status, stderr: o.stderr } };
}

/** readelf's diagnostics with our prefix. */
const asOurs = (stderr: string): string => stderr.replace(/^readelf: /gm, "stapsdt-ls: ");

describe.skipIf(!haveReadelf)("relocations against readelf (needs GNU readelf 2.40)", () => {
  let dir: string;
  beforeAll(() => void (dir = fs.mkdtempSync(path.join(os.tmpdir(), "relocs-"))));
  afterAll(() => fs.rmSync(dir, { recursive: true, force: true }));

  /** Writes the variants of one object made by `make` (name -> bytes, or null to skip) and returns their paths. */
  function variants(arch: string, make: (base: Uint8Array, r: NoteRelocs) => Iterable<[string, Uint8Array]>): string[] {
    const base = new Uint8Array(fs.readFileSync(objectPath(arch)));
    const r = noteRelocs(base);
    const out: string[] = [];
    for (const [name, bytes] of make(base, r)) {
      const p = path.join(dir, `${arch}-${name}`);
      fs.writeFileSync(p, bytes);
      out.push(p);
    }
    return out;
  }

  /** Relocation types to try: every one an 8-bit field holds, and on ELF64 a few wider ones. */
  function types(base: Uint8Array): number[] {
    const { is64, machine } = elfShape(base);
    const all = Array.from({ length: 256 }, (_, i) => i);
    if (!is64 || machine === 8 || machine === 43) return all;
    return [...all, ...Array.from({ length: 12 }, (_, i) => 256 + i), 0x10001, 0x10002, 0x1000a, 0x80000001, 0xffffffff];
  }

  it.each(OBJECTS)("probes-%s.o with each relocation type, in-place bytes, offset and symbol", (arch) => {
    const files = variants(arch, function* (base, r) {
      const { is64, le } = elfShape(base);
      const noteAt = Number(sectionField(base, r.note, "sh_offset").value);
      const noteSize = Number(sectionField(base, r.note, "sh_size").value);
      const W = is64 ? 8 : 4;
      const recordAt = (i: number): number => r.at + i * r.entsize;
      const offsetOf = (b: Uint8Array, i: number): number =>
        Number(is64 ? new DataView(b.buffer).getBigUint64(recordAt(i), le) : BigInt(new DataView(b.buffer).getUint32(recordAt(i), le)));
      const setOffset = (b: Uint8Array, i: number, v: bigint): void => {
        const dv = new DataView(b.buffer);
        if (is64) dv.setBigUint64(recordAt(i), BigInt.asUintN(64, v), le);
        else dv.setUint32(recordAt(i), Number(BigInt.asUintN(32, v)), le);
      };
      for (const type of types(base)) {
        // Record 0: the first location (a section symbol, value 0, and an addend);
        // record 2: the first semaphore (a symbol of value 4), with bytes in place.
        for (const i of [0, 2]) {
          const b = base.slice();
          setRelocInfo(b, r, i, { sym: relocSymbol(base, r, i), type });
          if (i === 2) b.set([0xa5, 0x5a, 0xc3, 0x3c, 0x81, 0x18, 0xf7, 0x7f].slice(0, W), noteAt + offsetOf(b, i));
          yield [`type${type}-rec${i}`, b];
        }
        // A negative addend (r_addend is signed: 8-byte relocations in ELF32 see it
        // sign-extended), in the last record, whose upper bytes no later record overwrites.
        if (r.rela) {
          const b = base.slice();
          const last = r.count - 1;
          setRelocInfo(b, r, last, { sym: relocSymbol(base, r, last), type });
          const dv = new DataView(b.buffer);
          if (is64) dv.setBigInt64(recordAt(last) + 16, -3n, le);
          else dv.setInt32(recordAt(last) + 8, -3, le);
          yield [`type${type}-negative`, b];
        }
      }
      // MIPS64's second and third types, SPARC V9's type data: readelf looks at neither.
      if (is64) {
        for (const [n, extra] of [["t2", { type2: 7, type3: 3, ssym: 1 }], ["data", { data: 0x123456 }]] as const) {
          const b = base.slice();
          for (let i = 0; i < r.count; i++) {
            const info = { sym: relocSymbol(base, r, i), type: originalType(base, r, i), ...extra };
            setRelocInfo(b, r, i, info);
          }
          yield [n, b];
        }
      }
      // Offsets at and past the end of the section, symbol indexes at and past the end of the table.
      const symCount = Number(sectionField(base, r.symtab, "sh_size").value) / (is64 ? 24 : 16);
      for (const off of [noteSize - 1, noteSize - 4, noteSize - 8, noteSize, 2 ** 32 - 1, -1]) {
        const b = base.slice();
        setOffset(b, 2, BigInt(off));
        yield [`offset${off}`, b];
      }
      for (const sym of [symCount - 1, symCount, 0xffffff]) {
        const b = base.slice();
        setRelocInfo(b, r, 2, { sym, type: originalType(base, r, 2) });
        yield [`sym${sym}`, b];
      }
    });
    const result = compareAll(files);
    expect(result.differ).toEqual([]);
    expect(result.ours.status).toBe(result.readelf.status);
  });

  it.each(["x86_64", "i686", "arm", "sparc64", "hppa", "mips64el", "sh4"])("probes-%s.o with each symbol type (stderr too)", (arch) => {
    const files = variants(arch, function* (base, r) {
      for (const osabi of [0, 3, 9]) {
        for (let type = 0; type < 16; type++) {
          const b = base.slice();
          b[7] = osabi;
          setSymbolType(b, r, relocSymbol(base, r, 2), type);
          yield [`osabi${osabi}-stt${type}`, b];
        }
      }
    });
    const result = compareAll(files);
    expect(result.differ).toEqual([]);
    expect(result.ours.status).toBe(result.readelf.status);
    expect(result.ours.stderr).toBe(asOurs(result.readelf.stderr));
  });

  it("warns about an unsupported type once per run of the same type, and about a machine without a table", () => {
    const [same] = variants("x86_64", function* (base, r) {
      const b = base.slice();
      for (const [i, type] of [[0, 5], [1, 5], [2, 6], [3, 6], [4, 5]] as const) setRelocInfo(b, r, i, { sym: relocSymbol(base, r, i), type });
      yield ["unsupported", b];
    });
    let result = compareAll([same!]);
    expect(result.differ).toEqual([]);
    expect(result.ours.stderr).toBe(asOurs(result.readelf.stderr));
    expect(result.ours.stderr.split("\n").filter((l) => l.includes("unsupported reloc type"))).toHaveLength(3);
    // EM_ALPHA as the gABI numbers it (41); GNU tools write 0x9026, the only one readelf has a table for.
    const [unknown] = variants("alpha", function* (base) {
      const b = base.slice();
      new DataView(b.buffer).setUint16(18, 41, b[5] !== 2);
      yield ["em41", b];
    });
    result = compareAll([unknown!]);
    expect(result.differ).toEqual([]);
    // readelf says this as an error, we as a warning (the relocation warnings of a block are warnings).
    const missing = "Missing knowledge of 32-bit reloc types used in DWARF sections of machine number 41";
    expect(result.readelf.stderr).toContain(`readelf: Error: ${missing}`);
    expect(result.ours.stderr).toContain(`stapsdt-ls: Warning: ${missing}`);
  });
});

/** The type of relocation record `i` as the object has it. */
function originalType(b: Uint8Array, r: NoteRelocs, i: number): number {
  const { is64, le, machine } = elfShape(b);
  const at = r.at + i * r.entsize + (is64 ? 8 : 4);
  const dv = new DataView(b.buffer, b.byteOffset, b.byteLength);
  return splitRelocInfo(is64 ? dv.getBigUint64(at, le) : BigInt(dv.getUint32(at, le)), machine, is64, le).type;
}
