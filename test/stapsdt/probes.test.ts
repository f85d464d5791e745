import { describe, expect, it } from "vitest";
import { bytesSource, listProbes, openElf } from "../../src/index.js";
import { buildElf, note, stapsdtDesc } from "../helpers/elf-builder.js";
import { BASE_ADDR, PROBES_ADDR, SAMPLE_PROBES, sampleElf, TEXT_ADDR } from "../helpers/sample.js";

const variants = [
  { class: 64, littleEndian: true },
  { class: 64, littleEndian: false },
  { class: 32, littleEndian: true },
  { class: 32, littleEndian: false },
] as const;

describe.each(variants)("listProbes on ELF$class littleEndian=$littleEndian", (v) => {
  const built = sampleElf(v);
  const list = listProbes(openElf(built.bytes));
  const textOff = BigInt(built.sectionOffset.get(".text")!);
  const probesOff = BigInt(built.sectionOffset.get(".probes")!);

  it("decodes every probe in note order with raw fields", () => {
    expect(list.probes.map((p) => [p.provider, p.name, p.location, p.base, p.semaphore, p.arguments])).toEqual(
      SAMPLE_PROBES.map((p) => [p.provider, p.name, p.location, BASE_ADDR, p.semaphore ?? 0n, p.args ?? ""]),
    );
    expect(list.warnings).toEqual([]);
  });

  it("computes file offsets through the segment that holds each address", () => {
    for (const p of list.probes) {
      expect(p.address).toBe(p.location);
      expect(p.offset).toBe(p.location - TEXT_ADDR + textOff);
      expect(built.bytes[Number(p.offset)]).toBe(0x90);
    }
    const sem = list.probes[1]!;
    expect(sem.semaphoreAddress).toBe(0x603002n);
    // The data segment's delta differs from the text segment's: never reuse it.
    expect(sem.semaphoreOffset).toBe(0x603002n - PROBES_ADDR + probesOff);
    expect(sem.semaphoreOffset).not.toBe(0x603002n - TEXT_ADDR + textOff);
    expect(list.probes[0]!.semaphoreAddress).toBeNull();
    expect(list.probes[0]!.semaphoreOffset).toBeNull();
  });
});

describe("prelink adjustment", () => {
  it("moves location and a non-zero semaphore by sh_addr(.stapsdt.base) - base", () => {
    // Notes written when .stapsdt.base was at BASE_ADDR - 0x1000: everything moved up by 0x1000.
    const list = listProbes(openElf(sampleElf({ noteBase: BASE_ADDR - 0x1000n, probes: [
      { provider: "p", name: "a", location: 0x400010n, semaphore: 0x602002n },
      { provider: "p", name: "b", location: 0x400020n },
    ] }).bytes));
    const [a, b] = list.probes;
    expect(a!.address).toBe(0x401010n);
    expect(a!.semaphoreAddress).toBe(0x603002n);
    expect(b!.address).toBe(0x401020n);
    expect(b!.semaphoreAddress).toBeNull();
    expect(a!.location).toBe(0x400010n);
  });

  it("applies no delta when the note's base is 0", () => {
    const list = listProbes(openElf(sampleElf({ noteBase: 0n }).bytes));
    expect(list.probes.map((p) => p.address)).toEqual(SAMPLE_PROBES.map((p) => p.location));
  });

  it("warns once and uses delta 0 without .stapsdt.base", () => {
    const list = listProbes(openElf(sampleElf({ noBaseSection: true }).bytes));
    expect(list.probes.map((p) => p.address)).toEqual(SAMPLE_PROBES.map((p) => p.location));
    expect(list.warnings.map((w) => w.code)).toEqual(["NO_STAPSDT_BASE"]);
  });
});

