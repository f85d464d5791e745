/**
 * The kernel as an oracle for `--format uprobe`: the event definitions we
 * print for the committed x86-64 fixtures are written to tracefs
 * `uprobe_events` (in a group of our own), enabled in a tracing instance of
 * our own, the fixture is run with a chosen argc, and each `argN=` value the
 * kernel fetched (registers, `+OFFS(%reg)`, `@+OFFSET` globals, `\IMM`
 * constants, through semaphores the kernel increments at `(REF_CTR)`) must
 * be the value the C source computes (fixtures/src/probes.c, main.c,
 * global.c, sem.c, dep.c, uses-dep.c).
 *
 * Needs root, Linux x86-64 and tracefs with uprobes (mounted here if it is
 * not); skipped otherwise. The events and the instance are removed in afterAll.
 */
import * as fs from "node:fs";
import * as os from "node:os";
import * as path from "node:path";
import { spawnSync } from "node:child_process";
import { fileURLToPath } from "node:url";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { runCli } from "../helpers/cli.js";
import { hasTool } from "../helpers/system.js";
import { findTracefs, groupEvents, tracefsWrite } from "../helpers/tracefs.js";

const ROOT = path.resolve(path.dirname(fileURLToPath(import.meta.url)), "../..");
const BIN = path.join(ROOT, "fixtures/binaries/x86_64");

const TRACEFS = findTracefs();

/** Our group and tracing instance (letters, digits and `_` only). */
const GROUP = `stapsdt_fetch_${process.pid}`;

/** argc of every run: `fixture_run(argc)` derives every probe value from it. */
const N = 130;

/** The C value of every argument, `argN` → value, per event, for `fixture_run(n)` (fixtures/src/probes.c). */
function fixtureValues(n: number): Record<string, Record<string, bigint>> {
  const v = (...xs: (number | bigint)[]): Record<string, bigint> => Object.fromEntries(xs.map((x, i) => [`arg${i + 1}`, BigInt(x)]));
  const i15 = n & 15; // probe_twelve and probe_globals get i = n & 15
  const i3 = n & 3; // probe_memory gets i = n & 3
  // long glob_arr[16] = { 1, 2, 3 }: element k is k + 1 for k < 3, else 0.
  const globArr = (k: number): number => (k < 3 ? k + 1 : 0);
  const GLOB_INT = 7; // int glob_int = 7
  const FIELD = 6; // glob_rec = { { 1, 2, 3, 4, 5 }, 6 }: .field = 6, .pad[k] = k + 1
  const pad = (k: number): number => k + 1;
  const GLOB_SHORT = -3; // short glob_short = -3
  return {
    // STAP_PROBE(fixture, noargs)
    noargs: {},
    // probe_twelve(n, n + 1, n + 2, n + 3, (short)(n + 4), (char)(n + 5), glob_arr, n & 15, &glob_rec):
    // a, b, c, d, e, f, p[i], r->field, glob_int, glob_arr[i], 12, -12 (char is signed on x86)
    twelve: v(n, n + 1, n + 2, n + 3, BigInt.asIntN(16, BigInt(n + 4)), BigInt.asIntN(8, BigInt(n + 5)),
      globArr(i15), FIELD, GLOB_INT, globArr(i15), 12, -12),
    // probe_sizes((signed char)-n, (unsigned char)n, (short)-n, (unsigned short)n, -n, (unsigned)n,
    //             -(long long)n, (unsigned long long)n)
    sizes: v(BigInt.asIntN(8, BigInt(-n)), BigInt.asUintN(8, BigInt(n)), BigInt.asIntN(16, BigInt(-n)), BigInt.asUintN(16, BigInt(n)),
      -n, BigInt.asUintN(32, BigInt(n)), -n, n),
    // probe_floats((float)n / 2, (double)n / 3): fetched as raw bits (x32, x64)
    floats: v(f32Bits(n / 2), f64Bits(n / 3)),
    // probe_globals(n & 15): glob_int, glob_rec.field, glob_arr[i], glob_short, 42, -5
    globals: v(GLOB_INT, FIELD, globArr(i15), GLOB_SHORT, 42, -5),
    // probe_global() (global.c): glob_arr[3], glob_counter (int glob_counter = 1)
    global: v(globArr(3), 1),
    // probe_memory(&glob_rec, glob_arr, n & 3, &glob_int): r->field, p[i], *q, r->pad[i]
    memory: v(FIELD, globArr(i3), GLOB_INT, pad(i3)),
    // probe_sem(n, n + 1) (sem.c, behind its semaphore): a, b
    sem: v(n, n + 1),
    // probe_inlined(n, n + 1): hit(a) at the first site, hit(a * b + 1) at the second (in address order)
    inlined: v(n),
    inlined_1: v(n * (n + 1) + 1),
  };
}

