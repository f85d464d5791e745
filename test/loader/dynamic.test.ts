import fc from "fast-check";
import { describe, expect, it } from "vitest";
import { PT } from "../../src/elf/constants.js";
import { ElfError } from "../../src/elf/errors.js";
import { DF_1_NODEFLIB, DT, NO_DYNAMIC, readDynamic, readInterpreter } from "../../src/loader/dynamic.js";
import { openElf } from "../../src/index.js";
import { buildElf } from "../helpers/elf-builder.js";

const STRTAB_ADDR = 0x400000n;

/** An ELF with `.dynstr` in a PT_LOAD at 0x400000 and `.dynamic` (the given entries) in PT_DYNAMIC. */
function withDynamic(is64: boolean, le: boolean, entries: [number, bigint][], strings: string[], interp?: string) {
  const strBytes = new TextEncoder().encode("\0" + strings.map((s) => s + "\0").join(""));
  const off = (s: string): bigint => BigInt(new TextDecoder().decode(strBytes).indexOf("\0" + s + "\0") + 1);
  const w = is64 ? 8 : 4;
  const dyn = new Uint8Array((entries.length + 1) * 2 * w);
  const dv = new DataView(dyn.buffer);
  entries.forEach(([tag, val], i) => {
    if (is64) {
      dv.setBigUint64(i * 16, BigInt(tag), le);
      dv.setBigUint64(i * 16 + 8, val, le);
    } else {
      dv.setUint32(i * 8, tag, le);
      dv.setUint32(i * 8 + 4, Number(val), le);
    }
  });
  const sections = [
    { name: ".dynstr", type: 3, flags: 2n, addr: STRTAB_ADDR, data: strBytes, addralign: 1n },
    { name: ".dynamic", type: 6, flags: 3n, addr: 0x600000n, data: dyn, addralign: BigInt(w) },
    ...(interp ? [{ name: ".interp", type: 1, flags: 2n, addr: 0x500000n, data: new TextEncoder().encode(interp + "\0"), addralign: 1n }] : []),
  ];
  const segments = [
    { type: PT.PT_LOAD, flags: 4, sections: [".dynstr"], vaddr: STRTAB_ADDR },
    { type: PT.PT_DYNAMIC, flags: 6, sections: [".dynamic"], vaddr: 0x600000n },
    ...(interp ? [{ type: PT.PT_INTERP, flags: 4, sections: [".interp"], vaddr: 0x500000n }] : []),
  ];
  return { file: openElf(buildElf({ class: is64 ? 64 : 32, littleEndian: le, sections, segments }).bytes), off };
}

describe("readDynamic", () => {
  it.each([[true, true], [false, false], [false, true], [true, false]])("ELF64=%s LE=%s", (is64, le) => {
    const names = ["libfoo.so.1", "libbar.so", "libself.so.2", "/opt/$ORIGIN", "$ORIGIN/../lib"];
    const probe = withDynamic(is64, le, [], names);
    const entries: [number, bigint][] = [
      [DT.DT_NEEDED, probe.off("libfoo.so.1")], [DT.DT_STRTAB, STRTAB_ADDR], [DT.DT_NEEDED, probe.off("libbar.so")],
      [DT.DT_SONAME, probe.off("libself.so.2")], [DT.DT_RPATH, probe.off("/opt/$ORIGIN")], [DT.DT_RUNPATH, probe.off("$ORIGIN/../lib")],
      [DT.DT_STRSZ, 200n], [DT.DT_FLAGS_1, BigInt(DF_1_NODEFLIB)],
    ];
    const { file } = withDynamic(is64, le, entries, names, "/lib/ld.so");
    expect(readDynamic(file)).toEqual({
      needed: ["libfoo.so.1", "libbar.so"], soname: "libself.so.2", rpath: "/opt/$ORIGIN", runpath: "$ORIGIN/../lib", flags1: DF_1_NODEFLIB,
    });
    expect(readInterpreter(file)).toBe("/lib/ld.so");
  });

  it("no PT_DYNAMIC: no dependencies", () => {
    const { file } = withDynamic(true, true, [], []);
    expect(readDynamic(openElf(buildElf({ class: 64, littleEndian: true, sections: [], segments: [] }).bytes))).toEqual(NO_DYNAMIC);
    expect(readDynamic(file)).toEqual(NO_DYNAMIC);
  });

  it("reports an unmapped DT_STRTAB and string offsets past DT_STRSZ", () => {
    const a = withDynamic(true, true, [[DT.DT_NEEDED, 1n], [DT.DT_STRTAB, 0x900000n], [DT.DT_STRSZ, 10n]], ["liba.so"]);
    expect(() => readDynamic(a.file)).toThrow(/DT_STRTAB 0x900000 is in no PT_LOAD/);
    const b = withDynamic(true, true, [[DT.DT_NEEDED, 5000n], [DT.DT_STRTAB, STRTAB_ADDR], [DT.DT_STRSZ, 1n << 40n]], ["liba.so"]);
    expect(() => readDynamic(b.file)).toThrow(expect.objectContaining({ code: "BAD_STRING" }));
    const c = withDynamic(true, true, [[DT.DT_NEEDED, 1n]], ["liba.so"]);
    expect(() => readDynamic(c.file)).toThrow(/no DT_STRTAB/);
  });

  it("any entries give a DynamicInfo or an ElfError (property)", () => {
    const tag = fc.constantFrom(0, 1, 5, 10, 14, 15, 29, 0x6ffffffb, 0x7fffffff);
    fc.assert(fc.property(fc.array(fc.tuple(tag, fc.bigInt({ min: 0n, max: (1n << 64n) - 1n })), { maxLength: 12 }), (entries) => {
      const { file } = withDynamic(true, true, entries, ["liba.so", "libb.so"]);
      try {
        readDynamic(file);
      } catch (e) {
        expect(e).toBeInstanceOf(ElfError);
      }
    }), { numRuns: 300 });
  });
});
