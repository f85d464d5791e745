/**
 * The kernel as the oracle for the limits of one `uprobe_events` line (see
 * test/format/uprobe-limits.test.ts): every definition `--format uprobe`
 * prints for a crafted file is written to tracefs, and the kernel must take
 * each one. The file has a probe with 300 operands, probes whose names pass
 * 63 characters (and collide once cut, and with names like the numbered
 * ones), under a provider whose group name passes 63 characters, and lives
 * at a path of ~3,950 characters, so that lines are cut by length as well as
 * by count.
 *
 * Needs root, Linux x86-64 and tracefs with uprobes; skipped otherwise. The
 * events are removed in afterAll.
 */
import * as fs from "node:fs";
import * as os from "node:os";
import * as path from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { runCli } from "../helpers/cli.js";
import { sampleElf, TEXT_ADDR } from "../helpers/sample.js";
import { findTracefs, groupEvents, tracefsWrite } from "../helpers/tracefs.js";

const TRACEFS = findTracefs();
/** The provider; its group `sdt_<provider>` is cut to 63 characters, and unique to this run. */
const PROVIDER = `stapsdt_limits_${process.pid}_`.padEnd(70, "x");
const GROUP = `sdt_${PROVIDER}`.slice(0, 63);

describe.skipIf(TRACEFS === null)("the kernel takes every line past the limits (needs root, Linux x86-64, tracefs with uprobes)", () => {
  const T = TRACEFS ?? "";
  let dir = "";
  const files: string[] = [];

  beforeAll(() => {
    dir = fs.mkdtempSync(path.join(os.tmpdir(), "stapsdt-limits-"));
    const many = Array.from({ length: 300 }, (_, i) => ["8@%rax", "-4@-20(%rbp)", "-4@$5"][i % 3]).join(" ");
    const long = "n".repeat(100);
    const bytes = sampleElf({
      probes: [
        { provider: PROVIDER, name: "many", location: TEXT_ADDR, args: many },
        { provider: PROVIDER, name: long, location: TEXT_ADDR + 1n, args: "8@%rax" },
        { provider: PROVIDER, name: long, location: TEXT_ADDR + 2n },
        { provider: PROVIDER, name: `${long}x`, location: TEXT_ADDR + 3n },
        { provider: PROVIDER, name: "a", location: TEXT_ADDR + 4n },
        { provider: PROVIDER, name: "a_1", location: TEXT_ADDR + 5n },
        { provider: PROVIDER, name: "a", location: TEXT_ADDR + 6n },
      ],
    }).bytes;
    files.push(path.join(dir, "short"));
    // A deep path: components of 200 characters (NAME_MAX is 255), ~3,950 in all.
    let deep = dir;
    while (deep.length < 3750) deep = path.join(deep, "d".repeat(200));
    fs.mkdirSync(deep, { recursive: true });
    files.push(path.join(deep, "f".repeat(3950 - deep.length)));
    for (const f of files) fs.writeFileSync(f, bytes);
  });

  afterAll(() => {
    for (const e of groupEvents(T, GROUP)) {
      try {
        fs.appendFileSync(path.join(T, "uprobe_events"), `-:${GROUP}/${e}\n`);
      } catch {
        // reported below
      }
    }
    if (dir) fs.rmSync(dir, { recursive: true, force: true });
    expect(groupEvents(T, GROUP), "events left in uprobe_events").toEqual([]);
  });

  it.each([["a short path", 0], ["a path of ~3,950 characters", 1]])("%s", (_, which) => {
    const file = files[which]!;
    const r = runCli("--format", "uprobe", file);
    expect(r.status, r.stderr).toBe(0);
    const lines = r.stdout.split("\n").filter((l) => l.startsWith("p:"));
    expect(lines).toHaveLength(7);
    for (const line of lines) tracefsWrite(T, path.join(T, "uprobe_events"), line);
    const events = groupEvents(T, GROUP);
    expect(events).toHaveLength(7);
    // What was left out is said, for count or for length.
    expect(r.stdout).toMatch(which === 0 ? /^# arg129 to arg300: left out: a definition takes at most 128/m : /^# arg\d+ to arg300: left out: the line would be longer/m);
    for (const e of events) fs.appendFileSync(path.join(T, "uprobe_events"), `-:${GROUP}/${e}\n`);
  });
});
