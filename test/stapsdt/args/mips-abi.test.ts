/**
 * The MIPS register tables against the ABI documents, typed in from them:
 * DWARF numbers ($0-$31 = 0-31, $f0-$f31 = 32-63) and the register names of
 * o32 (ELFCLASS32: $8-$15 are t0-t7) and n64 (ELFCLASS64: $8-$11 are a4-a7,
 * $12-$15 t0-t3); $30 is fp, also written s8.
 */
import { describe, expect, it } from "vitest";
import { parseArgument } from "../../../src/index.js";

const EM_MIPS = 8;
const BOTH = ["zero", "at", "v0", "v1", "a0", "a1", "a2", "a3"];
const LATE = ["s0", "s1", "s2", "s3", "s4", "s5", "s6", "s7", "t8", "t9", "k0", "k1", "gp", "sp", "fp", "ra"];
const NAMES = {
  32: [...BOTH, "t0", "t1", "t2", "t3", "t4", "t5", "t6", "t7", ...LATE],
  64: [...BOTH, "a4", "a5", "a6", "a7", "t0", "t1", "t2", "t3", ...LATE],
} as const;

describe("MIPS registers (o32 and n64 names, DWARF numbers)", () => {
  it.each([32, 64] as const)("ELFCLASS%i", (bits) => {
    const reg = (t: string) => {
      const a = parseArgument(t, EM_MIPS, bits);
      return a.kind === "register" ? { canonical: a.register.canonical, dwarf: a.register.dwarf, width: a.register.width } : a.kind;
    };
    NAMES[bits].forEach((name, n) => {
      expect(reg(`4@$${n}`), `$${n}`).toEqual({ canonical: name, dwarf: n, width: bits / 8 });
      expect(reg(`4@$${name}`), `$${name}`).toEqual({ canonical: name, dwarf: n, width: bits / 8 });
      expect(reg(`4@$f${n}`), `$f${n}`).toEqual({ canonical: `f${n}`, dwarf: 32 + n, width: bits / 8 });
    });
    expect(reg("4@$s8")).toEqual({ canonical: "fp", dwarf: 30, width: bits / 8 });
    for (const t of ["4@$32", "4@$f32", "4@$x", "4@4"]) expect(reg(t), t).not.toEqual(expect.objectContaining({ dwarf: expect.any(Number) }));
  });
  it("o32 has no a4-a7", () => {
    expect(parseArgument("4@$a4", EM_MIPS, 32)).toMatchObject({ kind: "unparsed" });
    expect(parseArgument("8@$a4", EM_MIPS, 64)).toMatchObject({ kind: "register", register: { dwarf: 8 } });
  });
});

describe("MIPS operands", () => {
  const parse = (t: string) => parseArgument(t, EM_MIPS, 32);
  it("displacement(base), %lo(symbol)(base), constants", () => {
    expect(parse("4@18($sp)")).toMatchObject({ kind: "memory", base: { canonical: "sp" }, displacement: 18n });
    expect(parse("-4@-8($fp)")).toMatchObject({ kind: "memory", displacement: -8n });
    expect(parse("4@%lo(glob_int)($9)")).toMatchObject({ kind: "memory", symbol: "glob_int", reloc: "lo", base: { canonical: "t1" } });
    expect(parse("4@42")).toMatchObject({ kind: "constant", value: 42n });
    expect(parse("4@-5")).toMatchObject({ kind: "constant", value: -5n });
  });
  it("what is no operand", () => {
    for (const t of ["4@18($f0)", "4@18($sp", "4@18($sp)x", "4@$4x", "4@($sp)($sp)"]) expect(parse(t).kind, t).toBe("unparsed");
    expect(parse("4@18($sp)x")).toMatchObject({ reason: "unrecognized MIPS operand" });
  });
});
