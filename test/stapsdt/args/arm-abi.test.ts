/**
 * The 32-bit ARM register table against the ABI documents, typed in from them:
 * DWARF numbers from "DWARF for the Arm Architecture" (r0-r15 = 0-15, s0-s31
 * = 64-95, d0-d31 = 256-287), the offsets in Linux's `struct pt_regs`
 * (`uregs[18]`, r_n at 4n), and GCC's names (r11 fp, r12 ip, r13 sp, r14 lr,
 * r15 pc; r9 sb, r10 sl). Also A32 addressing forms that are no plain
 * location (LSL takes 0 to 31, write-back forms, trailing text).
 */
import { describe, expect, it } from "vitest";
import { parseArgument } from "../../../src/index.js";
import { registerFacts } from "./helpers.js";

const EM_ARM = 40;
const parse = (t: string) => parseArgument(t, EM_ARM, 32);
const register = (t: string) => registerFacts(t, EM_ARM, 32);

describe("ARM registers (AADWARF32, Linux pt_regs)", () => {
  it("r0-r15 under every name GCC and GAS use", () => {
    const names: [string, number][] = [
      ...Array.from({ length: 16 }, (_, n) => [`r${n}`, n] as [string, number]),
      ["fp", 11], ["ip", 12], ["sp", 13], ["lr", 14], ["pc", 15], ["sb", 9], ["sl", 10],
    ];
    const canonical = (n: number): string => (n <= 10 ? `r${n}` : ["fp", "ip", "sp", "lr", "pc"][n - 11]!);
    for (const [name, n] of names) expect(register(`4@${name}`), name).toEqual({ canonical: canonical(n), dwarf: n, pt: 4 * n, width: 4 });
  });
  it("VFP single and double registers", () => {
    for (let n = 0; n < 32; n++) {
      expect(register(`4f@s${n}`)).toEqual({ canonical: `s${n}`, dwarf: 64 + n, pt: null, width: 4 });
      expect(register(`8f@d${n}`)).toEqual({ canonical: `d${n}`, dwarf: 256 + n, pt: null, width: 8 });
    }
  });
});

describe("ARM operands that are not a plain location", () => {
  const reason = (t: string): string => {
    const a = parse(t);
    return a.kind === "unparsed" ? a.reason : a.kind;
  };
  it("shift amounts, write-back, trailing text", () => {
    expect(parse("4@[r1, r2, lsl #31]")).toMatchObject({ kind: "memory", scale: 2 ** 31 });
    expect(parse("4@[r1, r2, lsl #0]")).toMatchObject({ kind: "memory", scale: 1 });
    for (const t of ["4@[r1, r2, lsl #32]", "4@[r1, r2, lsl #-1]", "4@[r1, r2, lsl]", "4@[r1, #8", "4@[r1, #x]", "4@#", "4@#1x", "4@r3 x", "4@r3!", "4@glob x", "4@=glob", "4@[r1, #8] x"]) {
      expect(reason(t), t).toBe("unrecognized ARM operand");
    }
    expect(reason("4@[r1, #8]!")).toBe("pre/post-indexed address");
    expect(reason("4@[r1], #8")).toBe("pre/post-indexed address");
    expect(reason("4@[r1, -r2]")).toBe("subtracted index register");
    expect(reason("4@[r1, r2, asr #2]")).toBe('index shift "asr" is not a scale');
  });
  it("what they mean when they are one", () => {
    expect(parse("4@glob")).toMatchObject({ kind: "memory", symbol: "glob", base: null, displacement: 0n });
    expect(parse("4@.L5+4")).toMatchObject({ kind: "memory", symbol: ".L5", displacement: 4n });
    expect(parse("-4@[fp, #-96]")).toMatchObject({ kind: "memory", displacement: -96n });
    expect(parse("4@#-5")).toMatchObject({ kind: "constant", value: -5n });
  });
});
