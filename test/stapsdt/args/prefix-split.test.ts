/**
 * The `[-]N[f]@` prefix and the splitting of the argument string, against
 * answers read off the format (spec §4.1: arguments are separated by spaces,
 * an operand may contain spaces inside brackets, as AArch64's `[x0, 8]`; the
 * prefix is an optional `-`, decimal digits and an optional `f`, then `@`).
 */
import { describe, expect, it } from "vitest";
import { parseHead } from "../../../src/stapsdt/args/prefix.js";
import { splitArguments } from "../../../src/stapsdt/args/split.js";

describe("the size prefix", () => {
  const head = (t: string) => {
    const h = parseHead(t);
    return [h.size, h.signed, h.float, h.operand];
  };
  it("reads every decimal digit, 0 and 9 included", () => {
    expect(head("10@%rax")).toEqual([10, false, false, "%rax"]);
    expect(head("-1290@x")).toEqual([1290, true, false, "x"]);
    expect(head("9@x")).toEqual([9, false, false, "x"]);
    expect(head("8f@%xmm0")).toEqual([8, false, true, "%xmm0"]);
    expect(head("-4f@x")).toEqual([4, true, true, "x"]);
  });
  it("anything else before the first @ is not a prefix: the whole text is the operand", () => {
    for (const t of ["8x@%rax", "8g@%rax", "x8@%rax", "8ff@x", "f@x", "-@x", "@x", "-f@x", "8 @x", "%rdi", "glob@GOTOFF(%eax)", ""]) {
      expect(head(t), t).toEqual([null, false, false, t]);
    }
  });
  it("a later @ belongs to the operand", () => {
    expect(head("-4@glob@GOTOFF(%eax)")).toEqual([4, true, false, "glob@GOTOFF(%eax)"]);
  });
});

describe("splitting the argument string", () => {
  it("at spaces and tabs outside brackets", () => {
    expect(splitArguments("8@[x0, 8] -4@x1")).toEqual(["8@[x0, 8]", "-4@x1"]);
    expect(splitArguments("8@%rax\t4@%rbx")).toEqual(["8@%rax", "4@%rbx"]);
    expect(splitArguments("  8@%rax   4@%rbx  ")).toEqual(["8@%rax", "4@%rbx"]);
    expect(splitArguments("-4@(%rax, %rbx, 8) 8@[sp, #8]")).toEqual(["-4@(%rax, %rbx, 8)", "8@[sp, #8]"]);
  });
  it("a closing bracket with none open does not make later brackets shallower", () => {
    expect(splitArguments("8@x) 4@[x1, 8]")).toEqual(["8@x)", "4@[x1, 8]"]);
  });
  it("brackets left open: every space splits, from the first argument on", () => {
    expect(splitArguments("8@[x0, 8 4@x1")).toEqual(["8@[x0,", "8", "4@x1"]);
    expect(splitArguments("4@%eax 8@(%rax  4@x ")).toEqual(["4@%eax", "8@(%rax", "4@x"]);
    // a bracket closed later in the tail does not join pieces again
    expect(splitArguments("8@[x0, 4@[x1, 8] 4@x2")).toEqual(["8@[x0,", "4@[x1,", "8]", "4@x2"]);
  });
  it("no arguments", () => {
    expect(splitArguments("")).toEqual([]);
    expect(splitArguments("   ")).toEqual([]);
  });
});
