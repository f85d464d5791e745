#!/usr/bin/env node
/**
 * `npm run bench`: stapsdt-ls against readelf -n, eu-readelf -n and
 * llvm-readelf --notes, in one run.
 *
 * Inputs (built on demand by bench/gen.mjs into bench/out/): /usr/bin/python3.11,
 * libjvm.so (when installed), probes-10k, probes-100k and big-1g. For each,
 * every tool runs under hyperfine (`-N`, output to /dev/null, warm-up runs,
 * then BENCH_RUNS timed runs, default 10); the table shows medians and ratios
 * to `readelf -n`. stapsdt-ls runs as installed: package.json's `bin`,
 * dist/bin.js, run directly (its `#!/usr/bin/env node` starts the `node` on
 * PATH).
 *
 * Every command, `node -e 0` and readelf included, runs with
 * NODE_EXTRA_CA_CERTS unset, a typical user's environment (Node 20 loads that
 * bundle at start-up, ~50 ms with Debian's). The start-up baseline is
 * `node -e 0`, measured in the same rounds; "work" is a median minus it, and
 * the libjvm.so target is checked against it. Then:
 *
 * - peak RSS (`/usr/bin/time -f %M`, median of 3) of each stapsdt-ls view and
 *   of the baseline;
 * - in-process probes/s on probes-100k already in memory (bench/inproc.mjs),
 *   and listProbes once more with a 128 MB young generation (V8 flags), to
 *   show what the default one costs;
 * - bytes the parser reads from big-1g through `countingSource`;
 * - with valgrind installed (not in BENCH_QUICK), instructions executed on the
 *   main thread (bench/instructions.mjs) by `node -e 0` and by each view on
 *   the small inputs: start-up work counted the same on a loaded machine;
 * - the floor: bench/floor-table.cjs, about the least a Node program does to
 *   print the same table (no checks at all), timed in the same rounds on the
 *   small inputs, and counted with the instructions.
 *
 * `-n` (readelf-style notes view) and argument parsing are detected: when the
 * build has no such thing the cell says n/a. The targets of issue #7 are
 * checked at the end (PASS/FAIL); the exit status is 0 either way.
 *
 * Environment: BENCH_DIST (the dist/ folder to measure, default ./dist), BENCH_RUNS (timed runs per command), BENCH_QUICK=1 (3 runs,
 * skips llvm-readelf and eu-readelf), BENCH_JSON=path (also write all numbers as JSON).
 */
import { execFileSync, spawnSync } from "node:child_process";
import * as fs from "node:fs";
import * as os from "node:os";
import * as path from "node:path";
import { fileURLToPath } from "node:url";
import { BIG_PATH, buildAll, probesPath } from "./gen.mjs";
import { haveCallgrind, mainThreadInstructions } from "./instructions.mjs";

const HERE = path.dirname(fileURLToPath(import.meta.url));
const ROOT = path.join(HERE, "..");
// BENCH_DIST: another build's dist/ folder (e.g. to measure an older commit).
const DIST = process.env.BENCH_DIST ? path.resolve(process.env.BENCH_DIST) : path.join(ROOT, "dist");
// The CLI as package.json installs it, run directly as a `bin` link runs it:
// dist/bin.js, or in an older build (BENCH_DIST) its dist/launcher.cjs, or
// else `node bin.cjs`.
const INSTALLED = ["bin.js", "launcher.cjs"].map((f) => path.join(DIST, f)).find((f) => fs.existsSync(f));
const BIN_CJS = path.join(DIST, "bin.cjs");
const ours = (...args) => (INSTALLED ? [INSTALLED, ...args] : [process.execPath, BIN_CJS, ...args]);
const QUICK = process.env.BENCH_QUICK === "1";
const RUNS = Number(process.env.BENCH_RUNS ?? (QUICK ? 3 : 10));
const WARMUP = QUICK ? 1 : 2;

const has = (cmd) => spawnSync("sh", ["-c", `command -v ${cmd}`], { stdio: "ignore" }).status === 0;
const log = (s) => process.stderr.write(s + "\n");

