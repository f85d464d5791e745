/**
 * The PowerPC register tables against the ABI documents, typed in from them:
 * DWARF numbers of the PowerPC ELF ABIs (r0-r31 = 0-31, f0-f31 = 32-63), the
 * offsets in Linux's `struct pt_regs` (`gpr[32]` first: r_n at n words), and
 * the Power ISA rule that RA = 0 in an address means the value 0, not r0.
 * GCC writes registers as bare numbers (`-4@3`, `8@16(6)`, `-8@9,10`).
 */
import { describe, expect, it } from "vitest";
import { parseArgument } from "../../../src/index.js";
import { registerFacts } from "./helpers.js";

const EM_PPC = 20;
const EM_PPC64 = 21;

describe("PowerPC registers (ELF ABI DWARF numbers, Linux pt_regs)", () => {
  it.each([[EM_PPC, 32, 4], [EM_PPC64, 64, 8]] as const)("machine %i, ELFCLASS%i: r0-r31 and f0-f31 under every spelling", (machine, bits, word) => {
    for (let n = 0; n < 32; n++) {
      for (const name of [`${n}`, `r${n}`, `%r${n}`]) {
        expect(registerFacts(`-${word}@${name}`, machine, bits), name).toEqual({ canonical: `r${n}`, dwarf: n, pt: word * n, width: word });
      }
      for (const name of [`f${n}`, `%f${n}`]) {
        expect(registerFacts(`8f@${name}`, machine, bits), name).toEqual({ canonical: `f${n}`, dwarf: 32 + n, pt: null, width: 8 });
      }
    }
  });
});

describe("PowerPC operands", () => {
  const parse = (t: string) => parseArgument(t, EM_PPC64, 64);
  const reason = (t: string): string => {
    const a = parse(t);
    return a.kind === "unparsed" ? a.reason : a.kind;
  };
  it("immediates, indexed and displacement forms; RA = 0 means no base", () => {
    expect(parse("8@i5")).toMatchObject({ kind: "constant", value: 5n });
    expect(parse("8@i-5")).toMatchObject({ kind: "constant", value: -5n });
    expect(parse("8@9,10")).toMatchObject({ kind: "memory", base: { name: "9" }, index: { name: "10" } });
    expect(parse("8@0,10")).toMatchObject({ kind: "memory", base: null, index: { name: "10" } });
    expect(parse("8@16(0)")).toMatchObject({ kind: "memory", base: null, displacement: 16n });
    expect(parse("8@-16(31)")).toMatchObject({ kind: "memory", base: { name: "31" }, displacement: -16n });
    expect(parse("8@glob@toc@l(9)")).toMatchObject({ kind: "memory", symbol: "glob", reloc: "toc@l", base: { name: "9" } });
    expect(parse("8@i0@toc@l(9)")).toMatchObject({ kind: "memory", symbol: "i0", reloc: "toc@l" });
  });
  it("what is not an operand: floating-point registers in addresses, register numbers past 31, trailing text", () => {
    for (const t of ["8@9,f1", "8@f1,9", "8@16(f1)", "8@r123", "8@%r3x", "8@16(6", "8@16(6)x", "8@%x3", "8@9,10x", "8@i", "8@i5x"]) {
      expect(reason(t), t).toBe("unrecognized PowerPC operand");
    }
    expect(reason("8@32")).toBe("32 is not a register number (0 to 31)");
  });
});
