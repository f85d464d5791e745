import { describe, expect, test } from "vitest";
import { EM } from "../../../src/elf/constants.js";
import { AARCH64_REGISTERS } from "../../../src/stapsdt/args/aarch64.js";
import { compactAll, expectCases, expectUnparsed } from "./helpers.js";

describe("aarch64", () => {
  test("forms GCC 12 emits (spec §4.2, observed)", () => {
    expectCases(EM.EM_AARCH64, 64, [
      ["-8@x0", "-8|reg x0"],
      ["-4@x30", "-4|reg x30"],
      ["-4@42", "-4|const 42"],
      ["-4@-5", "-4|const -5"],
      ["8@81985529216486895", "8|const 81985529216486895"],
      ["-4@[sp]", "-4|mem base=sp"],
      ["-4@[sp, 44]", "-4|mem base=sp disp=44"],
      ["-4@[x6]", "-4|mem base=x6"],
      ["-8@[x3, 24]", "-8|mem base=x3 disp=24"],
      ["1@[x0, 131]", "1|mem base=x0 disp=131"],
      ["-4@[x4, #:lo12:.LANCHOR0]", "-4|mem base=x4 sym=.LANCHOR0@lo12"],
      ["-4@[x4, #:lo12:.LANCHOR2]", "-4|mem base=x4 sym=.LANCHOR2@lo12"],
      ["1@[x2, x1]", "1|mem base=x2 idx=x1*1"],
      ["1@[x0, w2, uxtw]", "1|mem base=x0 idx=x2*1 ext=uxtw"],
      ["8f@x1", "8f|reg x1"],
      ["8f@[x0, 8]", "8f|mem base=x0 disp=8"],
    ]);
  });

  test("libbpf and bcc cases", () => {
    expect(compactAll("-1@x0 4@5 8@[x12] -4@[x30,-40] -4@[sp, 96] -8@x4", EM.EM_AARCH64, 64))
      .toEqual(["-1|reg x0", "4|const 5", "8|mem base=x12", "-4|mem base=x30 disp=-40", "-4|mem base=sp disp=96", "-8|reg x4"]);
  });

  test("other valid forms", () => {
    expectCases(EM.EM_AARCH64, 64, [
      ["4@#5", "4|const 5"],
      ["4@#-5", "4|const -5"],
      ["4@#0x20", "4|const 32"],
      ["4@[x0, #-8]", "4|mem base=x0 disp=-8"],
      ["4@[x0,#8]", "4|mem base=x0 disp=8"],
      ["4@[ x0 , 8 ]", "4|mem base=x0 disp=8"],
      ["4@[x0, x1, lsl 2]", "4|mem base=x0 idx=x1*4"],
      ["8@[x0, x1, lsl #3]", "8|mem base=x0 idx=x1*8"],
      ["4@[x0, w1, sxtw 2]", "4|mem base=x0 idx=x1*4 ext=sxtw"],
      ["4@[x0, #:got_lo12:glob+8]", "4|mem base=x0 disp=8 sym=glob@got_lo12"],
      ["4@w3", "4|reg x3"],
      ["8@sp", "8|reg sp"],
      ["8f@d0", "8f|reg v0"],
      ["4f@s31", "4f|reg v31"],
      ["16@q2", "16|reg v2"],
    ]);
  });

  test("what does not parse", () => {
    const cases: [string, string][] = [
      ["4@[x32, 200]", '"x32" cannot be a base register'], // bcc's parse-failure case
      ["4@x31", 'unknown register "x31"'],
      ["4@xzr", 'unknown register "xzr"'],
      ["4@[x0, 8]!", "pre/post-indexed address"],
      ["4@[x0], 8", "pre/post-indexed address"],
      ["4@[d0]", '"d0" cannot be a base register'],
      ["4@[x0, sp]", '"sp" cannot be an index register'],
      ["4@[x0, x1, ror 2]", 'unknown index extension "ror"'],
      ["4@[x0, x1, lsl 9]", "shift amount must be 0 to 4"],
      ["4@[x0, 8", "unrecognized AArch64 operand"],
      ["4@%x0", "unrecognized AArch64 operand"],
    ];
    expectUnparsed(EM.EM_AARCH64, 64, cases);
  });

  test("register table (spec §4.3)", () => {
    expect(AARCH64_REGISTERS.get("x0")).toEqual({ name: "x0", canonical: "x0", dwarf: 0, ptRegsOffset: 0, width: 8 });
    expect(AARCH64_REGISTERS.get("x30")).toMatchObject({ dwarf: 30, ptRegsOffset: 240 });
    expect(AARCH64_REGISTERS.get("sp")).toMatchObject({ dwarf: 31, ptRegsOffset: 248 });
    expect(AARCH64_REGISTERS.get("w5")).toMatchObject({ canonical: "x5", dwarf: 5, ptRegsOffset: 40, width: 4 });
    expect(AARCH64_REGISTERS.get("v7")).toMatchObject({ dwarf: 71, ptRegsOffset: null, width: 16 });
  });
});
