/**
 * RISC-V operands (RV64 and RV32), as GCC prints them.
 *
 * | form                     | example                                  |
 * |--------------------------|------------------------------------------|
 * | register (ABI name)      | `-4@a0`, `-4@s1`, `8@sp` (`x10` accepted) |
 * | constant (bare)          | `-4@42`, `-8@-1`                         |
 * | base + displacement      | `-4@-20(s0)`, `-8@0(a4)`, `4@(a0)`       |
 * | symbol low bits          | `-4@%lo(glob_i)(a3)` (non-PIC)           |
 *
 * Registers: xN → DWARF N; ABI names zero ra sp gp tp t0–t2 s0/fp s1 a0–a7
 * s2–s11 t3–t6; `user_regs_struct` (what libbpf reads) keeps pc in slot 0 and
 * xN in slot N, so the offset is N × the word size, and `zero` has none.
 * FP registers fN / ft0… → DWARF 32 + N.
 */
import { constantArgument, memoryArgument, registerArgument, syntaxError, unparsedArgument } from "./build.js";
import { C, Scanner } from "./lex.js";
import { range, reg, registerTable, type RegisterTable } from "./registers.js";
import type { ArgumentHead, ProbeArgument, ProbeRegister } from "./types.js";

/** ABI names of x0–x31. */
const ABI = [
  "zero", "ra", "sp", "gp", "tp", "t0", "t1", "t2", "s0", "s1",
  ...range(8).map((n) => `a${n}`), ...range(10).map((n) => `s${n + 2}`), ...range(4).map((n) => `t${n + 3}`),
];
/** ABI names of f0–f31. */
const FP_ABI = [
  ...range(8).map((n) => `ft${n}`), "fs0", "fs1", ...range(8).map((n) => `fa${n}`),
  ...range(10).map((n) => `fs${n + 2}`), ...range(4).map((n) => `ft${n + 8}`),
];

function* riscvRegisters(wordSize: number): Generator<ProbeRegister> {
  for (const n of range(32)) {
    const canonical = ABI[n]!;
    const pt = n === 0 ? null : wordSize * n;
    yield reg(canonical, canonical, n, pt, wordSize);
    yield reg(`x${n}`, canonical, n, pt, wordSize);
    const fp = FP_ABI[n]!;
    yield reg(fp, fp, 32 + n, null, 8);
    yield reg(`f${n}`, fp, 32 + n, null, 8);
  }
  yield reg("fp", "s0", 8, 8 * wordSize, wordSize);
}

/** RV64 registers by written name. */
export const RISCV64_REGISTERS: RegisterTable = registerTable(() => riscvRegisters(8));
/** RV32 registers by written name. */
export const RISCV32_REGISTERS: RegisterTable = registerTable(() => riscvRegisters(4));

/** Parses a RISC-V operand of a file of class `elfClass`. Never throws. */
export function parseRiscv(h: ArgumentHead, elfClass: 32 | 64): ProbeArgument {
  return parseDispBase(h, elfClass === 64 ? RISCV64_REGISTERS : RISCV32_REGISTERS, "RISC-V", "");
}

/**
 * The `D(reg)` family shared by RISC-V and MIPS: a register, a bare
 * constant, or `[disp | %reloc(sym)](reg)`. `sigil` is what starts a register
 * name (`$` on MIPS, nothing on RISC-V).
 */
export function parseDispBase(h: ArgumentHead, table: RegisterTable, arch: string, sigil: string): ProbeArgument {
  // Fast path for the most common operand, a bare register.
  const whole = table.get(h.operand);
  if (whole !== undefined) return registerArgument(h, whole);
  const s = new Scanner(h.operand);
  if (!s.atNumber() && s.peek() !== C.PERCENT && s.peek() !== C.LPAREN) {
    /* Register read case, e.g., -8@a1 */
    const name = readName(s, sigil);
    const r = table.get(name);
    if (r === undefined) return unparsedArgument(h, `unknown register "${name}"`);
    if (!s.done) return syntaxError(h, arch);
    return registerArgument(h, r);
  }
  const e = s.peek() === C.PERCENT ? s.percentReloc() : s.peek() === C.LPAREN ? null : s.symbolExpr();
  if (s.done) {
    /* Constant value case, e.g., 4@5 */
    if (e === null || e.symbol !== null || e.reloc !== null) return syntaxError(h, arch);
    return constantArgument(h, e.value);
  }
  /* Memory dereference case, e.g., -8@-88(s0), -4@%lo(glob_i)(a3) */
  if (!s.eat(C.LPAREN)) return syntaxError(h, arch);
  const name = readName(s, sigil);
  const base = table.get(name);
  if (base === undefined || base.dwarf >= 32) return unparsedArgument(h, `"${name}" cannot be a base register`);
  if (!s.eat(C.RPAREN) || !s.done) return syntaxError(h, arch);
  return memoryArgument(h, { base, displacement: e?.value ?? 0n, symbol: e?.symbol ?? null, reloc: e?.reloc ?? null });
}

function readName(s: Scanner, sigil: string): string {
  const start = s.i;
  if (sigil.length > 0) s.eatWord(sigil);
  s.regChars();
  return s.s.slice(start, s.i);
}
