/** System binaries with probes (Debian 12), and tool availability, for tests that skip cleanly. */
import * as fs from "node:fs";
import { spawnSync } from "node:child_process";

export const SYSTEM_BINARIES = [
  "/usr/bin/python3.11",
  "/usr/lib/x86_64-linux-gnu/libpython3.11.so.1.0",
  "/usr/lib/jvm/java-17-openjdk-amd64/lib/server/libjvm.so",
  "/usr/lib/postgresql/15/bin/postgres",
  "/usr/lib/x86_64-linux-gnu/libstdc++.so.6",
] as const;

export const exists = (p: string): boolean => fs.existsSync(p);

export function hasTool(cmd: string): boolean {
  const r = spawnSync(cmd, ["--version"], { stdio: "ignore" });
  return r.status === 0;
}

/** Runs a command, returning stdout, stderr and status (never throws on non-zero exit). */
export function run(cmd: string, args: readonly string[]): { stdout: string; stderr: string; status: number | null } {
  const r = spawnSync(cmd, args, { encoding: "latin1", maxBuffer: 1 << 30 });
  return { stdout: r.stdout, stderr: r.stderr, status: r.status };
}

/** GNU readelf 2.40 (binutils 2.40, Debian 12) is installed: the oracle of `-n`. */
export const HAVE_READELF_240: boolean =
  hasTool("readelf") && /GNU readelf .* 2\.40\b/.test(run("readelf", ["--version"]).stdout.split("\n")[0] ?? "");
