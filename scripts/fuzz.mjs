#!/usr/bin/env node
/**
 * `npm run fuzz`: a long mutation fuzz of the built library (dist/), outside CI.
 *
 *   npm run fuzz -- [--seconds S] [--cases N] [--seed X] [--no-real] [--out DIR]
 *   npm run fuzz -- --seed X --replay N     (run case N of seed X again, timed)
 *
 * Each case takes a valid image and mutates it: synthetic ELF32/ELF64 LE/BE
 * images (test/helpers/seeds.ts) and the malformed fixtures, or one of the
 * real system binaries (python3.11, libpython, libjvm, postgres, libstdc++),
 * whose headers, section/program header tables, .shstrtab and note sections
 * are mutated through an in-memory overlay (only the patched ranges are
 * copied). Every accessor is then called (test/helpers/hostile.ts); anything
 * but a result or an ElfError is a crash, and so is a case that does not
 * finish within a few seconds (a watchdog in the main thread; the fuzz loop
 * runs in a worker).
 *
 * A crash on a synthetic image is saved as fixtures/binaries/malformed/fuzz-<hash>
 * (bless its golden with `UPDATE_GOLDEN=1 npx vitest run test/fixtures`). A
 * crash on a real binary (megabytes) is saved as a recipe, fuzz-out/<hash>.json
 * (binary path, size, patches), to be reduced by hand. Every case is
 * reproducible from (seed, case number). Runs until --cases or --seconds
 * (default: forever, i.e. until interrupted; a summary is printed either way).
 */
import * as fs from "node:fs";
import * as os from "node:os";
import * as path from "node:path";
import { createHash } from "node:crypto";
import { fileURLToPath, pathToFileURL } from "node:url";
import { isMainThread, parentPort, Worker, workerData } from "node:worker_threads";

const ROOT = path.resolve(path.dirname(fileURLToPath(import.meta.url)), "..");
const REAL = [
  "/usr/bin/python3.11",
  "/usr/lib/x86_64-linux-gnu/libpython3.11.so.1.0",
  "/usr/lib/jvm/java-17-openjdk-amd64/lib/server/libjvm.so",
  "/usr/lib/postgresql/15/bin/postgres",
  "/usr/lib/x86_64-linux-gnu/libstdc++.so.6",
];
/** A case taking longer than this is a hang (an honest parse of any input here takes milliseconds). */
const HANG_MS = 10_000;
const BATCH = 64;

// ---------------------------------------------------------------- main thread

async function main() {
  const opts = parseOptions(process.argv.slice(2));
  if (!fs.existsSync(path.join(ROOT, "dist/index.js"))) {
    console.error("fuzz: dist/index.js is missing; run `npm run build` first (npm run fuzz does).");
    process.exit(2);
  }
  const helpers = await bundleHelpers();
  if (opts.replay !== null) return replay(helpers, opts);
  const shared = new Int32Array(new SharedArrayBuffer(8)); // [0] = case being run, [1] = worker ready
  const stats = { cases: 0, crashes: 0, hangs: 0, saved: [], outcomes: {}, maxMs: 0, slowest: null };
  const seen = new Map();
  const started = Date.now();
  const deadline = opts.seconds === Infinity ? Infinity : started + opts.seconds * 1000;
  let next = 0;
  console.error(`fuzz: seed ${opts.seed}, ${opts.cases === Infinity ? "unbounded" : opts.cases} cases, ` +
    `${opts.seconds === Infinity ? "no time limit" : opts.seconds + " s"}, real binaries ${opts.real ? "on" : "off"}`);

  let stop = false;
  process.on("SIGINT", () => { stop = true; });
  while (!stop && next < opts.cases && Date.now() < deadline) {
    const res = await runWorker({ helpers, seed: opts.seed, start: next, end: opts.cases, deadline, real: opts.real, shared }, stats, seen, opts, () => stop);
    next = res.next;
    if (res.hung !== null) {
      stats.hangs++;
      await saveCase(helpers, opts, res.hung, { step: "hang", message: `case did not finish within ${HANG_MS} ms` }, stats, seen);
      next = res.hung + 1;
    }
  }
  const secs = (Date.now() - started) / 1000;
  const summary = { seed: opts.seed, cases: stats.cases, seconds: Math.round(secs), casesPerSecond: Math.round(stats.cases / secs),
    crashes: stats.crashes, hangs: stats.hangs, saved: stats.saved, slowestCaseMs: Math.round(stats.maxMs), slowestCase: stats.slowest,
    outcomes: Object.fromEntries(Object.entries(stats.outcomes).sort((a, b) => b[1] - a[1])) };
  console.log(JSON.stringify(summary, null, 2));
  process.exitCode = stats.crashes + stats.hangs > 0 ? 1 : 0;
}

