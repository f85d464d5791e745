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
