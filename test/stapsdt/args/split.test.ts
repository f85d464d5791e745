import fc from "fast-check";
import { describe, expect, test } from "vitest";
import { hasNoArguments, splitArguments } from "../../../src/stapsdt/args/split.js";
import { parseHead } from "../../../src/stapsdt/args/prefix.js";
import { createArgumentsParser, parseArguments } from "../../../src/stapsdt/args/index.js";
import { EM } from "../../../src/elf/constants.js";
import { compactAll } from "./helpers.js";

describe("splitArguments", () => {
  test.each([
    ["", []],
    [":", []],
    [":8@%rdi", []],
    ["8@%rdi", ["8@%rdi"]],
    ["-4@%eax 1@%sil -2@%dx", ["-4@%eax", "1@%sil", "-2@%dx"]],
    ["-4@[sp, 12] 8@x0", ["-4@[sp, 12]", "8@x0"]],
    ["-4@[r3, r0, lsl #2] 4@lr", ["-4@[r3, r0, lsl #2]", "4@lr"]],
    ["  8@%rdi   8@%rsi  ", ["8@%rdi", "8@%rsi"]],
    ["8@%rdi\t8@%rsi", ["8@%rdi", "8@%rsi"]],
    ["8@(%rax, %rbx) 4@$1", ["8@(%rax, %rbx)", "4@$1"]],
    // a closer without an opener does not make the depth negative
    ["8@%rdi) 8@%rsi", ["8@%rdi)", "8@%rsi"]],
    // an opener never closed: the tail is split at every space, so nothing is lost
    ["8@%rdi 8@[x0, 8 4@x1", ["8@%rdi", "8@[x0,", "8", "4@x1"]],
  ] as const)("%j", (text, want) => {
    expect(splitArguments(text)).toEqual(want);
  });

  test("agrees with the rule read one character at a time, on any text of the characters that matter", () => {
    // The rule, as the module's comment states it, in its plainest form: a
    // space or tab ends an argument at depth 0; ( and [ open, ) and ] close
    // (never below 0); from an opener never closed, every space separates.
    const model = (text: string): string[] => {
      if (text.length === 0 || text[0] === ":") return [];
      const out: string[] = [];
      let i = 0;
      let plain = false;
      const space = (c: string | undefined): boolean => c === " " || c === "\t";
      for (;;) {
        while (i < text.length && space(text[i])) i++;
        if (i >= text.length) return out;
        const start = i;
        let depth = 0;
        if (!plain) {
          for (; i < text.length && !(depth === 0 && space(text[i])); i++) {
            if (text[i] === "(" || text[i] === "[") depth++;
            else if ((text[i] === ")" || text[i] === "]") && depth > 0) depth--;
          }
          if (depth !== 0) {
            plain = true;
            i = start;
          }
        }
        if (plain) while (i < text.length && !space(text[i])) i++;
        out.push(text.slice(start, i));
      }
    };
    const text = fc.array(fc.constantFrom(" ", "\t", "(", ")", "[", "]", "@", "%", "x", "8", ",", ":"), { maxLength: 40 }).map((cs) => cs.join(""));
    fc.assert(fc.property(text, (t) => {
      expect(splitArguments(t)).toEqual(model(t));
    }), { numRuns: 20000 });
  });

  test("hasNoArguments", () => {
    expect(hasNoArguments("")).toBe(true);
    expect(hasNoArguments(":x")).toBe(true);
    expect(hasNoArguments(" :x")).toBe(false);
    expect(hasNoArguments("8@%rdi")).toBe(false);
  });
});

describe("parseHead", () => {
  test.each([
    ["-4@%eax", -4, false, "%eax"],
    ["8@%rdi", 8, false, "%rdi"],
    ["8f@%rdi", 8, true, "%rdi"],
    ["4f@%r9d", 4, true, "%r9d"],
    ["-8f@x1", -8, true, "x1"],
    ["3@%eax", 3, false, "%eax"],
    ["16@%xmm0", 16, false, "%xmm0"],
    ["%rdi", null, false, "%rdi"],
    ["$5", null, false, "$5"],
    ["-8(%rsp)", null, false, "-8(%rsp)"],
    // only the FIRST @ splits: the rest belongs to the operand
    ["-4@glob_arr@GOTOFF(%eax,%edx,4)", -4, false, "glob_arr@GOTOFF(%eax,%edx,4)"],
    // no size before the first @: the whole text is the operand
    ["glob@GOTOFF(%eax)", null, false, "glob@GOTOFF(%eax)"],
    ["f8@%rdi", null, false, "f8@%rdi"],
    ["-@%rdi", null, false, "-@%rdi"],
    ["@%rdi", null, false, "@%rdi"],
    ["4ff@%rdi", null, false, "4ff@%rdi"],
    ["4@", 4, false, ""],
  ] as const)("%s", (text, sized, float, operand) => {
    const h = parseHead(text);
    expect(h.text).toBe(text);
    expect(h.size).toBe(sized === null ? null : Math.abs(sized));
    expect(h.signed).toBe(sized !== null && sized < 0);
    expect(h.float).toBe(float);
    expect(h.operand).toBe(operand);
  });
});

