/**
 * The command-line conventions of #10 item 5 and 6: a misspelt option is
 * named with the nearest one, options that do not go together are usage
 * errors, `--completion` scripts the shells accept, `-` reads standard input,
 * and an empty listing says whether a filter emptied it.
 */
import * as fs from "node:fs";
import * as os from "node:os";
import * as path from "node:path";
import { spawnSync } from "node:child_process";
import { describe, expect, it } from "vitest";
import { CLI_OPTIONS, main, USAGE, type Io } from "../../src/cli/main.js";
import { completionScript, COMPLETED_OPTIONS, SHELLS } from "../../src/cli/completion.js";
import { editDistance, nearestOption } from "../../src/cli/suggest.js";
import { runCli, runCliAsync } from "../helpers/cli.js";
import { hasTool } from "../helpers/system.js";

const BIN = path.resolve(__dirname, "../../dist/bin.cjs");
const FIXTURE = path.resolve(__dirname, "../../fixtures/binaries/x86_64/probes-pie");

function run(argv: string[], extra: Partial<Io> = {}): { status: number; stdout: string; stderr: string } {
  const out = { stdout: "", stderr: "" };
  const status = main(argv, { stdout: (s) => void (out.stdout += s), stderr: (s) => void (out.stderr += s), ...extra });
  if (typeof status !== "number") throw new Error("expected a synchronous command");
  return { status, ...out };
}

describe("a misspelt option", () => {
  it.each([
    ["--jsn", "--json"], ["--jsno", "--json"], ["--formt", "--format"], ["--provier", "--provider"],
    ["--recursiv", "--recursive"], ["--dep", "--deps"], ["--verison", "--version"], ["--qiuet", "--quiet"],
  ])("%s: did you mean %s?, status 2", (given, meant) => {
    const r = runCli(given, FIXTURE);
    expect(r.status).toBe(2);
    expect(r.stderr).toBe(`stapsdt-ls: unrecognized option '${given}'; did you mean '${meant}'?\nTry 'stapsdt-ls --help' for more information.\n`);
    expect(r.stdout).toBe("");
  });
  it("far from every option: no suggestion", () => {
    expect(runCli("--frobnicate", FIXTURE).stderr).toBe("stapsdt-ls: unrecognized option '--frobnicate'\nTry 'stapsdt-ls --help' for more information.\n");
    expect(runCli("-z", FIXTURE).stderr).toMatch(/^stapsdt-ls: unrecognized option '-z'\n/);
  });
  it("an option without its value says so", () => {
    expect(runCli(FIXTURE, "--format")).toMatchObject({ status: 2, stderr: expect.stringMatching(/^stapsdt-ls: option '--format' needs an argument\n/) });
    expect(runCli("--pid", "--all")).toMatchObject({ status: 2, stderr: expect.stringMatching(/^stapsdt-ls: option '--pid' needs an argument\n/) });
  });
  it("edit distance: transpositions cost one; nearestOption suggests only close options", () => {
    expect(editDistance("jsno", "json")).toBe(1);
    expect(editDistance("", "abc")).toBe(3);
    expect(editDistance("kitten", "sitting")).toBe(3);
    expect(nearestOption("rec", Object.keys(CLI_OPTIONS))).toBe("recursive"); // a unique prefix
    expect(nearestOption("xyz", Object.keys(CLI_OPTIONS))).toBeNull();
  });
});

describe("options that do not go together are usage errors (status 2)", () => {
  it.each([
    [["-n", "--json"], "--notes cannot be combined with --json"],
    [["-n", "--format", "uprobe"], "--notes cannot be combined with --format"],
    [["-n", "--provider", "x"], "--notes cannot be combined with --provider"],
    [["-n", "--name", "x"], "--notes cannot be combined with --name"],
    [["-n", "--deps"], "--notes cannot be combined with --deps"],
    [["-n", "-r"], "--notes cannot be combined with --recursive"],
    [["-W"], "--wide only applies to --notes"],
    [["--all"], "--all only applies to --recursive, --deps and --pid"],
    [["-r", "--deps"], "--recursive cannot be combined with --deps"],
    [["--json", "--format", "uprobe"], "--json cannot be combined with --format uprobe"],
    [["--format", "xml"], "unknown format 'xml' (expected table, json, jsonl, uprobe, bpftrace, bpftrace-script, stap)"],
  ])("%j", (args, message) => {
    const r = runCli(...args, FIXTURE);
    expect(r.status).toBe(2);
    expect(r.stderr).toBe(`stapsdt-ls: ${message}\nTry 'stapsdt-ls --help' for more information.\n`);
  });
  it("-r with --pid, and -r with '-'", () => {
    expect(runCli("-r", "--pid", "1")).toMatchObject({ status: 2, stderr: expect.stringMatching(/--recursive cannot be combined with --pid/) });
    expect(runCli("-r", "-")).toMatchObject({ status: 2, stderr: expect.stringMatching(/'-' \(standard input\) is not one/) });
  });
});

