/**
 * Probe arguments: from the argument string of a `stapsdt` note to
 * {@link ProbeArgument}s, with the operand syntax of the file's architecture.
 *
 * Three steps, each done once for all architectures except the last:
 * 1. split the string at spaces outside brackets (`split.ts`);
 * 2. split each argument at its first `@` and read `[-]N[f]` (`prefix.ts`);
 * 3. parse the operand with the parser chosen by `e_machine` (one module per
 *    architecture, each with its register table as data).
 *
 * Nothing is ever dropped or renumbered: an operand that a parser does not
 * understand, or any operand of an architecture without a parser, becomes
 * `kind: "unparsed"` in its position, with its size and sign still read.
 */
import { EM, machineName } from "../../elf/constants.js";
import { parseAarch64 } from "./aarch64.js";
import { parseArm } from "./arm.js";
import { unparsedArgument } from "./build.js";
import { parseLoongarch } from "./loongarch.js";
import { parseMips } from "./mips.js";
import { headAt, parseHead } from "./prefix.js";
import { parsePpc } from "./ppc.js";
import { parseRiscv } from "./riscv.js";
import { parseS390 } from "./s390.js";
import { ArgumentSpans, splitArguments } from "./split.js";
import type { ArgumentHead, ProbeArgument } from "./types.js";
import { parseI386, parseX86_64 } from "./x86.js";

/** The common signature of the per-architecture operand parsers. They never throw. */
export type OperandParser = (head: ArgumentHead, elfClass: 32 | 64) => ProbeArgument;

const PARSERS: ReadonlyMap<number, OperandParser> = new Map<number, OperandParser>([
  [EM.EM_X86_64, parseX86_64],
  [EM.EM_386, parseI386],
  [EM.EM_IAMCU, parseI386],
  [EM.EM_AARCH64, parseAarch64],
  [EM.EM_ARM, parseArm],
  [EM.EM_PPC, parsePpc],
  [EM.EM_PPC64, parsePpc],
  [EM.EM_S390, parseS390],
  [EM.EM_RISCV, parseRiscv],
  [EM.EM_MIPS, parseMips],
  [EM.EM_MIPS_RS3_LE, parseMips],
  [EM.EM_LOONGARCH, parseLoongarch],
]);

/** The operand parser for `e_machine`, or `null` when there is none. */
export function operandParser(machine: number): OperandParser | null {
  return PARSERS.get(machine) ?? null;
}

/**
 * Parses one argument (`-4@%eax`) for a file with `e_machine` `machine` and
 * class `elfClass`. Never throws.
 */
export function parseArgument(text: string, machine: number, elfClass: 32 | 64): ProbeArgument {
  const head = parseHead(text);
  const parse = PARSERS.get(machine);
  return parse ? parse(head, elfClass) : noParser(head, machine);
}

/**
 * Parses a probe's whole argument string. An empty string, or one starting
 * with `:`, has no arguments (as libbpf, gdb and perf read it). Never throws.
 *
 * @example
 * ```ts
 * parseArguments("-4@%edi 8@-8(%rbp)", EM.EM_X86_64, 64)
 * // → [{ kind: "register", size: 4, signed: true, register: { name: "%edi", canonical: "rdi", dwarf: 5, ... } },
 * //    { kind: "memory", size: 8, base: { name: "%rbp", ... }, displacement: -8n, ... }]
 * ```
 */
export function parseArguments(text: string, machine: number, elfClass: 32 | 64): ProbeArgument[] {
  const parse = PARSERS.get(machine);
  const out: ProbeArgument[] = [];
  const spans = new ArgumentSpans(text);
  while (spans.next()) {
    const head = headAt(text, spans.start, spans.end);
    out.push(parse ? parse(head, elfClass) : noParser(head, machine));
  }
  return out;
}

/** Parses whole argument strings of one file; see {@link createArgumentsParser}. */
export type ArgumentsParser = (text: string) => readonly ProbeArgument[];

/** Memo entries kept per parser before it starts over (bounds memory on hostile files). */
const MEMO_LIMIT = 4096;

/**
 * {@link parseArguments} for many probes of one file, memoized twice: a whole
 * argument string seen before returns the same (read-only) array, and each
 * distinct argument text (`8@%rbx`) is parsed once, its object shared. Real
 * files repeat a lot (libjvm: 531 probes with 128 distinct strings, 1100
 * arguments with 88 distinct texts). Each memo keeps at most 4096 entries and
 * starts over when full, so hostile files cannot grow it without bound.
 */
export function createArgumentsParser(machine: number, elfClass: 32 | 64): ArgumentsParser {
  const parse = PARSERS.get(machine);
  const strings = new Map<string, readonly ProbeArgument[]>();
  const args = new Map<string, ProbeArgument>();
  return (text) => {
    const seen = strings.get(text);
    if (seen !== undefined) return seen;
    const out: ProbeArgument[] = [];
    for (const part of splitArguments(text)) {
      let arg = args.get(part);
      if (arg === undefined) {
        const head = parseHead(part);
        arg = parse ? parse(head, elfClass) : noParser(head, machine);
        if (args.size >= MEMO_LIMIT) args.clear();
        args.set(part, arg);
      }
      out.push(arg);
    }
    if (strings.size >= MEMO_LIMIT) strings.clear();
    strings.set(text, out);
    return out;
  };
}

function noParser(head: ArgumentHead, machine: number): ProbeArgument {
  return unparsedArgument(head, `no operand parser for ${machineName(machine)}`);
}
