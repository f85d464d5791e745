/**
 * Builds small programs with SDT probes in a temporary directory at test time
 * (gcc and <sys/sdt.h> required; callers skip otherwise):
 *
 * - `libdep.so`: probes `libdep:hit` (two sites) and `libdep:two`, both with
 *   semaphores in `.probes`;
 * - `uses-dep`: a PIE with probe `usesdep:start`, DT_NEEDED `libdep.so`,
 *   DT_RUNPATH `$ORIGIN`; it waits for a signal (so tests can inspect it live).
 */
import * as fs from "node:fs";
import * as os from "node:os";
import * as path from "node:path";
import { spawnSync } from "node:child_process";

export const canBuildSdt = ((): boolean => {
  if (spawnSync("gcc", ["--version"], { stdio: "ignore" }).status !== 0) return false;
  return fs.existsSync("/usr/include/x86_64-linux-gnu/sys/sdt.h") || fs.existsSync("/usr/include/sys/sdt.h");
})();

const LIBDEP = `
#define _SDT_HAS_SEMAPHORES 1
#include <sys/sdt.h>
unsigned short libdep_hit_semaphore __attribute__((section(".probes"))) = 0;
unsigned short libdep_two_semaphore __attribute__((section(".probes"))) = 0;
static inline __attribute__((always_inline)) void hit(int x) { STAP_PROBE1(libdep, hit, x); }
int dep_fn(int x) { hit(x); hit(x + 1); STAP_PROBE2(libdep, two, x, (long)x * 3); return x + 1; }
`;

const USES_DEP = `
#include <sys/sdt.h>
#include <unistd.h>
int dep_fn(int);
int main(int argc, char **argv) {
  STAP_PROBE1(usesdep, start, argc);
  if (argc > 1) for (;;) pause();
  return dep_fn(argc) == 0;
}
`;

export interface SdtBuild {
  readonly dir: string;
  readonly lib: string;
  readonly exe: string;
  cleanup(): void;
}

function gcc(args: string[], cwd: string): void {
  const r = spawnSync("gcc", args, { cwd, encoding: "utf8" });
  if (r.status !== 0) throw new Error(`gcc ${args.join(" ")} failed: ${r.stderr}`);
}

/** Builds `libdep.so` and `uses-dep` in a new temporary directory. */
export function buildSdtPrograms(): SdtBuild {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), "stapsdt-procs-"));
  fs.writeFileSync(path.join(dir, "libdep.c"), LIBDEP);
  fs.writeFileSync(path.join(dir, "uses-dep.c"), USES_DEP);
  gcc(["-O2", "-shared", "-fPIC", "-o", "libdep.so", "libdep.c"], dir);
  gcc(["-O2", "-o", "uses-dep", "uses-dep.c", "-L.", "-ldep", "-Wl,-rpath,$ORIGIN", "-Wl,--enable-new-dtags"], dir);
  return {
    dir,
    lib: path.join(dir, "libdep.so"),
    exe: path.join(dir, "uses-dep"),
    cleanup: () => fs.rmSync(dir, { recursive: true, force: true }),
  };
}
