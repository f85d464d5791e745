import { describe, expect, test } from "vitest";
import { EM } from "../../../src/elf/constants.js";
import { parseArgument } from "../../../src/stapsdt/args/index.js";
import { MIPS32_REGISTERS, MIPS64_REGISTERS } from "../../../src/stapsdt/args/mips.js";
import { expectCases, expectUnparsed } from "./helpers.js";

describe("mips", () => {
  test("forms GCC 12 emits (mips64el n64 and mips o32, observed)", () => {
    for (const cls of [64, 32] as const) {
      expectCases(EM.EM_MIPS, cls, [
        ["-4@$4", "-4|reg a0"],
        ["-4@$2", "-4|reg v0"],
        ["-4@42", "-4|const 42"],
        ["-8@-1", "-8|const -1"],
        ["-4@0($4)", "-4|mem base=a0"],
        ["-8@24($7)", "-8|mem base=a3 disp=24"],
        ["-4@32($sp)", "-4|mem base=sp disp=32"],
        ["1@19($sp)", "1|mem base=sp disp=19"],
        ["-4@0($fp)", "-4|mem base=fp"],
        ["-4@%lo(glob_i)($8)", `-4|mem base=${cls === 64 ? "a4" : "t0"} sym=glob_i@lo`],
        ["8f@%lo(glob_d)($3)", "8f|mem base=v1 sym=glob_d@lo"],
        ["8f@$6", "8f|reg a2"],
      ]);
    }
  });

  test("$8–$15 are named per ABI: n64 for ELFCLASS64, o32 for ELFCLASS32", () => {
    expectCases(EM.EM_MIPS, 64, [["4@$8", "4|reg a4"], ["4@$12", "4|reg t0"], ["4@$t0", "4|reg t0"], ["4@$a7", "4|reg a7"]]);
    expectCases(EM.EM_MIPS, 32, [["4@$8", "4|reg t0"], ["4@$12", "4|reg t4"], ["4@$t0", "4|reg t0"]]);
    expect(MIPS64_REGISTERS.get("$t0")?.dwarf).toBe(12);
    expect(MIPS32_REGISTERS.get("$t0")?.dwarf).toBe(8);
    expect(parseArgument("4@$a7", EM.EM_MIPS, 32).kind).toBe("unparsed");
  });

  test("other spellings", () => {
    expectCases(EM.EM_MIPS_RS3_LE, 32, [["4@$ra", "4|reg ra"]]);
    expectCases(EM.EM_MIPS, 64, [
      ["8@$s8", "8|reg fp"],
      ["8@$31", "8|reg ra"],
      ["8@($4)", "8|mem base=a0"],
      ["8@%got_disp(glob)($28)", "8|mem base=gp sym=glob@got_disp"],
      ["8@%gp_rel(glob+4)($gp)", "8|mem base=gp disp=4 sym=glob@gp_rel"],
      ["8f@$f12", "8f|reg f12"],
    ]);
  });

  test("what does not parse", () => {
    const cases: [string, string][] = [
      ["4@$32", 'unknown register "$32"'],
      ["4@$", 'unknown register "$"'],
      ["4@8($f0)", '"$f0" cannot be a base register'],
      ["4@8(4)", '"4" cannot be a base register'],
    ];
    expectUnparsed(EM.EM_MIPS, 64, cases);
  });

  test("register tables: DWARF numbers, no pt_regs layout", () => {
    expect(MIPS64_REGISTERS.get("$29")).toEqual({ name: "$29", canonical: "sp", dwarf: 29, ptRegsOffset: null, width: 8 });
    expect(MIPS32_REGISTERS.get("$sp")).toEqual({ name: "$sp", canonical: "sp", dwarf: 29, ptRegsOffset: null, width: 4 });
    expect(MIPS64_REGISTERS.get("$f0")).toMatchObject({ dwarf: 32 });
  });
});
