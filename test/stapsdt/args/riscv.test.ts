import { describe, expect, test } from "vitest";
import { EM } from "../../../src/elf/constants.js";
import { RISCV32_REGISTERS, RISCV64_REGISTERS } from "../../../src/stapsdt/args/riscv.js";
import { compactAll, expectCases, expectUnparsed } from "./helpers.js";

describe("riscv", () => {
  test("forms GCC 12 emits (spec §4.2, observed)", () => {
    expectCases(EM.EM_RISCV, 64, [
      ["-4@a0", "-4|reg a0"],
      ["-4@t3", "-4|reg t3"],
      ["-4@s1", "-4|reg s1"],
      ["-4@42", "-4|const 42"],
      ["-8@-1", "-8|const -1"],
      ["-4@-20(s0)", "-4|mem base=s0 disp=-20"],
      ["-4@0(a0)", "-4|mem base=a0"],
      ["-4@8(sp)", "-4|mem base=sp disp=8"],
      ["-4@%lo(glob_i)(a3)", "-4|mem base=a3 sym=glob_i@lo"],
      ["8f@%lo(glob_d)(a4)", "8f|mem base=a4 sym=glob_d@lo"],
      ["8f@a1", "8f|reg a1"],
    ]);
  });

  test("libbpf forms and other spellings", () => {
    expect(compactAll("-8@-88(s0) 4@5 -8@a1", EM.EM_RISCV, 64)).toEqual(["-8|mem base=s0 disp=-88", "4|const 5", "-8|reg a1"]);
    expectCases(EM.EM_RISCV, 64, [
      ["8@x10", "8|reg a0"],
      ["8@fp", "8|reg s0"],
      ["8@zero", "8|reg zero"],
      ["8@(a0)", "8|mem base=a0"],
      ["8@%lo(glob+8)(a0)", "8|mem base=a0 disp=8 sym=glob@lo"],
      ["8@%pcrel_lo(.LA0)(a5)", "8|mem base=a5 sym=.LA0@pcrel_lo"],
      ["8f@fa0", "8f|reg fa0"],
      ["8f@f10", "8f|reg fa0"],
    ]);
  });

  test("what does not parse", () => {
    const cases: [string, string][] = [
      ["4@x32", 'unknown register "x32"'],
      ["4@8(fa0)", '"fa0" cannot be a base register'],
      ["4@%lo(a)", "unrecognized RISC-V operand"],
      ["4@%hi(sym)", "unrecognized RISC-V operand"],
      ["4@8(a0", "unrecognized RISC-V operand"],
      ["4@a0)", "unrecognized RISC-V operand"],
    ];
    expectUnparsed(EM.EM_RISCV, 64, cases);
  });

  test("register tables: user_regs_struct slot N at N × word size, pc in slot 0", () => {
    expect(RISCV64_REGISTERS.get("a0")).toEqual({ name: "a0", canonical: "a0", dwarf: 10, ptRegsOffset: 80, width: 8 });
    expect(RISCV64_REGISTERS.get("ra")).toMatchObject({ dwarf: 1, ptRegsOffset: 8 });
    expect(RISCV64_REGISTERS.get("t6")).toMatchObject({ dwarf: 31, ptRegsOffset: 248 });
    expect(RISCV64_REGISTERS.get("s11")).toMatchObject({ dwarf: 27 });
    expect(RISCV64_REGISTERS.get("zero")).toMatchObject({ dwarf: 0, ptRegsOffset: null });
    expect(RISCV32_REGISTERS.get("a0")).toMatchObject({ ptRegsOffset: 40, width: 4 });
    expect(RISCV64_REGISTERS.get("ft0")).toMatchObject({ dwarf: 32 });
    expect(RISCV64_REGISTERS.get("ft11")).toMatchObject({ dwarf: 63 });
  });
});
