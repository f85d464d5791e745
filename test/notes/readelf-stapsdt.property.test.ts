/**
 * `readelf -n` of stapsdt notes (src/format/readelf/readelf-stapsdt.ts)
 * against GNU readelf: the same stdout bytes and status for random containers
 * of stapsdt notes (strings with any non-NUL byte, words up to 2^64 - 1,
 * trailing bytes), malformed and look-alike notes (short descriptors,
 * unterminated strings, other types, owners that are nearly `stapsdt`), and
 * other notes, in both classes and byte orders, sections and segments,
 * alignments 4 and 8, with and without -W. Also: which notes are printed
 * without a decoded note, and that the committed fixtures' probes all are.
 */
import * as fs from "node:fs";
import * as os from "node:os";
import * as path from "node:path";
import fc from "fast-check";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { openElf } from "../../src/index.js";
import { withElfFile } from "../../src/node.js";
import { walkNotes } from "../../src/elf/notes.js";
import { readelfNotes } from "../../src/format/readelf/readelf.js";
import {
  NOTE_NOT_TAKEN, NOTE_PRINTED, NOTE_PRINTED_TRAILING, writeStapsdtNote,
} from "../../src/format/readelf/readelf-stapsdt.js";
import { ByteSink, SINK_CHUNK } from "../../src/format/sink.js";
import { readelf } from "../../scripts/readelf-diff.mjs";
import { hasTool } from "../helpers/system.js";
import { readIntoSource } from "../helpers/sources.js";
import { testElf } from "./elf.js";

const STAPSDT = [0x73, 0x74, 0x61, 0x70, 0x73, 0x64, 0x74];

/** One note record with raw owner bytes (`namesz` = owner.length). */
function rawNote(owner: readonly number[], type: number, desc: Uint8Array, le: boolean, align: number): Uint8Array {
  const up = (x: number): number => Math.ceil(x / align) * align;
  const descAt = up(12 + owner.length);
  const out = new Uint8Array(up(descAt + desc.length));
  const dv = new DataView(out.buffer);
  dv.setUint32(0, owner.length, le);
  dv.setUint32(4, desc.length, le);
  dv.setUint32(8, type, le);
  out.set(owner, 12);
  out.set(desc, descAt);
  return out;
}

/** A stapsdt descriptor: three words, then the given string bytes (NULs included by the caller). */
function desc(words: readonly bigint[], is64: boolean, le: boolean, rest: readonly number[]): Uint8Array {
  const w = is64 ? 8 : 4;
  const out = new Uint8Array(3 * w + rest.length);
  const dv = new DataView(out.buffer);
  words.forEach((v, i) => (is64 ? dv.setBigUint64(i * w, v, le) : dv.setUint32(i * w, Number(v & 0xffffffffn), le)));
  out.set(rest, 3 * w);
  return out;
}

const nonNul = fc.array(fc.oneof(fc.integer({ min: 1, max: 0xff }), fc.integer({ min: 0x20, max: 0x7e })), { maxLength: 24 });
const word = fc.oneof(
  fc.bigInt({ min: 0n, max: 2n ** 64n - 1n }),
  fc.bigInt({ min: 0n, max: 2n ** 32n - 1n }),
  fc.constantFrom(0n, 1n, 2n ** 53n - 1n, 2n ** 53n + 1n, 2n ** 63n, 2n ** 64n - 1n, 0x00000000004f20a1n, 0xffffffffn),
);

