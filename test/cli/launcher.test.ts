/**
 * The installed command: package.json `bin` (src/launcher.cjs, copied to
 * dist/), run as npm installs it, through a symlink in a bin folder. It must
 * start Node without NODE_EXTRA_CA_CERTS and otherwise behave as
 * `node dist/bin.cjs`.
 */
import * as fs from "node:fs";
import * as os from "node:os";
import * as path from "node:path";
import { spawnSync } from "node:child_process";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { sampleElf } from "../helpers/sample.js";

const ROOT = new URL("../../", import.meta.url).pathname;
const pkg = JSON.parse(fs.readFileSync(path.join(ROOT, "package.json"), "utf8"));
const launcher = path.join(ROOT, pkg.bin["stapsdt-ls"]);
const HEADER = "PROVIDER  NAME     SITES  ADDRESS   SEMAPHORE  ARGUMENTS";

let dir: string;
let link: string;
let sample: string;
let env: NodeJS.ProcessEnv;

beforeAll(() => {
  if (!fs.existsSync(launcher)) throw new Error(`${launcher} missing: npm test builds it first`);
  // Spaces and quotes in every path the launcher passes on.
  dir = fs.mkdtempSync(path.join(os.tmpdir(), "stapsdt launcher '\"-"));
  fs.mkdirSync(path.join(dir, "node_modules", ".bin"), { recursive: true });
  link = path.join(dir, "node_modules", ".bin", "stapsdt-ls");
  fs.symlinkSync(launcher, link); // as npm links a bin
  sample = path.join(dir, "a 'sample\" file");
  fs.writeFileSync(sample, sampleElf().bytes);
  // A bundle that does not exist: a Node that sees the variable warns about it
  // on stderr at start-up (Node 20; later releases only when TLS is used).
  env = { ...process.env, NODE_EXTRA_CA_CERTS: path.join(dir, "no such bundle.pem") };
});
afterAll(() => fs.rmSync(dir, { recursive: true, force: true }));

const run = (file: string, args: string[], extraEnv: NodeJS.ProcessEnv = {}) =>
  spawnSync(file, args, { encoding: "utf8", env: { ...env, ...extraEnv } });

