import { describe, expect, it } from "vitest";
import { listProbes, openElf } from "../../src/index.js";
import { note, stapsdtDesc } from "../helpers/elf-builder.js";
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
