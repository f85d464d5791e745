import { describe, expect, it } from "vitest";
import { reg, registerTable } from "../../../src/stapsdt/args/registers.js";
import { AARCH64_REGISTERS } from "../../../src/stapsdt/args/aarch64.js";
import { ARM_REGISTERS } from "../../../src/stapsdt/args/arm.js";
import { LOONGARCH32_REGISTERS, LOONGARCH64_REGISTERS } from "../../../src/stapsdt/args/loongarch.js";
import { MIPS32_REGISTERS, MIPS64_REGISTERS } from "../../../src/stapsdt/args/mips.js";
import { PPC64_REGISTERS, PPC_REGISTERS } from "../../../src/stapsdt/args/ppc.js";
import { RISCV32_REGISTERS, RISCV64_REGISTERS } from "../../../src/stapsdt/args/riscv.js";
import { S390X_REGISTERS, S390_REGISTERS } from "../../../src/stapsdt/args/s390.js";
import { I386_REGISTERS, X86_64_REGISTERS } from "../../../src/stapsdt/args/x86.js";
import type { ProbeRegister } from "../../../src/stapsdt/args/types.js";

describe("registerTable", () => {
  it("builds the table once, on first use", () => {
    let builds = 0;
    const t = registerTable(() => {
      builds++;
      return [reg("a", "a", 0, 0, 8), reg("b", "b", 1, 8, 8)];
    });
    expect(builds).toBe(0);
    expect(t.get("b")?.dwarf).toBe(1);
    expect([t.has("a"), t.has("c"), t.size]).toEqual([true, false, 2]);
    expect(builds).toBe(1);
  });

  it("reads like the Map it wraps", () => {
    const regs = [reg("x", "x", 0, 0, 8), reg("w", "x", 0, 0, 4)];
    const t = registerTable(() => regs);
    const m = new Map(regs.map((r) => [r.name, r]));
    expect([...t]).toEqual([...m]);
    expect([...t.keys()]).toEqual(["x", "w"]);
    expect([...t.values()]).toEqual(regs);
    expect([...t.entries()]).toEqual([...m.entries()]);
    const seen: [string, ProbeRegister, unknown][] = [];
    t.forEach((r, name, table) => seen.push([name, r, table]));
    expect(seen).toEqual([["x", regs[0], t], ["w", regs[1], t]]);
  });

  it("a name listed twice is an error when the table is first used", () => {
    const t = registerTable(() => [reg("a", "a", 0, 0, 8), reg("a", "a", 1, 8, 8)]);
    expect(() => t.get("a")).toThrow("duplicate register name a");
  });

  it("every architecture's table builds, with unique names", () => {
    const tables = [AARCH64_REGISTERS, ARM_REGISTERS, LOONGARCH32_REGISTERS, LOONGARCH64_REGISTERS, MIPS32_REGISTERS,
      MIPS64_REGISTERS, PPC_REGISTERS, PPC64_REGISTERS, RISCV32_REGISTERS, RISCV64_REGISTERS, S390_REGISTERS,
      S390X_REGISTERS, I386_REGISTERS, X86_64_REGISTERS];
    for (const t of tables) {
      expect(t.size).toBeGreaterThan(16);
      for (const [name, r] of t) expect([name, Object.isFrozen(r)]).toEqual([r.name, true]);
    }
  });
});
