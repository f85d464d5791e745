/**
 * The command sets V8's interrupt budget before it runs (src/node/tiering.ts),
 * and only the command: a program that imports the library keeps its own
 * engine settings. Observed by a preloaded module that records every call of
 * `v8.setFlagsFromString` and the first write to standard output.
 */
import * as fs from "node:fs";
import * as os from "node:os";
import * as path from "node:path";
import { spawnSync } from "node:child_process";
import { afterAll, describe, expect, it } from "vitest";
import { INTERRUPT_BUDGET } from "../../src/node/tiering.js";

const ROOT = new URL("../../", import.meta.url).pathname;
const BIN = path.join(ROOT, "dist", "bin.cjs");
const dir = fs.mkdtempSync(path.join(os.tmpdir(), "stapsdt-tiering-"));
const SPY = path.join(dir, "spy.cjs");
fs.writeFileSync(SPY, `
const v8 = require("node:v8");
const set = v8.setFlagsFromString;
v8.setFlagsFromString = (flags) => { process.stderr.write("FLAGS " + flags + "\\n"); set(flags); };
const write = process.stdout.write.bind(process.stdout);
let first = true;
process.stdout.write = (...a) => { if (first) process.stderr.write("STDOUT\\n"); first = false; return write(...a); };
const fsm = require("node:fs");
const writeSync = fsm.writeSync;
fsm.writeSync = (fd, ...a) => { if (fd === 1 && first) { process.stderr.write("STDOUT\\n"); first = false; } return writeSync(fd, ...a); };
`);
afterAll(() => fs.rmSync(dir, { recursive: true, force: true }));

const run = (args: string[]) => spawnSync(process.execPath, ["-r", SPY, ...args], { cwd: ROOT, encoding: "utf8" });

describe("the command's V8 tiering", () => {
  it("raises the interrupt budget once, before the first output", () => {
    const r = run([BIN, "fixtures/binaries/x86_64/probes-pie"]);
    expect(r.status).toBe(0);
    expect(r.stdout).toMatch(/provider/i);
    expect(r.stderr.trim().split("\n")).toEqual([`FLAGS --interrupt-budget=${INTERRUPT_BUDGET}`, "STDOUT"]);
    // Larger than V8's default (67,584): fewer functions compiled by TurboFan, later.
    expect(INTERRUPT_BUDGET).toBeGreaterThan(67_584);
  });

  it("the library sets no engine flag", () => {
    const r = run(["--input-type=module", "-e",
      "import { listFileProbes } from 'stapsdt'; console.log(listFileProbes('fixtures/binaries/x86_64/probes-pie').probes.length);"]);
    expect(r.status).toBe(0);
    expect(Number(r.stdout.trim())).toBeGreaterThan(0);
    expect(r.stderr).not.toMatch(/FLAGS/);
  });
});
