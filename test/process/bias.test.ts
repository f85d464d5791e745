/**
 * Load bias and runtime addresses, on the PIE of spec §3.5 (observed maps):
 * `557b1385c000 r--p 0`, `557b1385d000 r-xp 1000`, `557b1385e000 r--p 2000`,
 * `557b1385f000 r--p 2000` (RELRO start of the data segment: the same file
 * page mapped a second time), `557b13860000 rw-p 3000`;
 * probe at 0x1058 → 0x557b1385d058, semaphore 0x4018 → 0x557b13860018.
 */
import fc from "fast-check";
import { describe, expect, it } from "vitest";
import { ET, PF, PT } from "../../src/elf/constants.js";
import type { ProgramHeader } from "../../src/elf/segments.js";
import { loadBias, runtimeAddress } from "../../src/process/bias.js";
import { parseMaps } from "../../src/process/maps.js";

const seg = (i: number, flags: number, offset: number, vaddr: number, filesz: number, memsz = filesz): ProgramHeader => ({
  index: i, type: PT.PT_LOAD, flags, offset: BigInt(offset), vaddr: BigInt(vaddr), paddr: BigInt(vaddr),
  filesz: BigInt(filesz), memsz: BigInt(memsz), align: 0x1000n,
});
const R = PF.PF_R, RX = PF.PF_R | PF.PF_X, RW = PF.PF_R | PF.PF_W;
const SEGMENTS = [
  seg(0, R, 0, 0, 0x6a0),
  seg(1, RX, 0x1000, 0x1000, 0x1a9),
  seg(2, R, 0x2000, 0x2000, 0x10c),
  seg(3, RW, 0x2de8, 0x3de8, 0x240, 0x260),
];
const MAPS = parseMaps(`557b1385c000-557b1385d000 r--p 00000000 08:01 42 /tmp/p
557b1385d000-557b1385e000 r-xp 00001000 08:01 42 /tmp/p
557b1385e000-557b1385f000 r--p 00002000 08:01 42 /tmp/p
557b1385f000-557b13860000 r--p 00002000 08:01 42 /tmp/p
557b13860000-557b13861000 rw-p 00003000 08:01 42 /tmp/p
`);

describe("load bias and runtime addresses", () => {
  it("finds the bias of an ET_DYN object from its mappings", () => {
    expect(loadBias(ET.ET_DYN, SEGMENTS, MAPS)).toBe(0x557b1385c000n);
    expect(loadBias(ET.ET_EXEC, SEGMENTS, MAPS)).toBe(0n);
    expect(loadBias(ET.ET_DYN, SEGMENTS, [])).toBeNull();
  });

  it("maps code through the x mapping and data through the rw mapping", () => {
    expect(runtimeAddress(0x1058n, "code", ET.ET_DYN, SEGMENTS, MAPS)).toBe(0x557b1385d058n);
    expect(runtimeAddress(0x4018n, "data", ET.ET_DYN, SEGMENTS, MAPS)).toBe(0x557b13860018n);
  });

  it("picks the RELRO copy of a twice-mapped page by bias, not the read-only segment's copy", () => {
    // 0x3e00 is in the RW segment at file offset 0x2e00, which lies in file page 0x2000:
    // mapped r--p at ...5e000 (segment 2) and r--p at ...5f000 (RELRO of segment 3).
    expect(runtimeAddress(0x3e00n, "data", ET.ET_DYN, SEGMENTS, MAPS)).toBe(0x557b1385fe00n);
  });

  it("uses the bias for addresses without file bytes (.bss), identity for ET_EXEC, null when unmapped", () => {
    expect(runtimeAddress(0x4040n, "data", ET.ET_DYN, SEGMENTS, MAPS)).toBe(0x557b13860040n);
    expect(runtimeAddress(0x42512an, "code", ET.ET_EXEC, SEGMENTS, [])).toBe(0x42512an);
    expect(runtimeAddress(0x9000n, "code", ET.ET_DYN, SEGMENTS, MAPS)).toBeNull();
    expect(runtimeAddress(0x1058n, "code", ET.ET_DYN, SEGMENTS, MAPS.slice(0, 1))).toBeNull();
  });
});

describe("runtime = vaddr + bias for any page-aligned load address (property)", () => {
  it("holds for code and data of the §3.5 layout", () => {
    fc.assert(fc.property(fc.bigInt({ min: 1n, max: (1n << 35n) - 1n }), fc.integer({ min: 0x1000, max: 0x11a8 }), fc.integer({ min: 0x3de8, max: 0x4027 }), (page, code, data) => {
      const bias = page << 12n;
      const maps = MAPS.map((m) => ({ ...m, start: m.start - 0x557b1385c000n + bias, end: m.end - 0x557b1385c000n + bias }));
      expect(loadBias(ET.ET_DYN, SEGMENTS, maps)).toBe(bias);
      expect(runtimeAddress(BigInt(code), "code", ET.ET_DYN, SEGMENTS, maps)).toBe(BigInt(code) + bias);
      expect(runtimeAddress(BigInt(data), "data", ET.ET_DYN, SEGMENTS, maps)).toBe(BigInt(data) + bias);
    }));
  });
});