describe("bad notes become diagnostics, the others are still listed", () => {
  const le = true;
  it("a descriptor shorter than three words", () => {
    const list = listProbes(openElf(sampleElf({ extraNotes: [note("stapsdt", 3, new Uint8Array(16), le)] }).bytes));
    expect(list.probes).toHaveLength(3);
    expect(list.warnings.map((w) => w.code)).toEqual(["BAD_PROBE"]);
    expect(list.warnings[0]!.message).toMatch(/smaller than three 8-byte addresses/);
  });

  it("an unterminated string", () => {
    const desc = stapsdtDesc(true, le, { location: 1n, base: BASE_ADDR, provider: "p", name: "n", args: "x" });
    const list = listProbes(openElf(sampleElf({ extraNotes: [note("stapsdt", 3, desc.subarray(0, desc.length - 1), le)] }).bytes));
    expect(list.probes).toHaveLength(3);
    expect(list.warnings[0]!.code).toBe("BAD_PROBE");
    expect(list.warnings[0]!.message).toMatch(/arguments string is not NUL-terminated/);
  });

  it("a bad note in the middle does not hide the ones after it", () => {
    const good = stapsdtDesc(true, le, { location: 0x401030n, base: BASE_ADDR, provider: "late", name: "ok" });
    const list = listProbes(openElf(sampleElf({ extraNotes: [note("stapsdt", 3, new Uint8Array(3), le), note("stapsdt", 3, good, le)] }).bytes));
    expect(list.probes.map((p) => p.provider)).toEqual(["prov", "prov", "other", "late"]);
    expect(list.warnings).toHaveLength(1);
  });

  it("a stapsdt note of another type is skipped with a warning", () => {
    const desc = stapsdtDesc(true, le, { location: 0x401030n, base: BASE_ADDR, provider: "x", name: "y" });
    const list = listProbes(openElf(sampleElf({ extraNotes: [note("stapsdt", 1, desc, le)] }).bytes));
    expect(list.probes).toHaveLength(3);
    expect(list.warnings.map((w) => [w.code, w.value])).toEqual([["BAD_PROBE", 1]]);
  });

  it("trailing bytes after the arguments keep the probe and warn", () => {
    const desc = stapsdtDesc(true, le, { location: 0x401030n, base: BASE_ADDR, provider: "x", name: "y", args: "8@%rdi" });
    const padded = new Uint8Array(desc.length + 3);
    padded.set(desc);
    const list = listProbes(openElf(sampleElf({ extraNotes: [note("stapsdt", 3, padded, le)] }).bytes));
    expect(list.probes).toHaveLength(4);
    expect(list.probes[3]!.arguments).toBe("8@%rdi");
    expect(list.warnings.map((w) => w.code)).toEqual(["BAD_PROBE"]);
  });

  it("a framing error keeps the notes before it", () => {
    const bad = new Uint8Array(12);
    new DataView(bad.buffer).setUint32(4, 0x1000, true); // descsz far past the end
    const list = listProbes(openElf(sampleElf({ extraNotes: [bad] }).bytes));
    expect(list.probes).toHaveLength(3);
    expect(list.warnings.map((w) => w.code)).toEqual(["BAD_NOTE"]);
  });

  it("an address outside every PT_LOAD gives offset null and a warning", () => {
    const list = listProbes(openElf(sampleElf({ probes: [{ provider: "p", name: "far", location: 0x900000n }] }).bytes));
    expect(list.probes[0]!.offset).toBeNull();
    expect(list.warnings.map((w) => w.code)).toEqual(["UNMAPPED_ADDRESS"]);
  });
});

/**
 * Which PT_LOAD gives a probe its file offset, with every expectation worked
 * out from where the builder put the bytes. libbpf's rule: the site is looked
 * up among executable segments first, the semaphore among writable ones, so
 * that overlapping segments (hostile, or odd linker scripts) still give the
 * bytes the kernel will patch or count.
 */
