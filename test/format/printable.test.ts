import { describe, expect, it } from "vitest";
import { printable } from "../../src/index.js";

describe("printable", () => {
  it("escapes C0, DEL, C1 and bidi controls, and nothing else", () => {
    expect(printable("evil\x1b[2J\x07")).toBe("evil\\x1b[2J\\x07");
    expect(printable("a\x00b\x7fc\u009bd")).toBe("a\\x00b\\x7fc\\u009bd");
    expect(printable("abc\u202edef\u2066")).toBe("abc\\u202edef\\u2066");
    // Line and paragraph separators: line breaks to some terminals and editors.
    expect(printable("a\u2028b\u2029c")).toBe("a\\u2028b\\u2029c");
    for (const ok of ["python", "function__entry", "8@%rbp -4@-20(%rbp)", "héllo ünïcode", "日本", "a\\b"]) {
      expect(printable(ok)).toBe(ok);
    }
  });

  it("is idempotent and leaves no control character behind", () => {
    for (let c = 0; c < 0x3000; c++) {
      const s = `x${String.fromCharCode(c)}y`;
      const once = printable(s);
      expect(printable(once)).toBe(once);
      expect(once).not.toMatch(/[\u0000-\u001f\u007f-\u009f\u2028\u2029\u202a-\u202e\u2066-\u2069]/);
    }
  });
});