describe.skipIf(process.platform === "win32")("the installed stapsdt-ls (launcher through a symlink)", () => {
  it("is a #!/bin/sh script, as npm's bin link runs it", () => {
    expect(fs.readFileSync(launcher, "utf8").split("\n")[0]).toBe("#!/bin/sh");
    expect(fs.statSync(launcher).mode & 0o111).toBe(0o111);
  });

  it("lists probes with the output and exit status of the CLI", () => {
    const r = run(link, ["--provider", "prov", sample]);
    expect([r.status, r.stderr]).toEqual([0, ""]);
    expect(r.stdout.split("\n").slice(0, 3)).toEqual([
      HEADER,
      "prov      noargs   1      0x401004  -",
      "prov      withsem  1      0x401010  0x603002   -4@%eax 8@-8(%rbp)",
    ]);
    const direct = spawnSync(process.execPath, [path.join(ROOT, "dist/bin.cjs"), "--provider", "prov", sample], { encoding: "utf8" });
    expect(r.stdout).toBe(direct.stdout);
  });

  it("passes arguments through unchanged and keeps the exit codes", () => {
    const missing = path.join(dir, "no 'such\" $file");
    const bad = run(link, [missing]);
    expect(bad.status).toBe(1);
    expect(bad.stderr).toBe(`stapsdt-ls: ${missing}: ENOENT: no such file or directory, open '${missing}'\n`);
    const usage = run(link, ["--nope"]);
    expect(usage.status).toBe(2);
    expect(usage.stderr).toMatch(/Unknown option '--nope'/);
  });

  it("finds bin.cjs beside the real file also under --preserve-symlinks-main", () => {
    const r = run(link, ["--version"], { NODE_OPTIONS: "--preserve-symlinks-main" });
    expect([r.status, r.stdout, r.stderr]).toEqual([0, `stapsdt-ls ${pkg.version}\n`, ""]);
  });

  it("starts Node without NODE_EXTRA_CA_CERTS, and only without that", () => {
    // The check can fail: `node dist/bin.cjs` with the same environment warns.
    const direct = spawnSync(process.execPath, [path.join(ROOT, "dist/bin.cjs"), "--version"], { encoding: "utf8", env });
    expect(direct.stderr).toMatch(/Ignoring extra certs from/);
    expect(run(link, ["--version"]).stderr).toBe("");
    // NODE_OPTIONS still reaches Node: a preloaded module that writes to stderr.
    // (In a folder of its own: NODE_OPTIONS has its own quoting rules.)
    const hookDir = fs.mkdtempSync(path.join(os.tmpdir(), "stapsdt-hook-"));
    try {
      const hook = path.join(hookDir, "hook.cjs");
      fs.writeFileSync(hook, `process.stderr.write("hook: " + (process.env.NODE_EXTRA_CA_CERTS ?? "unset") + "\\n");\n`);
      const r = run(link, ["--version"], { NODE_OPTIONS: `--require ${hook}` });
      expect([r.status, r.stdout, r.stderr]).toEqual([0, `stapsdt-ls ${pkg.version}\n`, "hook: unset\n"]);
    } finally {
      fs.rmSync(hookDir, { recursive: true, force: true });
    }
  });

  it("compiles the bundle with the build's code cache, which this Node accepts", () => {
    // The launcher loads dist/bin.cache when present (scripts/code-cache.cjs);
    // a cache this Node rejected would silently cost the time it saves.
    const cache = path.join(path.dirname(launcher), "bin.cache");
    expect(fs.existsSync(cache)).toBe(true);
    const bin = path.join(path.dirname(launcher), "bin.cjs");
    const check = [
      "const fs = require('fs'), vm = require('vm'), Module = require('module');",
      `const src = Module.wrap(fs.readFileSync(${JSON.stringify(bin)}, 'utf8').replace(/^#!.*/, ''));`,
      `const s = new vm.Script(src, { filename: ${JSON.stringify(bin)}, cachedData: fs.readFileSync(${JSON.stringify(cache)}) });`,
      "process.stdout.write(String(s.cachedDataRejected));",
    ].join("\n");
    expect(spawnSync(process.execPath, ["-e", check], { encoding: "utf8" }).stdout).toBe("false");
    // And the output is the CLI's, for every view the cache was made with.
    for (const args of [["--json"], ["-n"], ["--format", "uprobe"]]) {
      const direct = spawnSync(process.execPath, [bin, ...args, sample], { encoding: "utf8" });
      expect(run(link, [...args, sample]).stdout).toBe(direct.stdout);
    }
  });

  it("runs without a cache, or with one another Node made", () => {
    // A copy of dist/ with the cache removed, then with a corrupt one.
    const copy = fs.mkdtempSync(path.join(os.tmpdir(), "stapsdt-dist-"));
    try {
      for (const f of ["launcher.cjs", "bin.cjs"]) fs.copyFileSync(path.join(path.dirname(launcher), f), path.join(copy, f));
      fs.chmodSync(path.join(copy, "launcher.cjs"), 0o755);
      const expected = spawnSync(process.execPath, [path.join(copy, "bin.cjs"), sample], { encoding: "utf8" }).stdout;
      expect(run(path.join(copy, "launcher.cjs"), [sample]).stdout).toBe(expected);
      fs.writeFileSync(path.join(copy, "bin.cache"), Buffer.alloc(4096, 7));
      const r = run(path.join(copy, "launcher.cjs"), [sample]);
      expect([r.status, r.stdout, r.stderr]).toEqual([0, expected, ""]);
    } finally {
      fs.rmSync(copy, { recursive: true, force: true });
    }
  });
});