function requireTool(cmd, hint) {
  if (!has(cmd)) {
    log(`bench: ${cmd} is required (${hint})`);
    process.exit(1);
  }
}

// ---- inputs ---------------------------------------------------------------

requireTool("hyperfine", "apt-get install hyperfine");
requireTool("readelf", "apt-get install binutils");
requireTool("gcc", "apt-get install gcc systemtap-sdt-dev");
if (!INSTALLED && !fs.existsSync(BIN_CJS)) {
  log("bench: dist/bin.js is missing: run `npm run build` first");
  process.exit(1);
}
await buildAll();

const JVM = "/usr/lib/jvm/java-17-openjdk-amd64/lib/server/libjvm.so";
const inputs = [
  { label: "python3.11", path: "/usr/bin/python3.11" },
  { label: "libjvm.so", path: JVM },
  { label: "10k probes", path: probesPath(10000) },
  { label: "100k probes", path: probesPath(100000) },
  { label: "1 GB file", path: BIG_PATH },
].filter((i) => fs.existsSync(i.path));

// A typical user's environment, for every command: no NODE_EXTRA_CA_CERTS.
const ENV = { ...process.env };
delete ENV.NODE_EXTRA_CA_CERTS;

// ---- what this build supports -----------------------------------------------

const [ourFile, ...ourArgs] = ours("-n", probesPath(1000));
const supportsN = spawnSync(ourFile, ourArgs, { stdio: "ignore", env: ENV }).status === 0;

// ---- tools ----------------------------------------------------------------------

const node = process.execPath;
// The installed bin runs the `node` on PATH: the baselines should be that same Node.
const pathNode = spawnSync("sh", ["-c", "command -v node"], { encoding: "utf8" }).stdout.trim();
if (INSTALLED && pathNode && fs.realpathSync(pathNode) !== fs.realpathSync(node)) {
  log(`bench: warning: stapsdt-ls runs ${pathNode}, the baselines ${node}`);
}
const tools = [
  { name: "stapsdt-ls", args: (f) => ours(f), ours: true },
  { name: "stapsdt-ls --json", args: (f) => ours("--json", f), ours: true },
  { name: "stapsdt-ls -n", args: supportsN ? (f) => ours("-n", f) : null, ours: true },
  { name: "readelf -n", args: (f) => ["readelf", "-n", f] },
  { name: "eu-readelf -n", args: !QUICK && has("eu-readelf") ? (f) => ["eu-readelf", "-n", f] : null },
  { name: "llvm-readelf --notes", args: !QUICK && has("llvm-readelf") ? (f) => ["llvm-readelf", "--notes", f] : null },
];