/** Runs one case (`--replay N` with the run's `--seed`) and prints what it is, its outcome and its time. */
async function replay(helpers, opts) {
  const { h, api, makeCaseFactory } = await loadFactory(helpers, opts.real);
  const c = makeCaseFactory(opts.seed)(opts.replay);
  const input = c.kind === "synthetic" ? c.bytes : c.source;
  for (let run = 0; run < 3; run++) {
    const t0 = performance.now();
    let outcome;
    try {
      outcome = h.exercise(api, input, { maxDataBytes: 1 << 20 });
    } catch (e) {
      outcome = { crash: e?.message ?? String(e) };
    }
    console.log(JSON.stringify({ case: opts.replay, desc: c.desc, ms: Math.round(performance.now() - t0), outcome }));
  }
  if (c.kind === "real") console.log(JSON.stringify(c.recipe));
}

function runWorker(data, stats, seen, opts, stopped) {
  return new Promise((resolve) => {
    Atomics.store(data.shared, 1, 0);
    const w = new Worker(fileURLToPath(import.meta.url), { workerData: data });
    let last = Atomics.load(data.shared, 0);
    let lastChange = Date.now();
    let lastReport = Date.now();
    let done = false;
    const timer = setInterval(() => {
      const now = Atomics.load(data.shared, 0);
      // Loading the real binaries takes a while: the watchdog starts when the worker is ready.
      if (now !== last || Atomics.load(data.shared, 1) === 0) { last = now; lastChange = Date.now(); }
      if (stopped()) w.postMessage("stop");
      if (Date.now() - lastReport > 30_000) {
        lastReport = Date.now();
        console.error(`fuzz: ${stats.cases} cases, ${stats.crashes} crashes, ${stats.hangs} hangs, slowest ${Math.round(stats.maxMs)} ms`);
      }
      if (Date.now() - lastChange > HANG_MS && !done) {
        done = true;
        clearInterval(timer);
        w.terminate().then(() => resolve({ next: last, hung: last }));
      }
    }, 250);
    w.on("message", async (m) => {
      if (m.type === "progress") {
        stats.cases += m.cases;
        for (const [k, v] of Object.entries(m.outcomes)) stats.outcomes[k] = (stats.outcomes[k] ?? 0) + v;
        if (m.maxMs > stats.maxMs) { stats.maxMs = m.maxMs; stats.slowest = m.slowest; }
      } else if (m.type === "crash") {
        await saveCase(data.helpers, opts, m.caseNo, m.crash, stats, seen);
      } else if (m.type === "done" && !done) {
        done = true;
        clearInterval(timer);
        w.terminate().then(() => resolve({ next: m.next, hung: null }));
      }
    });
    w.on("error", (e) => {
      if (done) return;
      done = true;
      clearInterval(timer);
      // An uncaught error in the worker (e.g. stack overflow outside a case): save the case and go on.
      saveCase(data.helpers, opts, Atomics.load(data.shared, 0), { step: "worker", message: String(e?.stack ?? e) }, stats, seen)
        .then(() => resolve({ next: Atomics.load(data.shared, 0) + 1, hung: null }));
    });
  });
}

async function saveCase(helpersPath, opts, caseNo, crash, stats, seen) {
  stats.crashes++;
  // Keep at most three files per kind of crash (same step, same message up to numbers).
  const sig = `${crash.step}:${String(crash.message).split("\n")[0].replace(/\d+/g, "N")}`;
  const count = seen.get(sig) ?? 0;
  seen.set(sig, count + 1);
  if (count >= 3) return;
  const { makeCaseFactory } = await loadFactory(helpersPath, opts.real);
  const c = makeCaseFactory(opts.seed)(caseNo);
  const hash = createHash("sha256");
  let file;
  if (c.kind === "synthetic") {
    hash.update(c.bytes);
    const name = `fuzz-${hash.digest("hex").slice(0, 16)}`;
    file = path.join(opts.out, name);
    fs.mkdirSync(opts.out, { recursive: true });
    fs.writeFileSync(file, c.bytes);
  } else {
    hash.update(JSON.stringify(c.recipe));
    const dir = path.join(ROOT, "fuzz-out");
    fs.mkdirSync(dir, { recursive: true });
    file = path.join(dir, `${hash.digest("hex").slice(0, 16)}.json`);
    fs.writeFileSync(file, JSON.stringify({ ...c.recipe, crash }, (_, v) => (typeof v === "bigint" ? v.toString() : v), 2));
  }
  if (count === 0) stats.saved.push({ case: caseNo, file: path.relative(ROOT, file), step: crash.step, message: String(crash.message).split("\n")[0] });
  console.error(`fuzz: CRASH in case ${caseNo} (${c.desc}): ${crash.step}: ${String(crash.message).split("\n")[0]} -> ${path.relative(ROOT, file)}`);
}

