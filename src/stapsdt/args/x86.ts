/**
 * x86-64 and i386 operands, in AT&T syntax as GCC prints them.
 *
 * Forms (GCC 12 + sdt.h 4.8 unless noted):
 *
 * | form                          | example                          |
 * |-------------------------------|----------------------------------|
 * | register                      | `-4@%eax`, `1@%sil`, `8@%r9`     |
 * | immediate                     | `-4@$-5`, `8@$0x10` (hand-written) |
 * | base + displacement           | `-4@-20(%rbp)`, `8@(%rdi)`       |
 * | base, index, scale            | `-8@(%rax,%rdi,8)`, `-2@glob_s(%rdi,%rdi)` |
 * | index only                    | `-8@glob_arr(,%rdi,8)` (non-PIE) |
 * | rip-relative symbol           | `-4@glob_i(%rip)`, `-8@8+glob_st(%rip)`, `-8@glob_arr+24(%rip)` |
 * | i386 GOT-relative             | `-4@glob_arr@GOTOFF(%eax,%edx,4)`, `-4@12+glob_arr@GOTOFF(%eax)` |
 * | absolute (i386 non-PIC)       | `-4@glob_i`, `-4@glob_arr+12`    |
 * | segment override              | `8@%fs:0`, `4@%gs:8(%rax)` (hand-written/TLS) |
 * | FP/SIMD (sdt.h 4.6 only)      | `8f@%xmm0`, `%st(1)`             |
 *
 * Register tables follow the SysV psABI DWARF numbering (x86-64: rax 0,
 * rdx 1, rcx 2, rbx 3, rsi 4, rdi 5, rbp 6, rsp 7, r8–r15 8–15, rip 16,
 * xmm0–15 17–32, st0–7 33–40, mm0–7 41–48, es–gs 50–55, xmm16–31 67–82,
 * k0–7 118–125; i386: eax 0, ecx 1, edx 2, ebx 3, esp 4, ebp 5, esi 6, edi 7,
 * eip 8, st0–7 11–18, xmm0–7 21–28, mm0–7 29–36, es–gs 40–45) and the
 * `struct pt_regs` offsets of `<asm/ptrace.h>` (the ones libbpf uses).
 * x32 objects (EM_X86_64, ELFCLASS32) use the x86-64 table.
 */
import { memoryArgument, registerArgument, constantArgument, syntaxError, unparsedArgument } from "./build.js";
import { C, Scanner } from "./lex.js";
import { range, reg, registerTable, type RegisterTable } from "./registers.js";
import type { ArgumentHead, ProbeArgument, ProbeRegister } from "./types.js";

// ---------------------------------------------------------------------------
// Register tables

/** [canonical, DWARF, pt_regs offset, 32-bit, 16-bit, 8-bit name] of the x86-64 integer registers. */
const X86_64_GPRS: readonly (readonly [string, number, number, string, string, string])[] = [
  ["rax", 0, 80, "eax", "ax", "al"],
  ["rdx", 1, 96, "edx", "dx", "dl"],
  ["rcx", 2, 88, "ecx", "cx", "cl"],
  ["rbx", 3, 40, "ebx", "bx", "bl"],
  ["rsi", 4, 104, "esi", "si", "sil"],
  ["rdi", 5, 112, "edi", "di", "dil"],
  ["rbp", 6, 32, "ebp", "bp", "bpl"],
  ["rsp", 7, 152, "esp", "sp", "spl"],
  ["r8", 8, 72, "r8d", "r8w", "r8b"],
  ["r9", 9, 64, "r9d", "r9w", "r9b"],
  ["r10", 10, 56, "r10d", "r10w", "r10b"],
  ["r11", 11, 48, "r11d", "r11w", "r11b"],
  ["r12", 12, 24, "r12d", "r12w", "r12b"],
  ["r13", 13, 16, "r13d", "r13w", "r13b"],
  ["r14", 14, 8, "r14d", "r14w", "r14b"],
  ["r15", 15, 0, "r15d", "r15w", "r15b"],
];

/** [canonical, DWARF, pt_regs offset, 16-bit, 8-bit name] of the i386 integer registers. */
const I386_GPRS: readonly (readonly [string, number, number, string, string | null])[] = [
  ["eax", 0, 24, "ax", "al"],
  ["ecx", 1, 4, "cx", "cl"],
  ["edx", 2, 8, "dx", "dl"],
  ["ebx", 3, 0, "bx", "bl"],
  ["esp", 4, 60, "sp", null],
  ["ebp", 5, 20, "bp", null],
  ["esi", 6, 12, "si", null],
  ["edi", 7, 16, "di", null],
];

