import { describe, expect, it } from "vitest";
import { EM } from "../../src/elf/constants.js";
import {
  renderUprobes, uprobeFetchArg, uprobeRegisterName, uprobeType, type UprobeArgument, type UprobeOptions, type UprobeRegister,
} from "../../src/render/uprobe.js";
import { listFileProbes } from "../../src/node.js";
import { exists } from "../helpers/system.js";

// Hand-built arguments in the shape of src/stapsdt/args/ (parseArguments).
const reg = (register: string, canonical = register.replace(/^%/, "")): UprobeRegister => ({ register, canonical });
const R = (text: string, size: number, signed: boolean, r: UprobeRegister, float = false): UprobeArgument =>
  ({ text, size, signed, float, kind: "register", register: r });
const M = (text: string, size: number, signed: boolean, extra: Partial<UprobeArgument>): UprobeArgument =>
  ({ text, size, signed, float: false, kind: "memory", ...extra });
const C = (text: string, size: number, signed: boolean, value: bigint): UprobeArgument =>
  ({ text, size, signed, float: false, kind: "constant", value });

const table = (args: Record<string, UprobeArgument[]>) => (text: string): readonly UprobeArgument[] => {
  const a = args[text];
  if (!a) throw new Error(`no hand-built arguments for ${text}`);
  return a;
};
const X86: Omit<UprobeOptions, "parseArguments"> = { machine: EM.EM_X86_64, elfClass: 64 };
const fetch = (a: UprobeArgument, o: Partial<UprobeOptions> = {}) => uprobeFetchArg(a, { ...X86, parseArguments: () => [], ...o });

describe("uprobe fetch arguments", () => {
  it("registers get perf's names and the N@ size as type", () => {
    expect(fetch(R("8@%rbx", 8, false, reg("%rbx", "rbx")))).toEqual({ fetch: "%bx:u64" });
    expect(fetch(R("-4@%eax", 4, true, reg("%eax", "rax")))).toEqual({ fetch: "%ax:s32" });
    expect(fetch(R("1@%sil", 1, false, reg("%sil", "rsi")))).toEqual({ fetch: "%si:u8" });
    expect(fetch(R("-2@%r9w", 2, true, reg("%r9w", "r9")))).toEqual({ fetch: "%r9:s16" });
  });
  it("floats are fetched as raw bits with a note", () => {
    expect(fetch(R("8f@%rdi", 8, false, reg("%rdi"), true))).toEqual({ fetch: "%di:x64", note: "double, fetched as raw bits" });
    expect(fetch(R("4f@%r9d", 4, false, reg("%r9d", "r9"), true))).toMatchObject({ fetch: "%r9:x32" });
  });
  it("high-byte registers are a bitfield of the full register", () => {
    expect(fetch(R("1@%ah", 1, false, reg("%ah", "rax")))).toEqual({ fetch: "%ax:b8@8/64" });
  });
  it("memory at register + displacement, immediates, file-offset symbols", () => {
    expect(fetch(M("-4@-20(%rbp)", 4, true, { base: reg("%rbp"), displacement: -20n }))).toEqual({ fetch: "-20(%bp):s32" });
    expect(fetch(M("8@(%rdi)", 8, false, { base: reg("%rdi"), displacement: 0n }))).toEqual({ fetch: "+0(%di):u64" });
    expect(fetch(M("-4@112(%rsp)", 4, true, { base: reg("%rsp"), displacement: 112n }))).toEqual({ fetch: "+112(%sp):s32" });
    expect(fetch(C("-4@$-5", 4, true, -5n))).toEqual({ fetch: "\\-5:s32" });
    const sym = M("4@glob_i(%rip)", 4, false, { base: reg("%rip"), symbol: "glob_i", displacement: 0n });
    expect(fetch(sym)).toEqual({ error: "symbol glob_i not resolved to a file offset" });
    expect(fetch(sym, { symbolOffset: (s, d) => (s === "glob_i" ? 0x3010n + d : null) })).toEqual({ fetch: "@+0x3010:u32" });
  });
  it("says why an argument cannot be expressed", () => {
    expect(fetch(M("8@glob_arr(,%rsi,8)", 8, false, { symbol: "glob_arr", index: reg("%rsi"), scale: 8 }))).toEqual({ error: "base+index not expressible" });
    expect(fetch(M("-4@glob@GOTOFF(%eax)", 4, true, { base: reg("%eax", "rax"), symbol: "glob" }))).toMatchObject({ error: expect.stringMatching(/relative to a register/) });
    expect(fetch(R("8@%xmm0", 8, false, reg("%xmm0")))).toEqual({ error: "register %xmm0 cannot be fetched by uprobes" });
    expect(fetch({ text: "8@%fs:0", size: 8, signed: false, float: false, kind: "unparsed", reason: "segment prefix" })).toEqual({ error: "unparsed (segment prefix)" });
  });
  it.each([
    [EM.EM_AARCH64, "x0", "x0"], [EM.EM_AARCH64, "sp", "sp"], [EM.EM_AARCH64, "w3", "x3"],
    [EM.EM_PPC64, "3", "gpr3"], [EM.EM_PPC64, "%r31", "gpr31"], [EM.EM_S390, "%r2", "r2"],
    [EM.EM_RISCV, "a0", "a0"], [EM.EM_RISCV, "fp", "s0"], [EM.EM_ARM, "r11", "fp"], [EM.EM_ARM, "r0", "r0"],
    [EM.EM_MIPS, "$4", "r4"], [EM.EM_MIPS, "$sp", "r29"], [EM.EM_386, "%ecx", "cx"], [EM.EM_386, "%r8", null],
  ] as const)("machine %i register %s → %s", (machine, name, want) => {
    expect(uprobeRegisterName(reg(name), machine)).toBe(want);
  });
  it("types", () => {
    expect([1, 2, 4, 8, 3].map((size) => uprobeType({ size, signed: size === 2, float: false }))).toEqual(["u8", "s16", "u32", "u64", null]);
  });
});