function parseOptions(argv) {
  const o = { cases: Infinity, seconds: Infinity, seed: Date.now() % 1_000_000_007, real: true, out: path.join(ROOT, "fixtures/binaries/malformed"), replay: null };
  for (let i = 0; i < argv.length; i++) {
    const a = argv[i];
    const val = () => {
      const v = argv[++i];
      if (v === undefined) usage(`${a} needs a value`);
      return v;
    };
    if (a === "--cases") o.cases = Number(val());
    else if (a === "--seconds") o.seconds = Number(val());
    else if (a === "--seed") o.seed = Number(val());
    else if (a === "--no-real") o.real = false;
    else if (a === "--replay") o.replay = Number(val());
    else if (a === "--out") o.out = path.resolve(val());
    else if (a === "-h" || a === "--help") usage();
    else usage(`unknown option ${a}`);
  }
  if (!(o.cases > 0) || !(o.seconds > 0) || !Number.isSafeInteger(o.seed)) usage("--cases and --seconds must be positive, --seed an integer");
  return o;
}

function usage(msg) {
  if (msg) console.error(`fuzz: ${msg}`);
  console.error("Usage: npm run fuzz -- [--seconds S] [--cases N] [--seed X] [--no-real] [--out DIR] [--replay N]");
  process.exit(msg ? 2 : 0);
}

/** Bundles the TypeScript test helpers (builder, seeds, mutations, oracle) into one ES module. */
async function bundleHelpers() {
  const { build } = await import("esbuild");
  const out = path.join(fs.mkdtempSync(path.join(os.tmpdir(), "stapsdt-fuzz-")), "helpers.mjs");
  await build({
    stdin: {
      contents: ["hostile", "mutate", "seeds", "malformed"].map((m) => `export * from "./test/helpers/${m}.ts";`).join("\n"),
      resolveDir: ROOT, loader: "ts",
    },
    bundle: true, format: "esm", platform: "neutral", target: "node20", outfile: out, logLevel: "error",
  });
  return out;
}

// ---------------------------------------------------------------- cases

let factoryCache = null;
async function loadFactory(helpersPath, real) {
  if (factoryCache) return factoryCache;
  const h = await import(pathToFileURL(helpersPath).href);
  // The public API as the oracle takes it: the entries merged (see LibApi in
  // test/helpers/hostile.ts; `walkProbes` is internal, so not in dist/).
  const entry = (name) => import(pathToFileURL(path.join(ROOT, `dist/${name}.js`)).href);
  const api = Object.assign({}, ...await Promise.all(["index", "elf", "notes", "loader"].map(entry)));
  const synth = [...h.seedImages().map((s) => s.bytes), ...Object.values(h.MALFORMED).map((b) => b()).filter((b) => b.length >= 64)];
  const synthFields = synth.map((b) => h.elfFields(b));
  const reals = real ? REAL.filter((p) => fs.existsSync(p)).map((p) => realImage(h, p)) : [];

  /** Case `n` of the run with `seed`: a pure function of both. */
  const makeCaseFactory = (seed) => (n) => {
    const r = h.rng((seed * 0x9e3779b1) ^ Math.imul(n, 0x85ebca6b) ^ 0x5bd1e995);
    const pick = r();
    if (pick < 0.03) {
      // Pure random bytes, sometimes behind a valid identification.
      const b = new Uint8Array(Math.floor(r() * 512));
      for (let i = 0; i < b.length; i++) b[i] = Math.floor(r() * 256);
      if (b.length >= 16 && r() < 0.7) b.set([0x7f, 0x45, 0x4c, 0x46, 1 + Math.floor(r() * 2), 1 + Math.floor(r() * 2), 1]);
      return { kind: "synthetic", bytes: b, desc: `random ${b.length} bytes` };
    }
    if (reals.length === 0 || pick < 0.75) {
      const i = Math.floor(r() * synth.length);
      const k = 1 + Math.floor(r() * 8);
      const muts = Array.from({ length: k }, () => h.randomMutation(r, synth[i].length, synthFields[i].length));
      return { kind: "synthetic", bytes: h.applyMutations(synth[i], muts, synthFields[i]), desc: `synthetic ${i}, ${k} mutation(s)` };
    }
    const img = reals[Math.floor(r() * reals.length)];
    return realCase(h, img, r);
  };
  factoryCache = { h, api, makeCaseFactory };
  return factoryCache;
}

