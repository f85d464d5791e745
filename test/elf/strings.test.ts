import fc from "fast-check";
import { describe, expect, it } from "vitest";
import { asciiText, decodeString, StringTable } from "../../src/elf/strings.js";

describe("asciiText", () => {
  it("has one character per byte, equal to the byte below 0x80", () => {
    fc.assert(fc.property(fc.uint8Array({ maxLength: 9000 }), (bytes) => {
      const text = asciiText(bytes);
      expect(text.length).toBe(bytes.length);
      for (let i = 0; i < bytes.length; i++) if (bytes[i]! < 0x80) expect(text.charCodeAt(i)).toBe(bytes[i]);
    }), { numRuns: 50 });
  });

  it("gives what decodeString gives for ASCII ranges", () => {
    fc.assert(fc.property(fc.uint8Array({ maxLength: 200 }).map((b) => b.map((x) => x & 0x7f)), fc.nat(), fc.nat(), (bytes, a, b) => {
      const s = Math.min(a, b) % (bytes.length + 1);
      const e = Math.max(s, Math.max(a, b) % (bytes.length + 1));
      expect(asciiText(bytes).substring(s, e)).toBe(decodeString(bytes, s, e));
    }));
  });
});

describe("StringTable", () => {
  /** What a name at `i` is, read the plain way: up to the first NUL at or after it, as UTF-8. */
  const oracle = (bytes: Uint8Array, i: number): string | null => {
    if (!Number.isInteger(i) || i < 0 || i >= bytes.length) return null;
    const nul = bytes.indexOf(0, i);
    return nul < 0 ? null : new TextDecoder().decode(bytes.subarray(i, nul));
  };
  // Mostly letters, a few NULs (long runs), sometimes none at the end.
  const asciiTable = fc.array(fc.oneof({ weight: 12, arbitrary: fc.constantFrom(0x61, 0x62, 0x2e) }, { weight: 1, arbitrary: fc.constant(0) }),
    { minLength: 1, maxLength: 400 }).map((a) => Uint8Array.from(a));
  // Enough lookups, inside the table and just outside it, to spend the search
  // budget (4 times the table's size, and 4 KiB) in most runs.
  const lookups = fc.array(fc.nat(), { minLength: 1000, maxLength: 3000 });

  it("get, has and is answer as the bytes say, however many lookups (past the search budget too)", () => {
    fc.assert(fc.property(asciiTable, lookups, fc.constantFrom("a", "ab", ".a", "", "a\0b"), (bytes, raw, name) => {
      const t = new StringTable(bytes);
      const at = raw.map((r) => (r % (bytes.length + 4)) - 2);
      const got = at.map((i) => [i, t.get(i), t.has(i), t.is(i, name)]);
      const want = at.map((i) => [i, oracle(bytes, i), oracle(bytes, i) !== null, oracle(bytes, i) === name]);
      expect(got).toEqual(want);
    }), { numRuns: 200, endOnFailure: true });
  });

  it("a table with other bytes: the same answers within its decoding budget", () => {
    const table = fc.array(fc.constantFrom(0x61, 0x00, 0xc3, 0xa9, 0xff), { maxLength: 200 }).map((a) => Uint8Array.from(a));
    fc.assert(fc.property(table, fc.array(fc.integer({ min: -1, max: 210 }), { maxLength: 200 }), (bytes, at) => {
      const t = new StringTable(bytes);
      expect(t.ascii).toBe(bytes.every((b) => b < 0x80));
      for (const i of at) {
        const got = t.get(i);
        // A fresh non-ASCII decoding may be refused past the budget (null); anything given is right.
        if (got !== null) expect(got).toBe(oracle(bytes, i));
        else if (oracle(bytes, i) !== null) expect(bytes.subarray(i).some((b) => b >= 0x80)).toBe(true);
        expect(t.is(i, "a")).toBe(got === "a");
      }
    }), { numRuns: 300, endOnFailure: true });
  });
});
