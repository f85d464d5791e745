#!/usr/bin/env node
/**
 * `npm run bench`: measures stapsdt-ls against the speed targets of issue #8
 * and prints PASS/FAIL for each (exit status 0 either way).
 *
 * Inputs (bench/gen.mjs builds the missing ones into bench/out/):
 * /usr/bin/python3.11 and libjvm.so (start-up is the cost), probes-10k and
 * probes-100k (the bench file: argument texts repeat, as in real binaries),
 * distinct-100k (every argument text its own) and big-1g (1,000 probes behind
 * a 1 GiB hole: what is read, not what is there).
 *
 * - Wall time: `node -e 0`, then on every input `readelf -n` and stapsdt-ls
 *   (table, --json, -n), in interleaved rounds, each one hyperfine call
 *   running every command once (`-N`, output to /dev/null), so load from
 *   other processes falls on all commands alike; medians of BENCH_RUNS rounds
 *   after warm-up rounds. stapsdt-ls runs as installed: dist/bin.cjs directly,
 *   through its `#!/usr/bin/env node`. Every command, `node -e 0` and readelf
 *   included, runs with NODE_EXTRA_CA_CERTS unset, a typical user's
 *   environment. "Work" is a median minus that of `node -e 0`.
 * - Peak RSS (`/usr/bin/time -f %M`, median of 3) of `node -e 0` and of each
 *   view on every input.
 * - Instructions on the main thread (bench/instructions.mjs, valgrind) of
 *   `node -e 0` and of each view on libjvm.so: the start-up target counted in
 *   a way that does not move with the load on the machine.
 * - The recursive scan (bench/scan.mjs): `stapsdt-ls -r` over the system's
 *   binary directories against `find | xargs readelf -n`, its peak RSS, and
 *   parity of the objects with probes by inode (issue #10).
 * - In-process (bench/inproc.mjs): probes/s of `listProbes(openElf(bytes))`
 *   reading every probe's `args`, on the two 100k files in memory; each the
 *   median of 3 Node processes. And the bytes read from big-1g through
 *   `countingSource`.
 *
 * Environment: BENCH_RUNS (timed rounds, default 10), BENCH_QUICK=1 (3 rounds,
 * one warm-up, one valgrind run per count), BENCH_JSON=path (also write every
 * number as JSON), BENCH_DIST (the dist/ folder to measure, default ./dist).
 */
import { execFileSync, spawnSync } from "node:child_process";
import * as fs from "node:fs";
import * as os from "node:os";
import * as path from "node:path";
import { fileURLToPath } from "node:url";
import { BIG_PATH, DISTINCT_PATH, buildAll, probesPath } from "./gen.mjs";
import { haveCallgrind, mainThreadInstructions } from "./instructions.mjs";
import { benchScan } from "./scan.mjs";

const HERE = path.dirname(fileURLToPath(import.meta.url));
const ROOT = path.join(HERE, "..");
const DIST = process.env.BENCH_DIST ? path.resolve(process.env.BENCH_DIST) : path.join(ROOT, "dist");
const BIN = path.join(DIST, "bin.cjs");
const QUICK = process.env.BENCH_QUICK === "1";
const RUNS = Number(process.env.BENCH_RUNS ?? (QUICK ? 3 : 10));
const WARMUP = QUICK ? 1 : 2;
const log = (s) => process.stderr.write(s + "\n");
const has = (cmd) => spawnSync("sh", ["-c", `command -v ${cmd}`], { stdio: "ignore" }).status === 0;
const REQUIRED = [["hyperfine", "hyperfine"], ["readelf", "binutils"], ["gcc", "gcc systemtap-sdt-dev"], ["/usr/bin/time", "time"]];
for (const [cmd, pkg] of REQUIRED) {
  if (!has(cmd)) {
    log(`bench: ${cmd} is required (apt-get install ${pkg})`);
    process.exit(1);
  }
}
if (!fs.existsSync(BIN)) {
  log(`bench: ${BIN} is missing: run \`npm run build\` first`);
  process.exit(1);
}
await buildAll();