describe("renderUprobes", () => {
  const site = (name: string, args: string, offset: bigint | null, sem: bigint | null = null) =>
    ({ provider: "prov", name, arguments: args, offset, semaphoreOffset: sem });
  const parse = table({
    "8@%rdi -4@%esi": [R("8@%rdi", 8, false, reg("%rdi")), R("-4@%esi", 4, true, reg("%esi", "rsi"))],
    "8@%rdi 8@(%rax,%rsi,8) 8@%rdx": [
      R("8@%rdi", 8, false, reg("%rdi")),
      M("8@(%rax,%rsi,8)", 8, false, { base: reg("%rax"), index: reg("%rsi"), scale: 8 }),
      R("8@%rdx", 8, false, reg("%rdx")),
    ],
  });
  it("one line per site, perf's group, numbered duplicates, ref-ctr only with a semaphore, comments for what is left out", () => {
    const text = renderUprobes("/opt/t.so", [
      site("entry", "8@%rdi -4@%esi", 0x1053n, 0x3026n),
      site("entry", "8@%rdi -4@%esi", 0x10a0n, 0x3026n),
      site("sib", "8@%rdi 8@(%rax,%rsi,8) 8@%rdx", 0x1100n),
      site("noargs", "", 0x1200n),
      site("lost", "", null),
    ], { ...X86, parseArguments: parse });
    expect(text).toBe(
      "p:sdt_prov/entry /opt/t.so:0x1053(0x3026) arg1=%di:u64 arg2=%si:s32\n" +
      "p:sdt_prov/entry_1 /opt/t.so:0x10a0(0x3026) arg1=%di:u64 arg2=%si:s32\n" +
      "# arg2: 8@(%rax,%rsi,8): base+index not expressible\n" +
      "p:sdt_prov/sib /opt/t.so:0x1100 arg1=%di:u64 arg3=%dx:u64\n" +
      "p:sdt_prov/noargs /opt/t.so:0x1200\n" +
      "# prov:lost: no file offset (address not in a PT_LOAD with file bytes)\n",
    );
  });
  it("refuses paths with whitespace (uprobe_events splits on it)", () => {
    expect(renderUprobes("/opt/my lib.so", [site("x", "", 1n)], { ...X86, parseArguments: parse })).toMatch(/^# .*whitespace/);
  });

  it.skipIf(!exists("/usr/bin/python3.11"))("python3.11's audit probe is the line perf writes", () => {
    const f = listFileProbes("/usr/bin/python3.11");
    const audit = f.probes.filter((p) => p.name === "audit");
    expect(audit.map((p) => p.arguments)).toEqual(["8@%rbx 8@%r15"]);
    const text = renderUprobes("/usr/bin/python3.11", audit, {
      machine: f.header.machine, elfClass: f.header.class,
      parseArguments: table({ "8@%rbx 8@%r15": [R("8@%rbx", 8, false, reg("%rbx")), R("8@%r15", 8, false, reg("%r15"))] }),
    });
    expect(text).toBe("p:sdt_python/audit /usr/bin/python3.11:0x2512a(0x683276) arg1=%bx:u64 arg2=%r15:u64\n");
  });
});
