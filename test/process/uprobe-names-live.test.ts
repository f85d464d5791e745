/**
 * The kernel as the judge of named fetch arguments: the `--format uprobe`
 * lines of python3.11's `function__entry` and `function__return` (named
 * from the catalogue, C strings read as `+0(REG):string`) are written to
 * tracefs in a group of our own, enabled in a tracing instance of our own,
 * and python3.11 runs a function `f`: the trace must show `funcname="f"`
 * and the file name `<string>`, read through the pointers. (Debian's
 * CPython 3.11 fires `function__entry` hardly ever, a handful of times at
 * start-up, as bpftrace shows too; `function__return` fires for every
 * function, so `f` is looked for there, and the entry event only has to be
 * accepted by the kernel.)
 *
 * Needs root, Linux x86-64, tracefs with uprobes and /usr/bin/python3.11
 * (Debian's, built with SDT probes); skipped otherwise, with the reason.
 */
import * as fs from "node:fs";
import * as path from "node:path";
import { spawnSync } from "node:child_process";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { runCli } from "../helpers/cli.js";
import { SYSTEM_BINARIES } from "../helpers/system.js";
import { findTracefs, groupEvents, tracefsWrite } from "../helpers/tracefs.js";

const PYTHON = "/usr/bin/python3.11";
const TRACEFS = findTracefs();
const HAVE_PYTHON = fs.existsSync(PYTHON);
const GROUP = `stapsdt_names_${process.pid}`;
const why = TRACEFS === null ? " (skipped: needs root, Linux x86-64 and tracefs with uprobes)" : !HAVE_PYTHON ? ` (skipped: no ${PYTHON})` : "";

describe.skipIf(TRACEFS === null || !HAVE_PYTHON)(`--format uprobe names and strings, read by the kernel from python3.11${why}`, () => {
  const T = TRACEFS ?? "";
  const instance = path.join(T, "instances", GROUP);
  let lines: string[] = [];

  beforeAll(() => {
    const r = runCli("--format", "uprobe", "--name", "function__*", PYTHON);
    expect([r.status, r.stderr]).toEqual([0, ""]);
    lines = r.stdout.split("\n").filter((l) => l.startsWith("p:"));
    for (const l of lines) tracefsWrite(T, path.join(T, "uprobe_events"), l.replace(/^p:sdt_python\//, `p:${GROUP}/`));
    fs.mkdirSync(instance);
    tracefsWrite(T, path.join(instance, "events", GROUP, "enable"), "1");
  });

  afterAll(() => {
    if (fs.existsSync(instance)) {
      fs.appendFileSync(path.join(instance, "events", GROUP, "enable"), "0\n");
      fs.rmdirSync(instance);
    }
    for (const e of groupEvents(T, GROUP)) fs.appendFileSync(path.join(T, "uprobe_events"), `-:${GROUP}/${e}\n`);
    expect(groupEvents(T, GROUP)).toEqual([]);
  });

  it("defines filename, funcname and lineno, the strings as +0(REG):string", () => {
    expect(lines).toHaveLength(2);
    for (const l of lines) expect(l).toMatch(/ filename=\+0\(%\w+\):string funcname=\+0\(%\w+\):string lineno=%\w+:s32$/);
  });

  it("the trace has the Python function's name and file, fetched through the pointers", () => {
    const r = spawnSync(PYTHON, ["-c", "def f(): pass\nf()"], { encoding: "utf8" });
    expect([r.status, r.stderr]).toEqual([0, ""]);
    const ours = new RegExp(`-${r.pid}\\s`);
    const trace = fs.readFileSync(path.join(instance, "trace"), "utf8").split("\n").filter((l) => !l.startsWith("#") && ours.test(l));
    const shown = trace.filter((l) => /filename="<string>"/.test(l));
    console.log(`uprobe trace, python3.11 pid ${r.pid}, lines of <string>:\n${shown.join("\n")}`);
    expect(trace.some((l) => / function__return: .* filename="<string>" funcname="f" lineno=1$/.test(l)), trace.slice(-10).join("\n")).toBe(true);
  });

  it("the kernel takes every definition of the system's binaries with probes (names, strings in registers and in memory)", () => {
    const group = `${GROUP}_all`;
    let defined = 0;
    try {
      for (const file of [...SYSTEM_BINARIES, "/usr/lib/x86_64-linux-gnu/libvirt.so.0"]) {
        if (!fs.existsSync(file)) continue;
        const r = runCli("--format", "uprobe", file);
        expect([r.status, r.stderr]).toEqual([0, ""]);
        for (const l of r.stdout.split("\n").filter((x) => x.startsWith("p:"))) {
          tracefsWrite(T, path.join(T, "uprobe_events"), l.replace(/^p:sdt_\w+\//, `p:${group}/`));
          defined++;
        }
      }
      expect(groupEvents(T, group)).toHaveLength(defined);
      console.log(`uprobe_events took all ${defined} definitions of the system binaries`);
    } finally {
      // python3.11 and libpython3.11.so name the same events: the kernel makes one event of two
      // probes when the fetch arguments agree, and one removal removes both.
      for (const e of new Set(groupEvents(T, group))) fs.appendFileSync(path.join(T, "uprobe_events"), `-:${group}/${e}\n`);
    }
    expect(groupEvents(T, group)).toEqual([]);
  });
});
