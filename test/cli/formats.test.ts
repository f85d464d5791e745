import * as fs from "node:fs";
import * as os from "node:os";
import * as path from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { runCli } from "../helpers/cli.js";
import { sampleElf } from "../helpers/sample.js";

let dir: string;
let sample: string;
let plus: string;

beforeAll(() => {
  dir = fs.mkdtempSync(path.join(os.tmpdir(), "stapsdt-formats-"));
  sample = path.join(dir, "sample");
  fs.writeFileSync(sample, sampleElf().bytes);
  plus = path.join(dir, "lib+plus.so");
  fs.writeFileSync(plus, sampleElf().bytes);
});
afterAll(() => fs.rmSync(dir, { recursive: true, force: true }));

describe("--format", () => {
  it("uprobe: one tracefs line per site", () => {
    const r = runCli("--format", "uprobe", sample);
    expect(r.status).toBe(0);
    const lines = r.stdout.trimEnd().split("\n");
    expect(lines[0]).toMatch(new RegExp(`^p:sdt_prov/noargs ${sample}:0x[0-9a-f]+$`));
    expect(lines[1]).toMatch(new RegExp(`^p:sdt_prov/withsem ${sample}:0x[0-9a-f]+\\(0x[0-9a-f]+\\) arg1=%ax:s32 arg2=-8\\(%bp\\):u64$`));
    expect(lines[2]).toMatch(/^p:sdt_other\/site .*:0x[0-9a-f]+ arg1=\\42:u64$/);
  });
  it("bpftrace: quoted paths where bpftrace needs them", () => {
    expect(runCli("--format", "bpftrace", sample).stdout).toBe(`usdt:${sample}:prov:noargs\nusdt:${sample}:prov:withsem\nusdt:${sample}:other:site\n`);
    expect(runCli("--format", "bpftrace", "--name", "site", plus).stdout).toBe(`usdt:"${plus}":other:site\n`);
  });
  it("json equals --json; bad formats and conflicts are usage errors", () => {
    expect(runCli("--format", "json", sample).stdout).toBe(runCli("--json", sample).stdout);
    expect(runCli("--format", "xml", sample).status).toBe(2);
    expect(runCli("--json", "--format", "uprobe", sample).status).toBe(2);
    // Process ids: digits only, and no larger than a pid_t holds.
    for (const pid of ["0", "-1", "1e3", "abc", "2147483648", "18446744073709551616", "99999999999999999999999"]) {
      const r = runCli(`--pid=${pid}`);
      expect([r.status, r.stderr], pid).toEqual([2, `stapsdt-ls: invalid process id '${pid}'\nTry 'stapsdt-ls --help' for more information.\n`]);
    }
  });
});

describe("--format jsonl over files of several machines", () => {
  it("each file's record is the one it has alone, whatever came before (one argument parser per machine and class)", () => {
    // Interleaved, so that each machine's parser is met again after others:
    // x86-64 and i386 share a syntax and differ in machine and registers;
    // mips and mips64el are one machine (EM_MIPS) in two classes.
    const files = [
      "x86_64/probes-nopie", "i386/probes-pic", "mips64el/probes", "x86_64/libprobes.so", "mips/probes", "aarch64/probes",
      "i386/probes-nopic", "armhf/probes-arm", "mips64el/probes", "armhf/probes", "s390x/probes", "mips/probes",
      "x86_64/probes-nopie", "i386/probes-pic",
    ].map((f) => path.join("fixtures", "binaries", f));
    for (const f of files) expect(fs.existsSync(f), f).toBe(true);
    const together = runCli("--format", "jsonl", ...files);
    expect(together.status).toBe(0);
    const alone = files.map((f) => {
      const r = runCli("--format", "jsonl", f);
      expect(r.status).toBe(0);
      return r.stdout;
    });
    expect(together.stdout).toBe(alone.join(""));
    // Every file has arguments to parse.
    for (const line of alone) expect(JSON.parse(line).probes.some((p: { args: unknown[] }) => p.args.length > 0)).toBe(true);
  });
});
