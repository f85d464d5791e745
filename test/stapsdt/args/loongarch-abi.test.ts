/**
 * The LoongArch register tables against the ELF psABI, typed in from it:
 * names (r0 zero, r1 ra, r2 tp, r3 sp, r4-r11 a0-a7, r12-r20 t0-t8, r21
 * reserved, r22 fp (also s9), r23-r31 s0-s8; f0-f7 fa0-fa7, f8-f23
 * ft0-ft15, f24-f31 fs0-fs7), DWARF numbers (r = 0-31, f = 32-63), and
 * Linux's `struct user_pt_regs` (`regs[32]` first: r_n at n words).
 */
import { describe, expect, it } from "vitest";
import { parseArgument } from "../../../src/index.js";
import { registerFacts } from "./helpers.js";

const EM_LOONGARCH = 258;
const R = ["zero", "ra", "tp", "sp", "a0", "a1", "a2", "a3", "a4", "a5", "a6", "a7", "t0", "t1", "t2", "t3", "t4", "t5", "t6", "t7", "t8",
  "r21", "fp", "s0", "s1", "s2", "s3", "s4", "s5", "s6", "s7", "s8"];
const F = [...Array.from({ length: 8 }, (_, n) => `fa${n}`), ...Array.from({ length: 16 }, (_, n) => `ft${n}`), ...Array.from({ length: 8 }, (_, n) => `fs${n}`)];

describe("LoongArch registers (psABI names and DWARF numbers, Linux user_pt_regs)", () => {
  it.each([[64, 8], [32, 4]] as const)("LA%i", (bits, word) => {
    const reg = (t: string) => registerFacts(t, EM_LOONGARCH, bits);
    for (let n = 0; n < 32; n++) {
      const want = { canonical: R[n], dwarf: n, pt: word * n, width: word };
      expect(reg(`8@$r${n}`), `$r${n}`).toEqual(want);
      if (n !== 21) expect(reg(`8@$${R[n]}`), R[n]).toEqual(want);
      expect(reg(`8f@$f${n}`), `$f${n}`).toEqual({ canonical: F[n], dwarf: 32 + n, pt: null, width: 8 });
      expect(reg(`8f@$${F[n]}`), F[n]).toEqual({ canonical: F[n], dwarf: 32 + n, pt: null, width: 8 });
    }
    expect(reg("8@$s9")).toEqual({ canonical: "fp", dwarf: 22, pt: 22 * word, width: word });
    for (const t of ["8@$r32", "8@$x", "8@a0"]) expect(reg(t), t).toBe("unparsed");
  });
});

describe("LoongArch operands", () => {
  const parse = (t: string) => parseArgument(t, EM_LOONGARCH, 64);
  it("displacement(base), [base, disp], [base, index], constants", () => {
    expect(parse("8@-16($sp)")).toMatchObject({ kind: "memory", base: { canonical: "sp" }, displacement: -16n });
    expect(parse("8@[$sp, 16]")).toMatchObject({ kind: "memory", base: { canonical: "sp" }, displacement: 16n });
    expect(parse("8@[$a0]")).toMatchObject({ kind: "memory", base: { canonical: "a0" }, index: null, displacement: 0n });
    expect(parse("8@[$a0, $a1]")).toMatchObject({ kind: "memory", base: { canonical: "a0" }, index: { canonical: "a1" } });
    expect(parse("8@glob($sp)")).toMatchObject({ kind: "memory", symbol: "glob" });
    expect(parse("8@16")).toMatchObject({ kind: "constant", value: 16n });
  });
  it("what is no operand", () => {
    expect(parse("8@[$a0,$f1]")).toMatchObject({ kind: "unparsed", reason: '"$f1" cannot be an index register' });
    expect(parse("8@16($f0)")).toMatchObject({ kind: "unparsed", reason: '"$f0" cannot be a base register' });
    expect(parse("8@[$f0, 8]")).toMatchObject({ kind: "unparsed", reason: "$f0 cannot be a base register" });
    for (const t of ["8@[$a0, 16", "8@[$a0, 16]x", "8@16($sp", "8@16($sp)x", "8@16(sp)", "8@$a0 x", "8@[16]", "8@$a0,"]) {
      expect(parse(t), t).toMatchObject({ kind: "unparsed", reason: "unrecognized LoongArch operand" });
    }
  });
});
