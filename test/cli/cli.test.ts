import * as fs from "node:fs";
import * as os from "node:os";
import * as path from "node:path";
import { spawnSync } from "node:child_process";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { VERSION } from "../../src/index.js";
import { runCli } from "../helpers/cli.js";
import { sampleElf } from "../helpers/sample.js";
import { exists } from "../helpers/system.js";

let dir: string;
let sample: string;
let sample32be: string;

beforeAll(() => {
  dir = fs.mkdtempSync(path.join(os.tmpdir(), "stapsdt-cli-"));
  sample = path.join(dir, "sample");
  fs.writeFileSync(sample, sampleElf().bytes);
  sample32be = path.join(dir, "sample 32+be");
  fs.writeFileSync(sample32be, sampleElf({ class: 32, littleEndian: false, machine: 20 }).bytes);
  fs.writeFileSync(path.join(dir, "text"), "hello\n");
});
afterAll(() => fs.rmSync(dir, { recursive: true, force: true }));

describe("stapsdt-ls", () => {
  it("prints a table for one file", () => {
    const r = runCli(sample);
    expect(r.status).toBe(0);
    expect(r.stderr).toBe("");
    expect(r.stdout).toBe(
      "PROVIDER  NAME     SITES  ADDRESS   SEMAPHORE  ARGUMENTS\n" +
      "prov      noargs   1      0x401004  -\n" +
      "prov      withsem  1      0x401010  0x603002   -4@%eax 8@-8(%rbp)\n" +
      "other     site     1      0x401020  -          8@$42\n",
    );
  });

  it("groups tables under each path when several files are given", () => {
    const r = runCli(sample, sample32be);
    expect(r.status).toBe(0);
    expect(r.stdout.startsWith(`${sample}:\nPROVIDER`)).toBe(true);
    expect(r.stdout).toContain(`\n\n${sample32be}:\nPROVIDER`);
  });

  it("--json writes one document with the documented record shape", () => {
    const r = runCli("--json", sample32be);
    expect(r.status).toBe(0);
    const doc = JSON.parse(r.stdout);
    expect(doc).toHaveLength(1);
    const rec = doc[0];
    expect(Object.keys(rec)).toEqual(["path", "class", "endian", "machine", "type", "buildId", "probes", "warnings"]);
    expect([rec.path, rec.class, rec.endian, rec.machine, rec.type, rec.buildId]).toEqual([sample32be, "ELF32", "big", "EM_PPC", "ET_EXEC", null]);
    expect(rec.probes[1]).toMatchObject({
      provider: "prov", name: "withsem", location: "0x401010", base: "0x402000", semaphore: "0x603002",
      address: "0x401010", semaphoreAddress: "0x603002", arguments: "-4@%eax 8@-8(%rbp)",
    });
    expect(rec.probes[1].offset).toMatch(/^0x[0-9a-f]+$/);
    expect(rec.probes[0].semaphoreOffset).toBeNull();
    expect(rec.warnings).toEqual([]);
  });

  it("--provider and --name filter with shell globs", () => {
    const names = (args: string[]) => JSON.parse(runCli("--json", ...args, sample).stdout)[0].probes.map((p: { name: string }) => p.name);
    expect(names(["--provider", "prov"])).toEqual(["noargs", "withsem"]);
    expect(names(["--name", "*s?te"])).toEqual(["site"]);
    expect(names(["--provider", "o*", "--name", "site"])).toEqual(["site"]);
    expect(names(["--name", "[nw]*"])).toEqual(["noargs", "withsem"]);
    expect(names(["--provider", "nomatch"])).toEqual([]);
  });

  it("a failing file gives one stderr line and exit 1; the others are still listed", () => {
    const missing = path.join(dir, "missing");
    const r = runCli("--json", missing, path.join(dir, "text"), dir, sample);
    expect(r.status).toBe(1);
    const lines = r.stderr.trimEnd().split("\n");
    expect(lines).toHaveLength(3);
    expect(lines[0]).toMatch(/^stapsdt-ls: .*missing: ENOENT/);
    expect(lines[1]).toMatch(/text: not an ELF file .* \[NOT_ELF\]$/);
    expect(lines[2]).toMatch(/is a directory, not a regular file$/);
    const doc = JSON.parse(r.stdout);
    expect(doc.map((d: { error?: { code: string } }) => d.error?.code ?? "ok")).toEqual(["ENOENT", "NOT_ELF", "ENOTREG", "ok"]);
    expect(doc[1].error.offset).toBe("0x0");
    expect(doc[3].probes).toHaveLength(3);
  });

  it.skipIf(!exists("/dev/zero"))("refuses a device without reading it forever", () => {
    const r = runCli("/dev/zero");
    expect(r.status).toBe(1);
    expect(r.stderr).toMatch(/is a device, not a regular file/);
  });

  it("exits 0 with a note when a file has no probes", () => {
    const none = path.join(dir, "none");
    fs.writeFileSync(none, sampleElf({ probes: [] }).bytes);
    const r = runCli(none);
    expect([r.status, r.stdout]).toEqual([0, "(no SDT probes)\n"]);
  });

  it("usage errors exit 2 with a hint", () => {
    for (const args of [[], ["--bogus", sample], ["--provider"], ["--names", "--json", sample], ["--names", "-n", sample]]) {
      const r = runCli(...args);
      expect(r.status).toBe(2);
      expect(r.stderr).toMatch(/Try 'stapsdt-ls --help'/);
    }
  });

  it("--help and --version", () => {
    const h = runCli("--help");
    expect(h.status).toBe(0);
    expect(h.stdout).toMatch(/^Usage: stapsdt-ls/);
    expect(h.stdout).toMatch(/Examples:/);
    expect(runCli("-V").stdout).toBe(`stapsdt-ls ${VERSION}\n`);
    const pkg = JSON.parse(fs.readFileSync(new URL("../../package.json", import.meta.url), "utf8"));
    expect(VERSION).toBe(pkg.version);
  });

  it("the built bin (package.json's bin, run by node) runs and sets the exit status", () => {
    const pkg = JSON.parse(fs.readFileSync(new URL("../../package.json", import.meta.url), "utf8"));
    const bin = new URL(`../../${pkg.bin["stapsdt-ls"]}`, import.meta.url).pathname;
    if (!fs.existsSync(bin)) throw new Error(`${bin} missing: npm test builds it first`);
    const ok = spawnSync(process.execPath, [bin, sample], { encoding: "utf8" });
    expect([ok.status, ok.stdout.split("\n")[0]]).toEqual([0, "PROVIDER  NAME     SITES  ADDRESS   SEMAPHORE  ARGUMENTS"]);
    const bad = spawnSync(process.execPath, [bin, "--nope"], { encoding: "utf8" });
    expect(bad.status).toBe(2);
  });
});
