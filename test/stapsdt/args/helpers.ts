/**
 * A compact, exact notation for parsed arguments, so tables of cases stay
 * readable:
 *
 * - `reg rax` (canonical name)
 * - `mem base=rbp idx=rdi*8 ext=uxtw disp=-20 sym=glob@GOTOFF seg=fs` (only non-neutral parts)
 * - `const -5` / `const glob+8`
 * - `unparsed`
 *
 * preceded by the prefix as `[-]N[f]|` (or `?|` without a size).
 */
import { expect } from "vitest";
import { parseArgument, parseArguments } from "../../../src/stapsdt/args/index.js";
import type { ProbeArgument } from "../../../src/stapsdt/args/types.js";

export function compact(a: ProbeArgument): string {
  const prefix = `${a.signed ? "-" : ""}${a.size ?? "?"}${a.float ? "f" : ""}|`;
  switch (a.kind) {
    case "register":
      return `${prefix}reg ${a.register.canonical}`;
    case "constant":
      return `${prefix}const ${a.symbol === null ? a.value : `${a.symbol}+${a.value}`}`;
    case "unparsed":
      return `${prefix}unparsed`;
    case "memory": {
      const parts = [`${prefix}mem`];
      if (a.segment) parts.push(`seg=${a.segment.canonical}`);
      if (a.base) parts.push(`base=${a.base.canonical}`);
      if (a.index) parts.push(`idx=${a.index.canonical}*${a.scale}`);
      else if (a.scale !== 1) parts.push(`scale=${a.scale}`);
      if (a.extend) parts.push(`ext=${a.extend}`);
      if (a.displacement !== 0n) parts.push(`disp=${a.displacement}`);
      if (a.symbol !== null) parts.push(`sym=${a.symbol}${a.reloc === null ? "" : `@${a.reloc}`}`);
      else if (a.reloc !== null) parts.push(`reloc=${a.reloc}`);
      return parts.join(" ");
    }
  }
}

/** Asserts that each `[text, compact]` case parses (alone) as expected, keeping text and operand. */
export function expectCases(machine: number, elfClass: 32 | 64, cases: readonly (readonly [string, string])[]): void {
  for (const [text, want] of cases) {
    const args = parseArguments(text, machine, elfClass);
    expect(args.length, text).toBe(1);
    const a = args[0]!;
    expect(compact(a), text).toBe(want);
    expect(a.text).toBe(text);
    expect(text.endsWith(a.operand)).toBe(true);
  }
}

/** Asserts that each `[text, reason]` case is kept as `unparsed` with that reason. */
export function expectUnparsed(machine: number, elfClass: 32 | 64, cases: readonly (readonly [string, string])[]): void {
  for (const [text, reason] of cases) expect(parseArgument(text, machine, elfClass), text).toMatchObject({ kind: "unparsed", reason });
}

/** Parses a whole argument string and returns the compact forms. */
export function compactAll(text: string, machine: number, elfClass: 32 | 64): string[] {
  return parseArguments(text, machine, elfClass).map(compact);
}

/**
 * What the ABI documents say of a register operand: canonical name, DWARF
 * number, `pt_regs` offset and width in bytes; for anything that does not
 * parse as a register, its kind (e.g. `"unparsed"`).
 */
export function registerFacts(text: string, machine: number, elfClass: 32 | 64):
  { canonical: string; dwarf: number; pt: number | null; width: number } | ProbeArgument["kind"] {
  const a = parseArgument(text, machine, elfClass);
  if (a.kind !== "register") return a.kind;
  const { canonical, dwarf, ptRegsOffset, width } = a.register;
  return { canonical, dwarf, pt: ptRegsOffset, width };
}
