/**
 * MIPS operands (o32 and n64), as GCC prints them.
 *
 * | form                     | example                                  |
 * |--------------------------|------------------------------------------|
 * | register                 | `-4@$4`, `8@$2`, `-4@$sp` (named accepted) |
 * | constant (bare)          | `-4@42`, `-8@-1` (`$N` is a register here, not an immediate) |
 * | base + displacement      | `-4@32($sp)`, `-4@0($4)`, `4@($4)`       |
 * | symbol low bits          | `-4@%lo(glob_i)($8)` (non-PIC)           |
 *
 * Registers: `$N` → DWARF N; FP `$fN` → DWARF 32 + N. The canonical name is
 * the ABI name GNU as and gdb use. `$8`–`$15` are named differently by the
 * ABIs: o32 calls them t0–t7, n32/n64 a4–a7 and t0–t3; ELFCLASS64 objects
 * get the n64 names and ELFCLASS32 ones the o32 names (Debian's 32-bit MIPS
 * ports are o32; for an n32 object use the DWARF number). Linux's MIPS
 * `pt_regs` layout differs between kernel configurations, so `ptRegsOffset`
 * is `null`; no consumer studied (libbpf, bcc, gdb, perf) reads MIPS SDT
 * arguments.
 */
import { range, reg, registerTable, type RegisterTable } from "./registers.js";
import { parseDispBase } from "./riscv.js";
import type { ArgumentHead, ProbeArgument, ProbeRegister } from "./types.js";

/** ABI names of $0–$31 common to o32 and n64, with `null` where they differ ($8–$15). */
const COMMON = [
  "zero", "at", "v0", "v1", "a0", "a1", "a2", "a3", null, null, null, null, null, null, null, null,
  ...range(8).map((n) => `s${n}`), "t8", "t9", "k0", "k1", "gp", "sp", "fp", "ra",
];
const O32_8_15 = range(8).map((n) => `t${n}`);
const N64_8_15 = [...range(4).map((n) => `a${n + 4}`), ...range(4).map((n) => `t${n}`)];

function* mipsRegisters(elfClass: 32 | 64): Generator<ProbeRegister> {
  const width = elfClass / 8;
  const middle = elfClass === 64 ? N64_8_15 : O32_8_15;
  for (const n of range(32)) {
    const canonical = COMMON[n] ?? middle[n - 8]!;
    yield reg(`$${n}`, canonical, n, null, width);
    yield reg(`$${canonical}`, canonical, n, null, width);
    yield reg(`$f${n}`, `f${n}`, 32 + n, null, width);
  }
  yield reg("$s8", "fp", 30, null, width);
}

/** n64 (ELFCLASS64) registers by written name. */
export const MIPS64_REGISTERS: RegisterTable = registerTable(() => mipsRegisters(64));
/** o32 (ELFCLASS32) registers by written name. */
export const MIPS32_REGISTERS: RegisterTable = registerTable(() => mipsRegisters(32));

/** Parses a MIPS operand of a file of class `elfClass`. Never throws. */
export function parseMips(h: ArgumentHead, elfClass: 32 | 64): ProbeArgument {
  return parseDispBase(h, elfClass === 64 ? MIPS64_REGISTERS : MIPS32_REGISTERS, "MIPS", "$");
}
