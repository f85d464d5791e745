/**
 * LoongArch operands. Not verified against GCC output (no LoongArch
 * toolchain in Debian 12); the forms are those of GNU as syntax and of bcc's
 * parser.
 *
 * | form                     | example                                  |
 * |--------------------------|------------------------------------------|
 * | register                 | `-4@$r4`, `8@$a0`, `8@$sp`               |
 * | constant (bare)          | `-4@42`                                  |
 * | base, offset (GNU as)    | `-4@$r3,8`, `8@$r12,$r13` (base, index)  |
 * | bracketed (bcc)          | `-4@[$r3]`, `-4@[$r3, -40]`              |
 * | base + displacement      | `-4@8($r3)`                              |
 *
 * Registers: `$rN` → DWARF N, `user_pt_regs.regs[N]` at 8·N (uapi
 * `asm/ptrace.h`); ABI names zero ra tp sp a0–a7 t0–t8 (r21 has none)
 * fp/s9 s0–s8. FP `$fN` (`$fa0`…) → DWARF 32 + N.
 */
import { constantArgument, memoryArgument, registerArgument, syntaxError, unparsedArgument } from "./build.js";
import { C, Scanner } from "./lex.js";
import { range, reg, registerTable, type RegisterTable } from "./registers.js";
import type { ArgumentHead, ProbeArgument, ProbeRegister } from "./types.js";

/** ABI names of r0–r31. */
const ABI = [
  "zero", "ra", "tp", "sp", ...range(8).map((n) => `a${n}`), ...range(9).map((n) => `t${n}`),
  "r21", "fp", ...range(9).map((n) => `s${n}`),
];
/** ABI names of f0–f31. */
const FP_ABI = [...range(8).map((n) => `fa${n}`), ...range(16).map((n) => `ft${n}`), ...range(8).map((n) => `fs${n}`)];

function* loongarchRegisters(wordSize: number): Generator<ProbeRegister> {
  for (const n of range(32)) {
    const canonical = ABI[n]!;
    yield reg(`$r${n}`, canonical, n, wordSize * n, wordSize);
    if (n !== 21) yield reg(`$${canonical}`, canonical, n, wordSize * n, wordSize);
    yield reg(`$f${n}`, FP_ABI[n]!, 32 + n, null, 8);
    yield reg(`$${FP_ABI[n]!}`, FP_ABI[n]!, 32 + n, null, 8);
  }
  yield reg("$s9", "fp", 22, wordSize * 22, wordSize);
}

/** LoongArch64 registers by written name. */
export const LOONGARCH64_REGISTERS: RegisterTable = registerTable(() => loongarchRegisters(8));
/** LoongArch32 registers by written name. */
export const LOONGARCH32_REGISTERS: RegisterTable = registerTable(() => loongarchRegisters(4));

/** Parses a LoongArch operand of a file of class `elfClass`. Never throws. */
export function parseLoongarch(h: ArgumentHead, elfClass: 32 | 64): ProbeArgument {
  const table = elfClass === 64 ? LOONGARCH64_REGISTERS : LOONGARCH32_REGISTERS;
  // Fast path for the most common operand, a bare register.
  const whole = table.get(h.operand);
  if (whole !== undefined) return registerArgument(h, whole);
  const s = new Scanner(h.operand);
  const bracket = s.eat(C.LBRACKET);
  if (bracket) s.skipSpaces();
  if (s.peek() === C.DOLLAR) {
    const name = readName(s);
    const r = table.get(name);
    if (r === undefined) return unparsedArgument(h, `unknown register "${name}"`);
    /* Register read case, e.g., -8@$r4 */
    if (s.done && !bracket) return registerArgument(h, r);
    if (r.dwarf >= 32) return unparsedArgument(h, `${name} cannot be a base register`);
    let index: ProbeRegister | null = null;
    let displacement = 0n;
    let symbol: string | null = null;
    let reloc: string | null = null;
    if (s.eatPadded(C.COMMA)) {
      if (s.peek() === C.DOLLAR) {
        /* Base + index case, e.g., 8@$r12,$r13 */
        const indexName = readName(s);
        index = table.get(indexName) ?? null;
        if (index === null || index.dwarf >= 32) return unparsedArgument(h, `"${indexName}" cannot be an index register`);
      } else {
        /* Memory dereference case, e.g., -4@$r3,8, -4@[$r3, -40], 4@$r12,%pc_lo12(sym) */
        const e = s.peek() === C.PERCENT ? s.percentReloc() : s.symbolExpr();
        if (e === null) return syntaxError(h, "LoongArch");
        ({ value: displacement, symbol, reloc } = e);
      }
    } else if (!bracket) return syntaxError(h, "LoongArch");
    if (bracket) {
      s.skipSpaces();
      if (!s.eat(C.RBRACKET)) return syntaxError(h, "LoongArch");
    }
    if (!s.done) return syntaxError(h, "LoongArch");
    return memoryArgument(h, { base: r, index, displacement, symbol, reloc });
  }
  if (bracket) return syntaxError(h, "LoongArch");
  const e = s.symbolExpr();
  if (e !== null && e.symbol === null && s.done) {
    /* Constant value case, e.g., 4@5 */
    return constantArgument(h, e.value);
  }
  if (e === null || !s.eat(C.LPAREN) || s.peek() !== C.DOLLAR) return syntaxError(h, "LoongArch");
  /* Displacement(base) case, e.g., -4@8($r3) */
  const name = readName(s);
  const base = table.get(name);
  if (base === undefined || base.dwarf >= 32) return unparsedArgument(h, `"${name}" cannot be a base register`);
  if (!s.eat(C.RPAREN) || !s.done) return syntaxError(h, "LoongArch");
  return memoryArgument(h, { base, displacement: e.value, symbol: e.symbol, reloc: e.reloc });
}

function readName(s: Scanner): string {
  const start = s.i;
  s.eat(C.DOLLAR);
  s.regChars();
  return s.s.slice(start, s.i);
}