/**
 * Arguments no uprobe fetcharg can express (base + index, index-only), which
 * `--format uprobe` leaves out with a comment; the same in all three builds
 * (`(%r10,%rax,8)`, `(%rbx,%rax,8)` / `glob_arr(,%rax,8)` / `(%r14,%rax,8)`, ...).
 */
const NOT_FETCHABLE: Record<string, string[]> = { twelve: ["arg7", "arg10"], globals: ["arg3"], memory: ["arg2", "arg4"] };

function f32Bits(x: number): bigint {
  const b = Buffer.alloc(4);
  b.writeFloatLE(x);
  return BigInt(b.readUInt32LE());
}

function f64Bits(x: number): bigint {
  const b = Buffer.alloc(8);
  b.writeDoubleLE(x);
  return b.readBigUInt64LE();
}

/** The fetchable part of `values`. */
function fetchable(values: Record<string, Record<string, bigint>>): Record<string, Record<string, bigint>> {
  const out: Record<string, Record<string, bigint>> = {};
  for (const [event, args] of Object.entries(values)) {
    out[event] = Object.fromEntries(Object.entries(args).filter(([k]) => !(NOT_FETCHABLE[event] ?? []).includes(k)));
  }
  return out;
}

/** `p:` lines of `--format uprobe FILE`, moved to our group with events `TAG__EVENT`. */
function eventLines(file: string, tag: string): string[] {
  const r = runCli("--format", "uprobe", file);
  expect([r.status, r.stderr]).toEqual([0, ""]);
  const lines = r.stdout.split("\n").filter((l) => l.startsWith("p:"));
  expect(lines.length).toBeGreaterThan(0);
  return lines.map((l) => {
    const m = /^p:sdt_[A-Za-z0-9_]+\/([A-Za-z0-9_]+) (.*)$/.exec(l);
    expect(m, l).not.toBeNull();
    return `p:${GROUP}/${tag}__${m![1]} ${m![2]}`;
  });
}

/** `tag` → event → `argN` → fetched value, from the instance's trace, for the lines of process `pid`. */
function fetched(trace: string, pid: number): Record<string, Record<string, Record<string, bigint>>> {
  const out: Record<string, Record<string, Record<string, bigint>>> = {};
  for (const line of trace.split("\n")) {
    if (line.startsWith("#") || line.trim() === "") continue;
    const m = /^\s*.*-(\d+)\s+(?:\(\s*\d+\)\s+)?\[\d+\]\s+\S+\s+[\d.]+: (\w+?)__(\w+): \(0x[0-9a-f]+\)(.*)$/.exec(line);
    expect(m, `trace line not understood: ${line}`).not.toBeNull();
    if (Number(m![1]) !== pid) continue;
    const [tag, event] = [m![2]!, m![3]!];
    const args: Record<string, bigint> = {};
    for (const a of m![4]!.trim().split(" ").filter((x) => x !== "")) {
      const [k, value] = a.split("=") as [string, string];
      expect(value, `${line}: ${a}`).toMatch(/^(-?\d+|0x[0-9a-f]+)$/); // not "(fault)"
      args[k] = value.startsWith("-") ? -BigInt(value.slice(1)) : BigInt(value);
    }
    const perTag = (out[tag] ??= {});
    expect(perTag[event], `${tag}__${event} hit twice by pid ${pid}`).toBeUndefined();
    perTag[event] = args;
  }
  return out;
}

