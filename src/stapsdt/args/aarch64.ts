/**
 * AArch64 operands, as GCC prints them.
 *
 * | form                     | example                                 |
 * |--------------------------|-----------------------------------------|
 * | register                 | `-8@x0`, `8@sp` (`w0` accepted)         |
 * | constant (bare or `#`)   | `-4@42`, `-4@-5`, `4@#5` (gdb syntax)   |
 * | base                     | `-4@[x6]`, `8@[sp]`                     |
 * | base + offset            | `-8@[x3, 24]`, `-4@[sp, 8]`, `4@[x0, #-8]` |
 * | base + symbol low bits   | `-4@[x4, #:lo12:.LANCHOR0]`             |
 * | base + index             | `1@[x2, x1]`, `4@[x0, x1, lsl 2]`, `1@[x0, w2, uxtw]` |
 * | FP/SIMD (sdt.h 4.6 only) | `8f@d0`, `4f@s1`, `16@v2`               |
 *
 * Registers: `xN` (N = 0…30) → DWARF N, `user_pt_regs.regs[N]` at 8·N;
 * `sp` → DWARF 31, offset 248; `wN`/`wsp` are the low halves. FP/SIMD
 * `v`/`q`/`d`/`s`/`h`/`b` N → DWARF 64 + N (no pt_regs slot).
 * Pre/post-indexed forms (`[x0, 8]!`, `[x0], 8`) change the base register
 * and cannot be probe operands: they stay unparsed.
 */
import { constantArgument, memoryArgument, registerArgument, syntaxError, unparsedArgument } from "./build.js";
import { C, Scanner } from "./lex.js";
import { range, reg, registerTable, type RegisterTable } from "./registers.js";
import type { ArgumentHead, ProbeArgument, ProbeRegister } from "./types.js";

const SIMD_WIDTHS: readonly (readonly [string, number])[] = [["v", 16], ["q", 16], ["d", 8], ["s", 4], ["h", 2], ["b", 1]];

function* aarch64Registers(): Generator<ProbeRegister> {
  for (const n of range(31)) {
    yield reg(`x${n}`, `x${n}`, n, 8 * n, 8);
    yield reg(`w${n}`, `x${n}`, n, 8 * n, 4);
  }
  yield reg("sp", "sp", 31, 248, 8);
  yield reg("wsp", "sp", 31, 248, 4);
  for (const [prefix, width] of SIMD_WIDTHS) {
    for (const n of range(32)) yield reg(`${prefix}${n}`, `v${n}`, 64 + n, null, width);
  }
}

/** AArch64 registers by written name. */
export const AARCH64_REGISTERS: RegisterTable = registerTable(aarch64Registers);

/** Index extensions and shifts: `lsl` scales, the others also widen a `w` index. */
const EXTENDS = new Set(["lsl", "uxtw", "sxtw", "sxtx", "uxtx"]);

const isGeneral = (r: ProbeRegister): boolean => r.dwarf <= 31;

/** Parses an AArch64 operand. Never throws. */
export function parseAarch64(h: ArgumentHead): ProbeArgument {
  // Fast path for the most common operand, a bare register.
  const whole = AARCH64_REGISTERS.get(h.operand);
  if (whole !== undefined) return registerArgument(h, whole);
  const s = new Scanner(h.operand);
  if (s.eat(C.LBRACKET)) return parseMemory(h, s);
  const hash = s.eat(C.HASH);
  if (hash || s.atNumber()) {
    /* Constant value case, e.g., 4@5, -4@-5, 4@#5 */
    const v = s.int();
    if (v === null || !s.done) return syntaxError(h, "AArch64");
    return constantArgument(h, v);
  }
  /* Register read case, e.g., -8@x4 */
  const name = readName(s);
  if (name.length === 0) return syntaxError(h, "AArch64");
  const r = AARCH64_REGISTERS.get(name);
  if (r === undefined) return unparsedArgument(h, `unknown register "${name}"`);
  if (!s.done) return syntaxError(h, "AArch64");
  return registerArgument(h, r);
}

function parseMemory(h: ArgumentHead, s: Scanner): ProbeArgument {
  s.skipSpaces();
  const baseName = readName(s);
  const base = AARCH64_REGISTERS.get(baseName);
  if (base === undefined || !isGeneral(base)) return unparsedArgument(h, `"${baseName}" cannot be a base register`);
  let index: ProbeRegister | null = null;
  let scale = 1;
  let extend: string | null = null;
  let displacement = 0n;
  let symbol: string | null = null;
  let reloc: string | null = null;
  if (s.eatPadded(C.COMMA)) {
    const hash = s.eat(C.HASH);
    if (s.eat(C.COLON)) {
      /* Symbol low-bits case, e.g., -4@[x4, #:lo12:.LANCHOR0] */
      const start = s.span((c) => c !== C.COLON && c !== C.RBRACKET);
      reloc = s.s.slice(start, s.i);
      if (reloc.length === 0 || !s.eat(C.COLON)) return syntaxError(h, "AArch64");
      const e = s.symbolExpr();
      if (e === null || e.symbol === null || e.reloc !== null) return syntaxError(h, "AArch64");
      symbol = e.symbol;
      displacement = e.value;
    } else if (hash || s.atNumber()) {
      /* Memory dereference case, e.g., -4@[sp, 96] */
      const v = s.int();
      if (v === null) return syntaxError(h, "AArch64");
      displacement = v;
    } else {
      /* Base + index case, e.g., 1@[x2, x1], 4@[x0, x1, lsl 2], 1@[x0, w2, uxtw] */
      const indexName = readName(s);
      index = AARCH64_REGISTERS.get(indexName) ?? null;
      if (index === null || !isGeneral(index) || index.dwarf === 31) {
        return unparsedArgument(h, `"${indexName}" cannot be an index register`);
      }
      if (s.eatPadded(C.COMMA)) {
        const op = readName(s);
        if (!EXTENDS.has(op)) return unparsedArgument(h, `unknown index extension "${op}"`);
        if (op !== "lsl") extend = op;
        s.skipSpaces();
        s.eat(C.HASH);
        if (s.atNumber()) {
          const amount = s.int();
          if (amount === null || amount < 0n || amount > 4n) return unparsedArgument(h, "shift amount must be 0 to 4");
          scale = 1 << Number(amount);
        } else if (op === "lsl") return syntaxError(h, "AArch64");
      }
    }
  }
  s.skipSpaces();
  if (!s.eat(C.RBRACKET)) return syntaxError(h, "AArch64");
  if (!s.done) {
    return unparsedArgument(h, s.peek() === C.BANG || s.peek() === C.COMMA ? "pre/post-indexed address" : "unrecognized AArch64 operand");
  }
  return memoryArgument(h, { base, index, scale, extend, displacement, symbol, reloc });
}

function readName(s: Scanner): string {
  const start = s.regChars();
  return s.s.slice(start, s.i);
}
