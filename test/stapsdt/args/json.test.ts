import { describe, expect, test } from "vitest";
import { EM } from "../../../src/elf/constants.js";
import { argumentToJson } from "../../../src/format/json.js";
import { parseArguments } from "../../../src/stapsdt/args/index.js";

describe("arguments as JSON", () => {
  test("each kind, bigints as decimal strings (beyond 2^53 too)", () => {
    const args = parseArguments("-4@%eax 8@$18446744073709551615 -8@40+CheckpointStats(%rip) 8@%bogus", EM.EM_X86_64, 64);
    const json = JSON.parse(JSON.stringify(args.map((a) => argumentToJson(a))));
    expect(json).toEqual([
      {
        text: "-4@%eax", size: 4, signed: true, float: false, kind: "register", operand: "%eax",
        register: { name: "%eax", canonical: "rax", dwarf: 0, ptRegsOffset: 80, width: 4 },
      },
      {
        text: "8@$18446744073709551615", size: 8, signed: false, float: false, kind: "constant", operand: "$18446744073709551615",
        value: "18446744073709551615", symbol: null,
      },
      {
        text: "-8@40+CheckpointStats(%rip)", size: 8, signed: true, float: false, kind: "memory", operand: "40+CheckpointStats(%rip)",
        base: { name: "%rip", canonical: "rip", dwarf: 16, ptRegsOffset: 128, width: 8 },
        index: null, scale: 1, extend: null, displacement: "40", symbol: "CheckpointStats", reloc: null, segment: null,
      },
      {
        text: "8@%bogus", size: 8, signed: false, float: false, kind: "unparsed", operand: "%bogus", reason: 'unknown register "%bogus"',
      },
    ]);
  });

  test("negative displacements and constants", () => {
    const [mem, c] = parseArguments("-4@-20(%rbp) -4@$-5", EM.EM_X86_64, 64).map((a) => argumentToJson(a));
    expect(mem).toMatchObject({ kind: "memory", displacement: "-20" });
    expect(c).toMatchObject({ kind: "constant", value: "-5" });
  });
});
