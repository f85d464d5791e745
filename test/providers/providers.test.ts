/** The catalogue: a few facts per provider module, the signature syntax, and the lookup rule. */
import { describe, expect, it } from "vitest";
import { describeProbe } from "../../src/index.js";
import { PROVIDERS } from "../../src/providers/catalogue.js";
import { cTypeInfo } from "../../src/providers/ctype.js";
import { parseSignature } from "../../src/providers/signature.js";

/** `name:type` of each argument, `!` after a string, `[N]` for its length argument. */
const brief = (provider: string, name: string, n: number): string[] | undefined =>
  describeProbe(provider, name, n)?.args.map((a) => `${a.name}:${a.type}${a.string ? "!" : ""}${a.length === undefined ? "" : `[${a.length}]`}`);

describe("provider modules", () => {
  it("python (CPython pydtrace.d)", () => {
    expect(brief("python", "function__entry", 3)).toEqual(["filename:const char *!", "funcname:const char *!", "lineno:int"]);
    expect(brief("python", "gc__done", 1)).toEqual(["collected:long"]);
    expect(brief("python", "audit", 2)).toEqual(["event:const char *!", "args:void *"]);
    expect(describeProbe("python", "line", 3)?.source).toMatch(/pydtrace\.d/);
  });
  it("postgresql (probes.d, 15)", () => {
    expect(brief("postgresql", "transaction__start", 1)).toEqual(["transaction_id:LocalTransactionId"]);
    expect(brief("postgresql", "query__start", 1)).toEqual(["query:const char *!"]);
    expect(brief("postgresql", "buffer__read__done", 8)?.slice(5)).toEqual(["backend:int", "extend:bool", "found:bool"]);
    expect(brief("postgresql", "sort__start", 6)?.[5]).toBe("parallel:int");
  });
  it("hotspot: symbols with their lengths", () => {
    expect(brief("hotspot", "class__loaded", 4)).toEqual(["class_name:char *![1]", "class_name_len:uintptr_t", "class_loader:void *", "is_shared:uintptr_t"]);
    expect(brief("hotspot", "method__entry", 7)?.[3]).toBe("method_name:char *![4]");
    expect(brief("hotspot", "gc__end", 0)).toEqual([]);
  });
  it("hotspot_jni: JNI parameters, results, byte buffers not strings", () => {
    expect(brief("hotspot_jni", "FindClass__entry", 2)).toEqual(["env:void *", "name:const char *!"]);
    expect(brief("hotspot_jni", "CallNonvirtualIntMethodV__entry", 4)).toEqual(["env:void *", "obj:void *", "clazz:void *", "methodID:uintptr_t"]);
    expect(brief("hotspot_jni", "CallIntMethod__return", 1)).toEqual(["result:uint32_t"]);
    expect(brief("hotspot_jni", "CallDoubleMethod__return", 0)).toEqual([]);
    expect(brief("hotspot_jni", "GetByteArrayElements__return", 1)).toEqual(["result:char *"]);
    expect(brief("hotspot_jni", "SetIntField__entry", 4)?.[3]).toBe("value:uint32_t");
    expect(brief("hotspot_jni", "FatalError__return", 0)).toBeUndefined();
  });
  it("libvirt (libvirt_probes.d)", () => {
    expect(brief("libvirt", "object_new", 2)).toEqual(["obj:void *", "klassname:const char *!"]);
    expect(brief("libvirt", "rpc_socket_new", 6)?.[3]).toBe("pid:pid_t");
    expect(brief("libvirt", "qemu_monitor_send_msg", 3)).toEqual(["mon:void *", "msg:const char *!", "fd:int"]);
  });
  it("hs_private, libstdcxx, libgcc, ruby, php", () => {
    expect(brief("hs_private", "safepoint__begin", 0)).toEqual([]);
    expect(brief("libstdcxx", "throw", 2)).toEqual(["obj:void *", "tinfo:void *"]);
    expect(brief("libgcc", "unwind", 2)).toEqual(["cfa:void *", "handler:void *"]);
    expect(brief("ruby", "method__entry", 4)).toEqual(["classname:const char *!", "methodname:const char *!", "filename:const char *!", "lineno:int"]);
    expect(brief("php", "function__entry", 5)?.[0]).toBe("function_name:char *!");
  });
  it("every module parses, every type is known, names are unique identifiers", () => {
    for (const p of PROVIDERS) {
      for (const s of p.probes) {
        const { args } = parseSignature(s);
        for (const a of args) {
          expect(cTypeInfo(a.type, 64), `${p.provider} ${s}`).not.toBeNull();
          expect(a.name).toMatch(/^[A-Za-z_][A-Za-z0-9_]{0,30}$/);
        }
      }
    }
  });
});

describe("describeProbe", () => {
  it("finds every signature of every module by its provider, name and count", () => {
    // The catalogue indexes a provider's signatures by the text before "(" and
    // parses them on lookup: each must come back, parsed as parseSignature does.
    for (const p of PROVIDERS) {
      for (const s of p.probes) {
        const { name, args } = parseSignature(s);
        expect(describeProbe(p.provider, name, args.length), `${p.provider} ${s}`).toEqual({ args, source: p.source });
      }
    }
  });
  it("matches on provider, name and argument count", () => {
    expect(describeProbe("python", "function__entry", 2)).toBeNull();
    expect(describeProbe("python", "no__such", 0)).toBeNull();
    expect(describeProbe("pythonx", "function__entry", 3)).toBeNull();
  });
});

describe("parseSignature", () => {
  it("reads types, names, lengths and byte buffers", () => {
    expect(parseSignature("p(const char*s, unsigned  int n, char *b[n], char *raw[])").args).toEqual([
      { name: "s", type: "const char *", string: true },
      { name: "n", type: "unsigned int", string: false },
      { name: "b", type: "char *", string: true, length: 1 },
      { name: "raw", type: "char *", string: false },
    ]);
    expect(parseSignature("q()").args).toEqual([]);
  });
  it("rejects what it cannot read", () => {
    expect(() => parseSignature("p(int)")).toThrow(/bad parameter/);
    expect(() => parseSignature("p(int a, int a)")).toThrow(/duplicate/);
    expect(() => parseSignature("p(char *s[nope])")).toThrow(/bad length/);
    expect(() => parseSignature("p int a")).toThrow(/bad probe signature/);
  });
});