/** What a note of the generated container is. */
const noteSpec = fc.oneof(
  // Well-formed, maybe with trailing bytes (any bytes, NULs too).
  { weight: 6, arbitrary: fc.record({
    kind: fc.constant("probe" as const), words: fc.tuple(word, word, word), provider: nonNul, name: nonNul, args: nonNul,
    trailing: fc.oneof({ weight: 4, arbitrary: fc.constant([] as number[]) }, { weight: 1, arbitrary: fc.array(fc.nat({ max: 0xff }), { minLength: 1, maxLength: 5 }) }),
  }) },
  // The same descriptor bytes cut anywhere (too small, unterminated strings).
  { weight: 2, arbitrary: fc.record({ kind: fc.constant("cut" as const), words: fc.tuple(word, word, word), provider: nonNul, name: nonNul, args: nonNul, keep: fc.nat() }) },
  // A well-formed descriptor under another type or a look-alike owner.
  { weight: 2, arbitrary: fc.record({
    kind: fc.constant("other-owner" as const), words: fc.tuple(word, word, word), provider: nonNul, name: nonNul, args: nonNul,
    owner: fc.constantFrom([...STAPSDT, 0], [...STAPSDT, 0, 0], [...STAPSDT, 0x78], [...STAPSDT], [...STAPSDT, 0x01, 0], [0x73, 0x74, 0x61, 0x70, 0x73, 0x64, 0x75, 0], [], [0x47, 0x4e, 0x55, 0]),
    type: fc.constantFrom(3, 0, 1, 2, 4, 0x103),
  }) },
  // Anything else.
  { weight: 1, arbitrary: fc.record({ kind: fc.constant("bytes" as const), owner: fc.array(fc.nat({ max: 0xff }), { maxLength: 10 }), type: fc.constantFrom(1, 3, 4, 5), d: fc.uint8Array({ maxLength: 40 }) }) },
);
type NoteSpec = typeof noteSpec extends fc.Arbitrary<infer T> ? T : never;

function noteOf(s: NoteSpec, is64: boolean, le: boolean, align: number): Uint8Array {
  const owner = [...STAPSDT, 0];
  switch (s.kind) {
    case "probe":
      return rawNote(owner, 3, desc(s.words, is64, le, [...s.provider, 0, ...s.name, 0, ...s.args, 0, ...s.trailing]), le, align);
    case "cut": {
      const d = desc(s.words, is64, le, [...s.provider, 0, ...s.name, 0, ...s.args, 0]);
      return rawNote(owner, 3, d.subarray(0, s.keep % d.length), le, align);
    }
    case "other-owner":
      return rawNote(s.owner, s.type, desc(s.words, is64, le, [...s.provider, 0, ...s.name, 0, ...s.args, 0]), le, align);
    case "bytes":
      return rawNote(s.owner, s.type, s.d, le, align);
  }
}

/** Our `-n` of `elf` against GNU readelf's: stdout and exit status. */
function againstReadelf(file: string, elf: Uint8Array, wide: boolean): void {
  fs.writeFileSync(file, elf);
  const want = readelf(file, wide);
  const got = readelfNotes(openElf(elf), { wide });
  expect(got.text).toBe(want.text);
  expect(got.ok ? 0 : 1).toBe(want.status);
}

describe.skipIf(!hasTool("readelf"))("readelf -n of stapsdt notes against GNU readelf", () => {
  let dir = "";
  beforeAll(() => { dir = fs.mkdtempSync(path.join(os.tmpdir(), "stapsdt-n-")); });
  afterAll(() => fs.rmSync(dir, { recursive: true, force: true }));

  it("for random containers of stapsdt, malformed and other notes", () => {
    fc.assert(fc.property(
      fc.array(noteSpec, { maxLength: 8 }), fc.uint8Array({ maxLength: 14 }), fc.boolean(), fc.boolean(),
      fc.constantFrom(4, 8), fc.boolean(), fc.boolean(), fc.constantFrom(1, 2, 4),
      (specs, tail, is64, le, align, segment, wide, type) => {
        const notes = specs.map((s) => noteOf(s, is64, le, align));
        const body = new Uint8Array([...notes.flatMap((n) => [...n]), ...tail]);
        againstReadelf(path.join(dir, "f"), testElf({ notes: body, align: BigInt(align), le, is64, type, segment }), wide);
      }), { numRuns: 150 });
  });

  it("over the sink's buffer boundary (more than 1 MiB of text)", () => {
    // Deterministic: ~8,000 probes of ~250 bytes of text, long strings at random.
    let x = 0x9e3779b9;
    const rand = (n: number): number => {
      x ^= x << 13; x ^= x >>> 17; x ^= x << 5;
      return (x >>> 0) % n;
    };
    for (const [is64, le] of [[true, true], [false, false]] as const) {
      const parts: number[] = [];
      for (let i = 0; i < 8000; i++) {
        const str = (max: number): number[] => Array.from({ length: rand(max) }, () => 1 + rand(255));
        const words = [BigInt(rand(2 ** 31)) << 20n, BigInt(i), BigInt(rand(3) === 0 ? 0 : i * 7)];
        const d = desc(words, is64, le, [...str(12), 0, ...str(30), 0, ...str(i % 500 === 0 ? 3000 : 160), 0]);
        parts.push(...rawNote([...STAPSDT, 0], 3, i % 997 === 0 ? d.subarray(0, d.length - 1) : d, le, 4));
      }
      const elf = testElf({ notes: Uint8Array.from(parts), le, is64 });
      for (const wide of [false, true]) againstReadelf(path.join(dir, "big"), elf, wide);
      expect(readelfNotes(openElf(elf)).text.length).toBeGreaterThan(SINK_CHUNK);
    }
  });
});

