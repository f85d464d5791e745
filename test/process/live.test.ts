/**
 * `--pid` on live processes: the runtime address of every x86-64 probe must
 * hold the probe's `nop` (0x90) in `/proc/PID/mem`, and every semaphore must
 * read as a 2-byte counter 0 (nobody is tracing).
 */
import * as fs from "node:fs";
import * as path from "node:path";
import { spawn, type ChildProcess } from "node:child_process";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { EM } from "../../src/elf/constants.js";
import { listProcessProbes, ProcessError, type ProcessObject } from "../../src/node/process.js";
import { runCli, runCliAsync } from "../helpers/cli.js";
import { buildSdtPrograms, canBuildSdt, type SdtBuild } from "../helpers/sdt-build.js";
import { auditByReadelf, HAVE_AUDIT_ORACLE, hex } from "../helpers/python-audit.js";

const PYTHON = "/usr/bin/python3.11";
const LIBPYTHON = "/usr/lib/x86_64-linux-gnu/libpython3.11.so.1.0";
const live = process.platform === "linux" && fs.existsSync("/proc/self/maps");
const children: ChildProcess[] = [];

/** The first line each started process printed. */
const firstLine = new Map<ChildProcess, string>();

/**
 * Starts a process and waits until it prints a line on stdout. Each one leads
 * a process group of its own, so that what a shell started in the background
 * is killed with it.
 */
function start(cmd: string, args: string[]): Promise<ChildProcess> {
  const child = spawn(cmd, args, { stdio: ["ignore", "pipe", "inherit"], detached: true });
  children.push(child);
  return new Promise((resolve, reject) => {
    let text = "";
    child.once("error", reject);
    child.once("exit", (code) => reject(new Error(`${cmd} exited early (${code})`)));
    child.stdout!.on("data", (d: Buffer) => {
      text += d.toString();
      if (text.includes("\n") && !firstLine.has(child)) {
        firstLine.set(child, text.slice(0, text.indexOf("\n")));
        resolve(child);
      }
    });
  });
}

afterAll(() => {
  for (const c of children) {
    try {
      process.kill(-c.pid!, "SIGKILL");
    } catch { /* already gone */ }
  }
});

function readMem(pid: number, address: bigint, length: number): Uint8Array {
  const fd = fs.openSync(`/proc/${pid}/mem`, "r");
  try {
    const buf = Buffer.alloc(length);
    expect(fs.readSync(fd, buf, 0, length, Number(address))).toBe(length);
    return buf;
  } finally {
    fs.closeSync(fd);
  }
}

/** Checks every probe of `obj` against the process memory; returns how many were checked. */
function checkMemory(pid: number, obj: ProcessObject): number {
  let n = 0;
  for (const p of obj.probes) {
    expect(p.runtimeAddress, `${p.provider}:${p.name}`).not.toBeNull();
    if (obj.header.machine === EM.EM_X86_64) expect(readMem(pid, p.runtimeAddress!, 1)[0], `${obj.path} ${p.provider}:${p.name}`).toBe(0x90);
    if (p.semaphoreAddress !== null) {
      expect(p.runtimeSemaphore).not.toBeNull();
      const b = readMem(pid, p.runtimeSemaphore!, 2);
      expect(b[0]! | (b[1]! << 8), `${p.provider}:${p.name} semaphore`).toBe(0);
    } else {
      expect(p.runtimeSemaphore).toBeNull();
    }
    n++;
  }
  return n;
}

const find = (objs: readonly ProcessObject[], p: string): ProcessObject | undefined =>
  objs.find((o) => o.path === p || fs.existsSync(o.path) && fs.existsSync(p) && fs.realpathSync(o.path) === fs.realpathSync(p));

