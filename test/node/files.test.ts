/**
 * The file source (src/node/files.ts): small reads come from whole pages
 * read once and kept in a scratch buffer the source owns; what `read`
 * returns is a copy. The oracle of every byte is the file as
 * `fs.readFileSync` gives it.
 */
import { spawnSync } from "node:child_process";
import * as fs from "node:fs";
import * as os from "node:os";
import * as path from "node:path";
import fc from "fast-check";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { openElfSource, openFileSource } from "../../src/node/files.js";
import { sampleElf } from "../helpers/sample.js";

const FIXTURES = path.resolve(__dirname, "../../fixtures/binaries");
/** The committed ELF fixtures (every file that starts with the ELF magic). */
const ELF_FIXTURES = fs.readdirSync(FIXTURES, { recursive: true, encoding: "utf8" })
  .map((f) => path.join(FIXTURES, f))
  .filter((f) => {
    if (!fs.statSync(f).isFile()) return false;
    const b = fs.readFileSync(f);
    return b.length >= 4 && b.readUInt32BE(0) === 0x7f454c46;
  });

let dir = "";
beforeAll(() => {
  dir = fs.mkdtempSync(path.join(os.tmpdir(), "stapsdt-files-"));
});
afterAll(() => fs.rmSync(dir, { recursive: true, force: true }));

/** Descriptors this process has open (Linux). */
const openFds = (): number => fs.readdirSync("/proc/self/fd").length;

describe("FileSource reads", () => {
  it("has ELF fixtures to read", () => {
    expect(ELF_FIXTURES.length).toBeGreaterThan(20);
  });

  it("any sequence of ranges gives the file's bytes, small (from pages) and large (read as asked)", () => {
    // A big file too: 200 KiB of a pattern, so that ranges cross pages and slots are reused.
    const big = path.join(dir, "pattern");
    fs.writeFileSync(big, Uint8Array.from({ length: 200 * 1024 }, (_, i) => (i * 7 + (i >> 12)) & 0xff));
    const files = [...ELF_FIXTURES.slice(0, 12), big];
    fc.assert(fc.property(
      fc.constantFrom(...files),
      fc.array(fc.tuple(fc.double({ min: 0, max: 1, noNaN: true }), fc.oneof(fc.integer({ min: 0, max: 64 }), fc.integer({ min: 0, max: 40000 }))), { minLength: 1, maxLength: 30 }),
      (file, ranges) => {
        const want = fs.readFileSync(file);
        const source = openFileSource(file);
        try {
          for (const [at, len] of ranges) {
            const offset = Math.floor(at * want.length);
            const length = Math.min(len, want.length - offset);
            const got = source.read(offset, length);
            expect(got.length).toBe(length);
            expect(Buffer.from(got).equals(want.subarray(offset, offset + length))).toBe(true);
          }
        } finally {
          source.close();
        }
      },
    ), { numRuns: 150 });
  });

  it("ranges that end at, or a byte past, the end of the pages already read, or start a byte before them", () => {
    const f = path.join(dir, "edges");
    const want = Buffer.from(Uint8Array.from({ length: 64 * 1024 }, (_, i) => (i * 13 + 1) & 0xff));
    fs.writeFileSync(f, want);
    for (const first of [[0, 64], [20_000, 100], [30_000, 5000], [65_000, 536]] as const) {
      for (let edge = 0; edge <= 64 * 1024; edge += 4096) {
        for (const [offset, length] of [[edge - 10, 10], [edge - 10, 11], [edge - 1, 2], [edge, 1], [edge - 5000, 5000], [edge - 4096, 8193]]) {
          if (offset! < 0 || offset! + length! > want.length) continue;
          const source = openFileSource(f);
          try {
            source.read(first[0], first[1]); // pages around it are now held
            expect(Buffer.from(source.read(offset!, length!)).equals(want.subarray(offset, offset! + length!))).toBe(true);
          } finally {
            source.close();
          }
        }
      }
    }
  });

  it("returns copies: changing one, closing the file and reading others leaves what was returned as it was", () => {
    const [a, b] = ELF_FIXTURES;
    const bytesA = fs.readFileSync(a!);
    const source = openFileSource(a!);
    const head = source.read(0, 64);
    const again = source.read(0, 64);
    head.fill(0);
    expect(Buffer.from(again).equals(bytesA.subarray(0, 64))).toBe(true);
    expect(Buffer.from(source.read(0, 64)).equals(bytesA.subarray(0, 64))).toBe(true);
    source.close();
    // The next source takes over the scratch buffer: the copies must not see it.
    for (const f of [b!, ...ELF_FIXTURES.slice(2, 8)]) {
      const s = openElfSource(f);
      s?.read(0, 64);
      s?.read(Math.max(0, s.size - 100), 100);
      s?.close();
    }
    expect(Buffer.from(again).equals(bytesA.subarray(0, 64))).toBe(true);
  });

  it("a read after close is EBADF and leaves the source that took over the scratch buffer alone", () => {
    const [a, b] = ELF_FIXTURES;
    const first = openFileSource(a!);
    first.read(0, 64);
    first.close();
    const second = openFileSource(b!);
    const want = fs.readFileSync(b!);
    second.read(0, 64); // its pages are now in the scratch the first one gave back
    for (const read of [() => first.read(0, 64), () => first.read(5000, 100), () => first.readInto!(0, 10, new Uint8Array(10))]) {
      expect(read).toThrow(expect.objectContaining({ code: "EBADF" }));
    }
    expect(Buffer.from(second.read(0, 4096)).equals(want.subarray(0, 4096))).toBe(true);
    second.close();
  });

  it("a file that shrinks after it was opened: a read past its new end is TRUNCATED, never stale or short", () => {
    const f = path.join(dir, "shrinks");
    fs.writeFileSync(f, Uint8Array.from({ length: 100_000 }, (_, i) => i & 0xff));
    const source = openFileSource(f);
    try {
      expect(source.read(10, 10)[0]).toBe(10);
      fs.truncateSync(f, 30_000);
      // In pages already read: the bytes as they were read.
      expect(source.read(20, 10)[0]).toBe(20);
      // Past the new end: small and large reads alike.
      expect(() => source.read(50_000, 100)).toThrow(expect.objectContaining({ name: "ElfError", code: "TRUNCATED" }));
      expect(() => source.read(29_000, 30_000)).toThrow(expect.objectContaining({ name: "ElfError", code: "TRUNCATED" }));
      // Before it: still read.
      expect(source.read(29_000, 100)[0]).toBe(29_000 & 0xff);
    } finally {
      source.close();
    }
  });
});