describe("writeStapsdtNote", () => {
  const sink = (): { s: ByteSink; got: number[] } => {
    const got: number[] = [];
    return { s: new ByteSink((b) => { for (const x of b) got.push(x); }), got };
  };
  const walk = (bytes: Uint8Array, le: boolean, visit: (at: number, namesz: number, descsz: number, type: number, descAt: number) => void): void => {
    const end = walkNotes(bytes, 0, 4n, le, visit);
    expect(end.error).toBeNull();
  };

  it("prints well-formed notes, and says whether readelf fails them for trailing bytes", () => {
    fc.assert(fc.property(fc.tuple(word, word, word), nonNul, nonNul, nonNul, fc.boolean(), fc.boolean(), fc.boolean(), fc.uint8Array({ maxLength: 3 }),
      (words, provider, name, args, is64, le, wide, trailing) => {
        const bytes = rawNote([...STAPSDT, 0], 3, desc(words, is64, le, [...provider, 0, ...name, 0, ...args, 0, ...trailing]), le, 4);
        const { s, got } = sink();
        walk(bytes, le, (at, namesz, descsz, type, descAt) => {
          expect(writeStapsdtNote(s, bytes, at, namesz, descsz, type, descAt, is64, le, wide))
            .toBe(trailing.length === 0 ? NOTE_PRINTED : NOTE_PRINTED_TRAILING);
        });
        s.flush();
        const w = is64 ? 16 : 8;
        const mask = is64 ? 2n ** 64n - 1n : 0xffffffffn;
        const hex = (v: bigint): string => (v & mask).toString(16).padStart(w, "0");
        const latin1 = (b: readonly number[]): string => String.fromCharCode(...b);
        const descsz = new DataView(bytes.buffer).getUint32(4, le);
        expect(latin1(got)).toBe(
          `  stapsdt              0x${descsz.toString(16).padStart(8, "0")}\tNT_STAPSDT (SystemTap probe descriptors)${wide ? "\t" : "\n"}` +
          `    Provider: ${latin1(provider)}\n    Name: ${latin1(name)}\n` +
          `    Location: 0x${hex(words[0])}, Base: 0x${hex(words[1])}, Semaphore: 0x${hex(words[2])}\n` +
          `    Arguments: ${latin1(args)}\n`);
      }));
  });

  it("writes nothing for the notes it leaves to the decoder and printer", () => {
    fc.assert(fc.property(noteSpec.filter((s) => s.kind !== "probe"), fc.boolean(), fc.boolean(), (spec, is64, le) => {
      const bytes = noteOf(spec, is64, le, 4);
      const { s } = sink();
      s.ascii("x");
      walk(bytes, le, (at, namesz, descsz, type, descAt) => {
        const r = writeStapsdtNote(s, bytes, at, namesz, descsz, type, descAt, is64, le, false);
        if (r !== NOTE_NOT_TAKEN) {
          // Only a look-alike spelled exactly `stapsdt\0` with type 3 (or a cut that kept the whole descriptor) is a probe.
          expect(r).toBe(NOTE_PRINTED);
          expect(spec.kind === "other-owner" ? spec.owner.length === 8 && spec.owner[7] === 0 && spec.type === 3 : spec.kind === "cut").toBe(true);
        } else {
          expect(s.position).toBe(1);
        }
      });
    }));
  });

  it("writes across the end of the sink's buffer", () => {
    const bytes = rawNote([...STAPSDT, 0], 3, desc([1n, 2n, 3n], true, true, [0x61, 0, 0x62, 0, 0]), true, 4);
    const { s, got } = sink();
    s.spaces(SINK_CHUNK - 100);
    walk(bytes, true, (at, namesz, descsz, type, descAt) => {
      expect(writeStapsdtNote(s, bytes, at, namesz, descsz, type, descAt, true, true, false)).toBe(NOTE_PRINTED);
    });
    s.flush();
    const text = String.fromCharCode(...got.slice(SINK_CHUNK - 100));
    expect(text).toBe("  stapsdt              0x0000001d\tNT_STAPSDT (SystemTap probe descriptors)\n    Provider: a\n    Name: b\n" +
      "    Location: 0x0000000000000001, Base: 0x0000000000000002, Semaphore: 0x0000000000000003\n    Arguments: \n");
  });

  it("takes the probe notes of the committed fixtures (both classes and byte orders)", () => {
    // probes-powerpc and probes-mips are ELF32 big-endian, probes-s390x ELF64
    // big-endian; their -n output is compared with readelf's in readelf-golden.test.ts.
    const dir = path.resolve(__dirname, "../../fixtures/binaries/notes");
    for (const name of ["probes-powerpc", "probes-mips", "probes-s390x", "probes-i686", "probes-x86_64", "crafted/stapsdt-elf32-be", "crafted/stapsdt-elf64-be"]) {
      withElfFile(path.join(dir, name), (file) => {
        let probes = 0;
        let others = 0;
        for (const c of file.noteContainers(() => {})) {
          if (c.name !== ".note.stapsdt") continue;
          const data = file.noteData(c);
          const { s } = sink();
          walkNotes(data, c.offset, c.align, file.littleEndian, (at, namesz, descsz, type, descAt) => {
            const r = writeStapsdtNote(s, data, at, namesz, descsz, type, descAt, file.is64, file.littleEndian, false);
            if (r === NOTE_PRINTED) probes++;
            else others++;
          });
        }
        expect(probes, name).toBeGreaterThan(0);
        // The crafted files also hold corrupt notes, on purpose.
        if (!name.startsWith("crafted/")) expect(others, name).toBe(0);
      });
    }
  });
});

