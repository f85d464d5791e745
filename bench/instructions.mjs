/**
 * Instructions executed, counted by valgrind (callgrind): a measure of
 * start-up work that does not move with the load on the machine.
 *
 * Wall time on a shared 2-core host swings by 20% from run to run, which is
 * more than the margin a start-up target leaves. Callgrind counts the
 * instructions each thread executes; for a run of a few hundred million
 * instructions the count repeats within ~0.5% (measured: `node -e 0`
 * 78.0/78.0/78.5 M three times in a row). Two things vary from run to run and
 * are dealt with here:
 *
 * - Only the main thread is counted (`--separate-threads=yes`, file `-01`).
 *   V8's optimizing compiler and GC helpers run on other threads, on the other
 *   core, and how much they do depends on timing.
 * - Node 20.20 draws a random hash seed at start-up and tests candidate
 *   numbers for primality (`detail::sprp`, called by
 *   `v8::internal::HashSeed::InitializeRoots`): 3 to 11 M instructions, a
 *   different amount each run. Its self cost is subtracted.
 *
 * Counts are not times: Node's own start spends part of its time in page
 * faults and reads, which cost no instructions, so a ratio of instructions
 * runs higher than the ratio of times. The bench prints both.
 *
 * A JIT-heavy run (100,000 probes) varies by ~15% under valgrind, because how
 * soon optimized code arrives depends on thread timing; only small inputs are
 * counted.
 */
import { spawnSync } from "node:child_process";
import * as fs from "node:fs";
import * as os from "node:os";
import * as path from "node:path";

/** Whether valgrind and callgrind_annotate are installed. */
export function haveCallgrind() {
  const has = (cmd) => spawnSync("sh", ["-c", `command -v ${cmd}`], { stdio: "ignore" }).status === 0;
  return has("valgrind") && has("callgrind_annotate");
}

/**
 * Main-thread instructions of `cmd` (argv array) in millions, the random hash
 * seed's share subtracted; the smallest of `runs` runs. `null` if callgrind
 * fails.
 */
export function mainThreadInstructions(cmd, env = process.env, runs = 2) {
  let best = null;
  for (let i = 0; i < runs; i++) {
    const dir = fs.mkdtempSync(path.join(os.tmpdir(), "stapsdt-cg-"));
    try {
      const out = path.join(dir, "cg");
      const r = spawnSync("valgrind", ["--tool=callgrind", "--separate-threads=yes", `--callgrind-out-file=${out}`, ...cmd],
        { stdio: ["ignore", "ignore", "ignore"], env });
      const main = `${out}-01`;
      if (r.status !== 0 || !fs.existsSync(main)) return null;
      const n = countWithoutSeed(main);
      if (n !== null && (best === null || n < best)) best = n;
    } finally {
      fs.rmSync(dir, { recursive: true, force: true });
    }
  }
  return best === null ? null : best / 1e6;
}

/** PROGRAM TOTALS of a callgrind file, minus the self cost of `detail::sprp` (see above). */
function countWithoutSeed(file) {
  const r = spawnSync("callgrind_annotate", ["--threshold=100", file], { encoding: "utf8", maxBuffer: 64 << 20 });
  if (r.status !== 0) return null;
  let total = null;
  let seed = 0;
  for (const line of r.stdout.split("\n")) {
    const m = /^\s*([\d,]+)\s+\([^)]*\)\s+(.*)$/.exec(line);
    if (!m) continue;
    const n = Number(m[1].replaceAll(",", ""));
    if (m[2].includes("PROGRAM TOTALS")) total = n;
    else if (m[2].includes("detail::sprp(")) seed += n;
  }
  return total === null ? null : total - seed;
}
