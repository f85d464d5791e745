/**
 * Memory does not grow with a probe's argument list beyond the input itself
 * (#9 item 2). A note can hold a million operands; every output mode must
 * print it in memory linear in the file with a small constant: nothing per
 * argument is kept, no line or JSON string is built whole.
 *
 * Measured, not timed: each mode runs the CLI as a child process on two files
 * of one probe with N and 8N operands (all four operand kinds x86 has, plus
 * text no parser reads), and the peak RSS of the child
 * (`process.resourceUsage().maxRSS`, written by a preloaded script) may grow
 * by at most GROWTH times the growth of the file. Before the fix, `--json`
 * grew by ~200 bytes and `--format uprobe` by ~350 bytes per operand, ~27x
 * and ~47x the input; the note bytes and the decoded argument string come to
 * ~2x.
 */
import * as fs from "node:fs";
import * as os from "node:os";
import * as path from "node:path";
import { spawnSync } from "node:child_process";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { sampleElf, TEXT_ADDR } from "../helpers/sample.js";

const BIN = new URL("../../dist/bin.cjs", import.meta.url).pathname;
const OPERANDS = ["-4@-20(%rbp)", "8@%rax", "-4@$5", "8@g_counter(%rip)", "2@(%rdi,%rsi,2)", "4@what?"];
const SMALL = 100_000;
const LARGE = 8 * SMALL;
/** Peak RSS may grow by this many bytes per byte of file growth. */
const GROWTH = 4;

const MODES: readonly (readonly string[])[] = [[], ["--json"], ["--format", "uprobe"], ["--format", "bpftrace"], ["-n"]];

describe("peak memory and the length of a probe's argument list", () => {
  let dir = "";
  const files = { small: "", large: "" };
  beforeAll(() => {
    dir = fs.mkdtempSync(path.join(os.tmpdir(), "stapsdt-scaling-"));
    fs.writeFileSync(path.join(dir, "rss.cjs"),
      `process.on("exit", () => require("node:fs").writeSync(2, "\\nmaxRSS=" + process.resourceUsage().maxRSS + "\\n"));\n`);
    for (const [key, n] of [["small", SMALL], ["large", LARGE]] as const) {
      const args = Array.from({ length: n }, (_, i) => OPERANDS[i % OPERANDS.length]).join(" ");
      files[key] = path.join(dir, key);
      fs.writeFileSync(files[key], sampleElf({ probes: [{ provider: "hostile", name: "many", location: TEXT_ADDR, args }] }).bytes);
    }
  });
  afterAll(() => fs.rmSync(dir, { recursive: true, force: true }));

  /** Peak RSS in bytes of the CLI on `file`; its stdout goes to /dev/null. */
  const peak = (mode: readonly string[], file: string): number => {
    const r = spawnSync(process.execPath, ["-r", path.join(dir, "rss.cjs"), BIN, ...mode, file],
      { stdio: ["ignore", "ignore", "pipe"], encoding: "utf8" });
    expect(r.status, r.stderr).toBe(0);
    const m = /maxRSS=(\d+)/.exec(r.stderr);
    expect(m, r.stderr).not.toBeNull();
    return Number(m![1]) * 1024;
  };

  it.each(MODES.map((m) => [m.join(" ") || "(table)", m] as const))("%s", (_, mode) => {
    const fileGrowth = fs.statSync(files.large).size - fs.statSync(files.small).size;
    const rssGrowth = peak(mode, files.large) - peak(mode, files.small);
    expect(rssGrowth / fileGrowth, `RSS grew by ${(rssGrowth / 1e6).toFixed(1)} MB for ${(fileGrowth / 1e6).toFixed(1)} MB more input`)
      .toBeLessThan(GROWTH);
  }, 60_000);
});