describe("readelf -n with containers read in chunks (stream) prints what it prints from whole containers", () => {
  const same = (elf: Uint8Array, wide: boolean, chunkSize: number): void => {
    const whole = readelfNotes(openElf(elf), { wide });
    const chunked = readelfNotes(openElf(readIntoSource(elf)), { wide, stream: true, chunkSize });
    expect(chunked.text).toBe(whole.text);
    expect(chunked.diagnostics).toEqual(whole.diagnostics);
    expect(chunked.ok).toBe(whole.ok);
  };

  it("for random containers (executables, shared objects and cores; ET_REL is read whole)", () => {
    fc.assert(fc.property(
      fc.array(noteSpec, { maxLength: 10 }), fc.uint8Array({ maxLength: 14 }), fc.boolean(), fc.boolean(),
      fc.constantFrom(4, 8), fc.boolean(), fc.boolean(), fc.constantFrom(2, 3, 4), fc.integer({ min: 1, max: 300 }),
      (specs, tail, is64, le, align, segment, wide, type, chunkSize) => {
        const notes = specs.map((s) => noteOf(s, is64, le, align));
        const body = new Uint8Array([...notes.flatMap((n) => [...n]), ...tail]);
        same(testElf({ notes: body, align: BigInt(align), le, is64, type, segment }), wide, chunkSize);
      }), { numRuns: 400 });
  });

  it("for every committed note fixture", () => {
    const dir = path.resolve(__dirname, "../../fixtures/binaries/notes");
    const files = fs.readdirSync(dir, { recursive: true, withFileTypes: true })
      .filter((d) => d.isFile() && !d.name.includes("."))
      .map((d) => path.join(d.parentPath ?? d.path, d.name));
    expect(files.length).toBeGreaterThan(10);
    for (const f of files) {
      const bytes = new Uint8Array(fs.readFileSync(f));
      for (const chunkSize of [7, 64, 4096]) same(bytes, false, chunkSize);
      same(bytes, true, 64);
    }
  });
});
