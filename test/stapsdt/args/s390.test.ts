import { describe, expect, test } from "vitest";
import { EM } from "../../../src/elf/constants.js";
import { S390X_REGISTERS, S390_REGISTERS } from "../../../src/stapsdt/args/s390.js";
import { compactAll, expectCases, expectUnparsed } from "./helpers.js";

describe("s390x", () => {
  test("forms GCC 12 emits (spec §4.2, observed)", () => {
    expectCases(EM.EM_S390, 64, [
      ["-4@%r2", "-4|reg r2"],
      ["8@%r0", "8|reg r0"],
      ["-4@42", "-4|const 42"],
      ["-8@-1", "-8|const -1"],
      ["8@81985529216486895", "8|const 81985529216486895"],
      ["-8@160(%r15)", "-8|mem base=r15 disp=160"],
      ["-4@0(%r2)", "-4|mem base=r2"],
      // D(X,B): the first register is the index, the second the base
      ["-8@0(%r11,%r1)", "-8|mem base=r1 idx=r11*1"],
      ["-2@128(%r2,%r1)", "-2|mem base=r1 idx=r2*1 disp=128"],
      ["1@131(%r1)", "1|mem base=r1 disp=131"],
      ["8f@%r1", "8f|reg r1"],
      ["4f@164(%r15)", "4f|mem base=r15 disp=164"],
    ]);
  });

  test("libbpf and bcc forms, and other spellings", () => {
    expect(compactAll("-2@-28(%r15) -8@%r0 4@71", EM.EM_S390, 64))
      .toEqual(["-2|mem base=r15 disp=-28", "-8|reg r0", "4|const 71"]);
    expectCases(EM.EM_S390, 64, [
      ["4@(%r2)", "4|mem base=r2"],
      ["4@8(,%r2)", "4|mem base=r2 disp=8"],
      ["4@8(%r0,%r2)", "4|mem base=r2 disp=8"], // r0 in X means no index
      ["4@8(%r2,%r0)", "4|mem idx=r2*1 disp=8"], // r0 in B means no base
      ["4@glob@GOTENT(%r12)", "4|mem base=r12 sym=glob@GOTENT"],
      ["8f@%f0", "8f|reg f0"],
      ["4@0x10", "4|const 16"],
    ]);
  });

  test("what does not parse", () => {
    const cases: [string, string][] = [
      ["4@%r16", 'unknown register "%r16"'],
      ["4@8(%f0)", '"%f0" cannot address memory'],
      ["4@8(%r1,%a0)", '"%a0" cannot be a base register'],
      ["4@glob", "unrecognized s390 operand"],
      ["4@8(%r1", "unrecognized s390 operand"],
      ["4@()", "unrecognized s390 operand"],
    ];
    expectUnparsed(EM.EM_S390, 64, cases);
  });

  test("register tables: user_pt_regs.gprs[n] after the PSW", () => {
    expect(S390X_REGISTERS.get("%r2")).toEqual({ name: "%r2", canonical: "r2", dwarf: 2, ptRegsOffset: 32, width: 8 });
    expect(S390X_REGISTERS.get("%r15")).toMatchObject({ ptRegsOffset: 136 });
    expect(S390_REGISTERS.get("%r2")).toMatchObject({ ptRegsOffset: 16, width: 4 });
    expect(S390X_REGISTERS.get("%f0")).toMatchObject({ dwarf: 16 });
    expect(S390X_REGISTERS.get("%f2")).toMatchObject({ dwarf: 17 });
    expect(S390X_REGISTERS.get("%f1")).toMatchObject({ dwarf: 20 });
    expect(S390X_REGISTERS.get("%f15")).toMatchObject({ dwarf: 31 });
    expect(S390X_REGISTERS.get("%a0")).toMatchObject({ dwarf: 48 });
  });
});
