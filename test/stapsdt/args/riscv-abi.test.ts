/**
 * The RISC-V register tables against the ABI documents, typed in from them:
 * the psABI's names and DWARF numbers (x0-x31 = 0-31, f0-f31 = 32-63) and
 * Linux's `struct user_regs_struct` (pc, then x1..x31: x_n at n words; x0,
 * always zero, has no slot).
 */
import { describe, expect, it } from "vitest";
import { parseArgument } from "../../../src/index.js";
import { registerFacts } from "./helpers.js";

const EM_RISCV = 243;
const X = ["zero", "ra", "sp", "gp", "tp", "t0", "t1", "t2", "s0", "s1", "a0", "a1", "a2", "a3", "a4", "a5", "a6", "a7",
  "s2", "s3", "s4", "s5", "s6", "s7", "s8", "s9", "s10", "s11", "t3", "t4", "t5", "t6"];
const F = ["ft0", "ft1", "ft2", "ft3", "ft4", "ft5", "ft6", "ft7", "fs0", "fs1", "fa0", "fa1", "fa2", "fa3", "fa4", "fa5", "fa6", "fa7",
  "fs2", "fs3", "fs4", "fs5", "fs6", "fs7", "fs8", "fs9", "fs10", "fs11", "ft8", "ft9", "ft10", "ft11"];

describe("RISC-V registers (psABI names and DWARF numbers, Linux user_regs_struct)", () => {
  it.each([[64, 8], [32, 4]] as const)("RV%i", (bits, word) => {
    const reg = (t: string) => registerFacts(t, EM_RISCV, bits);
    for (let n = 0; n < 32; n++) {
      const want = { canonical: X[n], dwarf: n, pt: n === 0 ? null : word * n, width: word };
      expect(reg(`8@x${n}`), `x${n}`).toEqual(want);
      expect(reg(`8@${X[n]}`), X[n]).toEqual(want);
      expect(reg(`8f@f${n}`), `f${n}`).toEqual({ canonical: F[n], dwarf: 32 + n, pt: null, width: 8 });
      expect(reg(`8f@${F[n]}`), F[n]).toEqual({ canonical: F[n], dwarf: 32 + n, pt: null, width: 8 });
    }
    expect(reg("8@fp")).toEqual({ canonical: "s0", dwarf: 8, pt: 8 * word, width: word });
    for (const t of ["8@x32", "8@f32", "8@s12", "8@a8"]) expect(reg(t), t).toBe("unparsed");
  });
});

describe("RISC-V operands", () => {
  const parse = (t: string) => parseArgument(t, EM_RISCV, 64);
  it("displacement(base) and constants; what is no operand", () => {
    expect(parse("8@176(a5)")).toMatchObject({ kind: "memory", base: { canonical: "a5" }, displacement: 176n });
    expect(parse("-4@-20(s0)")).toMatchObject({ kind: "memory", displacement: -20n });
    expect(parse("8@0(a6)")).toMatchObject({ kind: "memory", displacement: 0n });
    expect(parse("4@-12")).toMatchObject({ kind: "constant", value: -12n });
    for (const t of ["8@176(fa0)", "8@176(a5", "8@176(a5)x", "8@a5x", "8@(a5)(a5)"]) expect(parse(t).kind, t).toBe("unparsed");
    expect(parse("-4@%lo(glob_i)(a3)")).toMatchObject({ kind: "memory", symbol: "glob_i", reloc: "lo", base: { canonical: "a3" } });
    expect(parse("8@(a0)")).toMatchObject({ kind: "memory", displacement: 0n, symbol: null });
    // A symbol or relocation outside parentheses is no value the note can give.
    for (const t of ["8@%lo(x)", "8@4+glob", "8@a0 "]) expect(parse(t), t).toMatchObject({ kind: "unparsed", reason: "unrecognized RISC-V operand" });
    expect(parse("8@glob")).toMatchObject({ kind: "unparsed", reason: 'unknown register "glob"' });
  });
});
