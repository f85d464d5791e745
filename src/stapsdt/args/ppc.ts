/**
 * PowerPC operands (32- and 64-bit, either byte order), as GCC prints them.
 *
 * GCC prints registers as bare numbers (`3` is r3) unless `-mregnames` is
 * given (`%r3`), and immediates with an `i` prefix, which sdt.h adds.
 *
 * | form                     | example                                    |
 * |--------------------------|--------------------------------------------|
 * | register                 | `-4@3`, `8@%r0`, `8@r31`                   |
 * | constant                 | `-4@i42`, `-4@i-5`                         |
 * | base + displacement      | `-4@0(6)`, `-8@-32(24)`, `4@0(%r3)`        |
 * | base + index             | `-8@9,10`, `1@%r3,%r4`                     |
 * | TOC/absolute symbol      | `4@glob@toc@l(9)`, `4@glob@l(9)`           |
 *
 * Registers: rN → DWARF N, `pt_regs.gpr[N]` at N × the word size; `%fN`/`fN`
 * → DWARF 32 + N (no pt_regs slot). As the Power ISA reads a base (RA)
 * field, register 0 there means the value 0, not r0: `0(0)` is address 0 and
 * `0,9` is just r9; such operands get `base: null` (bcc reads gpr[0]; GCC
 * never uses r0 as a base). r0 as an index (RB) is a real register.
 */
import { constantArgument, memoryArgument, registerArgument, syntaxError, unparsedArgument } from "./build.js";
import { C, Scanner } from "./lex.js";
import { range, reg, registerTable, type RegisterTable } from "./registers.js";
import type { ArgumentHead, ProbeArgument, ProbeRegister } from "./types.js";

function* ppcRegisters(wordSize: number): Generator<ProbeRegister> {
  for (const n of range(32)) {
    for (const name of [`${n}`, `%r${n}`, `r${n}`]) yield reg(name, `r${n}`, n, wordSize * n, wordSize);
    for (const name of [`%f${n}`, `f${n}`]) yield reg(name, `f${n}`, 32 + n, null, 8);
  }
}

/** 64-bit PowerPC registers by written name. */
export const PPC64_REGISTERS: RegisterTable = registerTable(() => ppcRegisters(8));
/** 32-bit PowerPC registers by written name. */
export const PPC_REGISTERS: RegisterTable = registerTable(() => ppcRegisters(4));

const isDigit = (c: number): boolean => c >= 0x30 && c <= 0x39;
const R = 0x72;
const F = 0x66;
const I = 0x69;

/** Parses a PowerPC operand of a file of class `elfClass`. Never throws. */
export function parsePpc(h: ArgumentHead, elfClass: 32 | 64): ProbeArgument {
  const table = elfClass === 64 ? PPC64_REGISTERS : PPC_REGISTERS;
  // Fast path for the most common operand, a bare register.
  const whole = table.get(h.operand);
  if (whole !== undefined) return registerArgument(h, whole);
  const s = new Scanner(h.operand);
  if (s.peek() === I && (isDigit(s.peek(1)) || (s.peek(1) === C.MINUS && isDigit(s.peek(2))))) {
    /* Constant value case, e.g., -4@i-5 */
    s.i++;
    const v = s.int();
    if (v !== null && s.done) return constantArgument(h, v);
    s.i = 0; // a symbol such as "i0@toc@l(9)"
  }
  const r = readRegister(s, table);
  if (r !== null) {
    /* Register read case, e.g., -4@3, 8@%r3 */
    if (s.done) return registerArgument(h, r);
    if (s.eat(C.COMMA)) {
      /* Indexed case, e.g., -8@9,10 */
      const index = readRegister(s, table);
      if (index === null || !s.done || r.dwarf >= 32 || index.dwarf >= 32) return syntaxError(h, "PowerPC");
      return memoryArgument(h, { base: r.dwarf === 0 ? null : r, index });
    }
    s.i = 0; // a displacement ("16(6)") or a symbol ("r0@toc@l(9)")
  }
  /* Memory dereference case, e.g., -4@16(6), 4@glob@toc@l(9) */
  const e = s.symbolExpr();
  if (e !== null && e.symbol === null && s.done) return unparsedArgument(h, `${h.operand} is not a register number (0 to 31)`);
  if (!s.eat(C.LPAREN)) return syntaxError(h, "PowerPC");
  const base = readRegister(s, table);
  if (base === null || base.dwarf >= 32 || !s.eat(C.RPAREN) || !s.done) return syntaxError(h, "PowerPC");
  return memoryArgument(h, {
    base: base.dwarf === 0 ? null : base,
    displacement: e?.value ?? 0n, symbol: e?.symbol ?? null, reloc: e?.reloc ?? null,
  });
}

/** Reads `N`, `rN`, `%rN`, `fN` or `%fN` (N = 0…31); `null` (not moving) otherwise. */
function readRegister(s: Scanner, table: RegisterTable): ProbeRegister | null {
  const start = s.i;
  let j = start;
  if (s.s.charCodeAt(j) === C.PERCENT) j++;
  const c = s.s.charCodeAt(j);
  if (c === R || c === F) j++;
  else if (j > start) return null;
  const digits = j;
  while (isDigit(s.s.charCodeAt(j))) j++;
  if (j === digits || j - digits > 2) return null;
  const r = table.get(s.s.slice(start, j));
  if (r === undefined) return null;
  s.i = j;
  return r;
}