/** A real binary: its bytes, its fields, and the ranges worth mutating. */
function realImage(h, file) {
  const bytes = new Uint8Array(fs.readFileSync(file));
  const fields = h.elfFields(bytes, 1024);
  const v = new DataView(bytes.buffer, bytes.byteOffset, bytes.byteLength);
  // Relevant ranges: ELF header, program headers, section headers, .shstrtab and SHT_NOTE sections (ELF64 LE).
  const ranges = [[0, 64]];
  const phoff = Number(v.getBigUint64(32, true));
  const shoff = Number(v.getBigUint64(40, true));
  const shnum = v.getUint16(60, true);
  ranges.push([phoff, v.getUint16(56, true) * 56], [shoff, shnum * 64]);
  const shstrndx = v.getUint16(62, true);
  for (let i = 0; i < shnum; i++) {
    const at = shoff + i * 64;
    const type = v.getUint32(at + 4, true);
    if (type === 7 || i === shstrndx) ranges.push([Number(v.getBigUint64(at + 24, true)), Number(v.getBigUint64(at + 32, true))]);
  }
  return { file, bytes, fields, ranges: ranges.filter(([o, n]) => n > 0 && o + n <= bytes.length) };
}

function realCase(h, img, r) {
  const patches = new Map();
  const k = 1 + Math.floor(r() * 6);
  let size = img.bytes.length;
  const le = true;
  for (let j = 0; j < k; j++) {
    const pick = r();
    if (pick < 0.5) {
      const f = img.fields[Math.floor(r() * img.fields.length)];
      const value = r() < 0.8 ? h.BOUNDARY_VALUES[Math.floor(r() * h.BOUNDARY_VALUES.length)] : BigInt(Math.floor(r() * 2 ** 32));
      const x = BigInt.asUintN(f.width * 8, value);
      for (let b = 0; b < f.width; b++) patches.set(f.at + b, Number((x >> BigInt(8 * (le ? b : f.width - 1 - b))) & 0xffn));
    } else if (pick < 0.97) {
      const [o, n] = img.ranges[Math.floor(r() * img.ranges.length)];
      const at = o + Math.floor(r() * n);
      patches.set(at, r() < 0.5 ? (img.bytes[at] ^ (1 << Math.floor(r() * 8))) : Math.floor(r() * 256));
    } else {
      size = Math.floor(r() * size);
    }
  }
  const sorted = [...patches.keys()].sort((a, b) => a - b);
  const source = {
    size,
    read(offset, length) {
      const view = img.bytes.subarray(offset, offset + length);
      // Copy only when a patch falls in the range.
      let lo = 0;
      while (lo < sorted.length && sorted[lo] < offset) lo++;
      if (lo === sorted.length || sorted[lo] >= offset + length) return view;
      const copy = view.slice();
      for (let i = lo; i < sorted.length && sorted[i] < offset + length; i++) copy[sorted[i] - offset] = patches.get(sorted[i]);
      return copy;
    },
  };
  return {
    kind: "real", source, desc: `${path.basename(img.file)}, ${patches.size} patched byte(s), size ${size}`,
    recipe: { file: img.file, size, patches: sorted.map((o) => [o, patches.get(o)]) },
  };
}

// ---------------------------------------------------------------- worker

async function worker() {
  const { helpers, seed, start, end, deadline, real, shared } = workerData;
  const { h, api, makeCaseFactory } = await loadFactory(helpers, real);
  const make = makeCaseFactory(seed);
  let stop = false;
  parentPort.on("message", (m) => { if (m === "stop") stop = true; });
  let n = start;
  Atomics.store(shared, 0, n);
  Atomics.store(shared, 1, 1);
  while (n < end && !stop && Date.now() < deadline) {
    const outcomes = {};
    let maxMs = 0;
    let slowest = null;
    let count = 0;
    for (let j = 0; j < BATCH && n < end; j++, n++, count++) {
      Atomics.store(shared, 0, n);
      const c = make(n);
      const input = c.kind === "synthetic" ? c.bytes : c.source;
      const t0 = performance.now();
      try {
        const o = h.exercise(api, input, { maxDataBytes: 1 << 20 });
        const key = typeof o.open === "object" ? `open:${o.open.error}`
          : typeof o.probes === "object" ? `probes:${o.probes.error}`
          : `${c.kind}:${o.probes > 0 ? "probes" : "no probes"}${o.warnings?.length ? "+warnings" : ""}`;
        outcomes[key] = (outcomes[key] ?? 0) + 1;
      } catch (e) {
        const crash = { step: e?.step ?? "exercise", message: e?.message ?? String(e), stack: String(e?.cause?.stack ?? e?.stack ?? "") };
        parentPort.postMessage({ type: "crash", caseNo: n, crash });
      }
      const ms = performance.now() - t0;
      if (ms > maxMs) { maxMs = ms; slowest = { case: n, desc: c.desc }; }
    }
    parentPort.postMessage({ type: "progress", cases: count, outcomes, maxMs, slowest });
    // Let the "stop" message in.
    await new Promise((res) => setImmediate(res));
  }
  parentPort.postMessage({ type: "done", next: n });
}

if (isMainThread) await main();
else await worker();
