import { describe, expect, it } from "vitest";
import { renderTable } from "../../src/format/table.js";
import { listProbes } from "../../src/stapsdt/list.js";
import { openElf } from "../../src/index.js";
import { sampleElf } from "../helpers/sample.js";

const probes = listProbes(openElf(sampleElf({
  probes: [
    { provider: "libstdcxx", name: "throw", location: 0x401004n, args: "8@%rdi 8@%rsi" },
    { provider: "prov", name: "withsem", location: 0x401010n, semaphore: 0x603002n, args: "-4@%eax" },
    { provider: "libstdcxx", name: "throw", location: 0x401020n, args: "8@%rbx 8@%rbp" },
  ],
}).bytes)).probes;

describe("table view", () => {
  it("groups the sites of one provider:name under one row with their count, and shows semaphores", () => {
    expect(renderTable(probes)).toBe(
      "PROVIDER   NAME     SITES  ADDRESS   SEMAPHORE  ARGUMENTS\n" +
      "libstdcxx  throw    2      0x401004  -          8@%rdi 8@%rsi\n" +
      "                           0x401020  -          8@%rbx 8@%rbp\n" +
      "prov       withsem  1      0x401010  0x603002   -4@%eax\n",
    );
  });
  it("adds runtime columns for processes", () => {
    const rt = probes.map((p, i) => ({ ...p, runtimeAddress: p.address + 0x1000n * BigInt(i), runtimeSemaphore: p.semaphoreAddress === null ? null : 0x7f0000000002n }));
    const lines = renderTable(rt, { runtime: true }).split("\n");
    expect(lines[0]).toBe("PROVIDER   NAME     SITES  ADDRESS   RUNTIME   SEMAPHORE  RUNTIME-SEM     ARGUMENTS");
    expect(lines[3]).toBe("prov       withsem  1      0x401010  0x402010  0x603002   0x7f0000000002  -4@%eax");
  });
  it("--names: names the arguments of known probes (provider, name and count agree), leaves the others", () => {
    expect(renderTable(probes, { names: true })).toBe(
      "PROVIDER   NAME     SITES  ADDRESS   SEMAPHORE  ARGUMENTS\n" +
      "libstdcxx  throw    2      0x401004  -          obj=8@%rdi tinfo=8@%rsi\n" +
      "                           0x401020  -          obj=8@%rbx tinfo=8@%rbp\n" +
      "prov       withsem  1      0x401010  0x603002   -4@%eax\n",
    );
    const three = [{ ...probes[0]!, arguments: "8@%rdi 8@%rsi 8@%rdx" }];
    expect(renderTable(three, { names: true })).toContain(" 8@%rdi 8@%rsi 8@%rdx\n");
  });
  it("says so when there are no probes", () => {
    expect(renderTable([])).toBe("(no SDT probes)\n");
  });
});
