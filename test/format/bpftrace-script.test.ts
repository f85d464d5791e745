/** `--format bpftrace-script`: the program text (bpftrace itself runs it in test/process/bpftrace-script-live.test.ts). */
import { describe, expect, it } from "vitest";
import { EM } from "../../src/elf/constants.js";
import { BpftraceScriptWriter, type BpftraceScriptSite } from "../../src/format/bpftrace-script.js";
import { sinkText } from "../../src/format/sink.js";

const program = (path: string, sites: BpftraceScriptSite[]): string => sinkText((out) => {
  const w = new BpftraceScriptWriter(out, path, { machine: EM.EM_X86_64, elfClass: 64 });
  for (const s of sites) w.probe(s);
});

describe("bpftrace-script", () => {
  it("one action per provider:name, arguments by name, strings with str()", () => {
    expect(program("/usr/bin/python3.11", [
      { provider: "python", name: "function__entry", arguments: "8@%rbp 8@%r12 -4@%eax" },
      { provider: "python", name: "function__entry", arguments: "8@%rbx 8@%r13 -4@%edx" },
      { provider: "python", name: "audit", arguments: "8@%rbx 8@%r15" },
    ])).toBe(
      "// /usr/bin/python3.11: stapsdt-ls --format bpftrace-script\n" +
      "usdt:/usr/bin/python3.11:python:function__entry\n{\n" +
      '  printf("python:function__entry filename=%s funcname=%s lineno=%ld\\n", str(arg0), str(arg1), arg2);\n}\n' +
      "usdt:/usr/bin/python3.11:python:audit\n{\n" +
      '  printf("python:audit event=%s args=0x%lx\\n", str(arg0), arg1);\n}\n');
  });
  it("counted strings, unknown probes (argN from 0, sign from the note), quoting", () => {
    const text = program("/usr/lib/x86_64-linux-gnu/libstdc++.so.6", [
      { provider: "hotspot", name: "class__loaded", arguments: "8@%rdx -4@%eax 8@%rsi 1@%cl" },
      { provider: "my%prov", name: 'say"hi', arguments: "-4@%eax 8@%rdi" },
    ]);
    expect(text).toContain('usdt:"/usr/lib/x86_64-linux-gnu/libstdc++.so.6":hotspot:class__loaded\n');
    expect(text).toContain('printf("hotspot:class__loaded class_name=%s class_name_len=%ld class_loader=0x%lx is_shared=%lu\\n", str(arg0, arg1), arg1, arg2, arg3);');
    expect(text).toContain(':"my%prov":"say\\"hi"\n');
    expect(text).toContain('printf("my%%prov:say\\"hi arg0=%ld arg1=%lu\\n", arg0, arg1);');
  });
  it("leaves out what bpftrace cannot read, with a comment each", () => {
    const text = program("/p", [
      { provider: "p", name: "f", arguments: "4f@%edx -4@glob(%rip) -8@(%rax,%rdi,8) 8@%rdi" },
      { provider: "p", name: "twelve", arguments: Array.from({ length: 9 }, () => "-4@%eax").join(" ") },
    ]);
    expect(text).toContain("  // arg0: 4f@%edx: floating point, which bpftrace cannot read\n");
    expect(text).toContain("  // arg1: -4@glob(%rip): an operand with a symbol or an index, which bpftrace 0.17 cannot read\n");
    expect(text).toContain("  // arg2: -8@(%rax,%rdi,8): an operand with a symbol or an index");
    expect(text).toContain('printf("p:f arg3=%lu\\n", arg3);');
    expect(text).toContain("  // arg6, arg7, arg8: left out (bpftrace reads arg0 to arg5)\n");
    expect(text).toContain("arg5=%ld\\n\", arg0, arg1, arg2, arg3, arg4, arg5);");
  });
  it("a crafted name cannot start a line of its own", () => {
    const text = program("/p", [{ provider: "p", name: "x\n}\nBEGIN { exit(); }", arguments: "" }]);
    expect(text.split("\n").filter((l) => l.startsWith("BEGIN"))).toEqual([]);
    expect(program("/p", [{ provider: "p", name: "", arguments: "" }])).toContain("// p:: empty provider or probe name");
  });
});
