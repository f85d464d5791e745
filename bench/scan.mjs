#!/usr/bin/env node
/**
 * The recursive scan against its peer (issue #10 item 4): over the system's
 * directories of binaries, with a warm page cache,
 *
 *   stapsdt-ls -r -q --format jsonl DIR...
 *   find DIR... -type f -print0 | xargs -0 readelf -n
 *
 * in interleaved rounds (hyperfine, one run of each per round, output to
 * /dev/null; medians), the peak RSS of the scan, and parity: the files (by
 * device and inode) with probes and their probe counts must be those
 * readelf's output shows (its `File:` blocks and NT_STAPSDT lines).
 *
 * More commands in the same rounds: bench/scan-floor.mjs, Node's floor
 * for this walk (the same directory reads, opens, reads of the first and
 * last pages, fstat and close, and no ELF decoding: what no Node program
 * doing this walk can avoid on this machine); bench/scan-lower-bound.mjs,
 * the least decoding that finds the files with probes (a measuring stick,
 * not product code: how fast a leaner design could make the scan); and
 * `node -e 0`, `stapsdt-ls --version` and the scan printing nothing, which
 * split the scan's time above the lower bound into its start, writing the
 * records, and the rest of its decoding.
 *
 *   node bench/scan.mjs            # prints the report; exit 0 either way
 *
 * run.mjs includes it. Every command runs with NODE_EXTRA_CA_CERTS unset, as
 * in run.mjs. Environment: SCAN_DIRS (space-separated, default below),
 * BENCH_RUNS, BENCH_DIST as for run.mjs.
 */
import { execFileSync, spawnSync } from "node:child_process";
import * as fs from "node:fs";
import * as os from "node:os";
import * as path from "node:path";
import { fileURLToPath } from "node:url";

const HERE = path.dirname(fileURLToPath(import.meta.url));
const DIST = process.env.BENCH_DIST ? path.resolve(process.env.BENCH_DIST) : path.join(HERE, "..", "dist");
const BIN = path.join(DIST, "bin.cjs");
const DEFAULT_DIRS = ["/usr/bin", "/usr/lib/x86_64-linux-gnu", "/usr/lib/jvm", "/usr/lib/postgresql"];

// A typical user's environment, as bench/run.mjs runs every command: without
// NODE_EXTRA_CA_CERTS, which makes each Node start read a CA bundle (~40 ms).
const ENV = { ...process.env };
delete ENV.NODE_EXTRA_CA_CERTS;

/** A probe name no file has: the scan then decodes every probe and prints none. */
const NO_NAME = "no-such-probe-name";