describe.skipIf(!live || !fs.existsSync(PYTHON) || !fs.existsSync(LIBPYTHON))("python3.11 (ET_EXEC with probes) loading libpython (ET_DYN)", () => {
  let child: ChildProcess;
  beforeAll(async () => {
    child = await start(PYTHON, ["-c", `import ctypes, time; ctypes.CDLL(${JSON.stringify(LIBPYTHON)}); print("ready", flush=True); time.sleep(600)`]);
  });

  it("finds both objects, with runtime addresses that hold nops and zero semaphores", () => {
    const proc = listProcessProbes(child.pid!);
    const exe = find(proc.objects, PYTHON)!;
    const lib = find(proc.objects, LIBPYTHON)!;
    expect(exe.loadBias).toBe(0n); // ET_EXEC
    expect(lib.loadBias).not.toBeNull();
    expect(lib.loadBias! % 0x1000n).toBe(0n);
    expect(checkMemory(child.pid!, exe)).toBeGreaterThan(5);
    expect(checkMemory(child.pid!, lib)).toBeGreaterThan(5);
    const audit = exe.probes.find((p) => p.name === "audit")!;
    expect(audit.runtimeAddress).toBe(audit.address); // identity for ET_EXEC
    expect(lib.probes[0]!.runtimeAddress! - lib.probes[0]!.address).toBe(lib.loadBias);
    expect(exe.readPath).toBe(`/proc/${child.pid}/root${exe.path}`);
  });

  it("the CLI prints runtime addresses (JSON keys) and uprobe lines", async () => {
    const r = await runCliAsync("--pid", String(child.pid), "--json");
    expect(r.status).toBe(0);
    const doc = JSON.parse(r.stdout) as { path: string; loadBias: string; probes: Record<string, unknown>[] }[];
    const lib = doc.find((d) => d.probes.length > 0 && d.path.endsWith("libpython3.11.so.1.0"))!;
    expect(lib.loadBias).toMatch(/^0x[0-9a-f]+$/);
    for (const p of lib.probes) {
      expect(p.runtimeAddress).toMatch(/^0x[0-9a-f]+$/);
      expect(p.runtimeSemaphore).toMatch(/^0x[0-9a-f]+$/);
    }
    const t = await runCliAsync("-p", String(child.pid), "--provider", "python", "--name", "audit");
    expect(t.stdout).toMatch(/RUNTIME/);
    const u = await runCliAsync("-p", String(child.pid), "--format", "uprobe", "--name", "audit");
    if (HAVE_AUDIT_ORACLE) {
      const a = auditByReadelf();
      expect(u.stdout).toContain(`p:sdt_python/audit ${PYTHON}:${hex(a.offset)}(${hex(a.semaphoreOffset)}) event=+0(%bx):string args=%r15:x64\n`);
    } else {
      expect(u.stdout).toMatch(new RegExp(`^p:sdt_python/audit ${PYTHON}:0x[0-9a-f]+\\(0x[0-9a-f]+\\) event=\\+0\\(%bx\\):string args=%r15:x64$`, "m"));
    }
  });
});