const quote = (a) => (/^[\w./=+-]+$/.test(a) ? a : `'${a.replace(/'/g, `'\\''`)}'`);

/**
 * Runs every command once, in order (`-N`: no shell; output to /dev/null), in
 * one hyperfine call. Returns [wall, user + system] seconds per command.
 */
function round(commands) {
  const out = path.join(os.tmpdir(), `stapsdt-bench-${process.pid}.json`);
  execFileSync("hyperfine", [
    "-N", "--style", "none", "--runs", "1", "--export-json", out,
    ...commands.map((c) => c.cmd.map(quote).join(" ")),
  ], { stdio: ["ignore", "ignore", "ignore"], env: ENV });
  const { results } = JSON.parse(fs.readFileSync(out, "utf8"));
  fs.rmSync(out, { force: true });
  return results.map((r) => [r.times[0], r.user + r.system]);
}

const median = (xs) => {
  const s = [...xs].sort((a, b) => a - b);
  return s.length % 2 ? s[(s.length - 1) / 2] : (s[s.length / 2 - 1] + s[s.length / 2]) / 2;
};

/**
 * Median wall and CPU seconds of each command. Runs are interleaved (round r
 * runs every command once) so that load from other processes, which comes and
 * goes on a shared machine, falls on all commands alike.
 */
function measure(commands) {
  const wall = commands.map(() => []);
  const cpu = commands.map(() => []);
  for (let r = 0; r < WARMUP + RUNS; r++) {
    const res = round(commands);
    if (r < WARMUP) continue;
    res.forEach(([w, c], i) => {
      wall[i].push(w);
      cpu[i].push(c);
    });
    process.stderr.write(`\rbench: round ${r + 1 - WARMUP}/${RUNS}`);
  }
  process.stderr.write("\n");
  return commands.map((_, i) => ({ wall: median(wall[i]), cpu: median(cpu[i]) }));
}

/** Peak RSS in KiB (median of 3), or null without /usr/bin/time. */
function peakRss(cmd) {
  if (!fs.existsSync("/usr/bin/time")) return null;
  const xs = [];
  for (let i = 0; i < 3; i++) {
    const r = spawnSync("/usr/bin/time", ["-f", "%M", ...cmd], { stdio: ["ignore", "ignore", "pipe"], encoding: "utf8", env: ENV });
    const lines = r.stderr.trim().split("\n");
    xs.push(Number(lines[lines.length - 1]));
  }
  return xs.sort((a, b) => a - b)[1];
}

function inproc(mode, file, ...rest) {
  return inprocWith([], mode, file, ...rest);
}

/** `inproc` in a Node started with `flags` (V8 options). */
function inprocWith(flags, mode, file, ...rest) {
  const r = execFileSync(node, [...flags, path.join(HERE, "inproc.mjs"), mode, file, ...rest], { encoding: "utf8", stdio: ["ignore", "pipe", "inherit"], env: ENV });
  return JSON.parse(r);
}

/**
 * A young generation of 128 MB (semi-spaces), which holds several lists of
 * 100,000 probes: `listProbes` without the scavenger copying the probes it
 * keeps. Not what a program gets by default (16 MB at most); it shows where
 * the default run's time goes.
 */
const BIG_YOUNG = ["--min-semi-space-size=128", "--max-semi-space-size=128"];

/**
 * The in-process rates, each in Node processes of its own: after rounds of
 * listProbes, V8 has marked the Probe allocation site for pretenuring, and a
 * pass that drops its probes then pays for old-generation collections
 * (measured: forEach 1.4 M/s after listProbes in the same process, 2.2-3.6 M/s
 * alone). Each rate is the median of three processes, taken in turns: this
 * host has slow phases of seconds, which a single process can fall into.
 */
function inprocRates(file) {
  const measures = ["decodeOnly", "full", "forEach", "visit"];
  const seen = Object.fromEntries(measures.map((m) => [m, []]));
  let fullHow = null;
  for (let i = 0; i < 3; i++) {
    for (const measure of measures) {
      const r = inproc("rate", file, measure);
      if (r[measure] !== null) seen[measure].push(r[measure]);
      fullHow ??= r.fullHow;
    }
  }
  const bigYoung = [];
  for (let i = 0; i < 3; i++) {
    const r = inprocWith(BIG_YOUNG, "rate", file, "full");
    if (r.full !== null) bigYoung.push(r.full);
  }
  const mid = (xs) => (xs.length === 0 ? null : [...xs].sort((a, b) => a - b)[Math.floor(xs.length / 2)]);
  return { ...Object.fromEntries(measures.map((m) => [m, mid(seen[m])])), fullHow, fullBigYoung: mid(bigYoung) };
}

// ---- measure --------------------------------------------------------------------

log(`bench: ${RUNS} interleaved rounds after ${WARMUP} warm-up; -n ${supportsN ? "supported" : "n/a"}; ` +
  `stapsdt-ls runs as ${INSTALLED ? path.relative(ROOT, INSTALLED) : "node bin.cjs"}; NODE_EXTRA_CA_CERTS unset`);
const BASELINE = "node -e 0";
const commands = [{ key: BASELINE, cmd: [node, "-e", "0"] }];
for (const input of inputs) {
  for (const t of tools.filter((x) => x.args)) commands.push({ key: `${t.name}|${input.label}`, cmd: t.args(input.path) });
}
// The floor (bench/floor-table.cjs) on the small inputs, where start-up is
// the cost, when it prints what stapsdt-ls prints there.
const FLOOR = path.join(HERE, "floor-table.cjs");
const SMALL = ["python3.11", "libjvm.so"];
const floorInputs = inputs.filter((i) => SMALL.includes(i.label)).filter((i) => {
  const [file, ...args] = ours(i.path);
  const a = spawnSync(file, args, { encoding: "latin1", maxBuffer: 1 << 26, env: ENV }).stdout;
  const b = spawnSync(node, [FLOOR, i.path], { encoding: "latin1", maxBuffer: 1 << 26, env: ENV }).stdout;
  if (a !== b) log(`bench: floor-table.cjs prints another table than stapsdt-ls for ${i.path}: not measured`);
  return a === b;
});
for (const input of floorInputs) commands.push({ key: `floor|${input.label}`, cmd: [node, FLOOR, input.path] });
const measured = measure(commands);
const times = new Map(); // key -> median wall seconds
const cpuTimes = new Map(); // key -> median user + system seconds
commands.forEach((c, i) => {
  times.set(c.key, measured[i].wall);
  cpuTimes.set(c.key, measured[i].cpu);
});
const baseline = times.get(BASELINE); // "work" and the libjvm target

log("bench: peak RSS");
const rss = new Map();
rss.set(BASELINE, peakRss([node, "-e", "0"]));
for (const input of inputs) {
  for (const t of tools.filter((x) => x.ours && x.args)) rss.set(`${t.name}|${input.label}`, peakRss(t.args(input.path)));
}

// Start-up work in instructions (bench/instructions.mjs), on the inputs small
// enough to count: `node BIN ...`, as the bin's `#!` line runs it (valgrind
// would count /usr/bin/env, and follows no exec).
const instructions = new Map(); // key -> millions
const COUNTED = ["python3.11", "libjvm.so"];
if (!QUICK && haveCallgrind()) {
  log("bench: instructions (valgrind)");
  const viaNode = (cmd) => (cmd[0] === node ? cmd : [node, ...cmd]);
  instructions.set("node -e 0", mainThreadInstructions([node, "-e", "0"], ENV));
  instructions.set("stapsdt-ls --version", mainThreadInstructions(viaNode(ours("--version")), ENV));
  for (const input of floorInputs) instructions.set(`floor|${input.label}`, mainThreadInstructions([node, FLOOR, input.path], ENV));
  for (const input of inputs.filter((i) => COUNTED.includes(i.label))) {
    for (const t of tools.filter((x) => x.ours && x.args)) {
      instructions.set(`${t.name}|${input.label}`, mainThreadInstructions(viaNode(t.args(input.path)), ENV));
    }
  }
}

log("bench: in-process");
const rate = inprocRates(probesPath(100000));
const bytes = inproc("bytes", BIG_PATH);

// ---- report ---------------------------------------------------------------------

const ms = (s) => (s === undefined || s === null ? "n/a" : `${(s * 1000).toFixed(1)} ms`);
const mib = (kib) => (kib === null || kib === undefined ? "n/a" : `${(kib / 1024).toFixed(1)} MiB`);
const pad = (rows) => {
  const w = rows[0].map((_, i) => Math.max(...rows.map((r) => r[i].length)));
  return rows.map((r) => r.map((c, i) => (i === 0 ? c.padEnd(w[i]) : c.padStart(w[i]))).join("  ")).join("\n");
};

const lines = [];
lines.push(`stapsdt-ls bench: node ${process.version}, ${os.cpus().length} cores (${os.cpus()[0]?.model ?? "?"}), ${RUNS} runs, medians`);
lines.push(`stapsdt-ls = ${INSTALLED ? `${path.relative(ROOT, INSTALLED)} (the installed command)` : "node dist/bin.cjs"}`);
lines.push("Start-up baseline: node -e 0; every command runs with NODE_EXTRA_CA_CERTS unset");
lines.push("");
const baselineRows = (values) => [[BASELINE, ...inputs.map(() => values(BASELINE))]];
const header = ["", ...inputs.map((i) => i.label)];
const rows = [header, ...baselineRows((k) => ms(times.get(k)))];
for (const t of tools) {
  rows.push([t.name, ...inputs.map((i) => {
    const s = times.get(`${t.name}|${i.label}`);
    if (s === undefined) return "n/a";
    const re = times.get(`readelf -n|${i.label}`);
    return t.name === "readelf -n" ? ms(s) : `${ms(s)} ${(s / re).toFixed(2)}x`;
  })]);
}
lines.push(pad(rows));
lines.push("");
lines.push(`Ratios are to readelf -n on the same file. Work = median - ${BASELINE}:`);
const work = (tool, label) => {
  const s = times.get(`${tool}|${label}`);
  return s === undefined ? undefined : s - baseline;
};
const wrows = [["", ...inputs.map((i) => i.label)]];
for (const t of tools.filter((x) => x.ours)) wrows.push([t.name, ...inputs.map((i) => ms(work(t.name, i.label)))]);
lines.push(pad(wrows));
lines.push("");
lines.push(`Ratio to ${BASELINE}:`);
const brows = [["", ...inputs.map((i) => i.label)]];
for (const t of tools.filter((x) => x.ours)) {
  brows.push([t.name, ...inputs.map((i) => {
    const s = times.get(`${t.name}|${i.label}`);
    if (s === undefined) return "n/a";
    return `${(s / baseline).toFixed(2)}x`;
  })]);
}
lines.push(pad(brows));
lines.push("");
lines.push("CPU time (user + system; less sensitive to other load than wall time):");
const crows = [["", ...inputs.map((i) => i.label)], ...baselineRows((k) => ms(cpuTimes.get(k)))];
for (const t of tools) crows.push([t.name, ...inputs.map((i) => ms(cpuTimes.get(`${t.name}|${i.label}`)))]);
lines.push(pad(crows));
lines.push("");
lines.push(`Peak RSS (${BASELINE}: ${mib(rss.get(BASELINE))}):`);
const rrows = [["", ...inputs.map((i) => i.label)]];
for (const t of tools.filter((x) => x.ours)) rrows.push([t.name, ...inputs.map((i) => mib(rss.get(`${t.name}|${i.label}`)))]);
lines.push(pad(rrows));
lines.push("");
if (instructions.size > 0) {
  const e0 = instructions.get("node -e 0");
  const mi = (k) => {
    const v = instructions.get(k);
    return v === null || v === undefined ? "n/a" : `${v.toFixed(1)} M ${(v / e0).toFixed(2)}x`;
  };
  lines.push(`Instructions on the main thread (valgrind; smallest of 2 runs, random hash seed excluded; ratio to node -e 0: ${e0 === null ? "n/a" : `${e0.toFixed(1)} M`}; stapsdt-ls --version: ${mi("stapsdt-ls --version")}):`);
  const counted = inputs.filter((i) => COUNTED.includes(i.label));
  const irows = [["", ...counted.map((i) => i.label)]];
  for (const t of tools.filter((x) => x.ours && x.args)) irows.push([t.name, ...counted.map((i) => mi(`${t.name}|${i.label}`))]);
  if (floorInputs.length > 0) irows.push(["floor-table.cjs", ...counted.map((i) => mi(`floor|${i.label}`))]);
  lines.push(pad(irows));
  lines.push("");
}
if (floorInputs.length > 0) {
  lines.push(`Floor: bench/floor-table.cjs, the same table printed by a CommonJS file with nothing to load and no checks:`);
  const vs = (key, base) => `${ms(times.get(key))} ${(times.get(key) / base).toFixed(2)}x`;
  const frows = [["", ...floorInputs.map((i) => i.label)],
    ["floor-table.cjs", ...floorInputs.map((i) => vs(`floor|${i.label}`, baseline))],
    ["stapsdt-ls", ...floorInputs.map((i) => vs(`stapsdt-ls|${i.label}`, baseline))]];
  lines.push(pad(frows));
  lines.push("");
}
const mps = (x) => (x === null ? "n/a" : `${(x / 1e6).toFixed(2)} M probes/s`);
lines.push(`In-process, probes-100k in memory: decode only ${mps(rate.decodeOnly)}; with arguments ${mps(rate.full)}${rate.fullHow ? ` (${rate.fullHow})` : ""}` +
  (rate.fullBigYoung ? ` (${mps(rate.fullBigYoung)} with a 128 MB young generation, ${BIG_YOUNG.join(" ")}: the difference is the young generation copying the kept probes)` : "") +
  (rate.forEach ? `; walkProbes().forEach, the same Probe objects with arguments, each dropped after its visit: ${mps(rate.forEach)}` : "") +
  (rate.visit ? `; walkProbes().visit, every field and the arguments read from cursors, no Probe objects: ${mps(rate.visit)}` : ""));
lines.push(`1 GB file: ${bytes.bytesRead} bytes read in ${bytes.reads} reads of ${bytes.size} (${bytes.probes} probes)`);

// ---- targets (issue #7) ---------------------------------------------------------

const targets = [];
const check = (what, ok, detail) => targets.push(`${ok === null ? "n/a " : ok ? "PASS" : "FAIL"}  ${what}: ${detail}`);
const ratio = (tool, label) => {
  const s = times.get(`${tool}|${label}`);
  const r = times.get(`readelf -n|${label}`);
  return s === undefined || r === undefined ? null : s / r;
};
const r100 = (tool, max) => {
  const r = ratio(tool, "100k probes");
  check(`100k: ${tool} <= ${max}x readelf -n`, r === null ? null : r <= max, r === null ? "n/a" : `${r.toFixed(2)}x`);
};
r100("stapsdt-ls --json", 0.75);
r100("stapsdt-ls -n", 0.75);
r100("stapsdt-ls", 1.0);
for (const t of tools.filter((x) => x.ours)) {
  const a = work(t.name, "10k probes");
  const b = work(t.name, "100k probes");
  const g = a === undefined || b === undefined ? null : b / a;
  check(`work 10k -> 100k within 12x (${t.name})`, g === null ? null : g <= 12, g === null ? "n/a" : `${g.toFixed(1)}x`);
}
const jvm = times.get("stapsdt-ls|libjvm.so");
const jvmFloor = times.get("floor|libjvm.so");
check(`libjvm.so: stapsdt-ls within 1.25x of ${BASELINE}`, jvm === undefined ? null : jvm <= 1.25 * baseline,
  jvm === undefined ? "n/a" : `${(jvm / baseline).toFixed(2)}x` +
    (jvmFloor === undefined ? "" : `; the floor, floor-table.cjs: ${(jvmFloor / baseline).toFixed(2)}x`));
check("in-process >= 2 M probes/s with arguments (listProbes: all 100,000 Probes kept)", rate.full === null ? null : rate.full >= 2e6, mps(rate.full));
if (rate.forEach) {
  check("in-process >= 2 M probes/s with arguments (walkProbes().forEach: each Probe dropped after its visit)", rate.forEach >= 2e6, mps(rate.forEach));
}
const base = rss.get(BASELINE);
for (const t of tools.filter((x) => x.ours && x.args)) {
  const r = rss.get(`${t.name}|1 GB file`);
  const d = r === null || r === undefined || base === null ? null : (r - base) / 1024;
  check(`1 GB: peak RSS within 20 MB of ${BASELINE} (${t.name})`, d === null ? null : d <= 20, d === null ? "n/a" : `+${d.toFixed(1)} MiB`);
}
check("1 GB: < 1 MB read", bytes.bytesRead < 1e6, `${bytes.bytesRead} bytes`);
lines.push("");
lines.push("Targets:");
lines.push(...targets);

process.stdout.write(lines.join("\n") + "\n");
if (process.env.BENCH_JSON) {
  fs.writeFileSync(process.env.BENCH_JSON, JSON.stringify({
    node: process.version, runs: RUNS, baseline, bin: path.relative(ROOT, INSTALLED ?? BIN_CJS), supportsN,
    times: Object.fromEntries(times), cpu: Object.fromEntries(cpuTimes), rss: Object.fromEntries(rss), rate, bytes,
    instructions: Object.fromEntries(instructions),
  }, null, 2) + "\n");
}