const median = (xs) => {
  const s = [...xs].sort((a, b) => a - b);
  const m = s.length >> 1;
  return s.length % 2 ? s[m] : (s[m - 1] + s[m]) / 2;
};
const shq = (a) => `'${a.replace(/'/g, `'\\''`)}'`;

/** `dev:ino` of a path, or null when it is gone. */
function inode(p) {
  try {
    const st = fs.statSync(p, { bigint: true });
    return `${st.dev}:${st.ino}`;
  } catch {
    return null;
  }
}

/** Probe counts by inode from readelf -n over every regular file (its `File:` blocks). */
function readelfCounts(dirs) {
  const find = spawnSync("find", [...dirs, "-type", "f", "-print0"], { maxBuffer: 1 << 30 });
  const files = find.stdout.toString("latin1").split("\0").filter((f) => f !== "");
  const counts = new Map();
  // In batches, as xargs would; each batch prints "File: PATH" before each file's notes.
  for (let i = 0; i < files.length; i += 500) {
    const batch = files.slice(i, i + 500);
    const out = spawnSync("readelf", ["-n", ...batch], { maxBuffer: 1 << 30 }).stdout.toString("latin1");
    let current = batch.length === 1 ? batch[0] : null;
    for (const line of out.split("\n")) {
      const m = /^File: (.*)$/.exec(line);
      if (m) current = m[1];
      else if (current !== null && line.includes("NT_STAPSDT")) {
        const key = inode(current);
        if (key !== null) counts.set(key, (counts.get(key) ?? 0) + 1);
      }
    }
  }
  // Hard links appear once per name in readelf's output: keep one count per inode.
  return { files: files.length, counts: new Map([...counts].map(([k, n]) => [k, n / namesOf(k, files)])) };
}

let names = null;
/** How many of `files` are the inode `key` (hard links). */
function namesOf(key, files) {
  if (names === null) {
    names = new Map();
    for (const f of files) {
      const k = inode(f);
      if (k !== null) names.set(k, (names.get(k) ?? 0) + 1);
    }
  }
  return names.get(key) ?? 1;
}

/** Probe counts by inode from the scan's JSON Lines. */
function scanCounts(dirs) {
  const r = spawnSync(process.execPath, [BIN, "-r", "-q", "--format", "jsonl", ...dirs], { maxBuffer: 1 << 30, encoding: "utf8", env: ENV });
  const counts = new Map();
  for (const line of r.stdout.split("\n")) {
    if (line === "") continue;
    const rec = JSON.parse(line);
    if (!rec.probes || rec.probes.length === 0) continue;
    const key = inode(rec.path);
    if (key !== null) counts.set(key, rec.probes.length);
  }
  return counts;
}

/** Runs the comparison; returns report lines and the numbers. */
export function benchScan({ dirs = DEFAULT_DIRS, runs = 5, warmup = 1 } = {}) {
  dirs = dirs.filter((d) => fs.existsSync(d));
  const peer = `find ${dirs.map(shq).join(" ")} -type f -print0 | xargs -0 readelf -n`;
  const ours = `${process.execPath} ${BIN} -r -q --format jsonl ${dirs.map(shq).join(" ")}`;
  const floor = `${process.execPath} ${path.join(HERE, "scan-floor.mjs")} ${dirs.map(shq).join(" ")}`;
  const least = `${process.execPath} ${path.join(HERE, "scan-lower-bound.mjs")} ${dirs.map(shq).join(" ")}`;
  // Where the scan's time goes beyond the lower bound, in the same rounds:
  // the command's own start (over Node's), and the scan printing nothing
  // (every file and every probe decoded, none matches the name), whose
  // difference to the scan is what writing the records costs.
  const node = `${process.execPath} -e 0`;
  const version = `${process.execPath} ${BIN} --version`;
  const silent = `${process.execPath} ${BIN} -r -q --format jsonl --name ${shq(NO_NAME)} ${dirs.map(shq).join(" ")}`;
  const out = path.join(os.tmpdir(), `stapsdt-scan-${process.pid}.json`);
  // Output to /dev/null; the peer's errors too (files that are not ELF).
  const commands = [ours, peer, floor, least, node, version, silent].map((c) => `${c} > /dev/null${c === peer ? " 2>&1" : ""}`);
  const wall = commands.map(() => []);
  // CPU time of all threads (user + system): V8's compiler and GC threads
  // share the machine's cores with the command, which wall time alone hides.
  const cpu = commands.map(() => []);
  for (let r = 0; r < warmup + runs; r++) {
    // Through sh -c both: the peer is a pipeline, and the two then start alike.
    execFileSync("hyperfine", ["-N", "--style", "none", "--runs", "1", "-i", "--export-json", out,
      ...commands.map((c) => `sh -c ${shq(c)}`)],
      { stdio: "ignore", env: ENV });
    if (r < warmup) continue;
    JSON.parse(fs.readFileSync(out, "utf8")).results.forEach((res, i) => {
      wall[i].push(res.times[0]);
      cpu[i].push(res.user + res.system);
    });
  }
  fs.rmSync(out, { force: true });
  const rss = median([0, 1, 2].map(() => {
    const r = spawnSync("/usr/bin/time", ["-f", "%M", process.execPath, BIN, "-r", "-q", "--format", "jsonl", ...dirs],
      { stdio: ["ignore", "ignore", "pipe"], encoding: "utf8", env: ENV });
    return Number(r.stderr.trim().split("\n").pop()) * 1024;
  }));
  const peerCounts = readelfCounts(dirs);
  const ourCounts = scanCounts(dirs);
  const keys = new Set([...peerCounts.counts.keys(), ...ourCounts.keys()]);
  const differ = [...keys].filter((k) => peerCounts.counts.get(k) !== ourCounts.get(k));
  const [scan, find, bare, lower, nodeStart, start, printNothing] = wall.map(median);
  const ms = (x) => `${(x * 1000).toFixed(0)} ms`;
  const [cpuScan, cpuFind, cpuBare, cpuLower] = cpu.map(median).map((x) => `CPU ${ms(x)}`);
  const ownStart = start - nodeStart;
  const printing = scan - printNothing;
  const lines = [
    `Recursive scan of ${dirs.join(" ")} (${peerCounts.files} files), medians of ${runs} interleaved rounds (wall; CPU = user + system, all threads):`,
    `  stapsdt-ls -r -q --format jsonl   ${ms(scan)}, ${cpuScan}, peak RSS ${(rss / 1e6).toFixed(1)} MB`,
    `  find | xargs readelf -n           ${ms(find)}, ${cpuFind}   (ratio ${(scan / find).toFixed(2)}x)`,
    `  Node's floor (scan-floor.mjs)     ${ms(bare)}, ${cpuBare}   (${(bare / find).toFixed(2)}x readelf; the scan is ${(scan / bare).toFixed(2)}x the floor)`,
    `  least decoding (scan-lower-bound) ${ms(lower)}, ${cpuLower}   (${(lower / find).toFixed(2)}x readelf; finds the objects, prints nothing)`,
    `  objects with probes: readelf ${peerCounts.counts.size}, stapsdt-ls ${ourCounts.size}; differing inodes or counts: ${differ.length}`,
    `  readelf - least decoding: ${ms(find - lower)}, what a scan at most readelf's time may spend beyond counting notes;`,
    `    of the scan's, its start over Node's (--version - node -e 0) ${ms(ownStart)}, writing its records ` +
      `(scan - scan printing nothing) ${ms(printing)}, the rest (decoding beyond counting notes) ${ms(scan - lower - ownStart - printing)}`,
  ];
  const targets = [
    `${scan <= find ? "PASS" : "FAIL"}  scan <= find | xargs readelf -n: ${(scan / find).toFixed(2)}x`,
    `${rss < 100e6 ? "PASS" : "FAIL"}  scan peak RSS < 100 MB: ${(rss / 1e6).toFixed(1)} MB`,
    `${differ.length === 0 ? "PASS" : "FAIL"}  scan finds readelf's objects with probes and their counts: ${differ.length} differ`,
  ];
  return {
    lines, targets,
    numbers: {
      scan, find, floor: bare, lowerBound: lower, start: ownStart, printing, cpu: cpu.map(median), rss,
      objects: ourCounts.size, differ: differ.length, files: peerCounts.files,
    },
  };
}

if (process.argv[1] === fileURLToPath(import.meta.url)) {
  const dirs = process.env.SCAN_DIRS ? process.env.SCAN_DIRS.split(" ") : DEFAULT_DIRS;
  const r = benchScan({ dirs, runs: Number(process.env.BENCH_RUNS ?? 5) });
  process.stdout.write([...r.lines, "", ...r.targets].join("\n") + "\n");
}
