import fc from "fast-check";
import { describe, expect, it } from "vitest";
import { ElfError } from "../../src/elf/errors.js";
import { mappedFiles, parseMaps } from "../../src/process/maps.js";

const SAMPLE = `00400000-0041f000 r--p 00000000 08:01 1319123                            /usr/bin/python3.11
0041f000-00717000 r-xp 0001f000 08:01 1319123                            /usr/bin/python3.11
01c5b000-01d2e000 rw-p 00000000 00:00 0                                  [heap]
7f1c2a000000-7f1c2a021000 rw-p 00000000 00:00 0 
7f1c2b000000-7f1c2b001000 r--p 00000000 fd:02 77                         /tmp/my lib/lib dep.so (deleted)
7f1c2b001000-7f1c2b002000 r-xp 00001000 fd:02 77                         /tmp/my lib/lib dep.so (deleted)
7f1c2b1ff000-7f1c2b200000 r-xs 00000000 00:01 2048                       /memfd:jit (deleted)
7f1c2c000000-7f1c2c001000 r--p 00000000 08:01 99                         /usr/lib/libx.so
7f1c2c001000-7f1c2c002000 r-xp 00001000 08:01 99                         /usr/lib/libx.so
7f1c2d000000-7f1c2d001000 r--p 00000000 08:01 99                         /usr/lib/libx.so
ffffffffff600000-ffffffffff601000 --xp 00000000 00:00 0                  [vsyscall]
`;

describe("parseMaps", () => {
  const maps = parseMaps(SAMPLE);
  it("reads every field", () => {
    expect(maps).toHaveLength(11);
    expect(maps[1]).toEqual({
      start: 0x41f000n, end: 0x717000n, perms: "r-xp", read: true, write: false, exec: true, shared: false,
      offset: 0x1f000n, dev: "08:01", inode: 1319123n, path: "/usr/bin/python3.11", deleted: false,
    });
    expect(maps[3]!.path).toBe("");
    expect(maps[10]!.end).toBe(0xffffffffff601000n);
  });
  it("keeps spaces in paths and strips ' (deleted)'", () => {
    expect([maps[4]!.path, maps[4]!.deleted]).toEqual(["/tmp/my lib/lib dep.so", true]);
    expect([maps[6]!.path, maps[6]!.shared, maps[6]!.deleted]).toEqual(["/memfd:jit", true, true]);
  });
  it("rejects malformed lines with the line's offset", () => {
    const bad = "00400000-0041f000 r--p 00000000 08:01 1 /a\nnot a maps line\n";
    expect(() => parseMaps(bad)).toThrow(ElfError);
    try {
      parseMaps(bad);
    } catch (e) {
      expect((e as ElfError).offset).toBe(bad.indexOf("not"));
    }
    expect(() => parseMaps("00002000-00001000 r--p 00000000 08:01 1 /a\n")).toThrow(/ends before it starts/);
  });
  it("gives mappings or an ElfError for any text (property)", () => {
    fc.assert(fc.property(fc.string({ maxLength: 200 }), (text) => {
      try {
        parseMaps(text);
      } catch (e) {
        expect(e).toBeInstanceOf(ElfError);
      }
    }));
  });
});

describe("mappedFiles", () => {
  it("groups file mappings by file and load, skipping anonymous and special ones", () => {
    const files = mappedFiles(parseMaps(SAMPLE));
    expect(files.map((f) => [f.path, f.deleted, f.memfd, f.mappings.length])).toEqual([
      ["/usr/bin/python3.11", false, false, 2],
      ["/tmp/my lib/lib dep.so", true, false, 2],
      ["/memfd:jit", true, true, 1],
      ["/usr/lib/libx.so", false, false, 2],
      ["/usr/lib/libx.so", false, false, 1], // mapped again from offset 0: a second load
    ]);
  });
});
