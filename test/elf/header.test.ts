import { describe, expect, it } from "vitest";
import { bytesSource, ElfError, ElfFile, openElf } from "../../src/index.js";
import { buildElf } from "../helpers/elf-builder.js";

function errorOf(f: () => unknown): ElfError {
  try {
    f();
  } catch (e) {
    if (e instanceof ElfError) return e;
    throw e;
  }
  throw new Error("expected an ElfError");
}

describe("readFileHeader", () => {
  it.each([
    [32, true], [32, false], [64, true], [64, false],
  ] as const)("decodes ELF%i littleEndian=%s", (cls, le) => {
    const { bytes } = buildElf({ class: cls, littleEndian: le, type: 3, machine: 183, sections: [] });
    const h = openElf(bytes).header;
    expect(h.class).toBe(cls);
    expect(h.littleEndian).toBe(le);
    expect(h.type).toBe(3);
    expect(h.machine).toBe(183);
    expect(h.shentsize).toBe(cls === 64 ? 64 : 40);
  });

  it("rejects empty and non-ELF input with NOT_ELF at offset 0", () => {
    for (const bytes of [new Uint8Array(0), new Uint8Array([1, 2, 3]), new TextEncoder().encode("#!/bin/sh\necho hello world\n")]) {
      const e = errorOf(() => openElf(bytes));
      expect(e.code).toBe("NOT_ELF");
      expect(e.offset).toBe(0);
    }
  });

  it("reports a file that ends inside the header as TRUNCATED", () => {
    const { bytes } = buildElf({ class: 64, littleEndian: true });
    expect(errorOf(() => openElf(bytes.subarray(0, 10))).code).toBe("TRUNCATED");
    expect(errorOf(() => openElf(bytes.subarray(0, 40))).code).toBe("TRUNCATED");
  });

  it("rejects an unknown class or byte order", () => {
    const { bytes } = buildElf({ class: 64, littleEndian: true });
    const c = bytes.slice();
    c[4] = 3;
    const e = errorOf(() => openElf(c));
    expect([e.code, e.offset, e.value]).toEqual(["BAD_CLASS", 4, 3]);
    const d = bytes.slice();
    d[5] = 0;
    expect(errorOf(() => openElf(d)).code).toBe("BAD_DATA");
  });

  it("reads only the header on open", () => {
    const { bytes } = buildElf({ class: 64, littleEndian: true, sections: [{ name: ".x", type: 1, data: new Uint8Array(1000) }] });
    let read = 0;
    const src = bytesSource(bytes);
    ElfFile.open({ size: src.size, read: (o, l) => ((read += l), src.read(o, l)) });
    expect(read).toBe(64);
  });

  it("formats messages as 'reason at byte 0x…'", () => {
    expect(errorOf(() => openElf(new Uint8Array(3))).message).toBe("not an ELF file (no \\x7fELF magic) at byte 0x0");
  });
});
