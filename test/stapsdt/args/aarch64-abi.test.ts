/**
 * The AArch64 register table against the ABI documents, typed in from them:
 * DWARF numbers from "DWARF for the Arm 64-bit Architecture" (X0-X30 = 0-30,
 * SP = 31, V0-V31 = 64-95), and the offsets in Linux's `struct user_pt_regs`
 * (`u64 regs[31]; u64 sp; u64 pc; u64 pstate;`: x_n at 8n, sp at 248), which
 * libbpf's USDT code reads. Widths: x/d 8, w/s 4, h 2, b 1, q/v 16 bytes.
 * Also the operand forms that do not name a plain memory location.
 */
import { describe, expect, it } from "vitest";
import { parseArgument } from "../../../src/index.js";
import { registerFacts } from "./helpers.js";

const EM_AARCH64 = 183;
const parse = (t: string) => parseArgument(t, EM_AARCH64, 64);

const register = (t: string) => registerFacts(t, EM_AARCH64, 64);

describe("AArch64 registers (AAPCS64 DWARF numbers, Linux user_pt_regs)", () => {
  it("x0-x30 and w0-w30, sp and wsp", () => {
    for (let n = 0; n <= 30; n++) {
      expect(register(`8@x${n}`)).toEqual({ canonical: `x${n}`, dwarf: n, pt: 8 * n, width: 8 });
      expect(register(`4@w${n}`)).toEqual({ canonical: `x${n}`, dwarf: n, pt: 8 * n, width: 4 });
    }
    expect(register("8@sp")).toEqual({ canonical: "sp", dwarf: 31, pt: 248, width: 8 });
    expect(register("4@wsp")).toEqual({ canonical: "sp", dwarf: 31, pt: 248, width: 4 });
  });
  it("the SIMD and floating-point registers, in every width", () => {
    const widths: [string, number][] = [["b", 1], ["h", 2], ["s", 4], ["d", 8], ["q", 16], ["v", 16]];
    for (const [p, width] of widths) {
      for (let n = 0; n < 32; n++) expect(register(`8@${p}${n}`), `${p}${n}`).toEqual({ canonical: `v${n}`, dwarf: 64 + n, pt: null, width });
    }
  });
  it("names that are not registers", () => {
    for (const name of ["x31", "w31", "v32", "xzr1", "r0"]) expect(parse(`8@${name}`), name).toMatchObject({ kind: "unparsed", reason: `unknown register "${name}"` });
  });
});

describe("AArch64 operands that are not a plain location", () => {
  const reason = (t: string): string => {
    const a = parse(t);
    return a.kind === "unparsed" ? a.reason : a.kind;
  };
  it("write-back addressing, shifts out of range, bad relocations and junk", () => {
    expect(reason("8@[x0, #8]!")).toBe("pre/post-indexed address");
    expect(reason("8@[x0], #8")).toBe("pre/post-indexed address");
    expect(reason("8@[x0, x1, lsl #5]")).toBe("shift amount must be 0 to 4");
    expect(reason("8@[x0, x1, lsl #-1]")).toBe("shift amount must be 0 to 4");
    expect(reason("8@[x0, x1, lsl #4]")).toBe("memory");
    expect(reason("8@[x0, x1, lsl #0]")).toBe("memory");
    for (const t of ["8@x0 junk", "8@[x0, x1, lsl]", "8@[x1, #:lo12:]", "8@[x1, #:lo12:sym+@x]", "8@[x1, #:lo12:4]", "8@#", "8@#5x", "8@[x1, #]", "8@[x1, #:lo12]"]) {
      expect(reason(t), t).toBe("unrecognized AArch64 operand");
    }
    expect(reason("8@[foo]")).toBe('"foo" cannot be a base register');
  });
  it("what they mean when they are one", () => {
    expect(parse("8@[x1, #:lo12:glob]")).toMatchObject({ kind: "memory", symbol: "glob", reloc: "lo12", displacement: 0n });
    expect(parse("-4@[x0, x1, lsl #2]")).toMatchObject({ kind: "memory", scale: 4, displacement: 0n });
    expect(parse("8@[x29, -16]")).toMatchObject({ kind: "memory", displacement: -16n });
    expect(parse("8@#-5")).toMatchObject({ kind: "constant", value: -5n });
  });
});
