import { describe, expect, test } from "vitest";
import { EM } from "../../../src/elf/constants.js";
import { PPC64_REGISTERS, PPC_REGISTERS } from "../../../src/stapsdt/args/ppc.js";
import { compactAll, expectCases, expectUnparsed } from "./helpers.js";

describe("powerpc", () => {
  test("forms GCC 12 emits (ppc64le and ppc32, observed)", () => {
    for (const [machine, cls] of [[EM.EM_PPC64, 64], [EM.EM_PPC, 32]] as const) {
      expectCases(machine, cls, [
        ["-4@3", "-4|reg r3"],
        ["-4@0", "-4|reg r0"],
        ["-4@31", "-4|reg r31"],
        ["8@10", "8|reg r10"],
        ["-4@i42", "-4|const 42"],
        ["-4@i-5", "-4|const -5"],
        ["8@i81985529216486895", "8|const 81985529216486895"],
        ["-4@0(6)", "-4|mem base=r6"],
        ["1@0(9)", "1|mem base=r9"],
        ["-8@0(31)", "-8|mem base=r31"],
        ["-8@9,10", "-8|mem base=r9 idx=r10*1"],
        ["-2@8,3", "-2|mem base=r8 idx=r3*1"],
        ["8f@8", "8f|reg r8"],
        ["8f@0(9)", "8f|mem base=r9"],
      ]);
    }
  });

  test("bcc's test_usdt_args cases", () => {
    const text = "-4@0 8@%r0 8@i0 4@0(%r0) -2@0(0) 1@0 -2@%r3 -8@i9 -1@0(%r4) -4@16(6) " +
      "2@7 4@%r11 4@i-67 8@-16(%r17) 1@-52(11) -8@13 -8@%r25 2@i-11 -2@14(%r26) -8@-32(24) " +
      "4@29 2@%r17 -8@i-693 -1@-23(%r31) 4@28(30) -2@31 -4@%r30 2@i1097 4@108(%r30) -2@-4(31)";
    expect(compactAll(text, EM.EM_PPC64, 64)).toEqual([
      // RA = 0 in a D(RA) address is the value 0, not r0 (Power ISA): base null
      "-4|reg r0", "8|reg r0", "8|const 0", "4|mem", "-2|mem", "1|reg r0", "-2|reg r3", "-8|const 9", "-1|mem base=r4",
      "-4|mem base=r6 disp=16", "2|reg r7", "4|reg r11", "4|const -67", "8|mem base=r17 disp=-16", "1|mem base=r11 disp=-52",
      "-8|reg r13", "-8|reg r25", "2|const -11", "-2|mem base=r26 disp=14", "-8|mem base=r24 disp=-32",
      "4|reg r29", "2|reg r17", "-8|const -693", "-1|mem base=r31 disp=-23", "4|mem base=r30 disp=28",
      "-2|reg r31", "-4|reg r30", "2|const 1097", "4|mem base=r30 disp=108", "-2|mem base=r31 disp=-4",
    ]);
  });

  test("other spellings", () => {
    expectCases(EM.EM_PPC64, 64, [
      ["8@r3", "8|reg r3"],
      ["8@%r3,%r4", "8|mem base=r3 idx=r4*1"],
      ["8@0,4", "8|mem idx=r4*1"],
      ["8@4,0", "8|mem base=r4 idx=r0*1"],
      ["4@glob@toc@l(9)", "4|mem base=r9 sym=glob@toc@l"],
      ["4@glob+8@toc@l(9)", "4|mem base=r9 disp=8 sym=glob@toc@l"],
      ["4@.LC0@toc(2)", "4|mem base=r2 sym=.LC0@toc"],
      ["4@glob@l(9)", "4|mem base=r9 sym=glob@l"],
      ["8f@%f1", "8f|reg f1"],
      ["8@(9)", "8|mem base=r9"],
    ]);
  });

  test("what does not parse", () => {
    const cases: [string, string][] = [
      ["4@-12(42)", "unrecognized PowerPC operand"], // bcc's parse-failure case
      ["4@32", "32 is not a register number (0 to 31)"],
      ["4@-3", "-3 is not a register number (0 to 31)"],
      ["4@i", "unrecognized PowerPC operand"],
      ["4@3,", "unrecognized PowerPC operand"],
      ["4@0(%f1)", "unrecognized PowerPC operand"],
      ["4@%f1,3", "unrecognized PowerPC operand"],
      ["4@$3", "unrecognized PowerPC operand"],
    ];
    expectUnparsed(EM.EM_PPC64, 64, cases);
  });

  test("register tables: pt_regs.gpr[n] at n × word size", () => {
    expect(PPC64_REGISTERS.get("3")).toEqual({ name: "3", canonical: "r3", dwarf: 3, ptRegsOffset: 24, width: 8 });
    expect(PPC64_REGISTERS.get("%r31")).toMatchObject({ canonical: "r31", dwarf: 31, ptRegsOffset: 248 });
    expect(PPC_REGISTERS.get("3")).toMatchObject({ ptRegsOffset: 12, width: 4 });
    expect(PPC64_REGISTERS.get("%f0")).toMatchObject({ dwarf: 32, ptRegsOffset: null });
  });
});