// A typical user's environment, for every command: no NODE_EXTRA_CA_CERTS.
const ENV = { ...process.env };
delete ENV.NODE_EXTRA_CA_CERTS;
const node = process.execPath;
// The bin's `#!` runs the `node` on PATH: the baseline should be that same Node.
const pathNode = spawnSync("sh", ["-c", "command -v node"], { encoding: "utf8" }).stdout.trim();
if (!pathNode || fs.realpathSync(pathNode) !== fs.realpathSync(node)) log(`bench: warning: dist/bin.cjs runs ${pathNode || "no node"}, the baseline ${node}`);

const JVM = "/usr/lib/jvm/java-17-openjdk-amd64/lib/server/libjvm.so";
const inputs = [
  ["python3.11", "/usr/bin/python3.11"],
  ["libjvm.so", JVM],
  ["probes-10k", probesPath(10000)],
  ["probes-100k", probesPath(100000)],
  ["distinct-100k", DISTINCT_PATH],
  ["big-1g", BIG_PATH],
].filter(([, file]) => {
  if (!fs.existsSync(file)) log(`bench: ${file} is missing: not measured`);
  return fs.existsSync(file);
});
const VIEWS = [["stapsdt-ls", []], ["stapsdt-ls --json", ["--json"]], ["stapsdt-ls -n", ["-n"]]];
const BASE = "node -e 0";
const READELF = "readelf -n";
const tools = [[READELF, (f) => ["readelf", "-n", f]], ...VIEWS.map(([name, opts]) => [name, (f) => [BIN, ...opts, f]])];

// ---- measure -------------------------------------------------------------------

