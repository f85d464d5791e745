/** `--format uprobe` for probes of known providers: names, C strings, pointers, types from C (uprobe-typed.ts). */
import { describe, expect, it } from "vitest";
import { EM } from "../../src/elf/constants.js";
import { renderUprobes, uprobeFetchArg } from "../../src/format/uprobe.js";
import { fetchArgNames, typedFetch } from "../../src/format/uprobe-typed.js";
import { parseArgument } from "../../src/stapsdt/args/index.js";
import type { ProviderArgument } from "../../src/providers/types.js";

const options = { machine: EM.EM_X86_64, elfClass: 64 as const };
const typed = (text: string, known: ProviderArgument): string => {
  const a = parseArgument(text, EM.EM_X86_64, 64);
  const f = uprobeFetchArg(a, options);
  if ("error" in f) throw new Error(f.error);
  return typedFetch(a, f, known, 64).fetch;
};
const str: ProviderArgument = { name: "s", type: "const char *", string: true };

describe("typedFetch", () => {
  it("reads a C string through the pointer, in a register or in memory", () => {
    expect(typed("8@%rbp", str)).toBe("+0(%bp):string");
    expect(typed("8@8(%rsp)", str)).toBe("+0(+8(%sp)):string");
    expect(typed("8@-16(%rbp)", str)).toBe("+0(-16(%bp)):string");
  });
  it("does not dereference a constant, nor a counted string, nor a pointer-less operand", () => {
    expect(typed("8@$0", str)).toBe("\\0:x64");
    expect(typed("8@%rdx", { name: "c", type: "char *", string: true, length: 1 })).toBe("%dx:x64");
    expect(typed("4@%eax", str)).toBe("%ax:u32");
  });
  it("shows other pointers in hex and types an argument without a size prefix from C", () => {
    expect(typed("8@%rdi", { name: "p", type: "void *", string: false })).toBe("%di:x64");
    expect(typed("%eax", { name: "n", type: "int", string: false })).toBe("%ax:s32");
    expect(typed("%eax", { name: "n", type: "unsigned char", string: false })).toBe("%ax:u8");
    expect(typed("-4@%eax", { name: "n", type: "uintptr_t", string: false })).toBe("%ax:s32");
  });
});

describe("fetchArgNames", () => {
  it("takes the catalogue's names the kernel accepts, argN for the others", () => {
    const k = (...names: string[]): ProviderArgument[] => names.map((name) => ({ name, type: "int", string: false }));
    expect(fetchArgNames(3, k("filename", "funcname", "lineno"))).toEqual(["filename", "funcname", "lineno"]);
    expect(fetchArgNames(3, k("a", "a", "common_pid"))).toEqual(["a", "arg2", "arg3"]);
    expect(fetchArgNames(2, k("x".repeat(32), "arg1"))).toEqual(["arg1_", "arg1"]);
    expect(fetchArgNames(2, undefined)).toEqual(["arg1", "arg2"]);
  });
});

describe("renderUprobes of a known probe", () => {
  it("names CPython's function__entry and reads its strings", () => {
    const site = { provider: "python", name: "function__entry", address: 0x4f20a1n, offset: 0xf20a1n, semaphoreOffset: 0x683260n, arguments: "8@%rbp 8@%r12 -4@%eax" };
    expect(renderUprobes("/usr/bin/python3.11", [site], options)).toBe(
      "p:sdt_python/function__entry /usr/bin/python3.11:0xf20a1(0x683260) filename=+0(%bp):string funcname=+0(%r12):string lineno=%ax:s32\n");
  });
  it("keeps positional names when the count differs, and names comments of unfetchable arguments", () => {
    const other = { provider: "python", name: "function__entry", address: 0x1000n, offset: 0x1000n, semaphoreOffset: null, arguments: "8@%rbp 8@%r12" };
    expect(renderUprobes("/p", [other], options)).toBe("p:sdt_python/function__entry /p:0x1000 arg1=%bp:u64 arg2=%r12:u64\n");
    const indexed = { provider: "libstdcxx", name: "throw", address: 0x1000n, offset: 0x1000n, semaphoreOffset: null, arguments: "8@(%rax,%rbx,8) 8@%rsi" };
    expect(renderUprobes("/p", [indexed], options)).toBe(
      "# obj: 8@(%rax,%rbx,8): base+index not expressible\np:sdt_libstdcxx/throw /p:0x1000 tinfo=%si:x64\n");
  });
});
