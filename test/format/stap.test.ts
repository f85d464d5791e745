/** `--format stap`: the tapset text (SystemTap elaborates real ones in stap-elaborate.test.ts). */
import { describe, expect, it } from "vitest";
import { EM } from "../../src/elf/constants.js";
import { stapIdentifier, stapVariable, StapWriter, type StapOptions, type StapSite } from "../../src/format/stap.js";
import { sinkText } from "../../src/format/sink.js";

const tapset = (path: string, sites: StapSite[], options: Partial<StapOptions> = {}): string => sinkText((out) => {
  const w = new StapWriter(out, path, { machine: EM.EM_X86_64, elfClass: 64, ...options });
  for (const s of sites) w.probe(s);
});

describe("stap tapset", () => {
  it("is the CPython documentation's python.function.entry, one alias per probe name", () => {
    expect(tapset("/usr/bin/python3.11", [
      { provider: "python", name: "function__entry", arguments: "8@%rbp 8@%r12 -4@%eax" },
      { provider: "python", name: "function__entry", arguments: "8@%rbx 8@%r13 -4@%edx" },
    ])).toBe(
      "// /usr/bin/python3.11: stapsdt-ls --format stap\n" +
      'probe python.function.entry = process("/usr/bin/python3.11").mark("function__entry")\n{\n' +
      "  filename = user_string($arg1)\n  funcname = user_string($arg2)\n  lineno = $arg3\n}\n");
  });
  it("a library reached through --deps is .library() of the program; counted strings use user_string_n", () => {
    const text = tapset("/usr/lib/x/libjvm.so", [{ provider: "hotspot", name: "class__loaded", arguments: "8@%rdx -4@%eax 8@%rsi 1@%cl" }], { program: "/usr/bin/java" });
    expect(text).toContain('probe hotspot.class.loaded = process("/usr/bin/java").library("/usr/lib/x/libjvm.so").mark("class__loaded")\n');
    expect(text).toContain("  class_name = user_string_n($arg1, $arg2)\n  class_name_len = $arg2\n");
  });
  it("unknown probes get arg1..argN; keywords and clashes are renamed; unparsed operands are comments", () => {
    const text = tapset("/p", [{ provider: "my-prov", name: "9lives____x", arguments: "-4@%eax 8@%bogus" }]);
    expect(text).toContain('probe my_prov._9lives.x = process("/p").mark("9lives____x")\n{\n  arg1 = $arg1\n  // arg2: 8@%bogus: operand not understood\n}\n');
    expect(stapIdentifier("a.b-c")).toBe("a_b_c");
    const used = new Set<string>();
    expect(["string", "next", "int", "x", "x", "long_"].map((n) => stapVariable(n, used))).toEqual(["string_", "next_", "int_", "x", "x_", "long_"]);
  });
  it("an alias is defined once per output, and names from the file cannot start a statement", () => {
    const aliases = new Set<string>();
    const one = tapset("/a", [{ provider: "p", name: "n", arguments: "" }], { aliases });
    const two = tapset("/b", [{ provider: "p", name: "n", arguments: "" }], { aliases });
    expect(one).toContain("probe p.n = ");
    expect(two).toContain("probe p.n_2 = ");
    const crafted = tapset('/x"y', [{ provider: "p", name: 'n")\n}\nprobe begin { exit() }', arguments: "" }]);
    expect(crafted.split("\n").filter((l) => l.startsWith("probe begin"))).toEqual([]);
    expect(crafted).toContain('process("/x\\"y")');
    expect(tapset("/p", [{ provider: "", name: "n", arguments: "" }])).toContain("// :n: empty provider or probe name, which no alias can name\n");
  });
});
