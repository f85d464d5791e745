import { describe, expect, test } from "vitest";
import { EM } from "../../../src/elf/constants.js";
import { parseArgument, parseArguments } from "../../../src/stapsdt/args/index.js";
import { I386_REGISTERS, X86_64_REGISTERS } from "../../../src/stapsdt/args/x86.js";
import { compactAll, expectCases, expectUnparsed } from "./helpers.js";

describe("x86-64", () => {
  test("forms GCC 12 emits (spec §4.2, observed -O2 PIE and non-PIE)", () => {
    expectCases(EM.EM_X86_64, 64, [
      ["-4@%edi", "-4|reg rdi"],
      ["-8@%rsi", "-8|reg rsi"],
      ["-2@%dx", "-2|reg rdx"],
      ["-1@%cl", "-1|reg rcx"],
      ["1@%r8b", "1|reg r8"],
      ["1@%sil", "1|reg rsi"],
      ["-4@%r9d", "-4|reg r9"],
      ["8@%r8", "8|reg r8"],
      ["-4@-16(%rsp)", "-4|mem base=rsp disp=-16"],
      ["-4@-20(%rbp)", "-4|mem base=rbp disp=-20"],
      ["8@(%rdi)", "8|mem base=rdi"],
      ["-8@24(%rax)", "-8|mem base=rax disp=24"],
      ["-8@(%rax,%rdi,8)", "-8|mem base=rax idx=rdi*8"],
      ["-8@(%rdi,%rax)", "-8|mem base=rdi idx=rax*1"],
      ["-8@8(%rax,%rdi)", "-8|mem base=rax idx=rdi*1 disp=8"],
      ["-2@glob_s(%rdi,%rdi)", "-2|mem base=rdi idx=rdi*1 sym=glob_s"],
      ["-4@$42", "-4|const 42"],
      ["-4@$-5", "-4|const -5"],
      ["-8@$2147483647", "-8|const 2147483647"],
      ["8@$81985529216486895", "8|const 81985529216486895"],
      ["-4@glob_i(%rip)", "-4|mem base=rip sym=glob_i"],
      ["-8@8+glob_st(%rip)", "-8|mem base=rip disp=8 sym=glob_st"],
      ["-8@glob_st+8(%rip)", "-8|mem base=rip disp=8 sym=glob_st"],
      ["-8@glob_arr+24(%rip)", "-8|mem base=rip disp=24 sym=glob_arr"],
      ["-8@40+CheckpointStats(%rip)", "-8|mem base=rip disp=40 sym=CheckpointStats"],
      ["-4@NBuffers(%rip)", "-4|mem base=rip sym=NBuffers"],
      ["-8@glob_arr(,%rdi,8)", "-8|mem idx=rdi*8 sym=glob_arr"],
      ["-4@garr(,%rsi,4)", "-4|mem idx=rsi*4 sym=garr"],
      ["-1@3+gbuf(%rip)", "-1|mem base=rip disp=3 sym=gbuf"],
      ["8f@%rcx", "8f|reg rcx"],
      ["4f@%esi", "4f|reg rsi"],
      ["8f@glob_d(%rip)", "8f|mem base=rip sym=glob_d"],
      ["8f@-40(%rbp)", "8f|mem base=rbp disp=-40"],
    ]);
  });

  test("real binaries' argument strings (python3.11, libjvm)", () => {
    expect(compactAll("8@%rbp 8@%r12 -4@%eax", EM.EM_X86_64, 64)).toEqual(["8|reg rbp", "8|reg r12", "-4|reg rax"]);
    expect(compactAll("8@%rdx -4@%eax 8@152(%rbx) 1@$0", EM.EM_X86_64, 64))
      .toEqual(["8|reg rdx", "-4|reg rax", "8|mem base=rbx disp=152", "1|const 0"]);
    expect(compactAll("-4@%eax 1@%sil -2@%dx -8@%rcx 8@%r8 8f@%rdi 4f@%r9d", EM.EM_X86_64, 64))
      .toEqual(["-4|reg rax", "1|reg rsi", "-2|reg rdx", "-8|reg rcx", "8|reg r8", "8f|reg rdi", "4f|reg r9"]);
  });

  test("bcc's test_usdt_args cases", () => {
    expect(compactAll(
      "-4@$0 8@$1234 %rdi %rax %rsi -8@%rbx 4@%r12 8@-8(%rbp) 4@(%rax) -4@global_max_action(%rip) " +
      "8@24+mp_(%rip) -4@CheckpointStats+40(%rip) 4@glob-2(%rip) 8@(%rax,%rdx,8) 4@(%rbx,%rcx)",
      EM.EM_X86_64, 64,
    )).toEqual([
      "-4|const 0", "8|const 1234", "?|reg rdi", "?|reg rax", "?|reg rsi", "-8|reg rbx", "4|reg r12",
      "8|mem base=rbp disp=-8", "4|mem base=rax", "-4|mem base=rip sym=global_max_action",
      "8|mem base=rip disp=24 sym=mp_", "-4|mem base=rip disp=40 sym=CheckpointStats",
      "4|mem base=rip disp=-2 sym=glob", "8|mem base=rax idx=rdx*8", "4|mem base=rbx idx=rcx*1",
    ]);
  });

  test("libbpf's forms, including SIB with displacement", () => {
    expectCases(EM.EM_X86_64, 64, [
      ["1@-96(%rbp,%rax,8)", "1|mem base=rbp idx=rax*8 disp=-96"],
      ["1@(%rbp,%rax,8)", "1|mem base=rbp idx=rax*8"],
      ["1@-96(%rbp,%rax)", "1|mem base=rbp idx=rax*1 disp=-96"],
      ["4@$71", "4|const 71"],
    ]);
  });

  test("hand-written and rarer forms", () => {
    expectCases(EM.EM_X86_64, 64, [
      ["8@$0x10", "8|const 16"],
      ["8@$-0x10", "8|const -16"],
      ["8@$010", "8|const 8"], // GNU as reads a leading 0 as octal
      ["8@$0b101", "8|const 5"],
      ["8@$18446744073709551615", "8|const 18446744073709551615"],
      ["8@$glob", "8|const glob+0"],
      ["8@$glob+16", "8|const glob+16"],
      ["8@%fs:0", "8|mem seg=fs"],
      ["8@%fs:-8", "8|mem seg=fs disp=-8"],
      ["4@%gs:8(%rax)", "4|mem seg=gs base=rax disp=8"],
      ["16@%xmm0", "16|reg xmm0"],
      ["8f@%xmm15", "8f|reg xmm15"],
      ["8f@%xmm16", "8f|reg xmm16"],
      ["32@%ymm3", "32|reg xmm3"],
      ["8@%st", "8|reg st0"],
      ["8@%st(3)", "8|reg st3"],
      ["8@%mm1", "8|reg mm1"],
      ["4@0x10(%rax)", "4|mem base=rax disp=16"],
      ["4@(%rax, %rbx, 2)", "4|mem base=rax idx=rbx*2"],
      ["4@(%eax)", "4|mem base=rax"],
      ["4@8(%eip)", "4|mem base=rip disp=8"],
      ["4@1234", "4|mem disp=1234"], // AT&T: a bare number is an absolute address
      ["%rdi", "?|reg rdi"],
      ["$5", "?|const 5"],
      ["-8(%rsp)", "?|mem base=rsp disp=-8"],
    ]);
  });

  test("what does not parse stays unparsed with a reason", () => {
    const cases: [string, string][] = [
      ["8@%foo", 'unknown register "%foo"'],
      ["8@%ah", 'unknown register "%ah"'],
      ["8@%", 'unknown register "%"'],
      ["8@(%rax,%rsp)", "%rsp cannot be an index register"],
      ["8@(%rax,%rbx,3)", "scale must be 1, 2, 4 or 8"],
      ["8@(%xmm0)", "%xmm0 cannot be a base register"],
      ["8@(%al)", "%al cannot be a base register"],
      ["8@glob(%rip,%rax)", "%rip cannot have an index"],
      ["8@%rax:0", "unrecognized x86-64 operand"],
      ["8@$", "malformed immediate"],
      ["8@$x@GOT", "relocated immediate (@GOT)"],
      ["8@%rax)", "unrecognized x86-64 operand"],
      ["8@()", "unrecognized x86-64 operand"],
      ["8@(%rax", "unrecognized x86-64 operand"],
      ["8@%r8l", 'unknown register "%r8l"'],
    ];
    expectUnparsed(EM.EM_X86_64, 64, cases);
  });

  test("register table: DWARF numbers and pt_regs offsets (spec §4.3)", () => {
    const want: [string, string, number, number | null, number][] = [
      ["%rax", "rax", 0, 80, 8], ["%edx", "rdx", 1, 96, 4], ["%cx", "rcx", 2, 88, 2], ["%bl", "rbx", 3, 40, 1],
      ["%sil", "rsi", 4, 104, 1], ["%rdi", "rdi", 5, 112, 8], ["%bpl", "rbp", 6, 32, 1], ["%rsp", "rsp", 7, 152, 8],
      ["%r8", "r8", 8, 72, 8], ["%r9d", "r9", 9, 64, 4], ["%r10w", "r10", 10, 56, 2], ["%r11b", "r11", 11, 48, 1],
      ["%r12", "r12", 12, 24, 8], ["%r13", "r13", 13, 16, 8], ["%r14", "r14", 14, 8, 8], ["%r15", "r15", 15, 0, 8],
      ["%rip", "rip", 16, 128, 8], ["%xmm0", "xmm0", 17, null, 16], ["%xmm15", "xmm15", 32, null, 16],
      ["%st", "st0", 33, null, 10], ["%st(7)", "st7", 40, null, 10], ["%mm0", "mm0", 41, null, 8],
      ["%es", "es", 50, null, 2], ["%cs", "cs", 51, 136, 2], ["%ss", "ss", 52, 160, 2], ["%fs", "fs", 54, null, 2],
      ["%xmm16", "xmm16", 67, null, 16], ["%k0", "k0", 118, null, 8],
    ];
    for (const [name, canonical, dwarf, ptRegsOffset, width] of want) {
      expect(X86_64_REGISTERS.get(name), name).toEqual({ name, canonical, dwarf, ptRegsOffset, width });
    }
    expect(X86_64_REGISTERS.size).toBe(16 * 4 + 2 + 32 * 3 + 17 + 8 + 6);
  });
});

