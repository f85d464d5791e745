/**
 * 32-bit ARM operands (A32/T32, unified syntax), as GCC prints them.
 *
 * | form                     | example                                   |
 * |--------------------------|-------------------------------------------|
 * | register                 | `-4@r0`, `-4@fp`, `4@lr`, `-4@ip`         |
 * | constant                 | `-4@#42`, `-4@#-5` (gdb also takes `$42`, `42`) |
 * | base                     | `-4@[r7]`, `1@[sp]`                       |
 * | base + offset            | `-4@[r7, #20]`, `-8@[sp, #8]`             |
 * | base + index             | `1@[r2, r1]`, `-4@[r3, r0, lsl #2]`       |
 * | label (literal pool)     | `4@.L5` (pc-relative; kept as a symbol)   |
 *
 * sdt.h uses the `g` constraint here, so any general operand GCC can print
 * may appear. Registers: r0–r15 → DWARF 0–15, `pt_regs.uregs[n]` at 4·n,
 * printed by GCC as r0–r10, fp (r11), ip (r12), sp (r13), lr (r14), pc (r15);
 * `sl` (r10) and `sb` (r9) are older spellings. VFP `sN` → DWARF 64 + N,
 * `dN` → DWARF 256 + N (no pt_regs slot). A shifted index other than `lsl`,
 * or a subtracted index (`[r2, -r1]`), has no scale and stays unparsed.
 */
import { constantArgument, memoryArgument, registerArgument, syntaxError, unparsedArgument } from "./build.js";
import { C, Scanner } from "./lex.js";
import { range, reg, registerTable, type RegisterTable } from "./registers.js";
import type { ArgumentHead, ProbeArgument, ProbeRegister } from "./types.js";

/** GCC's names of r0–r15. */
const CANONICAL = [...range(11).map((n) => `r${n}`), "fp", "ip", "sp", "lr", "pc"];

function* armRegisters(): Generator<ProbeRegister> {
  for (const n of range(16)) {
    const canonical = CANONICAL[n]!;
    yield reg(canonical, canonical, n, 4 * n, 4);
    if (n > 10) yield reg(`r${n}`, canonical, n, 4 * n, 4);
  }
  yield reg("sl", "r10", 10, 40, 4);
  yield reg("sb", "r9", 9, 36, 4);
  for (const n of range(32)) {
    yield reg(`s${n}`, `s${n}`, 64 + n, null, 4);
    yield reg(`d${n}`, `d${n}`, 256 + n, null, 8);
  }
}

/** ARM registers by written name. */
export const ARM_REGISTERS: RegisterTable = registerTable(armRegisters);

const isGeneral = (r: ProbeRegister): boolean => r.dwarf <= 15;

/** Parses an ARM operand. Never throws. */
export function parseArm(h: ArgumentHead): ProbeArgument {
  // Fast path for the most common operand, a bare register.
  const whole = ARM_REGISTERS.get(h.operand);
  if (whole !== undefined) return registerArgument(h, whole);
  const s = new Scanner(h.operand);
  if (s.eat(C.LBRACKET)) return parseMemory(h, s);
  if (s.eat(C.HASH) || s.eat(C.DOLLAR) || s.atNumber()) {
    /* Constant value case, e.g., 4@#5 */
    const v = s.int();
    if (v === null || !s.done) return syntaxError(h, "ARM");
    return constantArgument(h, v);
  }
  const start = s.regChars();
  const r = ARM_REGISTERS.get(s.s.slice(start, s.i));
  if (r !== undefined && s.done) {
    /* Register read case, e.g., -8@r4 */
    return registerArgument(h, r);
  }
  s.i = start;
  const e = s.symbolExpr();
  if (e !== null && e.symbol !== null && s.done) {
    /* Literal pool label case, e.g., 4@.L5 */
    return memoryArgument(h, { displacement: e.value, symbol: e.symbol, reloc: e.reloc });
  }
  return syntaxError(h, "ARM");
}

function parseMemory(h: ArgumentHead, s: Scanner): ProbeArgument {
  s.skipSpaces();
  const base = readRegister(s);
  if (base === null) return unparsedArgument(h, "no base register");
  let index: ProbeRegister | null = null;
  let scale = 1;
  let displacement = 0n;
  if (s.eatPadded(C.COMMA)) {
    if (s.eat(C.HASH)) {
      /* Memory dereference case, e.g., -4@[fp, #96] */
      const v = s.int();
      if (v === null) return syntaxError(h, "ARM");
      displacement = v;
    } else {
      /* Base + index case, e.g., 1@[r2, r1], -4@[r3, r0, lsl #2] */
      if (s.peek() === C.MINUS) return unparsedArgument(h, "subtracted index register");
      s.eat(C.PLUS);
      index = readRegister(s);
      if (index === null) return unparsedArgument(h, "no index register");
      if (s.eatPadded(C.COMMA)) {
        const start = s.regChars();
        const op = s.s.slice(start, s.i);
        if (op !== "lsl") return unparsedArgument(h, `index shift "${op}" is not a scale`);
        s.skipSpaces();
        s.eat(C.HASH);
        const amount = s.int();
        if (amount === null || amount < 0n || amount > 31n) return syntaxError(h, "ARM");
        scale = 2 ** Number(amount);
      }
    }
  }
  s.skipSpaces();
  if (!s.eat(C.RBRACKET)) return syntaxError(h, "ARM");
  if (!s.done) return unparsedArgument(h, s.peek() === C.BANG || s.peek() === C.COMMA ? "pre/post-indexed address" : "unrecognized ARM operand");
  return memoryArgument(h, { base, index, scale, displacement });
}

function readRegister(s: Scanner): ProbeRegister | null {
  const start = s.regChars();
  const r = ARM_REGISTERS.get(s.s.slice(start, s.i));
  return r !== undefined && isGeneral(r) ? r : null;
}
