/**
 * The s390/s390x register tables against the ABI documents, typed in from
 * them: DWARF numbers of the s390x ELF ABI supplement (r0-r15 = 0-15; 16-31
 * the floating-point registers in the order f0 f2 f4 f6 f1 f3 f5 f7 f8 f10
 * f12 f14 f9 f11 f13 f15; access registers a0-a15 = 48-63), and Linux's
 * `PT_GPRn` offsets in user_regs_struct (uapi asm/ptrace.h: PT_GPR0 0x10 and
 * 8 bytes apart on s390x, 0x08 and 4 apart on 31-bit s390).
 */
import { describe, expect, it } from "vitest";
import { parseArgument } from "../../../src/index.js";
import { registerFacts } from "./helpers.js";

const EM_S390 = 22;
const FPR_ORDER = [0, 2, 4, 6, 1, 3, 5, 7, 8, 10, 12, 14, 9, 11, 13, 15];

describe("s390 registers (ELF ABI DWARF numbers, PT_GPRn)", () => {
  it.each([[64, 0x10, 8], [32, 0x08, 4]] as const)("ELFCLASS%i", (bits, gpr0, word) => {
    const reg = (t: string) => registerFacts(t, EM_S390, bits);
    for (let n = 0; n < 16; n++) {
      expect(reg(`8@%r${n}`)).toEqual({ canonical: `r${n}`, dwarf: n, pt: gpr0 + word * n, width: word });
      expect(reg(`8f@%f${FPR_ORDER[n]}`)).toEqual({ canonical: `f${FPR_ORDER[n]}`, dwarf: 16 + n, pt: null, width: 8 });
      expect(reg(`4@%a${n}`)).toEqual({ canonical: `a${n}`, dwarf: 48 + n, pt: null, width: 4 });
    }
    for (const t of ["8@%r16", "8@%f16", "8@%x1", "8@r1"]) expect(reg(t), t).toBe("unparsed");
  });
});

describe("s390 operands", () => {
  const parse = (t: string) => parseArgument(t, EM_S390, 64);
  it("displacement(index,base), displacement(base), constants", () => {
    expect(parse("8@168(%r15)")).toMatchObject({ kind: "memory", base: { name: "%r15" }, index: null, displacement: 168n });
    expect(parse("8@8(%r2,%r1)")).toMatchObject({ kind: "memory", index: { name: "%r2" }, base: { name: "%r1" }, displacement: 8n });
    expect(parse("8@-8(%r11)")).toMatchObject({ kind: "memory", displacement: -8n });
    expect(parse("4@-5")).toMatchObject({ kind: "constant", value: -5n });
  });
  it("register 0 as base or index means no register (z/Architecture: the value 0)", () => {
    expect(parse("8@8(%r0)")).toMatchObject({ kind: "memory", base: null, index: null, displacement: 8n });
    expect(parse("8@8(%r2,%r0)")).toMatchObject({ kind: "memory", base: null, index: { name: "%r2" } });
    expect(parse("8@8(%r0,%r0)")).toMatchObject({ kind: "memory", base: null, index: null });
    expect(parse("8@8(,%r1)")).toMatchObject({ kind: "memory", base: { name: "%r1" }, index: null });
  });
  it("what is no operand", () => {
    expect(parse("8@%q1")).toMatchObject({ kind: "unparsed", reason: 'unknown register "%q1"' });
    expect(parse("8@8(%q1)")).toMatchObject({ kind: "unparsed", reason: '"%q1" cannot address memory' });
    expect(parse("8@8()")).toMatchObject({ kind: "unparsed", reason: "unrecognized s390 operand" });
    for (const t of ["8@168(%f0)", "8@8(%r2,%a1)", "8@(%r15", "8@168(%r15)x", "8@%r1x", "8@8(%r2,%r1,%r3)"]) {
      expect(parse(t).kind, t).toBe("unparsed");
    }
  });
});