/** [name, x86-64 DWARF, x86-64 pt_regs offset, i386 DWARF, i386 pt_regs offset] of the segment registers. */
const SEGMENTS: readonly (readonly [string, number, number | null, number, number])[] = [
  ["es", 50, null, 40, 32],
  ["cs", 51, 136, 41, 52],
  ["ss", 52, 160, 42, 64],
  ["ds", 53, null, 43, 28],
  ["fs", 54, null, 44, 36],
  ["gs", 55, null, 45, 40],
];

function* x87AndMmx(stDwarf: number, mmDwarf: number): Generator<ProbeRegister> {
  yield reg("%st", "st0", stDwarf, null, 10);
  for (const n of range(8)) {
    yield reg(`%st(${n})`, `st${n}`, stDwarf + n, null, 10);
    yield reg(`%mm${n}`, `mm${n}`, mmDwarf + n, null, 8);
  }
}

function* x86_64Registers(): Generator<ProbeRegister> {
  for (const [r64, dwarf, pt, r32, r16, r8] of X86_64_GPRS) {
    yield reg(`%${r64}`, r64, dwarf, pt, 8);
    yield reg(`%${r32}`, r64, dwarf, pt, 4);
    yield reg(`%${r16}`, r64, dwarf, pt, 2);
    yield reg(`%${r8}`, r64, dwarf, pt, 1);
  }
  yield reg("%rip", "rip", 16, 128, 8);
  yield reg("%eip", "rip", 16, 128, 4);
  for (const n of range(32)) {
    const dwarf = n < 16 ? 17 + n : 67 + n - 16;
    yield reg(`%xmm${n}`, `xmm${n}`, dwarf, null, 16);
    yield reg(`%ymm${n}`, `xmm${n}`, dwarf, null, 32);
    yield reg(`%zmm${n}`, `xmm${n}`, dwarf, null, 64);
  }
  yield* x87AndMmx(33, 41);
  for (const n of range(8)) yield reg(`%k${n}`, `k${n}`, 118 + n, null, 8);
  for (const [name, dwarf, pt] of SEGMENTS) yield reg(`%${name}`, name, dwarf, pt, 2);
}

function* i386Registers(): Generator<ProbeRegister> {
  for (const [r32, dwarf, pt, r16, r8] of I386_GPRS) {
    yield reg(`%${r32}`, r32, dwarf, pt, 4);
    yield reg(`%${r16}`, r32, dwarf, pt, 2);
    if (r8 !== null) yield reg(`%${r8}`, r32, dwarf, pt, 1);
  }
  yield reg("%eip", "eip", 8, 48, 4);
  for (const n of range(8)) yield reg(`%xmm${n}`, `xmm${n}`, 21 + n, null, 16);
  for (const n of range(8)) yield reg(`%ymm${n}`, `xmm${n}`, 21 + n, null, 32);
  yield* x87AndMmx(11, 29);
  for (const [name, , , dwarf, pt] of SEGMENTS) yield reg(`%${name}`, name, dwarf, pt, 2);
}

/** x86-64 registers by written name (`%eax`, `%r9d`, `%xmm0`, `%st(1)`, ...). */
export const X86_64_REGISTERS: RegisterTable = registerTable(x86_64Registers);
/** i386 registers by written name. */
export const I386_REGISTERS: RegisterTable = registerTable(i386Registers);

const SEGMENT_NAMES = new Set(SEGMENTS.map(([name]) => name));
/**
 * Registers that may address memory inside `(...)` (besides rip/eip as a
 * base): the general registers (DWARF numbers below `generalCount`) at 32 or
 * 64 bits. 16-bit addressing does not exist in 64-bit mode, and in 32-bit
 * mode only as real-mode `(%bx,%si)` forms no Linux compiler emits.
 */
const isGeneral = (r: ProbeRegister, x: Syntax): boolean => r.dwarf < x.generalCount && (r.width === 4 || r.width === 8);

// ---------------------------------------------------------------------------
// Parser

interface Syntax {
  readonly table: RegisterTable;
  readonly arch: string;
  /** Canonical name of the program counter. */
  readonly pc: string;
  /** DWARF numbers of the general registers are `0 .. generalCount-1`. */
  readonly generalCount: number;
  /** DWARF number of the stack pointer, which cannot be an index. */
  readonly sp: number;
}

const X86_64: Syntax = { table: X86_64_REGISTERS, arch: "x86-64", pc: "rip", generalCount: 16, sp: 7 };
const I386: Syntax = { table: I386_REGISTERS, arch: "i386", pc: "eip", generalCount: 8, sp: 4 };

/** Parses an x86-64 (also x32) operand. Never throws. */
export function parseX86_64(h: ArgumentHead): ProbeArgument {
  return parseAtt(h, X86_64);
}

