import { describe, expect, test } from "vitest";
import { EM } from "../../../src/elf/constants.js";
import { LOONGARCH64_REGISTERS } from "../../../src/stapsdt/args/loongarch.js";
import { expectCases, expectUnparsed } from "./helpers.js";

describe("loongarch (GNU as syntax and bcc's forms; no GCC output verified)", () => {
  test("forms", () => {
    expectCases(EM.EM_LOONGARCH, 64, [
      ["-4@$r4", "-4|reg a0"],
      ["8@$a0", "8|reg a0"],
      ["8@$sp", "8|reg sp"],
      ["8@$r3", "8|reg sp"],
      ["8@$r21", "8|reg r21"],
      ["8@$s9", "8|reg fp"],
      ["-4@42", "-4|const 42"],
      ["-4@$r3,8", "-4|mem base=sp disp=8"],
      ["-4@$r3,-40", "-4|mem base=sp disp=-40"],
      ["8@$r12,$r13", "8|mem base=t0 idx=t1*1"],
      ["-4@[$r3]", "-4|mem base=sp"],
      ["-4@[$r3, -40]", "-4|mem base=sp disp=-40"],
      ["-4@8($r3)", "-4|mem base=sp disp=8"],
      ["4@$r12,%pc_lo12(glob)", "4|mem base=t0 sym=glob@pc_lo12"],
      ["8f@$f0", "8f|reg fa0"],
      ["8f@$fs7", "8f|reg fs7"],
    ]);
  });

  test("what does not parse", () => {
    const cases: [string, string][] = [
      ["4@$r32", 'unknown register "$r32"'],
      ["4@$u0", 'unknown register "$u0"'],
      ["4@$f0,8", "$f0 cannot be a base register"],
      ["4@[$r3", "unrecognized LoongArch operand"],
      ["4@[8]", "unrecognized LoongArch operand"],
      ["4@$r3,", "unrecognized LoongArch operand"],
    ];
    expectUnparsed(EM.EM_LOONGARCH, 64, cases);
  });

  test("register table: user_pt_regs.regs[n] at 8·n", () => {
    expect(LOONGARCH64_REGISTERS.get("$r4")).toEqual({ name: "$r4", canonical: "a0", dwarf: 4, ptRegsOffset: 32, width: 8 });
    expect(LOONGARCH64_REGISTERS.get("$fp")).toMatchObject({ dwarf: 22, ptRegsOffset: 176 });
    expect(LOONGARCH64_REGISTERS.get("$s8")).toMatchObject({ dwarf: 31 });
    expect(LOONGARCH64_REGISTERS.get("$ft15")).toMatchObject({ dwarf: 55 });
  });
});