describe.skipIf(TRACEFS === null)("the kernel fetches the --format uprobe arguments of the x86-64 fixtures (needs root, Linux x86-64, tracefs with uprobes)", () => {
  const T = TRACEFS ?? "";
  const instance = path.join(T, "instances", GROUP);
  let dir = "";
  let driver: string | null = null;
  let defined = 0;

  const write = (file: string, text: string): void => tracefsWrite(T, file, text);

  beforeAll(() => {
    dir = fs.mkdtempSync(path.join(os.tmpdir(), "stapsdt-fetch-"));
    if (hasTool("gcc")) {
      // libprobes.so has no main: a driver dlopens it and calls fixture_run(atoi(argv[2])).
      fs.writeFileSync(path.join(dir, "driver.c"), `
#include <dlfcn.h>
#include <stdio.h>
#include <stdlib.h>
int main(int argc, char **argv) {
  void *h = argc == 3 ? dlopen(argv[1], RTLD_NOW) : NULL;
  if (!h) { fprintf(stderr, "%s\\n", dlerror()); return 2; }
  int (*run)(int) = (int (*)(int))dlsym(h, "fixture_run");
  if (!run) { fprintf(stderr, "%s\\n", dlerror()); return 2; }
  return run(atoi(argv[2]));
}
`);
      const r = spawnSync("gcc", ["-O2", "-o", "driver", "driver.c", "-ldl"], { cwd: dir, encoding: "utf8" });
      if (r.status === 0) driver = path.join(dir, "driver");
    }
    const events = [
      ...eventLines(path.join(BIN, "probes-pie"), "pie"),
      ...eventLines(path.join(BIN, "probes-nopie"), "nopie"),
      ...eventLines(path.join(BIN, "libprobes.so"), "lib"),
      ...eventLines(path.join(BIN, "uses-dep"), "usesdep"),
      ...eventLines(path.join(BIN, "libdep.so"), "libdep"),
    ];
    for (const e of events) {
      write(path.join(T, "uprobe_events"), e);
      defined++;
    }
    fs.mkdirSync(instance);
    write(path.join(instance, "events", GROUP, "enable"), "1");
  });

  afterAll(() => {
    const errors: string[] = [];
    const attempt = (f: () => void): void => {
      try {
        f();
      } catch (e) {
        errors.push((e as Error).message);
      }
    };
    if (fs.existsSync(instance)) {
      attempt(() => fs.writeFileSync(path.join(instance, "events", GROUP, "enable"), "0\n", { flag: "a" }));
      attempt(() => fs.rmdirSync(instance));
    }
    const ours = (): string[] => groupEvents(T, GROUP);
    for (const e of ours()) attempt(() => fs.appendFileSync(path.join(T, "uprobe_events"), `-:${GROUP}/${e}\n`));
    if (dir) fs.rmSync(dir, { recursive: true, force: true });
    expect(ours(), `events left in uprobe_events (${errors.join("; ")})`).toEqual([]);
  });

  /** Runs `cmd args`, then returns what the kernel fetched for that process, per tag. */
  function runAndFetch(cmd: string, args: string[], status: number): Record<string, Record<string, Record<string, bigint>>> {
    const r = spawnSync(cmd, args, { encoding: "utf8" });
    expect([r.status, r.stderr]).toEqual([status, ""]);
    return fetched(fs.readFileSync(path.join(instance, "trace"), "utf8"), r.pid!);
  }

  const argv = Array.from({ length: N - 1 }, (_, i) => `a${i}`);
  let total = 0;
  afterAll(() => {
    if (total > 0) console.log(`uprobe fetch oracle: ${total} arguments fetched by the kernel matched the C source (argc ${N}, ${defined} events)`);
  });
  const count = (x: Record<string, Record<string, bigint>>): number => Object.values(x).reduce((s, a) => s + Object.keys(a).length, 0);

  it.each([["probes-pie", "pie"], ["probes-nopie", "nopie"]])("%s: every fetched argument is the C value", (file, tag) => {
    const got = runAndFetch(path.join(BIN, file), argv, 0);
    const want = fetchable(fixtureValues(N));
    expect(got).toEqual({ [tag]: want });
    expect(count(want)).toBe(33); // 38 arguments at the 10 sites, 5 of them not fetchable (base + index)
    total += count(want);
  });

  it.skipIf(!hasTool("gcc"))("libprobes.so (through a dlopen driver; needs gcc): every fetched argument is the C value", () => {
    expect(driver, "the driver did not build").not.toBeNull();
    const got = runAndFetch(driver!, [path.join(BIN, "libprobes.so"), String(N)], 0);
    const want = fetchable(fixtureValues(N));
    expect(got).toEqual({ lib: want });
    total += count(want);
  });

  it("uses-dep and libdep.so (semaphores in both): every fetched argument is the C value", () => {
    // uses-dep.c main(argc): app:begin argc; r = dep_work(argc); app:end r; returns r & 1.
    // dep.c dep_work(n): dep:start n; dep_total += n (static, 0 before); dep:done n, dep_total; returns dep_total.
    const got = runAndFetch(path.join(BIN, "uses-dep"), argv, N & 1);
    const want = {
      usesdep: { begin: { arg1: BigInt(N) }, end: { arg1: BigInt(N) } },
      libdep: { start: { arg1: BigInt(N) }, done: { arg1: BigInt(N), arg2: BigInt(N) } },
    };
    expect(got).toEqual(want);
    total += count(want.usesdep) + count(want.libdep);
  });
});
