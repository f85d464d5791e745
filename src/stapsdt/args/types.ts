/**
 * The argument model: what one `[-]N[f]@OPERAND` of a probe's argument string
 * means, decoded from the target's assembler syntax.
 *
 * Every argument keeps its verbatim `text` and its position; an operand no
 * parser understands is `kind: "unparsed"` with a `reason`, never dropped
 * (bcc drops such arguments and so renumbers the later ones).
 *
 * Numbers that can exceed 2^53 (constants, displacements) are `bigint`;
 * register numbers, offsets and sizes are small `number`s.
 */

/**
 * A machine register as an operand names it.
 *
 * Register objects come from per-architecture tables and are shared (frozen):
 * compare them by field, not by identity across tables.
 */
export interface ProbeRegister {
  /** The register exactly as written in the operand, with its assembler sigil: `%eax`, `x0`, `3`, `$4`. */
  readonly name: string;
  /**
   * The full-width register it is part of, in the ABI's usual spelling and
   * without sigil: `eax` → `rax` on x86-64, `3` → `r3` on PowerPC, `w1` → `x1`
   * on AArch64, `$4` → `a0` on MIPS, `x10` → `a0` on RISC-V.
   */
  readonly canonical: string;
  /** DWARF register number (the psABI's numbering), as in `.debug_frame` and `DW_OP_reg*`. */
  readonly dwarf: number;
  /**
   * Byte offset of the register's slot in Linux's `struct pt_regs` /
   * `user_pt_regs` / `user_regs_struct` for this target (the number libbpf's
   * `calc_pt_regs_off` computes), or `null` where Linux keeps the register
   * elsewhere (FP/SIMD registers) or where no layout is given (MIPS).
   * Sub-registers (`eax`) share the full register's slot: read the slot, then
   * truncate to the argument size.
   */
  readonly ptRegsOffset: number | null;
  /** Width in bytes of the register as named (`%eax` 4, `%sil` 1, `%xmm0` 16, `x0` 8). */
  readonly width: number;
}

/** What every argument has, whatever its operand. */
export interface ArgumentHead {
  /** The argument verbatim, e.g. `-4@-20(%rbp)`. */
  readonly text: string;
  /**
   * Byte size `N` of the value (the `N` of `N@`), or `null` when the argument
   * has no size prefix (hand-written `STAP_PROBE_ASM` text only). Consumers
   * then use the address size (4 for ELFCLASS32, 8 for ELFCLASS64), as gdb
   * does; see {@link effectiveSize}. Not validated: `3@%eax` gives 3.
   */
  readonly size: number | null;
  /** True when the prefix has a `-` (a signed C type). */
  readonly signed: boolean;
  /** True when the prefix has an `f` (sdt.h ≥ 4.6: `float`/`double`). */
  readonly float: boolean;
  /** The operand: `text` after the first `@` (all of `text` without a size prefix). */
  readonly operand: string;
}

/** The value is in a register, e.g. `-4@%eax`, `8@x1`, `-4@3` (PowerPC r3). */
export interface RegisterArgument extends ArgumentHead {
  readonly kind: "register";
  readonly register: ProbeRegister;
}

/**
 * The value is in memory at
 * `base + index × scale + displacement (+ symbol)`, e.g. `-4@-20(%rbp)`,
 * `8@[sp, 16]`, `-8@(%rax,%rdi,8)`, `-4@glob_i(%rip)`.
 *
 * With a `symbol`, the symbol's link-time address is added; with `base` rip
 * (x86 `sym(%rip)`) the address is simply `symbol + displacement`, since the
 * assembler encodes it pc-relative. With a `reloc`, only that part of the
 * symbol's address is added (`lo12` = low 12 bits, MIPS/RISC-V `lo`, i386
 * `GOTOFF` = offset from the GOT, whose address is in `base`).
 */
export interface MemoryArgument extends ArgumentHead {
  readonly kind: "memory";
  /** Base register, or `null` (absolute or index-only address). */
  readonly base: ProbeRegister | null;
  /** Index register, or `null`. */
  readonly index: ProbeRegister | null;
  /** Multiplier of `index` (1 when there is none). */
  readonly scale: number;
  /**
   * How the index is extended before scaling, as AArch64 writes it
   * (`uxtw`, `sxtw`, `sxtx`), or `null` when it is used as is.
   */
  readonly extend: string | null;
  /** Constant byte displacement (0 when none). */
  readonly displacement: bigint;
  /** Symbol whose address is part of the address (`glob_i`, `.LANCHOR0`), or `null`. */
  readonly symbol: string | null;
  /** Relocation operator applied to the symbol (`GOTOFF`, `lo12`, `lo`, `toc@l`), or `null`. */
  readonly reloc: string | null;
  /** x86 segment override (`%fs:0`), or `null`. */
  readonly segment: ProbeRegister | null;
}

/** The value is an immediate, e.g. `-4@$-5`, `4@42`, `4@#42`, `8@i-1`. */
export interface ConstantArgument extends ArgumentHead {
  readonly kind: "constant";
  /**
   * The value as written (may exceed 2^53; not truncated to `size`). GCC
   * prints immediates sign-extended, so an unsigned `(unsigned char)255`
   * reads `1@$-1` and `4294967295u` reads `4@$-1`: truncate to `size` bytes
   * and apply `signed` to get the C value, as libbpf does.
   */
  readonly value: bigint;
  /** For a symbolic immediate (`$sym+8`), the symbol whose address is added; else `null`. */
  readonly symbol: string | null;
}

/** An operand no parser for this architecture understands; `operand` holds it verbatim. */
export interface UnparsedArgument extends ArgumentHead {
  readonly kind: "unparsed";
  /** Why, e.g. `unknown register "%foo"`. */
  readonly reason: string;
}

/** One probe argument. Discriminate on `kind`. */
export type ProbeArgument = RegisterArgument | MemoryArgument | ConstantArgument | UnparsedArgument;

/** The kinds of {@link ProbeArgument}. */
export type ArgumentKind = ProbeArgument["kind"];

/**
 * The byte size to read for `arg`: its `size`, or, when the argument has no
 * size prefix, the address size of the file (as gdb does).
 */
export function effectiveSize(arg: ArgumentHead, elfClass: 32 | 64): number {
  return arg.size ?? (elfClass === 64 ? 8 : 4);
}