/** Parses an i386 operand. Never throws. */
export function parseI386(h: ArgumentHead): ProbeArgument {
  return parseAtt(h, I386);
}

function parseAtt(h: ArgumentHead, x: Syntax): ProbeArgument {
  // Fast path for the most common operand, a bare register ("%rdi").
  const whole = h.operand.charCodeAt(0) === C.PERCENT ? x.table.get(h.operand) : undefined;
  if (whole !== undefined) return registerArgument(h, whole);
  const s = new Scanner(h.operand);
  const c = s.peek();
  if (c === C.DOLLAR) {
    /* Constant value case, e.g., -4@$-5, 8@$0x10, 4@$glob (address of a symbol) */
    s.i++;
    const e = s.symbolExpr();
    if (e === null || !s.done) return unparsedArgument(h, "malformed immediate");
    if (e.reloc !== null) return unparsedArgument(h, `relocated immediate (@${e.reloc})`);
    return constantArgument(h, e.value, e.symbol);
  }
  let segment: ProbeRegister | null = null;
  if (c === C.PERCENT) {
    const r = readRegister(s, x.table);
    if (typeof r === "string") return unknown(h, r);
    /* Register read case, e.g., -4@%eax */
    if (s.done) return registerArgument(h, r);
    if (!s.eat(C.COLON) || !SEGMENT_NAMES.has(r.canonical)) return syntaxError(h, x.arch);
    /* Segment override, e.g., 8@%fs:0, 4@%gs:8(%rax): the rest is a memory operand */
    segment = r;
  }
  /* Displacement: -20, glob_i, 40+CheckpointStats, glob_arr+24, 12+glob_arr@GOTOFF (optional) */
  const disp = s.symbolExpr();
  if (!s.eat(C.LPAREN)) {
    /* Absolute memory case (i386 non-PIC), e.g., -4@glob_i, -4@glob_arr+12, 8@%fs:0 */
    if (disp === null || !s.done) return syntaxError(h, x.arch);
    return memoryArgument(h, { displacement: disp.value, symbol: disp.symbol, reloc: disp.reloc, segment });
  }
  s.skipSpaces();
  /* Memory dereference case, e.g., -4@-20(%rbp), 8@(%rsp), -4@glob_i(%rip) */
  let base: ProbeRegister | null = null;
  if (s.peek() === C.PERCENT) {
    const r = readRegister(s, x.table);
    if (typeof r === "string") return unknown(h, r);
    if (!isGeneral(r, x) && r.canonical !== x.pc) return unparsedArgument(h, `${r.name} cannot be a base register`);
    base = r;
  }
  let index: ProbeRegister | null = null;
  let scale = 1;
  if (s.eatPadded(C.COMMA)) {
    /* Scale Index Base case, e.g., -8@(%rax,%rdi,8), -8@glob_arr(,%rdi,8), 4@(%rbx,%rcx) */
    if (s.peek() !== C.PERCENT) return syntaxError(h, x.arch);
    const r = readRegister(s, x.table);
    if (typeof r === "string") return unknown(h, r);
    if (!isGeneral(r, x) || r.dwarf === x.sp) {
      return unparsedArgument(h, `${r.name} cannot be an index register`);
    }
    if (base !== null && base.canonical === x.pc) return unparsedArgument(h, `${base.name} cannot have an index`);
    index = r;
    if (s.eatPadded(C.COMMA)) {
      const n = s.int();
      if (n !== 1n && n !== 2n && n !== 4n && n !== 8n) return unparsedArgument(h, "scale must be 1, 2, 4 or 8");
      scale = Number(n);
    }
  }
  s.skipSpaces();
  if (!s.eat(C.RPAREN) || !s.done) return syntaxError(h, x.arch);
  if (base === null && index === null) return syntaxError(h, x.arch);
  return memoryArgument(h, {
    base, index, scale,
    displacement: disp?.value ?? 0n, symbol: disp?.symbol ?? null, reloc: disp?.reloc ?? null, segment,
  });
}

/**
 * Reads `%name` (or `%st(N)`) and looks it up. Returns the register, or the
 * name as written when the table does not have it.
 */
function readRegister(s: Scanner, table: RegisterTable): ProbeRegister | string {
  const start = s.i;
  s.i++; // %
  s.regChars();
  if (s.i - start === 3 && s.s.startsWith("st(", start + 1) && isDigit(s.peek(1)) && s.peek(2) === C.RPAREN) s.i += 3;
  const name = s.s.slice(start, s.i);
  return table.get(name) ?? name;
}

const isDigit = (c: number): boolean => c >= 0x30 && c <= 0x39;
const unknown = (h: ArgumentHead, name: string): ProbeArgument => unparsedArgument(h, `unknown register "${name}"`);