describe("--completion", () => {
  it("offers every option of the command line, in every shell", () => {
    expect(COMPLETED_OPTIONS.map((o) => o.long).sort()).toEqual(Object.keys(CLI_OPTIONS).sort());
    for (const o of COMPLETED_OPTIONS) expect((CLI_OPTIONS as Record<string, { short?: string }>)[o.long]!.short).toBe(o.short);
    for (const shell of SHELLS) {
      const script = runCli("--completion", shell).stdout;
      expect(script).toBe(completionScript(shell));
      for (const o of COMPLETED_OPTIONS) expect(script, `${shell}: --${o.long}`).toContain(`${shell === "fish" ? "-l " : "--"}${o.long}`);
      expect(script).toContain("jsonl");
    }
  });
  for (const shell of SHELLS) {
    it.skipIf(!hasTool(shell))(`the ${shell} script is accepted by ${shell} -n (needs ${shell})`, () => {
      syntaxCheck(shell);
    });
  }
  const syntaxCheck = (shell: string): void => {
    const file = path.join(fs.mkdtempSync(path.join(os.tmpdir(), "stapsdt-compl-")), `c.${shell}`);
    fs.writeFileSync(file, completionScript(shell as (typeof SHELLS)[number]));
    const r = spawnSync(shell, ["-n", file], { encoding: "utf8" });
    expect(r.status, r.stderr).toBe(0);
    fs.rmSync(path.dirname(file), { recursive: true });
  };
  it.skipIf(!hasTool("bash"))("bash: completes options, formats and shells (needs bash)", () => {
    const complete = (line: string): string[] => {
      const words = line.split(" ");
      const script = `${completionScript("bash")}
COMP_WORDS=(${words.map((w) => `'${w}'`).join(" ")}); COMP_CWORD=${words.length - 1}
_stapsdt_ls; printf '%s\\n' "\${COMPREPLY[@]}"`;
      return spawnSync("bash", ["-c", script], { encoding: "utf8" }).stdout.trim().split("\n").filter((s) => s !== "");
    };
    expect(complete("stapsdt-ls --js")).toEqual(["--json"]);
    expect(complete("stapsdt-ls --format j")).toEqual(["json", "jsonl"]);
    expect(complete("stapsdt-ls --completion z")).toEqual(["zsh"]);
  });
  it("an unknown shell or anything beside it is a usage error", () => {
    expect(runCli("--completion", "tcsh").status).toBe(2);
    expect(runCli("--completion", "bash", FIXTURE).status).toBe(2);
    expect(runCli("--completion", "bash", "--json").status).toBe(2);
  });
});

describe("FILE '-': an ELF image from standard input", () => {
  const bytes = new Uint8Array(fs.readFileSync(FIXTURE));
  it("lists what the file lists, under the name '-'", () => {
    const fromStdin = run(["--json", "-"], { stdin: () => bytes });
    const fromFile = runCli("--json", FIXTURE);
    const [a] = JSON.parse(fromStdin.stdout) as { path: string }[];
    const [b] = JSON.parse(fromFile.stdout) as { path: string }[];
    expect(a!.path).toBe("-");
    expect({ ...a, path: FIXTURE }).toEqual(b);
  });
  it("uprobe and bpftrace lines, bpftrace programs and tapsets need a file: one comment says so, in the language's syntax", () => {
    for (const format of ["uprobe", "bpftrace", "stap"]) {
      expect(run(["--format", format, "-"], { stdin: () => bytes }).stdout)
        .toBe("# -: read from standard input: no file for a tracer to attach to\n");
    }
    expect(run(["--format", "bpftrace-script", "-"], { stdin: () => bytes }).stdout)
      .toBe("// -: read from standard input: no file for a tracer to attach to\n");
  });
  it("not ELF on stdin: the usual error, status 1", () => {
    const r = run(["-"], { stdin: () => new TextEncoder().encode("#!/bin/sh\n") });
    expect(r.status).toBe(1);
    expect(r.stderr).toMatch(/^stapsdt-ls: -: not an ELF file/);
  });
  it("through a real pipe", () => {
    const r = spawnSync(process.execPath, [BIN, "-"], { input: fs.readFileSync(FIXTURE), encoding: "utf8" });
    expect(r.status, r.stderr).toBe(0);
    expect(r.stdout).toBe(runCli(FIXTURE).stdout);
  });
});

describe("what an empty listing says", () => {
  it("(no probes match) when a filter leaves nothing of a file's probes, (no SDT probes) when it has none", () => {
    expect(runCli("--provider", "nothing", FIXTURE).stdout).toBe("(no probes match)\n");
    const none = path.resolve(__dirname, "../../fixtures/binaries/x86_64/libdep.so");
    if (fs.existsSync(none) && runCli(none).stdout === "(no SDT probes)\n") {
      expect(runCli("--provider", "nothing", none).stdout).toBe("(no SDT probes)\n");
    }
  });
  it("--help describes the globs as they work", () => {
    expect(USAGE).toMatch(/\* any characters/);
    expect(USAGE).toMatch(/\? one character/);
    expect(USAGE).toMatch(/\[!abc\]/);
  });
});

describe("--format jsonl in every mode", () => {
  it("several files: one line per file, errors as their records", () => {
    const r = runCli("--format", "jsonl", FIXTURE, "/nonexistent", FIXTURE);
    const lines = r.stdout.trimEnd().split("\n").map((l) => JSON.parse(l) as { path: string; error?: unknown });
    expect(lines.map((l) => [l.path, "error" in l])).toEqual([[FIXTURE, false], ["/nonexistent", true], [FIXTURE, false]]);
    expect(r.status).toBe(1);
  });
  it("--deps: one line per object", async () => {
    const usesDep = path.resolve(__dirname, "../../fixtures/binaries/x86_64/uses-dep");
    const r = await runCliAsync("--deps", "--all", "--format", "jsonl", usesDep);
    const json = await runCliAsync("--deps", "--all", "--json", usesDep);
    expect(r.stdout.trimEnd().split("\n").map((l) => JSON.parse(l))).toEqual(JSON.parse(json.stdout));
  });
});