describe.skipIf(!live || !canBuildSdt)("a program with probes in its own shared library (gcc + sys/sdt.h)", () => {
  let build: SdtBuild;
  let child: ChildProcess;
  let deleted: ChildProcess;
  let deletedDir: string;
  beforeAll(async () => {
    build = buildSdtPrograms();
    child = await start("/bin/sh", ["-c", `echo ready; exec "${build.exe}" wait`]);
    // A second copy whose library is deleted after loading: only /proc/PID/map_files still has it.
    deletedDir = path.join(build.dir, "del");
    fs.mkdirSync(deletedDir);
    for (const f of ["libdep.so", "uses-dep"]) fs.copyFileSync(path.join(build.dir, f), path.join(deletedDir, f));
    fs.chmodSync(path.join(deletedDir, "uses-dep"), 0o755);
    deleted = await start("/bin/sh", ["-c", `"${deletedDir}/uses-dep" wait & sleep 0.3; echo ready; wait`]);
    fs.unlinkSync(path.join(deletedDir, "libdep.so"));
  });
  afterAll(() => build?.cleanup());

  const pidOf = (shell: ChildProcess, exe: string): number => {
    // The shell's child running `exe` (or the shell itself after exec).
    for (const pid of [shell.pid!, ...fs.readdirSync("/proc").filter((d) => /^\d+$/.test(d)).map(Number)]) {
      try {
        if (fs.readlinkSync(`/proc/${pid}/exe`) === exe && (pid === shell.pid || fs.readFileSync(`/proc/${pid}/stat`, "utf8").split(") ")[1]!.split(" ")[1] === String(shell.pid))) return pid;
      } catch { /* gone or not ours */ }
    }
    throw new Error(`no process runs ${exe}`);
  };

  it("computes load biases of the PIE and the library; nops and zero semaphores at the runtime addresses", () => {
    const pid = pidOf(child, build.exe);
    const proc = listProcessProbes(pid);
    const exe = find(proc.objects, build.exe)!;
    const lib = find(proc.objects, build.lib)!;
    expect(exe.probes.map((p) => p.name)).toEqual(["start"]);
    expect(lib.probes.map((p) => `${p.name}:${p.semaphoreAddress !== null}`).sort()).toEqual(["hit:true", "hit:true", "two:true"]);
    expect(exe.loadBias).not.toBe(0n);
    expect(checkMemory(pid, exe) + checkMemory(pid, lib)).toBe(4);
  });

  it("reads a deleted library through /proc/PID/map_files", () => {
    const pid = pidOf(deleted, path.join(deletedDir, "uses-dep"));
    const proc = listProcessProbes(pid);
    const lib = proc.objects.find((o) => o.path === path.join(deletedDir, "libdep.so"))!;
    expect(lib.deleted).toBe(true);
    expect(lib.readPath).toMatch(new RegExp(`^/proc/${pid}/map_files/[0-9a-f]+-[0-9a-f]+$`));
    expect(checkMemory(pid, lib)).toBe(3);
  });

  it.skipIf(!fs.existsSync(PYTHON))("reads a memfd-loaded library through /proc/PID/map_files", async () => {
    const py = await start(PYTHON, ["-c", [
      "import ctypes, os, time",
      "fd = os.memfd_create('sdtlib')",
      `os.write(fd, open(${JSON.stringify(build.lib)}, 'rb').read())`,
      "ctypes.CDLL(f'/proc/self/fd/{fd}')",
      "print('ready', flush=True)",
      "time.sleep(600)",
    ].join("\n")]);
    const proc = listProcessProbes(py.pid!);
    const lib = proc.objects.find((o) => o.memfd)!;
    expect(lib.path).toBe("/memfd:sdtlib");
    expect(lib.attachPath).toBe(lib.readPath);
    expect(checkMemory(py.pid!, lib)).toBe(3);
  });
});

describe.skipIf(!live)("process errors", () => {
  it("a pid that does not exist: ESRCH, and exit 1 from the CLI", async () => {
    let pid = 4_000_000;
    while (fs.existsSync(`/proc/${pid}`)) pid++;
    expect(() => listProcessProbes(pid)).toThrow(ProcessError);
    expect(() => listProcessProbes(pid)).toThrow(/no such process/);
    const r = await runCliAsync("--pid", String(pid));
    expect([r.status, r.stdout]).toEqual([1, ""]);
    expect(r.stderr).toMatch(/no such process/);
  });

  it("a zombie (no mappings): a clear error", async () => {
    const sh = await start("/bin/sh", ["-c", "sleep 0 & echo $!; exec sleep 600"]);
    const zombie = Number(firstLine.get(sh));
    expect(zombie).toBeGreaterThan(0);
    // Wait until the child is really a zombie (state Z): up to 10 s on a loaded machine.
    for (let i = 0; i < 500; i++) {
      const stat = fs.existsSync(`/proc/${zombie}/stat`) ? fs.readFileSync(`/proc/${zombie}/stat`, "utf8") : "";
      if (/\) Z /.test(stat)) break;
      await new Promise((r) => setTimeout(r, 20));
    }
    expect(() => listProcessProbes(zombie)).toThrow(/no mapped files|exited/);
  }, 15_000);

  it("usage errors: bad pid, FILE with --pid, --deps with --pid", () => {
    expect(runCli("--pid", "12x").status).toBe(2);
    expect(runCli("--pid", "1", "/bin/true").status).toBe(2);
    expect(runCli("--pid", "1", "--deps").status).toBe(2);
  });
});
