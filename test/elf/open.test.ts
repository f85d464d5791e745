/**
 * `openElf` takes bytes in every form they come in (a `Uint8Array`, an
 * `ArrayBuffer`, a `DataView`, a `ByteSource`) and sees
 * exactly the bytes a view shows: its `byteOffset` and `byteLength`, not the
 * whole buffer behind it.
 */
import * as fs from "node:fs";
import fc from "fast-check";
import { describe, expect, it } from "vitest";
import { bytesSource, countingSource, ElfError, listProbes, openElf, type ElfFile } from "../../src/index.js";

const FIXTURE = new URL("../../fixtures/binaries/x86_64/probes-pie", import.meta.url).pathname;
const bytes = new Uint8Array(fs.readFileSync(FIXTURE));

/** The probes and warnings of a file, comparable across inputs (bigints as text). */
function listing(file: ElfFile): string {
  const { probes, buildId, warnings } = listProbes(file);
  return JSON.stringify({ probes, buildId, warnings: warnings.map((w) => [w.code, w.message]) }, (_k, v: unknown) =>
    (typeof v === "bigint" ? `${v}n` : v));
}

/** A resizable ArrayBuffer holding `bytes` (ES2024; the compiler's lib predates it). */
function resizable(length: number, maxByteLength: number): ArrayBuffer & { resize(n: number): void } {
  type Resizable = ArrayBuffer & { resize(n: number): void };
  const ab = new (ArrayBuffer as unknown as new (n: number, o: { maxByteLength: number }) => Resizable)(length, { maxByteLength });
  new Uint8Array(ab).set(bytes.subarray(0, length));
  return ab;
}

/** `bytes` copied into a larger buffer at `at`, with garbage (another ELF magic) on both sides. */
function embedded(at: number): ArrayBuffer {
  const buffer = new ArrayBuffer(at + bytes.length + 64);
  new Uint8Array(buffer).fill(0xa5);
  new Uint8Array(buffer).set([0x7f, 0x45, 0x4c, 0x46, 1, 1, 1], 0);
  new Uint8Array(buffer).set(bytes, at);
  return buffer;
}

describe("openElf inputs", () => {
  const expected = listing(openElf(bytes));

  it("has probes to compare", () => {
    expect(listProbes(openElf(bytes)).probes.length).toBeGreaterThan(0);
  });

  it("an ArrayBuffer gives the same probes as the Uint8Array", () => {
    const buffer = bytes.slice().buffer;
    expect(buffer.byteLength).toBe(bytes.length);
    const file = openElf(buffer);
    expect(file.source.size).toBe(bytes.length);
    expect(listing(file)).toBe(expected);
  });

  it("a DataView with a non-zero byteOffset sees only its bytes", () => {
    const view = new DataView(embedded(24), 24, bytes.length);
    const file = openElf(view);
    expect(file.source.size).toBe(bytes.length);
    expect(listing(file)).toBe(expected);
  });

  it("a Uint8Array with a non-zero byteOffset sees only its bytes", () => {
    expect(listing(openElf(new Uint8Array(embedded(8), 8, bytes.length)))).toBe(expected);
  });

  it("a ByteSource is used as it is", () => {
    const source = countingSource(bytesSource(bytes));
    const file = openElf(source);
    expect(file.source).toBe(source);
    expect(listing(file)).toBe(expected);
    // The header only was read by openElf; listing reads far less than the file.
    expect(source.bytesRead).toBeLessThan(bytes.length / 2);
  });

  it("a view that cuts the file short is TRUNCATED, one past its magic NOT_ELF", () => {
    const buffer = embedded(32);
    expect(() => openElf(new DataView(buffer, 32, 40))).toThrow(expect.objectContaining({ code: "TRUNCATED" }));
    expect(() => openElf(new DataView(buffer, 33, 100))).toThrow(ElfError);
    expect(() => openElf(new DataView(buffer, 33, 100))).toThrow(expect.objectContaining({ code: "NOT_ELF" }));
  });

  it("anything else is a BAD_INPUT ElfError that says what was expected, never a TypeError", () => {
    const expectBadInput = (input: unknown, says: RegExp): void => {
      let thrown: unknown;
      try {
        openElf(input as Uint8Array);
      } catch (e) {
        thrown = e;
      }
      expect(thrown).toBeInstanceOf(ElfError);
      expect(thrown).toMatchObject({ code: "BAD_INPUT", message: expect.stringMatching(says) });
    };
    expectBadInput("/usr/bin/python3.11", /not a string \(a path\? under Node, openFileSource\(path\)/);
    expectBadInput(42, /takes a Uint8Array, ArrayBuffer, DataView or byte source .* not a number/);
    expectBadInput(null, /not null/);
    expectBadInput(undefined, /not an undefined/);
    expectBadInput({}, /not an object/);
    expectBadInput({ read: () => new Uint8Array(0) }, /not an object/); // no size
    const gone = new ArrayBuffer(64);
    structuredClone(gone, { transfer: [gone] });
    expectBadInput(gone, /memory is gone/);
  });

  /**
   * Lists `file` after `change` (made after open, or after a first listing):
   * the listing as text, or what was thrown.
   */
  const attempt = (file: ElfFile, change: () => void, early: boolean): unknown => {
    try {
      if (!early) listProbes(file);
      change();
      return listing(file);
    } catch (e) {
      return e;
    }
  };
  /** The listing, or one whose every warning has `code` (the bytes were gone), or an ElfError with `code`. */
  const expectGone = (got: unknown, code: string): void => {
    if (typeof got !== "string") {
      expect(got).toMatchObject({ name: "ElfError", code });
      return;
    }
    if (got === expected) return;
    const warnings = (JSON.parse(got) as { warnings: [string, string][] }).warnings;
    expect(warnings.length).toBeGreaterThan(0);
    for (const [c] of warnings) expect(c).toBe(code);
  };

  it("a resizable buffer that keeps its size lists as the Uint8Array does", () => {
    const ab = resizable(bytes.length, bytes.length * 2);
    expect(listing(openElf(ab))).toBe(expected);
    ab.resize(bytes.length * 2); // grown: the file is still the bytes it was opened with
    expect(listing(openElf(new Uint8Array(ab, 0, bytes.length)))).toBe(expected);
  });

  it("a resizable buffer shrunk after openElf: the listing, or TRUNCATED ElfErrors, never a RangeError", () => {
    fc.assert(fc.property(fc.integer({ min: 0, max: bytes.length }), fc.boolean(), (size, early) => {
      const ab = resizable(bytes.length, bytes.length);
      expectGone(attempt(openElf(ab), () => ab.resize(size), early), "TRUNCATED");
    }), { numRuns: 200 });
  });

  it("a buffer detached (transferred) after openElf: the listing, or BAD_INPUT ElfErrors, never a TypeError", () => {
    for (const early of [true, false]) {
      const ab = bytes.slice().buffer;
      expectGone(attempt(openElf(ab), () => structuredClone(ab, { transfer: [ab] }), early), "BAD_INPUT");
    }
  });
});