describe("the PT_LOAD that gives each file offset", () => {
  const le = true;
  const SITE = 0x401010n;
  const SEM = 0x401020n;
  /** Two PT_LOADs over the same addresses, `.text` (R+X) and `.data` (R+W), in the given order. */
  const overlapping = (order: ("text" | "data")[]) => {
    const desc = stapsdtDesc(true, le, { location: SITE, base: BASE_ADDR, semaphore: SEM, provider: "p", name: "both" });
    const seg = { text: { type: 1, flags: 5, sections: [".text"], vaddr: TEXT_ADDR }, data: { type: 1, flags: 6, sections: [".data"], vaddr: TEXT_ADDR } };
    return buildElf({
      class: 64, littleEndian: le, machine: 62,
      sections: [
        { name: ".text", type: 1, flags: 6n, addr: TEXT_ADDR, data: new Uint8Array(0x40).fill(0x90), addralign: 16n },
        { name: ".data", type: 1, flags: 3n, addr: TEXT_ADDR, data: new Uint8Array(0x40), addralign: 16n },
        { name: ".stapsdt.base", type: 1, flags: 2n, addr: BASE_ADDR, data: new Uint8Array(1), addralign: 1n },
        { name: ".note.stapsdt", type: 7, data: note("stapsdt", 3, desc, le), addralign: 4n },
      ],
      segments: [...order.map((k) => seg[k]), { type: 1, flags: 4, sections: [".stapsdt.base"], vaddr: BASE_ADDR }],
    });
  };

  it.each([[["data", "text"]], [["text", "data"]]] as const)("site from the executable one, semaphore from the writable one (order %j)", (order) => {
    const built = overlapping([...order]);
    const [p] = listProbes(openElf(built.bytes)).probes;
    expect(p!.offset).toBe(BigInt(built.sectionOffset.get(".text")!) + (SITE - TEXT_ADDR));
    expect(p!.semaphoreOffset).toBe(BigInt(built.sectionOffset.get(".data")!) + (SEM - TEXT_ADDR));
  });

  /** sampleElf with one program header field rewritten (64-bit little-endian layout). */
  const patched = (segment: number, field: "type" | "offset" | "filesz", value: (built: ReturnType<typeof sampleElf>) => bigint) => {
    const built = sampleElf();
    const b = built.bytes.slice();
    const view = new DataView(b.buffer);
    const at = built.phoff + segment * 56;
    if (field === "type") view.setUint32(at, Number(value(built)), true);
    else view.setBigUint64(at + (field === "offset" ? 8 : 32), value(built), true);
    return b;
  };
  const textOffset = (built: ReturnType<typeof sampleElf>) => BigInt(built.sectionOffset.get(".text")!);

  it("a text PT_LOAD that runs past the end of the file gives no offsets, and one BAD_SEGMENT warning", () => {
    const bytes = patched(0, "filesz", (built) => BigInt(built.bytes.length) - textOffset(built) + 1n);
    const list = listProbes(openElf(bytes));
    expect(list.probes.map((p) => p.offset)).toEqual([null, null, null]);
    expect(list.warnings.map((w) => w.code)).toEqual(["BAD_SEGMENT", "UNMAPPED_ADDRESS", "UNMAPPED_ADDRESS", "UNMAPPED_ADDRESS"]);
    expect(list.warnings[0]!.message).toMatch(/^1 PT_LOAD segment\(s\) extend past the end of the file \(first: segment 0, /);
  });

  it("a text PT_LOAD that ends exactly at the end of the file is used", () => {
    const bytes = patched(0, "filesz", (built) => BigInt(built.bytes.length) - textOffset(built));
    const list = listProbes(openElf(bytes));
    const built = sampleElf();
    expect(list.probes.map((p) => p.offset)).toEqual(SAMPLE_PROBES.map((p) => p.location - TEXT_ADDR + textOffset(built)));
    expect(list.warnings).toEqual([]);
  });

  it("a segment that is not PT_LOAD may lie past the end of the file without a warning", () => {
    const built = sampleElf();
    const bytes = patched(1, "type", () => 4n); // .stapsdt.base's PT_LOAD becomes a PT_NOTE ...
    const view = new DataView(bytes.buffer);
    view.setBigUint64(built.phoff + 56 + 8, BigInt(bytes.length) + 0x1000n, true); // ... past the end
    const list = listProbes(openElf(bytes));
    expect(list.probes.map((p) => p.offset)).toEqual(SAMPLE_PROBES.map((p) => p.location - TEXT_ADDR + textOffset(built)));
    expect(list.warnings).toEqual([]);
  });

  it("a semaphore outside every PT_LOAD gives a null offset and an UNMAPPED_ADDRESS warning", () => {
    const list = listProbes(openElf(sampleElf({ probes: [{ provider: "p", name: "s", location: 0x401004n, semaphore: 0x900000n }] }).bytes));
    expect(list.probes[0]!.semaphoreAddress).toBe(0x900000n);
    expect(list.probes[0]!.semaphoreOffset).toBeNull();
    expect(list.warnings.map((w) => [w.code, w.value])).toEqual([["UNMAPPED_ADDRESS", 0x900000n]]);
    expect(list.warnings[0]!.message).toMatch(/^probe p:s semaphore 0x900000 is in no PT_LOAD segment with file bytes at byte 0x[0-9a-f]+$/);
  });

  it("an error of the byte source that is not an ElfError propagates (it is not a warning about the file)", () => {
    const built = sampleElf();
    const inner = bytesSource(built.bytes);
    const failing = { size: inner.size, read: (offset: number, length: number) => {
      if (offset === built.phoff) throw new Error("EIO: i/o error, read");
      return inner.read(offset, length);
    } };
    expect(() => listProbes(openElf(failing))).toThrow("EIO: i/o error, read");
  });
});

describe("listProbes with a filter", () => {
  const probes = [
    { provider: "python", name: "function__entry", location: 0x401004n },
    { provider: "python", name: "function__return", location: 0x401008n },
    { provider: "python", name: "gc__start", location: 0x40100cn },
    { provider: "other", name: "function__entry", location: 0x401010n },
    { provider: "py[", name: "x", location: 0x401014n },
  ];
  const file = (): ReturnType<typeof openElf> => openElf(sampleElf({ probes }).bytes);
  const names = (filter: Parameters<typeof listProbes>[1]): string[] =>
    listProbes(file(), filter).probes.map((p) => `${p.provider}:${p.name}`);

  it("selects by provider and name globs, both whole-string", () => {
    expect(names({ provider: "python", name: "function__*" })).toEqual(["python:function__entry", "python:function__return"]);
    expect(names({ name: "function__entry" })).toEqual(["python:function__entry", "other:function__entry"]);
    expect(names({ provider: "pyth" })).toEqual([]);
    expect(names({ provider: "p?thon", name: "*__[es]*" })).toEqual(["python:function__entry", "python:gc__start"]);
    expect(names({ provider: "py\\[" })).toEqual(["py[:x"]);
  });

  it("lists every probe without one, and keeps the file's warnings with one", () => {
    expect(names({})).toHaveLength(5);
    expect(names(undefined)).toHaveLength(5);
    const bytes = sampleElf({ probes: [...probes, { provider: "p", name: "far", location: 0x900000n }] }).bytes;
    const list = listProbes(openElf(bytes), { provider: "python" });
    expect(list.probes).toHaveLength(3);
    expect(list.warnings.map((w) => w.code)).toContain("UNMAPPED_ADDRESS");
  });
});
