/**
 * `@+OFFSET` checked in a live process, without tracefs: for every symbol
 * argument that `--pid --format uprobe` prints, the kernel would read memory
 * at `bp_addr - O + OFFSET` (`translate_user_vaddr`), where `bp_addr` is the
 * probe's run-time address (`runtimeAddress` of `--pid --json`) and O its
 * file offset. Reading /proc/PID/mem there must give the value the program
 * put in the global. Built at test time (gcc + <sys/sdt.h>; skipped without).
 */
import * as fs from "node:fs";
import * as os from "node:os";
import * as path from "node:path";
import { spawn, spawnSync, type ChildProcess } from "node:child_process";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { runCliAsync } from "../helpers/cli.js";
import { canBuildSdt } from "../helpers/sdt-build.js";

const live = process.platform === "linux" && fs.existsSync("/proc/self/maps") && process.arch === "x64";

// Globals with values that cannot appear by chance. GCC -O2 reads them in
// place: `glob_live(%rip)`, `glob_arr+24(%rip)` / `24+glob_arr(%rip)`, and in
// the library `lib_static(%rip)` (a local symbol, only in .symtab).
const PROGRAM = `
#include <sys/sdt.h>
#include <stdio.h>
#include <unistd.h>
int glob_live = 0x5eed1234;
long glob_arr[4] = { 11, 22, 33, 0x77aa5511 };
short glob_short = -1234;
void lib_probe(void);
__attribute__((noipa)) void probe_here(void) { STAP_PROBE3(live, here, glob_live, glob_arr[3], glob_short); }
int main(void) {
  probe_here();
  lib_probe();
  printf("ready\\n");
  fflush(stdout);
  for (;;) pause();
}
`;
const LIBRARY = `
#include <sys/sdt.h>
static int lib_static = 0x1abe1234;
__attribute__((noipa)) void lib_set(int v) { lib_static = v; }
__attribute__((noipa)) void lib_probe(void) { STAP_PROBE1(live, lib, lib_static); }
`;
const EXPECTED: Record<string, bigint[]> = { here: [0x5eed1234n, 0x77aa5511n, -1234n], lib: [0x1abe1234n] };

let dir = "";
const children: ChildProcess[] = [];

function gcc(args: string[]): void {
  const r = spawnSync("gcc", args, { cwd: dir, encoding: "utf8" });
  if (r.status !== 0) throw new Error(`gcc ${args.join(" ")}: ${r.stderr}`);
}

function start(exe: string): Promise<ChildProcess> {
  const child = spawn(exe, [], { stdio: ["ignore", "pipe", "inherit"] });
  children.push(child);
  return new Promise((resolve, reject) => {
    child.once("error", reject);
    child.once("exit", (code) => reject(new Error(`${exe} exited early (${code})`)));
    child.stdout!.once("data", () => resolve(child));
  });
}

function readMem(pid: number, address: bigint, size: number, signed: boolean): bigint {
  const fd = fs.openSync(`/proc/${pid}/mem`, "r");
  try {
    const buf = Buffer.alloc(size);
    expect(fs.readSync(fd, buf, 0, size, Number(address))).toBe(size);
    const v = Buffer.concat([buf, Buffer.alloc(8 - size)]).readBigUInt64LE(0);
    return signed ? BigInt.asIntN(size * 8, v) : v;
  } finally {
    fs.closeSync(fd);
  }
}

describe.skipIf(!live || !canBuildSdt)("@+ offsets in a live process (gcc + sys/sdt.h)", () => {
  beforeAll(() => {
    dir = fs.mkdtempSync(path.join(os.tmpdir(), "stapsdt-uprobe-"));
    fs.writeFileSync(path.join(dir, "prog.c"), PROGRAM);
    fs.writeFileSync(path.join(dir, "lib.c"), LIBRARY);
    gcc(["-O2", "-shared", "-fPIC", "-o", "liblive.so", "lib.c"]);
    gcc(["-O2", "-fPIE", "-pie", "-o", "prog-pie", "prog.c", "-L.", "-llive", "-Wl,-rpath,$ORIGIN"]);
    gcc(["-O2", "-fno-pie", "-no-pie", "-o", "prog-nopie", "prog.c", "-L.", "-llive", "-Wl,-rpath,$ORIGIN"]);
  });
  afterAll(() => {
    for (const c of children) if (c.exitCode === null && c.signalCode === null) c.kill("SIGKILL");
    if (dir) fs.rmSync(dir, { recursive: true, force: true });
  });

  it.each(["prog-pie", "prog-nopie"])("%s and liblive.so: memory at runtimeAddress - O + X holds the global", async (exe) => {
    const child = await start(path.join(dir, exe));
    const pid = String(child.pid);
    const json = await runCliAsync("--pid", pid, "--provider", "live", "--json");
    expect(json.status).toBe(0);
    const doc = JSON.parse(json.stdout) as { probes: { name: string; offset: string; runtimeAddress: string }[] }[];
    const sites = new Map(doc.flatMap((o) => o.probes).map((p) => [`${p.name}@${p.offset}`, BigInt(p.runtimeAddress)]));
    const u = await runCliAsync("--pid", pid, "--provider", "live", "--format", "uprobe");
    expect(u.status).toBe(0);
    const seen: Record<string, bigint[]> = {};
    for (const line of u.stdout.split("\n").filter((l) => l.startsWith("p:sdt_live/"))) {
      const [head, loc, ...args] = line.split(" ");
      const name = head!.slice("p:sdt_live/".length);
      const offset = BigInt(loc!.slice(loc!.lastIndexOf(":") + 1));
      const runtime = sites.get(`${name}@0x${offset.toString(16)}`);
      expect(runtime, line).toBeDefined();
      for (const a of args) {
        const m = /^arg\d+=@\+(0x[0-9a-f]+):([su])(\d+)$/.exec(a);
        expect(m, `${line}: ${a}`).not.toBeNull();
        (seen[name] ??= []).push(readMem(child.pid!, runtime! - offset + BigInt(m![1]!), Number(m![3]) / 8, m![2] === "s"));
      }
    }
    expect(seen).toEqual(EXPECTED);
    expect(u.stdout).not.toMatch(/^#/m);
    child.kill("SIGKILL");
  });
});
