import { describe, expect, it } from "vitest";
import { listProbes, openElf, type Probe } from "../../src/index.js";
import { walkProbes } from "../../src/stapsdt/list.js";
import { note } from "../helpers/elf-builder.js";
import { sampleElf } from "../helpers/sample.js";

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

});
