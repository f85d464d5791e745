import { describe, expect, it } from "vitest";
import { EM, ET, STB, STT } from "../../src/elf/constants.js";
import type { ElfSymbol, SymbolTable } from "../../src/elf/symbols.js";
import {
  fileRelativeOffset, renderUprobes, uprobeFetchArg, uprobeRegisterName, uprobeType,
  type UprobeOptions, type UprobeSite,
} from "../../src/format/uprobe.js";
import { symbolResolver, type SymbolResolver } from "../../src/elf/symbol-resolver.js";
import { parseArgument, parseArguments } from "../../src/stapsdt/args/index.js";
import { listFileProbes } from "../../src/node/files.js";
import { fileSymbolResolver } from "../../src/node/symbols.js";
import { exists } from "../helpers/system.js";
import { auditByReadelf, HAVE_AUDIT_ORACLE, hex } from "../helpers/python-audit.js";

const X86: UprobeOptions = { machine: EM.EM_X86_64, elfClass: 64 };
const x86 = (text: string) => parseArgument(text, EM.EM_X86_64, 64);
const fetch = (text: string, o: Partial<UprobeOptions> = {}, machine: number = EM.EM_X86_64, cls: 32 | 64 = 64) =>
  uprobeFetchArg(parseArgument(text, machine, cls), { ...X86, machine, elfClass: cls, ...o }, SITE);

/** A site at link-time 0x401136, file offset 0x1136 (an ET_EXEC text segment at 0x400000). */
const SITE = { address: 0x401136n, offset: 0x1136n };
const syms = (table: Record<string, bigint>): SymbolResolver => (name) =>
  table[name] === undefined ? { error: `symbol ${name} not in .symtab` } : { address: table[name]! };

