/**
 * Register names for uprobe fetch arguments: the names the kernel's
 * `regs_query_register_offset` knows for each architecture (its
 * `regoffset_table`), which are also the names perf writes.
 */
import { EM } from "../elf/constants.js";
import type { ProbeRegister } from "../stapsdt/args/types.js";

const X86_64: Record<string, string> = {};
for (const [k, names] of Object.entries({
  ax: ["rax", "eax", "ax", "al"], bx: ["rbx", "ebx", "bx", "bl"], cx: ["rcx", "ecx", "cx", "cl"],
  dx: ["rdx", "edx", "dx", "dl"], si: ["rsi", "esi", "si", "sil"], di: ["rdi", "edi", "di", "dil"],
  bp: ["rbp", "ebp", "bp", "bpl"], sp: ["rsp", "esp", "sp", "spl"], ip: ["rip", "eip", "ip"],
})) for (const n of names) X86_64[n] = k;
for (let i = 8; i <= 15; i++) for (const s of ["", "d", "w", "b", "l"]) X86_64[`r${i}${s}`] = `r${i}`;
/** x86 high-byte registers: bits 8..15 of the named register. */
export const X86_HIGH: Readonly<Record<string, string>> = { ah: "ax", bh: "bx", ch: "cx", dh: "dx" };

const RISCV_ABI = ["zero", "ra", "sp", "gp", "tp", "t0", "t1", "t2", "s0", "s1", "a0", "a1", "a2", "a3", "a4", "a5", "a6", "a7",
  "s2", "s3", "s4", "s5", "s6", "s7", "s8", "s9", "s10", "s11", "t3", "t4", "t5", "t6"];
const ARM_NAMES: Record<number, string> = { 11: "fp", 12: "ip", 13: "sp", 14: "lr", 15: "pc" };

/**
 * The kernel's (and perf's) `pt_regs` name of a register, without `%`, or
 * `null` when uprobes cannot fetch it (FP/SIMD registers, segment registers).
 */
export function uprobeRegisterName(reg: Pick<ProbeRegister, "name" | "canonical">, machine: number): string | null {
  const clean = (s: string): string => s.replace(/^[%$]/, "").toLowerCase();
  const names = [clean(reg.name), clean(reg.canonical)];
  for (const n of names) {
    switch (machine) {
      case EM.EM_X86_64:
      case EM.EM_386:
      case EM.EM_IAMCU: {
        const k = X86_64[n];
        if (k && (machine === EM.EM_X86_64 || !k.startsWith("r"))) return k;
        break;
      }
      case EM.EM_AARCH64: {
        const m = /^[xw]([0-9]|[12][0-9]|30)$/.exec(n);
        if (m) return `x${m[1]}`;
        if (n === "sp" || n === "x31") return "sp";
        break;
      }
      case EM.EM_ARM: {
        const m = /^r([0-9]|1[0-5])$/.exec(n);
        if (m) return ARM_NAMES[Number(m[1])] ?? `r${m[1]}`;
        if (["fp", "ip", "sp", "lr", "pc"].includes(n)) return n;
        break;
      }
      case EM.EM_PPC:
      case EM.EM_PPC64: {
        const m = /^(?:r|gpr)?([0-9]|[12][0-9]|3[01])$/.exec(n);
        if (m) return `gpr${m[1]}`;
        break;
      }
      case EM.EM_S390: {
        const m = /^r([0-9]|1[0-5])$/.exec(n);
        if (m) return `r${m[1]}`;
        break;
      }
      case EM.EM_RISCV: {
        if (n === "fp") return "s0";
        if (RISCV_ABI.includes(n) && n !== "zero") return n;
        const m = /^x([1-9]|[12][0-9]|3[01])$/.exec(n);
        if (m) return RISCV_ABI[Number(m[1])]!;
        break;
      }
      case EM.EM_MIPS:
      case EM.EM_MIPS_RS3_LE: {
        const alias: Record<string, number> = { sp: 29, fp: 30, s8: 30, ra: 31, gp: 28 };
        const m = /^r?([0-9]|[12][0-9]|3[01])$/.exec(n);
        if (m) return `r${m[1]}`;
        if (alias[n] !== undefined) return `r${alias[n]}`;
        break;
      }
      case EM.EM_LOONGARCH: {
        const m = /^r([0-9]|[12][0-9]|3[01])$/.exec(n);
        if (m) return `r${m[1]}`;
        break;
      }
    }
  }
  return null;
}