describe("openElfSource (the scan's open)", () => {
  const put = (name: string, bytes: Uint8Array | string): string => {
    const f = path.join(dir, name);
    fs.writeFileSync(f, bytes);
    return f;
  };

  it("gives null, and no descriptor left open, for files without the ELF magic", () => {
    const before = openFds();
    for (const [name, bytes] of [["empty", ""], ["three", "\x7fEL"], ["text", "#!/bin/sh\necho hi\n"], ["almost", "\x7fELG and more"]] as const) {
      expect(openElfSource(put(name, bytes))).toBeNull();
    }
    expect(openFds()).toBe(before);
  });

  it("gives a source of the whole file, with the size, device and inode fstat gives, for ELF files", () => {
    const small = put("small.elf", sampleElf().bytes.subarray(0, 6)); // the magic, then the file ends
    for (const f of [...ELF_FIXTURES.slice(0, 6), small]) {
      const st = fs.statSync(f, { bigint: true });
      const want = fs.readFileSync(f);
      const source = openElfSource(f);
      expect(source).not.toBeNull();
      try {
        expect([source!.size, source!.dev, source!.ino]).toEqual([Number(st.size), st.dev, st.ino]);
        expect(Buffer.from(source!.read(0, want.length)).equals(want)).toBe(true);
      } finally {
        source!.close();
      }
    }
  });

  it("a FIFO is passed over or refused, never waited on", () => {
    const fifo = path.join(dir, "fifo");
    if (spawnSync("mkfifo", [fifo]).status !== 0) return;
    let got: unknown;
    try {
      got = openElfSource(fifo);
    } catch (e) {
      got = e;
    }
    expect(got === null || (got as { code?: string }).code !== undefined).toBe(true);
  });
});
