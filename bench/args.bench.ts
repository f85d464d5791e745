/**
 * Argument parsing throughput: `npx vitest bench bench/args.bench.ts`.
 *
 * Inputs are argument strings in the forms GCC emits (spec §4.2), built from
 * a fixed pseudo-random sequence so runs are comparable: "varied" strings
 * have fresh numbers almost everywhere (register operands still repeat, as
 * they do in real files), "repeated" ones draw from few numbers, as real
 * binaries do (libjvm: 531 probes, 128 distinct strings, 88 distinct
 * arguments). "Distinct" strings are shaped like those of
 * bench/out/distinct-100k: no two alike, so no cache can help.
 */
import { bench, describe } from "vitest";
import { EM } from "../src/elf/constants.js";
import { createArgumentsParser, parseArguments } from "../src/stapsdt/args/index.js";

let seed = 1;
const rand = (n: number): number => {
  seed = (seed * 1103515245 + 12345) & 0x7fffffff;
  return seed % n;
};
const pick = <T>(xs: readonly T[]): T => xs[rand(xs.length)]!;

const X86 = {
  regs: ["%rdi", "%rsi", "%rdx", "%rcx", "%r8", "%r9", "%rax", "%rbx", "%r12", "%eax", "%esi", "%r9d", "%sil", "%dx"],
  operand: (n: number): string => {
    const k = rand(10);
    if (k < 5) return pick(X86.regs);
    if (k < 8) return `${n}(${pick(X86.regs.slice(0, 9))})`;
    if (k < 9) return `$${n}`;
    return `${n}+glob(%rip)`;
  },
};
const AARCH64 = {
  operand: (n: number): string => {
    const k = rand(10);
    if (k < 5) return `x${rand(31)}`;
    if (k < 8) return `[x${rand(31)}, ${n}]`;
    if (k < 9) return `${n}`;
    return `[x${rand(31)}, #:lo12:.LANCHOR${rand(4)}]`;
  },
};

function strings(operand: (n: number) => string, count: number, distinct: number | null): string[] {
  const out: string[] = [];
  for (let i = 0; i < count; i++) {
    const parts: string[] = [];
    const nargs = rand(7);
    for (let j = 0; j < nargs; j++) {
      const n = distinct === null ? rand(100000) - 50000 : rand(distinct);
      parts.push(`${pick(["8", "-8", "4", "-4", "1", "2", "8f"])}@${operand(n)}`);
    }
    out.push(parts.join(" "));
  }
  return out;
}

for (const [name, machine, operand] of [["x86-64", EM.EM_X86_64, X86.operand], ["aarch64", EM.EM_AARCH64, AARCH64.operand]] as const) {
  const varied = strings(operand, 10_000, null);
  const repeated = strings(operand, 10_000, 8);
  describe(`${name}: 10 000 probes (3 arguments on average)`, () => {
    bench("parseArguments, varied strings", () => {
      for (const s of varied) parseArguments(s, machine, 64);
    });
    bench("createArgumentsParser (per-file cache), varied strings", () => {
      const { parse } = createArgumentsParser(machine, 64);
      for (const s of varied) parse(s);
    });
    bench("createArgumentsParser (per-file cache), repeated strings", () => {
      const { parse } = createArgumentsParser(machine, 64);
      for (const s of repeated) parse(s);
    });
  });
}

/** Four shapes of x86-64 string, no two strings alike (as in bench/out/distinct-100k). */
function distinctX86(count: number): string[] {
  const out: string[] = [];
  for (let f = 0; out.length < count; f++) {
    const g = (f * 7919) % 65536;
    out.push(`8@%rdi -4@%esi 1@%cl -4@$${f}`);
    out.push(`-4@${16 + 4 * (f % 65536)}(%rdi) -4@${16 + 4 * g}(%rdi) 8@(%rdi) -2@12(%rdi)`);
    out.push(`8@$${f} -4@$-${f} -4@$${3 * f} 8@$${f * 1048576} 1@%cl`);
    out.push(`-4@g_wide+${4 * (f % 65536)}(%rip) -4@g_table+${4 * g}(%rip) 8@%rax`);
  }
  // Flat strings, as the note decoder makes them (template literals give ropes).
  return out.map((t) => String.fromCharCode(...Array.from(t, (c) => c.charCodeAt(0))));
}

describe("x86-64: 100 000 distinct strings (4.25 arguments on average)", () => {
  const distinct = distinctX86(100_000);
  bench("createArgumentsParser, distinct strings", () => {
    const { parse } = createArgumentsParser(EM.EM_X86_64, 64);
    for (const s of distinct) parse(s);
  });
});
