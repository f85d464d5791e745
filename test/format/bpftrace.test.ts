import { describe, expect, it } from "vitest";
import { bpftraceQuote, renderBpftrace } from "../../src/format/bpftrace.js";

describe("bpftrace attach points", () => {
  it("one line per provider:name, in first-appearance order", () => {
    const probes = [
      { provider: "python", name: "line" }, { provider: "python", name: "audit" }, { provider: "python", name: "line" },
    ];
    expect(renderBpftrace("/usr/bin/python3.11", probes)).toBe("usdt:/usr/bin/python3.11:python:line\nusdt:/usr/bin/python3.11:python:audit\n");
  });
  it.each([
    ["/usr/lib/x86_64-linux-gnu/libpython3.11.so.1.0", "/usr/lib/x86_64-linux-gnu/libpython3.11.so.1.0"],
    ["/usr/lib/x86_64-linux-gnu/libstdc++.so.6", '"/usr/lib/x86_64-linux-gnu/libstdc++.so.6"'],
    ["/opt/jdk-17.0.8+7/lib/server/libjvm.so", '"/opt/jdk-17.0.8+7/lib/server/libjvm.so"'],
    ["/a b/c:d#e", '"/a b/c:d#e"'],
    ['/we"ird\\', '"/we\\"ird\\\\"'],
    ["function__entry", "function__entry"],
  ])("%s", (part, want) => expect(bpftraceQuote(part)).toBe(want));
  it("a crafted provider, name or path cannot start a line or reach the terminal raw", () => {
    expect(bpftraceQuote("a\nusdt:/bin/sh:x:y")).toBe('"a\\nusdt:/bin/sh:x:y"');
    expect(bpftraceQuote("t\tab\r\u001b[2J\u202e")).toBe('"t\\tab\\x0d\\x1b[2J\\u202e"');
    const text = renderBpftrace("/opt/x\ny", [{ provider: "p\n", name: "n\u0007" }]);
    expect(text).toBe('usdt:"/opt/x\\ny":"p\\n":"n\\x07"\n');
    expect(text.split("\n")).toHaveLength(2);
  });
});