describe("uprobe fetch arguments", () => {
  it("registers get perf's names and the N@ size as type", () => {
    expect(fetch("8@%rbx")).toEqual({ fetch: "%bx:u64" });
    expect(fetch("-4@%eax")).toEqual({ fetch: "%ax:s32" });
    expect(fetch("1@%sil")).toEqual({ fetch: "%si:u8" });
    expect(fetch("-2@%r9w")).toEqual({ fetch: "%r9:s16" });
  });
  it("floats are fetched as raw bits with a note", () => {
    expect(fetch("8f@%rdi")).toEqual({ fetch: "%di:x64", note: "double, fetched as raw bits" });
    expect(fetch("4f@%r9d")).toMatchObject({ fetch: "%r9:x32" });
  });
  it("high-byte registers are a bitfield of the full register", () => {
    // The x86 parser does not take %ah..%dh (GCC does not print them for sdt.h operands); a hand-built one:
    const ah = { name: "%ah", canonical: "rax", dwarf: 0, ptRegsOffset: 80, width: 1 };
    const head = { text: "1@%ah", size: 1, signed: false, float: false, operand: "%ah" };
    expect(uprobeFetchArg({ ...head, kind: "register", register: ah }, X86)).toEqual({ fetch: "%ax:b8@8/64" });
    expect(uprobeFetchArg({ ...head, kind: "register", register: ah }, { ...X86, machine: EM.EM_386, elfClass: 32 })).toEqual({ fetch: "%ax:b8@8/32" });
  });
  it("memory at register + displacement, immediates, absolute addresses", () => {
    expect(fetch("-4@-20(%rbp)")).toEqual({ fetch: "-20(%bp):s32" });
    expect(fetch("8@(%rdi)")).toEqual({ fetch: "+0(%di):u64" });
    expect(fetch("-4@112(%rsp)")).toEqual({ fetch: "+112(%sp):s32" });
    expect(fetch("-4@$-5")).toEqual({ fetch: "\\-5:s32" });
    expect(fetch("8@0x601040")).toEqual({ fetch: "@0x601040:u64" });
  });

  it("symbols become @+ offsets from the probed mapping: V - (A - O)", () => {
    const o = { symbols: syms({ glob_int: 0x404024n, glob_rec: 0x4040c0n }) };
    // A - O = 0x400000, so glob_int (V = 0x404024) is @+0x4024, not its file offset.
    expect(fetch("-4@glob_int(%rip)", o)).toEqual({ fetch: "@+0x4024:s32" });
    expect(fetch("-8@glob_rec+40(%rip)", o)).toEqual({ fetch: "@+0x40e8:s64" });
    expect(fetch("-8@40+glob_rec(%rip)", o)).toEqual({ fetch: "@+0x40e8:s64" });
    expect(fetch("-8@glob_rec-8(%rip)", o)).toEqual({ fetch: "@+0x40b8:s64" });
    // i386 non-PIC: a bare symbol is an absolute address, placed the same way.
    expect(fetch("-4@glob_rec+20", o, EM.EM_386, 32)).toEqual({ fetch: "@+0x40d4:s32" });
    expect(fetch("4@glob_int", o, EM.EM_386, 32)).toEqual({ fetch: "@+0x4024:u32" });
  });
  it("fileRelativeOffset: PIE site and data in another segment; negative is null", () => {
    // PIE: text at file offset 0x1000 = vaddr 0x1000, .bss beyond the file: the kernel just adds.
    expect(fileRelativeOffset(0x4024n, { address: 0x1167n, offset: 0x1167n })).toBe(0x4024n);
    // A segment mapped with p_vaddr - p_offset = 0x10000 (e.g. 64 KiB-aligned MIPS).
    expect(fileRelativeOffset(0x410020n, { address: 0x4106a0n, offset: 0x106a0n })).toBe(0x10020n);
    expect(fileRelativeOffset(0x1000n, { address: 0x402000n, offset: 0x2000n })).toBeNull();
  });
  it("symbol failures are comments that say why", () => {
    expect(fetch("-4@glob_int(%rip)")).toEqual({ error: "symbol glob_int not resolved (no symbol table)" });
    expect(fetch("-4@nosuch(%rip)", { symbols: syms({}) })).toEqual({ error: "symbol nosuch not in .symtab" });
    expect(fetch("-4@low(%rip)", { symbols: syms({ low: 0x1000n }) })).toMatchObject({ error: expect.stringMatching(/low at 0x1000 lies below the probed mapping/) });
    expect(uprobeFetchArg(x86("-4@glob_int(%rip)"), { ...X86, symbols: syms({ glob_int: 1n }) })).toMatchObject({ error: expect.stringMatching(/no probe site/) });
  });
  it("symbols relative to a register (GOTOFF, lo12, %lo) stay comments", () => {
    const o = { symbols: syms({ glob_int: 0x4024n }) };
    expect(fetch("-4@glob_int@GOTOFF(%eax)", o, EM.EM_386, 32)).toEqual({ error: "symbol glob_int@GOTOFF relative to %eax not expressible (part of an address built in registers)" });
    expect(fetch("-4@[x1, #:lo12:glob_int]", o, EM.EM_AARCH64)).toMatchObject({ error: expect.stringMatching(/glob_int@lo12 relative to x1/) });
    expect(fetch("-4@%lo(glob_int)($9)", o, EM.EM_MIPS, 32)).toMatchObject({ error: expect.stringMatching(/glob_int@lo relative to \$9/) });
    expect(fetch("-4@glob_int(%rbx)", o)).toEqual({ error: "symbol glob_int relative to register %rbx not expressible" });
  });
  it("$symbol immediates are the symbol's address in ET_EXEC files only", () => {
    const o = { symbols: syms({ glob_int: 0x404024n }) };
    expect(fetch("8@$glob_int+8", { ...o, fileType: ET.ET_EXEC })).toEqual({ fetch: "\\0x40402c:u64" });
    expect(fetch("8@$glob_int", { ...o, fileType: ET.ET_DYN })).toMatchObject({ error: expect.stringMatching(/depends on the load address/) });
    expect(fetch("8@$glob_int", o)).toMatchObject({ error: expect.stringMatching(/depends on the load address/) });
  });
  it("ARM ip (r12) is a register like any other, not x86's rip; ARM pc is not expressible", () => {
    expect(fetch("-4@[ip]", {}, EM.EM_ARM, 32)).toEqual({ fetch: "+0(%ip):s32" });
    expect(fetch("-4@[r12, #8]", {}, EM.EM_ARM, 32)).toEqual({ fetch: "+8(%ip):s32" });
    expect(fetch("-4@[pc, #8]", {}, EM.EM_ARM, 32)).toEqual({ error: "pc-relative address not expressible" });
  });
  it("says why other arguments cannot be expressed", () => {
    expect(fetch("8@glob_arr(,%rsi,8)")).toEqual({ error: "indexed address not expressible" });
    expect(fetch("8@(%rax,%rsi,8)")).toEqual({ error: "base+index not expressible" });
    expect(fetch("8@%xmm0")).toEqual({ error: "register %xmm0 cannot be fetched by uprobes" });
    expect(fetch("8@8(%rip)")).toEqual({ error: "rip-relative address without a symbol not expressible" });
    expect(fetch("8@%fs:0x28")).toMatchObject({ error: expect.stringMatching(/segment-relative address \(%fs\)|unparsed/) });
    expect(fetch("8@%foo")).toMatchObject({ error: expect.stringMatching(/^unparsed \(.+\)$/) });
    expect(fetch("4@%eax", {}, EM.EM_SPARC, 32)).toMatchObject({ error: expect.stringMatching(/^unparsed \(no operand parser/) });
  });
  it.each([
    [EM.EM_AARCH64, "x0", "x0"], [EM.EM_AARCH64, "sp", "sp"], [EM.EM_AARCH64, "w3", "x3"],
    [EM.EM_PPC64, "3", "gpr3"], [EM.EM_PPC64, "%r31", "gpr31"], [EM.EM_S390, "%r2", "r2"],
    [EM.EM_RISCV, "a0", "a0"], [EM.EM_RISCV, "fp", "s0"], [EM.EM_ARM, "r11", "fp"], [EM.EM_ARM, "r0", "r0"],
    [EM.EM_MIPS, "$4", "r4"], [EM.EM_MIPS, "$sp", "r29"], [EM.EM_386, "%ecx", "cx"], [EM.EM_386, "%r8", null],
  ] as const)("machine %i register %s → %s", (machine, name, want) => {
    expect(uprobeRegisterName({ name, canonical: name.replace(/^[%$]/, "") }, machine)).toBe(want);
  });
  it("types", () => {
    expect([1, 2, 4, 8, 3].map((size) => uprobeType({ size, signed: size === 2, float: false }))).toEqual(["u8", "s16", "u32", "u64", null]);
  });
});

describe("symbolResolver", () => {
  const sym = (name: string, value: bigint, binding: number = STB.STB_GLOBAL): ElfSymbol =>
    ({ name, value, size: 4n, type: STT.STT_OBJECT, binding, visibility: 0, shndx: 1, index: 1 });
  const table = (list: ElfSymbol[], section: string | null = ".symtab"): SymbolTable => ({
    section: section === null ? null : { name: section } as never,
    warnings: [],
    size: list.length,
    definitions: (n) => list.filter((s) => s.name === n),
    lookup: (n) => {
      const d = list.filter((s) => s.name === n);
      return d.find((s) => s.binding !== STB.STB_LOCAL) ?? d[0];
    },
  });
  it("one address; a global among locals with a note; several locals are an error", () => {
    const r = symbolResolver(table([
      sym("a", 0x10n), sym("a", 0x10n, STB.STB_LOCAL),
      sym("b", 0x20n, STB.STB_LOCAL), sym("b", 0x30n),
      sym("c", 0x40n, STB.STB_LOCAL), sym("c", 0x50n, STB.STB_LOCAL),
    ]));
    expect(r("a")).toEqual({ address: 0x10n });
    expect(r("b")).toEqual({ address: 0x30n, note: "2 definitions of b; used the global one at 0x30" });
    expect(r("c")).toEqual({ error: "symbol c has 2 different addresses (0x40, 0x50); cannot tell which" });
    expect(r("d")).toEqual({ error: "symbol d not in .symtab" });
    expect(symbolResolver(table([], null))("d")).toEqual({ error: "symbol d: the file has no usable symbol table" });
  });
  it("a file that cannot be read gives every symbol the reason, and never throws", () => {
    const r = fileSymbolResolver("/nonexistent/file");
    expect(r("x")).toMatchObject({ error: expect.stringMatching(/^symbol table unreadable: ENOENT/) });
  });
});

describe("renderUprobes", () => {
  const site = (name: string, args: string, offset: bigint | null, sem: bigint | null = null): UprobeSite =>
    ({ provider: "prov", name, address: 0x400000n + (offset ?? 0n), offset, semaphoreOffset: sem, arguments: args });
  it("one line per site, perf's group, numbered duplicates, ref-ctr only with a semaphore, comments for what is left out", () => {
    const text = renderUprobes("/opt/t", [
      site("entry", "8@%rdi -4@%esi", 0x1053n, 0x3026n),
      site("entry", "8@%rdi -4@%esi", 0x10a0n, 0x3026n),
      site("sib", "8@%rdi 8@(%rax,%rsi,8) 8@%rdx", 0x1100n),
      site("glob", "-4@glob_int(%rip) -4@$42", 0x1140n),
      site("noargs", "", 0x1200n),
      site("lost", "", null),
    ], { ...X86, fileType: ET.ET_EXEC, symbols: syms({ glob_int: 0x404024n }) });
    expect(text).toBe(
      "p:sdt_prov/entry /opt/t:0x1053(0x3026) arg1=%di:u64 arg2=%si:s32\n" +
      "p:sdt_prov/entry_1 /opt/t:0x10a0(0x3026) arg1=%di:u64 arg2=%si:s32\n" +
      "# arg2: 8@(%rax,%rsi,8): base+index not expressible\n" +
      "p:sdt_prov/sib /opt/t:0x1100 arg1=%di:u64 arg3=%dx:u64\n" +
      "p:sdt_prov/glob /opt/t:0x1140 arg1=@+0x4024:s32 arg2=\\42:s32\n" +
      "p:sdt_prov/noargs /opt/t:0x1200\n" +
      "# prov:lost: no file offset (address not in a PT_LOAD with file bytes)\n",
    );
  });
  it("leaves out a site whose provider or name is empty (no group or event name), with a comment", () => {
    const text = renderUprobes("/opt/t", [site("", "", 0x1000n), { ...site("x", "", 0x1010n), provider: "" }, site("ok", "", 0x1020n)], X86);
    expect(text.split("\n").filter((l) => l.startsWith("p:"))).toEqual(["p:sdt_prov/ok /opt/t:0x1020"]);
    expect(text).toMatch(/^# :x: empty provider or probe name/m);
  });
  it("refuses paths with whitespace or control characters (uprobe_events splits on whitespace)", () => {
    expect(renderUprobes("/opt/my lib.so", [site("x", "", 1n)], X86)).toMatch(/^# .*whitespace/);
    const evil = renderUprobes("/opt/a\np:evil/x /bin/sh:0x0", [site("x", "", 1n)], X86);
    expect(evil).toBe("# /opt/a\\x0ap:evil/x /bin/sh:0x0: path contains whitespace or control characters, which uprobe_events cannot take\n");
    expect(renderUprobes("/opt/a\u001b[2Jb", [site("x", "", 1n)], X86).split("\n")).toHaveLength(2);
  });
  it("strings from a crafted file cannot start a line: names are sanitized, comment text is escaped", () => {
    const crafted: UprobeSite = {
      provider: "p\nr:evil/x /bin/sh:0", name: "n\r\u001b]0;t\u0007", address: 0x401000n, offset: null, semaphoreOffset: null,
      arguments: "-4@%eax 8@glob\u000a(%rip) 8@%nope\u001b 8@[\n]",
    };
    const text = renderUprobes("/opt/t", [crafted, { ...crafted, offset: 0x1000n }], { ...X86, symbols: syms({}) });
    const lines = text.split("\n").slice(0, -1);
    for (const l of lines) {
      expect(l).toMatch(/^(# |p:sdt_)/);
      expect(l).not.toMatch(/[\u0000-\u001f\u007f]/);
    }
    expect(lines).toEqual([
      "# p\\x0ar:evil/x /bin/sh:0:n\\x0d\\x1b]0;t\\x07: no file offset (address not in a PT_LOAD with file bytes)",
      expect.stringMatching(/^# arg2: 8@glob\\x0a\(%rip\): /),
      expect.stringMatching(/^# arg3: 8@%nope\\x1b: unparsed/),
      expect.stringMatching(/^# arg4: 8@\[\\x0a\]: unparsed/),
      "p:sdt_p_r_evil_x__bin_sh_0/n___0_t__1 /opt/t:0x1000 arg1=%ax:s32",
    ]);
  });

  it.skipIf(!HAVE_AUDIT_ORACLE)("python3.11's audit probe is the line perf writes, with the catalogue's names and the event read as a string (needs readelf)", () => {
    const f = listFileProbes("/usr/bin/python3.11");
    const audit = f.probes.filter((p) => p.name === "audit");
    const a = auditByReadelf();
    expect(audit.map((p) => p.arguments)).toEqual([a.arguments]);
    // The registers below are those of Debian 12's builds (3.11.2-6+deb12u6 to u9).
    expect(a.arguments).toBe("8@%rbx 8@%r15");
    const text = renderUprobes("/usr/bin/python3.11", audit, {
      machine: f.header.machine, elfClass: f.header.class, fileType: f.header.type, symbols: fileSymbolResolver("/usr/bin/python3.11"),
    });
    // perf: `arg1=%bx:u64 arg2=%r15:u64`; python:audit is (const char *event, void *args).
    expect(text).toBe(`p:sdt_python/audit /usr/bin/python3.11:${hex(a.offset)}(${hex(a.semaphoreOffset)}) event=+0(%bx):string args=%r15:x64\n`);
  });
});
