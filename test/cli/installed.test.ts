/**
 * The installed command: package.json `bin`, run as npm installs it, through
 * a symlink in a `node_modules/.bin` folder. It is a plain Node script
 * (`#!/usr/bin/env node`), so it must behave exactly as `node dist/bin.cjs`:
 * same output and exit status, arguments and environment as given.
 */
import * as fs from "node:fs";
import * as os from "node:os";
import * as path from "node:path";
import { spawnSync } from "node:child_process";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { sampleElf } from "../helpers/sample.js";

const ROOT = new URL("../../", import.meta.url).pathname;
const pkg = JSON.parse(fs.readFileSync(path.join(ROOT, "package.json"), "utf8"));
const BIN = path.join(ROOT, pkg.bin["stapsdt-ls"]);
const USES_DEP = path.join(ROOT, "fixtures/binaries/x86_64/uses-dep");

let dir: string;
let link: string;
let sample: string;

beforeAll(() => {
  if (!fs.existsSync(BIN)) throw new Error(`${BIN} missing: npm test builds it first`);
  // Spaces and quotes in every path the command sees.
  dir = fs.mkdtempSync(path.join(os.tmpdir(), "stapsdt installed '\"-"));
  fs.mkdirSync(path.join(dir, "node_modules", ".bin"), { recursive: true });
  link = path.join(dir, "node_modules", ".bin", "stapsdt-ls");
  fs.symlinkSync(path.relative(path.dirname(link), BIN), link); // as npm links a bin
  sample = path.join(dir, "a 'sample\" file");
  fs.writeFileSync(sample, sampleElf().bytes);
});
afterAll(() => fs.rmSync(dir, { recursive: true, force: true }));

const installed = (args: string[], env: NodeJS.ProcessEnv = process.env) => spawnSync(link, args, { encoding: "utf8", env });
const direct = (args: string[], env: NodeJS.ProcessEnv = process.env) => spawnSync(process.execPath, [BIN, ...args], { encoding: "utf8", env });
const outcome = (r: ReturnType<typeof spawnSync>) => ({ status: r.status, signal: r.signal, stdout: r.stdout, stderr: r.stderr });

describe.skipIf(process.platform === "win32")("the installed stapsdt-ls (a symlink in node_modules/.bin)", () => {
  it("is a plain, executable Node script", () => {
    expect(fs.readFileSync(BIN, "utf8").split("\n")[0]).toBe("#!/usr/bin/env node");
    expect(fs.statSync(BIN).mode & 0o111).toBe(0o111);
  });

  it("gives the output and exit status of node dist/bin.cjs in every view", () => {
    const cases = [
      [sample], ["--json", sample], ["--format", "uprobe", sample], ["--format", "bpftrace", sample],
      ["--provider", "prov", "--name", "with*", sample],
      // Code imported on first use, found beside the real file.
      ["-n", sample], ["-n", "-W", sample], ["--deps", USES_DEP],
      ["--version"], ["--help"], ["--nope"], [],
    ];
    for (const args of cases) {
      const r = installed(args);
      expect(outcome(r), args.join(" ")).toEqual(outcome(direct(args)));
    }
    expect(installed([sample]).stdout.split("\n")[0]).toBe("PROVIDER  NAME     SITES  ADDRESS   SEMAPHORE  ARGUMENTS");
    expect(installed(["--nope"]).status).toBe(2);
  });

  it("passes arguments through unchanged", () => {
    const missing = path.join(dir, "no 'such\" $file *");
    const r = installed([sample, missing, "--", "-dash $HOME"]);
    expect(r.status).toBe(1);
    expect(r.stderr).toBe(
      `stapsdt-ls: ${missing}: ENOENT: no such file or directory, open '${missing}'\n` +
      "stapsdt-ls: -dash $HOME: ENOENT: no such file or directory, open '-dash $HOME'\n",
    );
    expect(r.stdout.startsWith(`${sample}:\nPROVIDER`)).toBe(true);
  });

  it("leaves the environment as it is: NODE_OPTIONS and NODE_EXTRA_CA_CERTS reach it", () => {
    // NODE_OPTIONS has its own quoting rules: the hook goes in a folder of its own.
    const hookDir = fs.mkdtempSync(path.join(os.tmpdir(), "stapsdt-hook-"));
    try {
      const hook = path.join(hookDir, "hook.cjs");
      fs.writeFileSync(hook, `process.stderr.write("hook: " + (process.env.NODE_EXTRA_CA_CERTS ?? "unset") + "\\n");\n`);
      // A bundle that does not exist: Node 20 warns about it at start-up (later releases when TLS is first used).
      const bundle = path.join(dir, "no such bundle.pem");
      const env = { ...process.env, NODE_OPTIONS: `--require ${hook}`, NODE_EXTRA_CA_CERTS: bundle };
      const r = installed(["--version"], env);
      expect([r.status, r.stdout]).toEqual([0, `stapsdt-ls ${pkg.version}\n`]);
      expect(r.stderr).toContain(`hook: ${bundle}\n`);
      expect(outcome(r)).toEqual(outcome(direct(["--version"], env)));
    } finally {
      fs.rmSync(hookDir, { recursive: true, force: true });
    }
  });

  it("uses no private Node API and no code cache", () => {
    for (const f of fs.readdirSync(path.dirname(BIN)).filter((f) => /\.c?js$/.test(f))) {
      expect(fs.readFileSync(path.join(path.dirname(BIN), f), "utf8"), f).not.toMatch(/_nodeModulePaths|cachedData|NODE_EXTRA_CA_CERTS/);
    }
    // dist/web is the page (not in the package, not the command's).
    expect(fs.readdirSync(path.dirname(BIN)).filter((f) => !/\.(c?js|d\.ts)$/.test(f) && f !== "web")).toEqual([]);
  });
});
