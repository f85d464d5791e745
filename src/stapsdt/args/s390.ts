/**
 * s390x (and 31-bit s390) operands, as GCC prints them.
 *
 * | form                     | example                              |
 * |--------------------------|--------------------------------------|
 * | register                 | `-4@%r2`, `8f@%r4`, `8f@%f0` (sdt.h 4.6) |
 * | constant (bare)          | `-4@42`, `-8@-1`                     |
 * | base + displacement      | `-8@160(%r15)`, `-4@0(%r2)`          |
 * | index + base             | `-8@0(%r11,%r1)` (D(X,B))            |
 * | base only                | `4@(%r2)`, `4@8(,%r2)`               |
 *
 * In `D(X,B)` the first register is the index and the second the base
 * (bcc's regex calls the first one the base; with scale 1 the sum is the
 * same). As the ISA reads these fields, register 0 in the X or B position
 * means "none" (the value 0), so it gives `null`; GCC never uses r0 there.
 * Registers: rN → DWARF N, `user_pt_regs.gprs[N]` at 16 + 8·N on s390x
 * (8 + 4·N on 31-bit s390, after the shorter PSW); FP registers use the
 * ELF ABI's DWARF order (f0 16, f2 17, f4 18, f6 19, f1 20, …, f15 31);
 * access registers %a0–%a15 → DWARF 48–63.
 */
import { constantArgument, memoryArgument, registerArgument, syntaxError, unparsedArgument } from "./build.js";
import { C, Scanner } from "./lex.js";
import { range, reg, registerTable, type RegisterTable } from "./registers.js";
import type { ArgumentHead, ProbeArgument, ProbeRegister } from "./types.js";

/** DWARF numbers 16–31 in register order f0, f2, f4, f6, f1, f3, f5, f7, f8, f10, f12, f14, f9, f11, f13, f15. */
const FPR_DWARF_ORDER = [0, 2, 4, 6, 1, 3, 5, 7, 8, 10, 12, 14, 9, 11, 13, 15];

function* s390Registers(wordSize: number): Generator<ProbeRegister> {
  const pswSize = 2 * wordSize;
  for (const n of range(16)) yield reg(`%r${n}`, `r${n}`, n, pswSize + wordSize * n, wordSize);
  for (const [i, n] of FPR_DWARF_ORDER.entries()) yield reg(`%f${n}`, `f${n}`, 16 + i, null, 8);
  for (const n of range(16)) yield reg(`%a${n}`, `a${n}`, 48 + n, null, 4);
}

/** s390x registers by written name. */
export const S390X_REGISTERS: RegisterTable = registerTable(() => s390Registers(8));
/** 31-bit s390 registers by written name. */
export const S390_REGISTERS: RegisterTable = registerTable(() => s390Registers(4));

const isGeneral = (r: ProbeRegister): boolean => r.dwarf < 16;

/** Parses an s390/s390x operand of a file of class `elfClass`. Never throws. */
export function parseS390(h: ArgumentHead, elfClass: 32 | 64): ProbeArgument {
  const table = elfClass === 64 ? S390X_REGISTERS : S390_REGISTERS;
  // Fast path for the most common operand, a bare register.
  const whole = table.get(h.operand);
  if (whole !== undefined) return registerArgument(h, whole);
  const s = new Scanner(h.operand);
  if (s.peek() === C.PERCENT) {
    /* Register read case, e.g., -8@%r0 */
    const name = readName(s);
    const r = table.get(name);
    if (r === undefined) return unparsedArgument(h, `unknown register "${name}"`);
    if (!s.done) return syntaxError(h, "s390");
    return registerArgument(h, r);
  }
  const e = s.symbolExpr();
  if (s.done) {
    /* Constant value case, e.g., 4@71 */
    if (e === null || e.symbol !== null) return syntaxError(h, "s390");
    return constantArgument(h, e.value);
  }
  /* Memory dereference case, e.g., -2@-28(%r15), -8@0(%r11,%r1) */
  if (!s.eat(C.LPAREN)) return syntaxError(h, "s390");
  let first: ProbeRegister | null = null;
  if (s.peek() === C.PERCENT) {
    const name = readName(s);
    first = table.get(name) ?? null;
    if (first === null || !isGeneral(first)) return unparsedArgument(h, `"${name}" cannot address memory`);
  }
  let index: ProbeRegister | null = null;
  let base = first;
  if (s.eat(C.COMMA)) {
    const name = readName(s);
    base = table.get(name) ?? null;
    if (base === null || !isGeneral(base)) return unparsedArgument(h, `"${name}" cannot be a base register`);
    index = first;
  }
  if (!s.eat(C.RPAREN) || !s.done) return syntaxError(h, "s390");
  if (base === null && index === null) return syntaxError(h, "s390");
  return memoryArgument(h, {
    base: base?.dwarf === 0 ? null : base,
    index: index?.dwarf === 0 ? null : index,
    displacement: e?.value ?? 0n, symbol: e?.symbol ?? null, reloc: e?.reloc ?? null,
  });
}

function readName(s: Scanner): string {
  const start = s.i;
  s.eat(C.PERCENT);
  s.regChars();
  return s.s.slice(start, s.i);
}