describe("parseArguments", () => {
  test("positions are kept: an unparsable operand stays in its place", () => {
    expect(compactAll("8@%rdi 8@%bogus 8@%rsi", EM.EM_X86_64, 64)).toEqual(["8|reg rdi", "8|unparsed", "8|reg rsi"]);
    const args = parseArguments("8@%rdi 8@%bogus 8@%rsi", EM.EM_X86_64, 64);
    expect(args[1]).toMatchObject({ kind: "unparsed", operand: "%bogus", reason: 'unknown register "%bogus"' });
  });

  test("an unknown machine gives unparsed arguments with size and sign", () => {
    const args = parseArguments("-4@%o0 8@[%fp-8]", EM.EM_SPARCV9, 64);
    expect(args.map((a) => [a.kind, a.size, a.signed])).toEqual([["unparsed", 4, true], ["unparsed", 8, false]]);
    expect(args[0]).toMatchObject({ reason: "no operand parser for EM_SPARCV9" });
    expect(parseArguments("4@x", 9999, 32)[0]).toMatchObject({ reason: "no operand parser for EM_9999" });
  });

  test("empty and ':' strings have no arguments on every machine", () => {
    for (const m of [EM.EM_X86_64, EM.EM_AARCH64, EM.EM_SPARC]) {
      expect(parseArguments("", m, 64)).toEqual([]);
      expect(parseArguments(":anything", m, 64)).toEqual([]);
    }
  });

  test("an empty operand is unparsed", () => {
    expect(parseArguments("4@", EM.EM_X86_64, 64)[0]).toMatchObject({ kind: "unparsed", size: 4, reason: "empty operand" });
  });
});

describe("createArgumentsParser", () => {
  const strings = ["8@%rdi -4@%esi", "-4@16(%rdi)", "8@$1 8@$2", "8@$2 8@$1", "", ":x", "-4@%eax 8@x"];
  test("gives what parseArguments gives, and the same array for a string seen again", () => {
    const { parse } = createArgumentsParser(EM.EM_X86_64, 64);
    for (const round of [0, 1]) {
      for (const s of strings) {
        const got = parse(s);
        expect(got).toEqual(parseArguments(s, EM.EM_X86_64, 64));
        if (round === 1 && s !== "") expect(parse(s)).toBe(got);
      }
    }
  });

  test("strings that share a cache slot do not get each other's arguments", () => {
    // Same length, same characters where the slot is read, different operands.
    const a = "8@$1100 8@%rax";
    const b = "8@$1200 8@%rax";
    const { parse } = createArgumentsParser(EM.EM_X86_64, 64);
    for (let i = 0; i < 3; i++) {
      expect(parse(a)).toEqual(parseArguments(a, EM.EM_X86_64, 64));
      expect(parse(b)).toEqual(parseArguments(b, EM.EM_X86_64, 64));
    }
    expect(parse(a)).not.toEqual(parse(b));
  });

  test("forEach visits what parseArguments gives, in order, on a miss and on a hit", () => {
    const parser = createArgumentsParser(EM.EM_X86_64, 64);
    const many = Array.from({ length: 40 }, (_, i) => `-4@${i * 4}(%rbp)`).join(" ");
    for (const round of [0, 1]) {
      for (const s of [...strings, many]) {
        const seen: unknown[] = [];
        const n = parser.forEach(s, (arg, i) => {
          expect(i).toBe(seen.length);
          seen.push(arg);
        });
        expect(n, `round ${round}: ${s}`).toBe(seen.length);
        expect(seen).toEqual(parseArguments(s, EM.EM_X86_64, 64));
      }
    }
  });

  test("a string with more arguments than sdt.h writes is not cached: nothing keeps its arguments", () => {
    const parser = createArgumentsParser(EM.EM_X86_64, 64);
    const many = Array.from({ length: 40 }, () => "8@%rax").join(" ");
    const first = parser.parse(many);
    expect(parser.parse(many)).not.toBe(first);
    expect(parser.parse(many)).toEqual(first);
    const few = "8@%rax 8@%rbx";
    expect(parser.parse(few)).toBe(parser.parse(few));
  });
});

test("arguments without @ do not make the search for @ quadratic", () => {
  // 100,000 arguments, the only @ at the end: each must not search to it again.
  const text = "x ".repeat(100_000) + "8@%rax";
  const started = performance.now();
  const args = parseArguments(text, EM.EM_X86_64, 64);
  expect(args).toHaveLength(100_001);
  expect(args[100_000]!.kind).toBe("register");
  expect(performance.now() - started).toBeLessThan(2000);
});
