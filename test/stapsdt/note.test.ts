/**
 * The stapsdt descriptor decoder against a plain reference: three `indexOf`
 * NUL searches and UTF-8 decoding of each string (the straightforward reading
 * of the format). The decoder's one-pass scan and its ASCII fast path must give
 * the same strings, the same addresses and the same errors.
 */
import fc from "fast-check";
import { describe, expect, it } from "vitest";
import { decodeStapsdt } from "../../src/stapsdt/note.js";
import { ElfError } from "../../src/index.js";
import { Reader } from "../../src/elf/reader.js";
import { concat, stapsdtDesc } from "../helpers/elf-builder.js";

function reference(bytes: Uint8Array, start: number, size: number, is64: boolean, le: boolean) {
  const w = is64 ? 8 : 4;
  const v = new DataView(bytes.buffer, bytes.byteOffset, bytes.byteLength);
  const word = (o: number) => (is64 ? v.getBigUint64(o, le) : BigInt(v.getUint32(o, le)));
  if (size < 3 * w) return { error: "short" };
  const end = start + size;
  const utf8 = new TextDecoder();
  const strings: string[] = [];
  let from = start + 3 * w;
  for (const what of ["provider", "name", "arguments"]) {
    const i = from < end ? bytes.indexOf(0, from) : -1;
    if (i < 0 || i >= end) return { error: `stapsdt ${what} string is not NUL-terminated inside the descriptor`, at: from };
    strings.push(utf8.decode(bytes.subarray(from, i)));
    from = i + 1;
  }
  return {
    location: word(start), base: word(start + w), semaphore: word(start + 2 * w),
    provider: strings[0], name: strings[1], arguments: strings[2], trailing: end - from,
  };
}

function decoded(bytes: Uint8Array, start: number, size: number, is64: boolean, le: boolean, fileOffset: number) {
  try {
    return decodeStapsdt(new Reader(bytes, le, is64), start, size, fileOffset);
  } catch (e) {
    if (!(e instanceof ElfError)) throw e;
    return e;
  }
}

/** Mostly ASCII, some NULs, some bytes >= 0x80 (valid and broken UTF-8). */
const byte = fc.oneof(
  { weight: 6, arbitrary: fc.integer({ min: 0x20, max: 0x7e }) },
  { weight: 2, arbitrary: fc.constant(0) },
  { weight: 1, arbitrary: fc.integer({ min: 0x80, max: 0xff }) },
);

describe("decodeStapsdt", () => {
  it("matches the reference on arbitrary descriptors inside a larger region", () => {
    fc.assert(fc.property(
      fc.uint8Array({ maxLength: 16 }), fc.array(byte, { maxLength: 60 }), fc.uint8Array({ maxLength: 8 }),
      fc.boolean(), fc.boolean(),
      (before, descBytes, after, is64, le) => {
        const desc = Uint8Array.from(descBytes);
        const region = concat(before, desc, after);
        const start = before.length;
        const got = decoded(region, start, desc.length, is64, le, 1000);
        const want = reference(region, start, desc.length, is64, le);
        if ("error" in want) {
          expect(got).toBeInstanceOf(ElfError);
          const e = got as ElfError;
          expect(e.code).toBe("BAD_PROBE");
          if (want.error !== "short") {
            expect(e.message).toBe(want.error);
            expect(e.offset).toBe(want.at! - start + 1000);
          }
        } else {
          expect(got).toEqual(want);
        }
      }));
  });

  it("decodes non-ASCII strings as UTF-8 and ASCII ones as they are", () => {
    const desc = stapsdtDesc(true, true, { location: 1n, base: 2n, semaphore: 3n, provider: "prov", name: "n", args: "8@%rax" });
    const utf8 = new TextEncoder().encode("café");
    const patched = concat(desc.subarray(0, 24), utf8, new Uint8Array([0]), new TextEncoder().encode("n\0-4@$1\0"));
    const d = decodeStapsdt(new Reader(patched, true, true), 0, patched.length, 0);
    expect([d.provider, d.name, d.arguments, d.trailing]).toEqual(["café", "n", "-4@$1", 0]);
    const a = decodeStapsdt(new Reader(desc, true, true), 0, desc.length, 0);
    expect([a.location, a.base, a.semaphore, a.provider, a.name, a.arguments]).toEqual([1n, 2n, 3n, "prov", "n", "8@%rax"]);
  });
});

describe("a descriptor range outside the note data", () => {
  // The decoder is public: a caller may pass any range. Each must give
  // BAD_PROBE naming the range, at the (non-negative) file offset given.
  const desc = stapsdtDesc(true, true, { location: 1n, base: 2n, provider: "p", name: "n" });
  const r = new Reader(desc, true, true);
  it.each([
    [-1, 24, "-0x1", "0x18"], [0, -1, "0x0", "-0x1"], [0.5, 24, "0.5", "0x18"], [0, desc.length + 1, "0x0", `0x${(desc.length + 1).toString(16)}`],
    [1, desc.length, "0x1", `0x${desc.length.toString(16)}`], [2 ** 53, 1, "9007199254740992", "0x1"],
  ])("start %s, size %s", (start, size, hs, hz) => {
    let caught: unknown;
    try {
      decodeStapsdt(r, start, size, 0x40);
    } catch (e) {
      caught = e;
    }
    expect(caught).toBeInstanceOf(ElfError);
    expect(caught).toMatchObject({ code: "BAD_PROBE", offset: 0x40, message: `stapsdt descriptor [${hs}, +${hz}) lies outside the note data at byte 0x40` });
  });
  it("a negative file offset is reported as 0", () => {
    expect(() => decodeStapsdt(r, -1, 1, -5)).toThrow(expect.objectContaining({ offset: 0 }));
  });
  it("the whole range is fine", () => {
    expect(decodeStapsdt(r, 0, desc.length, 0x40)).toMatchObject({ provider: "p", name: "n", location: 1n, base: 2n });
  });
});