const median = (xs) => {
  const s = [...xs].sort((a, b) => a - b);
  const m = s.length >> 1;
  return s.length % 2 ? s[m] : (s[m - 1] + s[m]) / 2;
};
const quote = (a) => (/^[\w./=+-]+$/.test(a) ? a : `'${a.replace(/'/g, `'\\''`)}'`);

/** Median wall and user + system seconds of each command, over interleaved rounds. */
function measure(commands) {
  const out = path.join(os.tmpdir(), `stapsdt-bench-${process.pid}.json`);
  const wall = commands.map(() => []);
  const cpu = commands.map(() => []);
  for (let r = 0; r < WARMUP + RUNS; r++) {
    execFileSync("hyperfine", ["-N", "--style", "none", "--runs", "1", "--export-json", out,
      ...commands.map((c) => c.map(quote).join(" "))], { stdio: "ignore", env: ENV });
    if (r < WARMUP) continue;
    JSON.parse(fs.readFileSync(out, "utf8")).results.forEach((res, i) => {
      wall[i].push(res.times[0]);
      cpu[i].push(res.user + res.system);
    });
    process.stderr.write(`\rbench: round ${r + 1 - WARMUP}/${RUNS}`);
  }
  fs.rmSync(out, { force: true });
  process.stderr.write("\n");
  return commands.map((_, i) => ({ wall: median(wall[i]), cpu: median(cpu[i]) }));
}

/** Peak RSS in KiB, median of 3. */
function peakRss(cmd) {
  const kib = [0, 1, 2].map(() => {
    const r = spawnSync("/usr/bin/time", ["-f", "%M", ...cmd], { stdio: ["ignore", "ignore", "pipe"], encoding: "utf8", env: ENV });
    return Number(r.stderr.trim().split("\n").pop());
  });
  return median(kib);
}

const inproc = (...args) =>
  JSON.parse(execFileSync(node, [path.join(HERE, "inproc.mjs"), ...args], { encoding: "utf8", stdio: ["ignore", "pipe", "inherit"], env: ENV }));

log(`bench: ${RUNS} interleaved rounds after ${WARMUP} warm-up; NODE_EXTRA_CA_CERTS unset`);
const keys = [BASE];
const commands = [[node, "-e", "0"]];
for (const [label, file] of inputs) {
  for (const [name, argv] of tools) {
    keys.push(`${name}|${label}`);
    commands.push(argv(file));
  }
}
const measured = measure(commands);
const time = new Map(keys.map((k, i) => [k, measured[i].wall]));
const cpu = new Map(keys.map((k, i) => [k, measured[i].cpu]));
const base = time.get(BASE);

log("bench: peak RSS");
const rss = new Map([[BASE, peakRss([node, "-e", "0"])]]);
for (const [label, file] of inputs) for (const [name, argv] of tools.slice(1)) rss.set(`${name}|${label}`, peakRss(argv(file)));

// `node dist/bin.cjs ...`, as the `#!` line runs it: valgrind would count /usr/bin/env.
const instructions = new Map(); // key -> millions
if (haveCallgrind() && fs.existsSync(JVM)) {
  log("bench: instructions (valgrind)");
  const count = (key, cmd) => instructions.set(key, mainThreadInstructions(cmd, ENV, QUICK ? 1 : 2));
  count(BASE, [node, "-e", "0"]);
  count("stapsdt-ls --version", [node, BIN, "--version"]);
  for (const [name, argv] of tools.slice(1)) count(name, [node, ...argv(JVM)]);
} else log("bench: valgrind or libjvm.so is missing: no instruction counts");

log("bench: in-process");
const RATED = [["probes-100k", probesPath(100000)], ["distinct-100k", DISTINCT_PATH]];
const seen = RATED.map(() => []);
for (let i = 0; i < 3; i++) RATED.forEach(([, file], j) => seen[j].push(inproc("rate", file).rate)); // taken in turns
const rate = new Map(RATED.map(([label], j) => [label, median(seen[j])]));
const bytes = inproc("bytes", BIG_PATH);

// ---- report --------------------------------------------------------------------

const ms = (s) => (s === undefined || Number.isNaN(s) ? "n/a" : `${(s * 1000).toFixed(1)} ms`);
const x = (r) => (r === undefined || Number.isNaN(r) ? "n/a" : `${r.toFixed(2)}x`);
const mb = (kib) => (kib === undefined || Number.isNaN(kib) ? "n/a" : `${((kib * 1024) / 1e6).toFixed(1)} MB`);
const mps = (r) => `${(r / 1e6).toFixed(2)} M probes/s`;
const pad = (rows) => {
  const w = rows[0].map((_, i) => Math.max(...rows.map((r) => r[i].length)));
  return rows.map((r) => r.map((c, i) => (i === 0 ? c.padEnd(w[i]) : c.padStart(w[i]))).join("  ")).join("\n");
};
const table = (names, cell) => pad([["", ...inputs.map(([label]) => label)], ...names.map((n) => [n, ...inputs.map(([label]) => cell(n, label))])]);
const ofReadelf = (name, label) => time.get(`${name}|${label}`) / time.get(`${READELF}|${label}`);
const work = (name, label) => time.get(`${name}|${label}`) - base;
const ours = VIEWS.map(([name]) => name);
const cpus = os.cpus();

const lines = [
  `stapsdt-ls bench: node ${process.version}, ${cpus.length} cores (${cpus[0]?.model ?? "?"}), medians of ${RUNS} interleaved rounds`,
  `stapsdt-ls = ${path.relative(ROOT, BIN)}, run directly as the installed bin; every command with NODE_EXTRA_CA_CERTS unset`,
  "",
  `Wall time, and ratio to ${READELF} on the same file:`,
  table(tools.map(([name]) => name), (n, label) => (n === READELF ? ms(time.get(`${n}|${label}`)) : `${ms(time.get(`${n}|${label}`))} ${x(ofReadelf(n, label))}`)),
  "",
  `Work (median - ${BASE}, ${ms(base)}), and median / ${BASE}:`,
  table(ours, (n, label) => `${ms(work(n, label))} ${x(time.get(`${n}|${label}`) / base)}`),
  "",
  `CPU time, user + system (V8 compiles and collects on other threads; readelf has one): ${BASE} ${ms(cpu.get(BASE))}`,
  table(tools.map(([name]) => name), (n, label) => ms(cpu.get(`${n}|${label}`))),
  "",
  `Peak RSS (${BASE}: ${mb(rss.get(BASE))}):`,
  table(ours, (n, label) => mb(rss.get(`${n}|${label}`))),
  "",
];
const e0 = instructions.get(BASE);
const ofBase = (k) => (instructions.get(k) == null || e0 == null ? undefined : instructions.get(k) / e0);
const mi = (k) => (ofBase(k) === undefined ? "n/a" : `${instructions.get(k).toFixed(1)} M ${x(ofBase(k))}`);
if (instructions.size > 0) {
  lines.push(`Instructions on the main thread (valgrind; random hash seed excluded; ratio to ${BASE}, ${e0 == null ? "n/a" : `${e0.toFixed(1)} M`}):`);
  lines.push(pad([["stapsdt-ls --version", mi("stapsdt-ls --version")], ...ours.map((n) => [`${n} libjvm.so`, mi(n)])]), "");
}
lines.push(`In-process, file in memory, every probe's args read: ${[...rate].map(([label, r]) => `${label} ${mps(r)}`).join("; ")}`);
lines.push(`big-1g, through countingSource: ${bytes.bytesRead} bytes read in ${bytes.reads} reads of ${bytes.size} (${bytes.probes} probes)`);

// ---- targets (issue #8) -------------------------------------------------------

const targets = [];
const check = (what, value, ok, detail) =>
  targets.push(`${value === undefined || Number.isNaN(value) ? "n/a " : ok(value) ? "PASS" : "FAIL"}  ${what}: ${detail(value)}`);
for (const [label, json] of [["probes-100k", 0.75], ["distinct-100k", 1.5]]) {
  for (const [name, max] of [["stapsdt-ls -n", 0.6], ["stapsdt-ls", 0.9], ["stapsdt-ls --json", json]]) {
    check(`${label}: ${name} <= ${max}x ${READELF}`, ofReadelf(name, label), (r) => r <= max, x);
  }
}
for (const [label, min] of [["probes-100k", 2e6], ["distinct-100k", 1e6]]) {
  check(`in-process, ${label}: >= ${min / 1e6} M probes/s, every probe's args read`, rate.get(label), (r) => r >= min, mps);
}
check(`libjvm.so: stapsdt-ls <= 1.5x ${BASE}`, time.get("stapsdt-ls|libjvm.so") / base, (r) => r <= 1.5,
  (r) => `${x(r)}` + (instructions.size > 0 ? ` (instructions: ${x(ofBase("stapsdt-ls"))})` : ""));
for (const name of ours) {
  check(`work 10k -> 100k within 12x (${name})`, work(name, "probes-100k") / work(name, "probes-10k"), (g) => g <= 12, (g) => `${g.toFixed(1)}x`);
}
for (const name of ours) {
  const extra = (rss.get(`${name}|big-1g`) - rss.get(BASE)) * 1024;
  check(`big-1g: peak RSS within 20 MB of ${BASE} (${name})`, extra, (d) => d <= 20e6, (d) => `${d < 0 ? "" : "+"}${(d / 1e6).toFixed(1)} MB`);
}
check("big-1g: under 1 MB read", bytes.bytesRead, (n) => n < 1e6, (n) => `${n} bytes`);
lines.push("", "Targets (issue #8):", ...targets);

// The recursive scan against find | xargs readelf -n (issue #10; bench/scan.mjs).
log("bench: the recursive scan");
const scan = benchScan({ runs: Math.max(3, Math.min(RUNS, 5)), warmup: WARMUP });
lines.push("", ...scan.lines, "", "Targets (issue #10):", ...scan.targets);

process.stdout.write(lines.join("\n") + "\n");
if (process.env.BENCH_JSON) {
  fs.writeFileSync(process.env.BENCH_JSON, JSON.stringify({
    node: process.version, runs: RUNS, bin: path.relative(ROOT, BIN), baseline: base,
    time: Object.fromEntries(time), cpu: Object.fromEntries(cpu), rss: Object.fromEntries(rss),
    instructions: Object.fromEntries(instructions), rate: Object.fromEntries(rate), bytes, scan: scan.numbers,
  }, null, 2) + "\n");
}
