import { describe, expect, it } from "vitest";
import { listProbes, openElf, type Probe } from "../../src/index.js";
import { walkProbes } from "../../src/stapsdt/list.js";
import { note } from "../helpers/elf-builder.js";
import { sampleElf } from "../helpers/sample.js";
import { readIntoSource } from "../helpers/sources.js";

describe("walkProbes", () => {
  const bytes = sampleElf({
    noBaseSection: true,
    extraNotes: [note("stapsdt", 9, new Uint8Array(24), true, 4), note("GNU", 3, Uint8Array.of(0xde, 0xad), true, 4)],
    probes: [
      { provider: "p", name: "a", location: 0x401004n, args: "8@%rdi" },
      { provider: "p", name: "b", location: 0x401010n, semaphore: 0x603002n, args: "-4@%eax" },
    ],
  }).bytes;

  it("gives listProbes' probes, build ID and warnings, the same on every pass", () => {
    const list = listProbes(openElf(bytes));
    const walk = walkProbes(openElf(bytes));
    expect(walk.buildId).toBe(list.buildId);
    for (let pass = 0; pass < 2; pass++) {
      const probes: Probe[] = [];
      const warnings = walk.forEach((p) => probes.push(p));
      expect(probes).toEqual(list.probes);
      expect(warnings).toEqual(list.warnings);
    }
    expect(list.warnings.map((w) => w.code)).toContain("NO_STAPSDT_BASE");
    expect(list.warnings.map((w) => w.code)).toContain("BAD_PROBE");
    expect(list.probes).toHaveLength(2);
  });

  it("a read that fails in the middle of a streamed pass: the warnings found before it are in `into`", () => {
    // 200 probes in a file without .stapsdt.base (a NO_STAPSDT_BASE warning
    // with the first probe); the section is read in chunks of 256 bytes, and
    // the third chunk's read of the pass fails as a disk would (EIO).
    const probes = Array.from({ length: 200 }, (_, i) => ({ provider: "p", name: `n${i}`, location: 0x401004n, args: "8@%rdi" }));
    const big = sampleElf({ probes, noBaseSection: true });
    const inner = readIntoSource(big.bytes);
    let reads = 0;
    let failAt = Infinity;
    const failing = {
      ...inner,
      readInto(offset: number, length: number, into: Uint8Array): void {
        if (++reads === failAt) throw Object.assign(new Error("EIO: i/o error, read"), { code: "EIO" });
        inner.readInto!(offset, length, into);
      },
    };
    // (Making the walk reads the section once, for a build ID.)
    const walk = walkProbes(openElf(failing), { stream: true, chunkSize: 256 });
    failAt = reads + 3;
    const into: Parameters<typeof walk.forEach>[1] = [];
    let seen = 0;
    expect(() => walk.forEach(() => void seen++, into)).toThrow(/EIO/);
    expect(seen).toBeGreaterThan(0);
    expect(into!.map((w) => w.code)).toEqual(["NO_STAPSDT_BASE"]);
  });

});
