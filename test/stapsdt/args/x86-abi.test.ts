/**
 * The x86 register tables against the ABI documents, typed in from them (not
 * from our tables): DWARF numbers from the System V psABI register-number
 * mappings, and which registers may be a base or an index in an AT&T memory
 * operand (the Intel SDM's ModRM/SIB rules: 32- or 64-bit general registers;
 * 16-bit addressing is real-mode only, and absent in 64-bit mode).
 *
 * x86-64 psABI (v1.0, "DWARF Register Number Mapping"): 0 rax, 1 rdx, 2 rcx,
 * 3 rbx, 4 rsi, 5 rdi, 6 rbp, 7 rsp, 8-15 r8-r15, 16 return address (rip),
 * 17-32 xmm0-15, 33-40 st0-7, 41-48 mm0-7, 49 rFLAGS, 50-55 es cs ss ds fs gs,
 * 67-82 xmm16-31, 118-125 k0-7.
 * i386 psABI ("DWARF Register Number Mapping"): 0 eax, 1 ecx, 2 edx, 3 ebx,
 * 4 esp, 5 ebp, 6 esi, 7 edi, 8 eip, 11-18 st0-7, 21-28 xmm0-7, 29-36 mm0-7,
 * 40-45 es cs ss ds fs gs.
 */
import { describe, expect, it } from "vitest";
import { parseArgument } from "../../../src/index.js";

const EM_386 = 3;
const EM_X86_64 = 62;

type Reg = { canonical: string; dwarf: number; width: number };
function register(text: string, machine: number, bits: 32 | 64): Reg {
  const a = parseArgument(text, machine, bits);
  if (a.kind !== "register") throw new Error(`${text}: ${a.kind}${a.kind === "unparsed" ? ` (${a.reason})` : ""}`);
  return { canonical: a.register.canonical, dwarf: a.register.dwarf, width: a.register.width };
}

describe("x86-64 DWARF numbers (psABI)", () => {
  const gprs = ["rax", "rdx", "rcx", "rbx", "rsi", "rdi", "rbp", "rsp", "r8", "r9", "r10", "r11", "r12", "r13", "r14", "r15"];
  it.each(gprs.map((r, i) => [r, i] as const))("%%%s is %d", (r, n) => {
    expect(register(`8@%${r}`, EM_X86_64, 64)).toEqual({ canonical: r, dwarf: n, width: 8 });
  });
  it("rip, the vector, x87, MMX and mask registers", () => {
    const want: [string, string, number, number][] = [["%rip", "rip", 16, 8], ["%eip", "rip", 16, 4]];
    for (let n = 0; n < 32; n++) {
      const dwarf = n < 16 ? 17 + n : 67 + (n - 16);
      want.push([`%xmm${n}`, `xmm${n}`, dwarf, 16], [`%ymm${n}`, `xmm${n}`, dwarf, 32], [`%zmm${n}`, `xmm${n}`, dwarf, 64]);
    }
    want.push(["%st", "st0", 33, 10]);
    for (let n = 0; n < 8; n++) want.push([`%st(${n})`, `st${n}`, 33 + n, 10], [`%mm${n}`, `mm${n}`, 41 + n, 8], [`%k${n}`, `k${n}`, 118 + n, 8]);
    ["es", "cs", "ss", "ds", "fs", "gs"].forEach((s, i) => want.push([`%${s}`, s, 50 + i, 2]));
    for (const [name, canonical, dwarf, width] of want) {
      expect(register(`8@${name}`, EM_X86_64, 64), name).toEqual({ canonical, dwarf, width });
    }
  });
});

