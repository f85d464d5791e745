import fc from "fast-check";
import { describe, expect, it } from "vitest";
import { asciiText, decodeString } from "../../src/elf/strings.js";

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
