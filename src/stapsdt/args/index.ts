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
 *
 * Speed: the parser is meant to be fast on strings it has never seen (files
 * whose every probe has its own argument string exist, with 100,000 probes),
 * so steps 1 and 2 read the argument string in place (`ArgumentSpans`,
 * `headAt`) and slice each argument only for its `text` and `operand`, and
 * numbers are read in one pass into a double when they are below 2^52
 * (`lex.ts`). A per-file cache of whole argument strings used to stand in
 * front of a slower parser (two `Map`s, by string and by argument); hashing a
 * fresh string for a `Map` costs about as much as parsing it, so what is left
 * is {@link createArgumentsParser}'s small direct-mapped cache: it doubles
 * the speed on a file that repeats (libjvm: 531 probes, 128 distinct
 * strings) and costs a few percent at most where nothing repeats.
 * `bench/args.bench.ts` measures both kinds of file.
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
import { ArgumentSpans } from "./split.js";
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
 * Calls `visit` with each argument of a probe's argument string, in order,
 * and returns how many there were. An empty string, or one starting with
 * `:`, has no arguments (as libbpf, gdb and perf read it). Never throws.
 *
 * Nothing is kept between calls of `visit`: a note can hold a million
 * operands, and a writer that prints them one at a time then needs memory
 * for one. {@link parseArguments} collects them.
 */
export function forEachArgument(
  text: string, machine: number, elfClass: 32 | 64, visit: (arg: ProbeArgument, index: number) => void,
): number {
  const parse = PARSERS.get(machine);
  let n = 0;
  const spans = new ArgumentSpans(text);
  while (spans.next()) {
    const head = headAt(text, spans.start, spans.end, spans.at);
    visit(parse ? parse(head, elfClass) : noParser(head, machine), n++);
  }
  return n;
}

/**
 * Parses a probe's whole argument string (see {@link forEachArgument}).
 *
 * @example
 * ```ts
 * parseArguments("-4@%edi 8@-8(%rbp)", EM.EM_X86_64, 64)
 * // → [{ kind: "register", size: 4, signed: true, register: { name: "%edi", canonical: "rdi", dwarf: 5, ... } },
 * //    { kind: "memory", size: 8, base: { name: "%rbp", ... }, displacement: -8n, ... }]
 * ```
 */
export function parseArguments(text: string, machine: number, elfClass: 32 | 64): ProbeArgument[] {
  const out = collected;
  const n = forEachArgument(text, machine, elfClass, (arg, i) => {
    out[i] = arg;
  });
  const args = out.slice(0, n);
  // What a long string left here is let go (a crafted note can hold a
  // million operands); a few dozen stale entries are harmless.
  if (out.length > 64) out.length = 0;
  return args;
}

/**
 * Where {@link parseArguments} collects a string's arguments before copying
 * them out: an array grown one argument at a time keeps room for more than
 * it holds, and a probe keeps its argument array as long as its list lives
 * (100,000 in one list happen), so each probe gets a copy with room for its
 * arguments only (measured: 117.0 -> 106.6 MB kept by listProbes of
 * distinct-100k). Written over by the next string.
 */
const collected: ProbeArgument[] = [];

/** Parses the argument strings of one file, with a cache; see {@link createArgumentsParser}. */
export interface ArgumentsParser {
  /** All arguments of `text`, as {@link parseArguments} (a read-only array, maybe shared). */
  parse(text: string): readonly ProbeArgument[];
  /** Visits the arguments of `text`, as {@link forEachArgument}; returns their number. */
  forEach(text: string, visit: (arg: ProbeArgument, index: number) => void): number;
}

/** Slots of the cache of {@link createArgumentsParser} (a power of two). */
const CACHE_SLOTS = 256;

/**
 * The most arguments of a string the cache keeps. `<sys/sdt.h>` writes at
 * most 12; a string with more is a crafted one, parsed as it comes and never
 * held (the cache would otherwise keep a million operands alive).
 */
const CACHE_ARGUMENTS = 32;

/**
 * {@link parseArguments} and {@link forEachArgument} for the probes of one
 * file, with a small cache: a string seen before usually gives the same
 * (read-only) arguments again.
 *
 * Real files repeat strings (libjvm: 531 probes, 128 distinct strings), but
 * many files repeat none, and there a cache costs without helping. Hashing a
 * fresh string for a `Map` costs about as much as parsing it, so this cache
 * is direct-mapped on the length and three characters of the string: a
 * lookup is one string comparison, and a miss parses as usual and replaces
 * the slot. 256 slots of at most {@link CACHE_ARGUMENTS} arguments bound its
 * memory whatever the file.
 */
export function createArgumentsParser(machine: number, elfClass: 32 | 64): ArgumentsParser {
  const keys = new Array<string>(CACHE_SLOTS).fill("");
  const values = new Array<readonly ProbeArgument[]>(CACHE_SLOTS).fill([]);
  return {
    parse(text) {
      const slot = cacheSlot(text);
      if (keys[slot] === text) return values[slot]!;
      const args = parseArguments(text, machine, elfClass);
      if (args.length <= CACHE_ARGUMENTS) {
        keys[slot] = text;
        values[slot] = args;
      }
      return args;
    },
    forEach(text, visit) {
      const slot = cacheSlot(text);
      if (keys[slot] === text) {
        const args = values[slot]!;
        for (let i = 0; i < args.length; i++) visit(args[i]!, i);
        return args.length;
      }
      let kept: ProbeArgument[] | null = [];
      const n = forEachArgument(text, machine, elfClass, (arg, i) => {
        if (kept !== null) {
          if (i < CACHE_ARGUMENTS) kept.push(arg);
          else kept = null;
        }
        visit(arg, i);
      });
      if (kept !== null) {
        keys[slot] = text;
        values[slot] = kept;
      }
      return n;
    },
  };
}

/** The cache slot of `text`: a hash of its length and three of its characters. */
function cacheSlot(text: string): number {
  const n = text.length;
  if (n === 0) return 0;
  const h = n * 31 + text.charCodeAt(n - 1) * 7 + text.charCodeAt(n >> 1) * 3 + text.charCodeAt(n >> 2);
  return h & (CACHE_SLOTS - 1);
}

function noParser(head: ArgumentHead, machine: number): ProbeArgument {
  return unparsedArgument(head, `no operand parser for ${machineName(machine)}`);
}
