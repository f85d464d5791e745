import { describe, expect, test } from "vitest";
import { EM } from "../../../src/elf/constants.js";
import { ARM_REGISTERS } from "../../../src/stapsdt/args/arm.js";
import { compactAll, expectCases, expectUnparsed } from "./helpers.js";

describe("arm", () => {
  test("forms GCC 12 emits (spec §4.2, observed)", () => {
    expectCases(EM.EM_ARM, 32, [
      ["-4@r0", "-4|reg r0"],
      ["-4@r10", "-4|reg r10"],
      ["-4@fp", "-4|reg fp"],
      ["-4@ip", "-4|reg ip"],
      ["4@lr", "4|reg lr"],
      ["-4@#42", "-4|const 42"],
      ["-4@#-5", "-4|const -5"],
      ["8@#81985529216486895", "8|const 81985529216486895"],
      ["-4@[r7]", "-4|mem base=r7"],
      ["-4@[ip]", "-4|mem base=ip"],
      ["1@[sp]", "1|mem base=sp"],
      ["-4@[r7, #20]", "-4|mem base=r7 disp=20"],
      ["-8@[sp, #8]", "-8|mem base=sp disp=8"],
      ["-2@[lr, #64]", "-2|mem base=lr disp=64"],
      ["1@[r2, r1]", "1|mem base=r2 idx=r1*1"],
      ["-4@[r0, ip]", "-4|mem base=r0 idx=ip*1"],
      ["-4@[r3, r0, lsl #2]", "-4|mem base=r3 idx=r0*4"],
      ["-2@[r4, r1, lsl #1]", "-2|mem base=r4 idx=r1*2"],
      ["8f@fp", "8f|reg fp"],
      ["8f@[r3, #8]", "8f|mem base=r3 disp=8"],
    ]);
  });

  test("libbpf cases and other spellings", () => {
    expect(compactAll("-4@[fp, #96] -4@[sp] 4@#5 -8@r4", EM.EM_ARM, 32))
      .toEqual(["-4|mem base=fp disp=96", "-4|mem base=sp", "4|const 5", "-8|reg r4"]);
    expectCases(EM.EM_ARM, 32, [
      ["4@r11", "4|reg fp"],
      ["4@r12", "4|reg ip"],
      ["4@r13", "4|reg sp"],
      ["4@r15", "4|reg pc"],
      ["4@sl", "4|reg r10"],
      ["4@$7", "4|const 7"],
      ["4@7", "4|const 7"],
      ["4@[r0, #-4]", "4|mem base=r0 disp=-4"],
      ["4@[r0, +r1]", "4|mem base=r0 idx=r1*1"],
      ["4@.L5", "4|mem sym=.L5"],
      ["4f@s3", "4f|reg s3"],
      ["8f@d17", "8f|reg d17"],
    ]);
  });

  test("what does not parse", () => {
    const cases: [string, string][] = [
      ["4@[r0, -r1]", "subtracted index register"],
      ["4@[r0, r1, asr #2]", 'index shift "asr" is not a scale'],
      ["4@[r0, #4]!", "pre/post-indexed address"],
      ["4@[r0], #4", "pre/post-indexed address"],
      ["4@[s0]", "no base register"],
      ["4@[r0, s1]", "no index register"],
      ["4@#x", "unrecognized ARM operand"],
    ];
    expectUnparsed(EM.EM_ARM, 32, cases);
  });

  test("register table (spec §4.3)", () => {
    expect(ARM_REGISTERS.get("r0")).toEqual({ name: "r0", canonical: "r0", dwarf: 0, ptRegsOffset: 0, width: 4 });
    expect(ARM_REGISTERS.get("fp")).toMatchObject({ dwarf: 11, ptRegsOffset: 44 });
    expect(ARM_REGISTERS.get("pc")).toMatchObject({ dwarf: 15, ptRegsOffset: 60 });
    expect(ARM_REGISTERS.get("s0")).toMatchObject({ dwarf: 64, ptRegsOffset: null });
    expect(ARM_REGISTERS.get("d0")).toMatchObject({ dwarf: 256, ptRegsOffset: null });
  });
});
