/**
 * `--format bpftrace-script` run by bpftrace: the program for python3.11's
 * `function__*` probes is written to a file, bpftrace runs it with
 * python3.11 calling a function `f` as its command (`-c`, which also sets
 * the probes' semaphores), and the output must have the line
 * `python:function__return filename=/tmp/.../f.py funcname=f lineno=2`, strings
 * read through their pointers by `str(argN)`. bpftrace also checks
 * (`-d`, a dry run) the programs for every probe of python3.11, postgres,
 * libstdc++ and the hotspot provider of libjvm.so.
 *
 * Needs root, bpftrace (Debian 12: `apt-get install bpftrace`) and
 * /usr/bin/python3.11; skipped otherwise, with the reason.
 */
import * as fs from "node:fs";
import * as os from "node:os";
import * as path from "node:path";
import { spawnSync } from "node:child_process";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { runCli } from "../helpers/cli.js";
import { hasTool } from "../helpers/system.js";

const PYTHON = "/usr/bin/python3.11";
const ROOT_USER = process.getuid?.() === 0;
const BPFTRACE = hasTool("bpftrace");
const why = !ROOT_USER ? " (skipped: needs root)" : !BPFTRACE ? " (skipped: bpftrace not installed)" : !fs.existsSync(PYTHON) ? ` (skipped: no ${PYTHON})` : "";

describe.skipIf(why !== "")(`--format bpftrace-script, run by bpftrace${why}`, () => {
  let dir = "";
  beforeAll(() => {
    dir = fs.mkdtempSync(path.join(os.tmpdir(), "stapsdt-bt-"));
  });
  afterAll(() => {
    if (dir) fs.rmSync(dir, { recursive: true, force: true });
  });

  /** The program for `args`, in a file. */
  const script = (name: string, ...args: string[]): string => {
    const r = runCli("--format", "bpftrace-script", ...args);
    expect([r.status, r.stderr]).toEqual([0, ""]);
    const file = path.join(dir, name);
    fs.writeFileSync(file, r.stdout);
    return file;
  };

  it("prints python3.11's function names and files", () => {
    const file = script("py.bt", "--name", "function__*", PYTHON);
    const py = path.join(dir, "f.py");
    fs.writeFileSync(py, "def f():\n    pass\n\nf()\n");
    const cmd = `${PYTHON} ${py}`;
    const r = spawnSync("bpftrace", [file, "-c", cmd], { encoding: "utf8", timeout: 120_000 });
    const lines = r.stdout.split("\n").filter((l) => l.startsWith("python:"));
    console.log(`bpftrace ${path.basename(file)} -c "${cmd}" (status ${r.status}), the lines of ${py}:\n${lines.filter((l) => l.includes(py)).join("\n")}`);
    expect(r.status, r.stderr).toBe(0);
    expect(lines).toContain(`python:function__return filename=${py} funcname=f lineno=2`);
  }, 150_000);

  it.each([
    ["python3.11", [PYTHON]],
    ["postgres", ["/usr/lib/postgresql/15/bin/postgres"]],
    ["libstdc++", ["/usr/lib/x86_64-linux-gnu/libstdc++.so.6"]],
    ["libjvm.so (the hotspot provider)", ["--provider", "hotspot", "/usr/lib/jvm/java-17-openjdk-amd64/lib/server/libjvm.so"]],
  ])("bpftrace accepts the program for %s (dry run)", (what, args) => {
    const target = args[args.length - 1]!;
    if (!fs.existsSync(target)) return;
    const file = script(`${what.replace(/\W/g, "_")}.bt`, ...args);
    const r = spawnSync("bpftrace", ["-d", file], { encoding: "utf8", timeout: 300_000, maxBuffer: 1 << 28 });
    const errors = r.stderr.split("\n").filter((l) => /ERROR/.test(l) && !/RLIMIT_MEMLOCK/.test(l));
    expect(errors).toEqual([]);
    expect(r.status).toBe(0);
  }, 320_000);
});