describe("i386 DWARF numbers (psABI)", () => {
  const gprs = ["eax", "ecx", "edx", "ebx", "esp", "ebp", "esi", "edi"];
  it.each(gprs.map((r, i) => [r, i] as const))("%%%s is %d", (r, n) => {
    expect(register(`4@%${r}`, EM_386, 32)).toEqual({ canonical: r, dwarf: n, width: 4 });
  });
  it("eip, the vector, x87, MMX and segment registers", () => {
    const want: [string, string, number, number][] = [["%eip", "eip", 8, 4], ["%st", "st0", 11, 10]];
    for (let n = 0; n < 8; n++) {
      want.push([`%xmm${n}`, `xmm${n}`, 21 + n, 16], [`%ymm${n}`, `xmm${n}`, 21 + n, 32]);
      want.push([`%st(${n})`, `st${n}`, 11 + n, 10], [`%mm${n}`, `mm${n}`, 29 + n, 8]);
    }
    ["es", "cs", "ss", "ds", "fs", "gs"].forEach((s, i) => want.push([`%${s}`, s, 40 + i, 2]));
    for (const [name, canonical, dwarf, width] of want) {
      expect(register(`4@${name}`, EM_386, 32), name).toEqual({ canonical, dwarf, width });
    }
    for (const name of ["%xmm8", "%zmm0", "%k1", "%rax", "%r8d"]) {
      expect(parseArgument(`4@${name}`, EM_386, 32), name).toMatchObject({ kind: "unparsed", reason: `unknown register "${name}"` });
    }
  });
});

describe("which registers may address memory", () => {
  const reason = (text: string, machine = EM_X86_64, bits: 32 | 64 = 64): string => {
    const a = parseArgument(text, machine, bits);
    return a.kind === "unparsed" ? a.reason : a.kind;
  };
  it("a base is a 32- or 64-bit general register, or the program counter", () => {
    for (const ok of ["8@(%rax)", "8@(%eax)", "8@(%r15)", "8@(%r15d)", "8@8(%rip)", "8@8(%eip)"]) expect(reason(ok), ok).toBe("memory");
    for (const [text, reg] of [["8@(%al)", "%al"], ["8@(%ax)", "%ax"], ["8@(%r8w)", "%r8w"], ["8@(%xmm0)", "%xmm0"], ["8@(%st(1))", "%st(1)"], ["8@(%mm0)", "%mm0"], ["8@(%k1)", "%k1"], ["8@(%fs)", "%fs"]]) {
      expect(reason(text!), text).toBe(`${reg} cannot be a base register`);
    }
    expect(reason("4@(%eip)", EM_386, 32)).toBe("memory");
    expect(reason("4@(%ebx)", EM_386, 32)).toBe("memory");
    expect(reason("4@(%xmm0)", EM_386, 32)).toBe("%xmm0 cannot be a base register");
  });
  it("an index is a general register other than the stack pointer, and the program counter takes none", () => {
    expect(reason("8@(%rax,%r15,8)")).toBe("memory");
    expect(reason("8@(,%rbp,2)")).toBe("memory");
    expect(reason("8@(%rax,%rsp,8)")).toBe("%rsp cannot be an index register");
    expect(reason("8@(%rax,%esp)")).toBe("%esp cannot be an index register");
    expect(reason("8@(%rax,%rip)")).toBe("%rip cannot be an index register");
    expect(reason("8@(%rax,%si,2)")).toBe("%si cannot be an index register");
    expect(reason("4@(%bx,%si)", EM_386, 32)).toBe("%bx cannot be a base register");
    expect(reason("8@(%rax,%xmm1,4)")).toBe("%xmm1 cannot be an index register");
    expect(reason("8@8(%rip,%rax)")).toBe("%rip cannot have an index");
    expect(reason("4@(%eax,%esp)", EM_386, 32)).toBe("%esp cannot be an index register");
    expect(reason("8@(%rax,%rbx,3)")).toBe("scale must be 1, 2, 4 or 8");
  });
  it("unknown registers and malformed operands say what is wrong", () => {
    expect(reason("8@%foo")).toBe('unknown register "%foo"');
    expect(reason("8@8(%foo)")).toBe('unknown register "%foo"');
    expect(reason("8@(%rax,%foo,8)")).toBe('unknown register "%foo"');
    expect(reason("8@%st(9)")).toBe('unknown register "%st(9)"');
    expect(reason("8@%st(1")).toBe("unrecognized x86-64 operand");
    expect(reason("8@(%rax,rbx)")).toBe("unrecognized x86-64 operand");
    expect(reason("4@(%eax,ebx)", EM_386, 32)).toBe("unrecognized i386 operand");
    expect(reason("8@%rax:8")).toBe("unrecognized x86-64 operand");
  });
});
