/**
 * Output that cannot be written (a full disk: stdout on /dev/full, ENOSPC)
 * ends the command with one line, `stapsdt-ls: write error: No space left on
 * device`, and status 1, in every mode, whether the output fails at its end
 * (a small file) or in the middle of a file (megabytes of output). A reader
 * that goes away (EPIPE) still ends it quietly.
 */
import * as fs from "node:fs";
import * as os from "node:os";
import * as path from "node:path";
import { spawnSync } from "node:child_process";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { sampleElf, TEXT_ADDR } from "../helpers/sample.js";

const BIN = new URL("../../dist/bin.cjs", import.meta.url).pathname;
const SMALL = new URL("../../fixtures/binaries/x86_64/probes-pie", import.meta.url).pathname;
const WRITE_ERROR = "stapsdt-ls: write error: No space left on device\n";

describe.skipIf(!fs.existsSync("/dev/full"))("a full disk", () => {
  let dir = "";
  let big = "";
  beforeAll(() => {
    dir = fs.mkdtempSync(path.join(os.tmpdir(), "stapsdt-full-"));
    big = path.join(dir, "many-probes");
    // 20,000 probes: several MiB of every output, so the first flush fails mid-file.
    const probes = Array.from({ length: 20000 }, (_, i) => ({
      provider: "p", name: `probe_${i}`, location: TEXT_ADDR + BigInt(i % 64), args: "-4@%edi 8@16(%rsi) -8@$42",
    }));
    fs.writeFileSync(big, sampleElf({ probes }).bytes);
  });
  afterAll(() => fs.rmSync(dir, { recursive: true, force: true }));

  const run = (args: string[]): { status: number | null; stderr: string } => {
    const full = fs.openSync("/dev/full", "w");
    try {
      const r = spawnSync(process.execPath, [BIN, ...args], { stdio: ["ignore", full, "pipe"], encoding: "utf8" });
      return { status: r.status, stderr: r.stderr };
    } finally {
      fs.closeSync(full);
    }
  };

  const modes: string[][] = [[], ["--json"], ["--format", "uprobe"], ["--format", "bpftrace"], ["-n"], ["-n", "-W"], ["--deps"], ["--format", "jsonl"], ["-r", "-q"]];
  it.each(modes.map((m) => [m.join(" ") || "table", m]))("%s: one line and status 1, at the end of the output", (_name, mode) => {
    expect(run([...mode, SMALL])).toEqual({ status: 1, stderr: WRITE_ERROR });
  });

  it.each(modes.map((m) => [m.join(" ") || "table", m]))("%s: one line and status 1, in the middle of a file", (_name, mode) => {
    expect(run([...mode, big, SMALL])).toEqual({ status: 1, stderr: WRITE_ERROR });
  });

  it("with stderr unwritable too, the status still says it", () => {
    const full = fs.openSync("/dev/full", "w");
    try {
      const r = spawnSync(process.execPath, [BIN, SMALL], { stdio: ["ignore", full, full] });
      expect(r.status).toBe(1);
    } finally {
      fs.closeSync(full);
    }
  });

  it("a reader that went away is not a write error", () => {
    const r = spawnSync("sh", ["-c", `"${process.execPath}" "${BIN}" --json "${big}" | head -c 10`], { encoding: "utf8" });
    expect(r.stdout).toBe("[\n  {\n    ");
    expect(r.stderr).toBe("");
  });
});