describe("i386", () => {
  test("forms GCC 12 emits (PIC and non-PIC)", () => {
    expectCases(EM.EM_386, 32, [
      ["-4@%edi", "-4|reg edi"],
      ["-4@(%esp)", "-4|mem base=esp"],
      ["-4@4(%esp)", "-4|mem base=esp disp=4"],
      ["-4@-4(%ebp)", "-4|mem base=ebp disp=-4"],
      ["-4@(%edx)", "-4|mem base=edx"],
      ["-4@(%edx,%eax)", "-4|mem base=edx idx=eax*1"],
      ["-4@$42", "-4|const 42"],
      ["8@$81985529216486895", "8|const 81985529216486895"],
      ["-4@glob_i@GOTOFF(%eax)", "-4|mem base=eax sym=glob_i@GOTOFF"],
      ["-4@glob_arr@GOTOFF(%eax,%edx,4)", "-4|mem base=eax idx=edx*4 sym=glob_arr@GOTOFF"],
      ["-4@12+glob_arr@GOTOFF(%eax)", "-4|mem base=eax disp=12 sym=glob_arr@GOTOFF"],
      ["-1@3+gbuf@GOTOFF(%eax)", "-1|mem base=eax disp=3 sym=gbuf@GOTOFF"],
      ["-4@glob_i", "-4|mem sym=glob_i"],
      ["-4@glob_arr+12", "-4|mem disp=12 sym=glob_arr"],
      ["-4@glob_arr(,%eax,4)", "-4|mem idx=eax*4 sym=glob_arr"],
      ["-2@glob_s(%eax,%eax)", "-2|mem base=eax idx=eax*1 sym=glob_s"],
      ["8f@24(%esp)", "8f|mem base=esp disp=24"],
      ["8f@glob_d@GOTOFF(%eax)", "8f|mem base=eax sym=glob_d@GOTOFF"],
      ["-1@%ebx", "-1|reg ebx"],
      ["-1@%al", "-1|reg eax"],
      ["2@%ax", "2|reg eax"],
      ["4@%gs:20", "4|mem seg=gs disp=20"],
    ]);
  });

  test("64-bit registers do not exist on i386", () => {
    for (const text of ["8@%rax", "8@%r8", "1@%sil", "8@(%rip)", "8@(%eax,%r8)"]) {
      expect(parseArgument(text, EM.EM_386, 32).kind, text).toBe("unparsed");
    }
    expect(parseArgument("4@(%eax,%esp)", EM.EM_386, 32)).toMatchObject({ reason: "%esp cannot be an index register" });
  });

  test("register table: DWARF numbers and pt_regs offsets (spec §4.3)", () => {
    const want: [string, number, number][] = [
      ["%eax", 0, 24], ["%ecx", 1, 4], ["%edx", 2, 8], ["%ebx", 3, 0],
      ["%esp", 4, 60], ["%ebp", 5, 20], ["%esi", 6, 12], ["%edi", 7, 16], ["%eip", 8, 48],
    ];
    for (const [name, dwarf, pt] of want) expect(I386_REGISTERS.get(name)).toMatchObject({ dwarf, ptRegsOffset: pt, width: 4 });
    expect(I386_REGISTERS.get("%st(0)")).toMatchObject({ dwarf: 11 });
    expect(I386_REGISTERS.get("%xmm7")).toMatchObject({ dwarf: 28 });
    expect(I386_REGISTERS.get("%mm0")).toMatchObject({ dwarf: 29 });
    expect(I386_REGISTERS.get("%gs")).toMatchObject({ dwarf: 45, ptRegsOffset: 40 });
  });

  test("EM_IAMCU uses the i386 syntax; x32 (EM_X86_64, ELFCLASS32) the x86-64 one", () => {
    expect(compactAll("4@%eax 4@(%esi)", EM.EM_IAMCU, 32)).toEqual(["4|reg eax", "4|mem base=esi"]);
    expect(compactAll("4@%r9d -4@glob(%rip)", EM.EM_X86_64, 32)).toEqual(["4|reg r9", "-4|mem base=rip sym=glob"]);
  });

  test("the register object is the table's (shared, frozen)", () => {
    const [a] = parseArguments("4@%eax", EM.EM_386, 32);
    expect(a?.kind === "register" && a.register).toBe(I386_REGISTERS.get("%eax"));
    expect(Object.isFrozen(I386_REGISTERS.get("%eax"))).toBe(true);
  });
});
