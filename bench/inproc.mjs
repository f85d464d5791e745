#!/usr/bin/env node
/**
 * In-process measurements, run by bench/run.mjs in a fresh Node process.
 *
 *   node bench/inproc.mjs rate FILE [MEASURE] -> {"probes", "decodeOnly", "full", "fullHow", "forEach", "visit"} (probes/s;
 *                                        with MEASURE, only that one, the others null)
 *   node bench/inproc.mjs bytes FILE  -> {"bytesRead", "reads", "size", "probes"}
 *
 * `rate` reads FILE into memory once, then times `listProbes(openElf(bytes))`
 * (decode only: descriptors, addresses, offsets) and the same plus argument
 * parsing ("full"). Argument parsing is detected: a `probe.args` property
 * (lazy or eager) or an exported `parseArguments`; without either, "full" is
 * null (n/a). Each figure is the median of several timed rounds after warm-up
 * rounds; a round lasts at least ~200 ms.
 *
 * `bytes` lists FILE through `countingSource(openFileSource(FILE))` and reports
 * how many bytes the parser asked for.
 */
import * as fs from "node:fs";
import * as path from "node:path";
import { fileURLToPath } from "node:url";

const DIST = process.env.BENCH_DIST
  ? path.join(path.resolve(process.env.BENCH_DIST), "node.js")
  : path.join(path.dirname(fileURLToPath(import.meta.url)), "..", "dist", "node.js");
const api = await import(DIST);
const [mode, file, only] = process.argv.slice(2);
/** Whether to measure `name` (all, or only the one named on the command line). */
const wanted = (name) => only === undefined || only === name;

function median(xs) {
  const s = [...xs].sort((a, b) => a - b);
  return s[Math.floor(s.length / 2)];
}

/** Probes per second of `fn` (which returns a probe count), median of rounds. */
function rate(fn, rounds = 7, warmup = 3) {
  const rates = [];
  for (let r = 0; r < warmup + rounds; r++) {
    let probes = 0;
    let reps = 0;
    const t0 = process.hrtime.bigint();
    let elapsed = 0;
    do {
      probes += fn();
      reps++;
      elapsed = Number(process.hrtime.bigint() - t0) / 1e9;
    } while (elapsed < 0.2);
    if (r >= warmup) rates.push(probes / elapsed);
  }
  return median(rates);
}

/** How to parse a probe's arguments with this build, or null when it cannot. */
function argumentParser(sample, file) {
  const p = sample.probes[0];
  if (p && "args" in p) return { how: "probe.args", parse: (q) => q.args };
  if (typeof api.parseArguments === "function" && p) {
    // The signature is the args branch's; try the plausible ones.
    const machine = file.header.machine;
    const tries = [
      ["parseArguments(text, machine)", (q) => api.parseArguments(q.arguments, machine)],
      ["parseArguments(text, file)", (q) => api.parseArguments(q.arguments, file)],
      ["parseArguments(text)", (q) => api.parseArguments(q.arguments)],
    ];
    for (const [how, parse] of tries) {
      try {
        const r = parse(p);
        if (r !== undefined) return { how, parse };
      } catch {
        // next signature
      }
    }
  }
  return null;
}

if (mode === "rate") {
  const bytes = new Uint8Array(fs.readFileSync(file));
  const sample = api.listProbes(api.openElf(bytes));
  const decodeOnly = wanted("decodeOnly") ? rate(() => api.listProbes(api.openElf(bytes)).probes.length) : null;
  const parser = argumentParser(sample, api.openElf(bytes));
  let full = null;
  if (parser && wanted("full")) {
    let sink = 0;
    full = rate(() => {
      const elf = api.openElf(bytes);
      const probes = api.listProbes(elf).probes;
      for (const p of probes) {
        const a = parser.parse(p);
        if (a && a.length) sink += a.length;
      }
      return probes.length;
    });
    if (sink < 0) console.error(sink);
  }
  // The same Probe objects through walkProbes().forEach, each dropped after
  // its visit (a tracer attaching uprobes one by one): the work of "full"
  // minus keeping 100,000 probes alive, which the young generation then copies.
  let forEach = null;
  if (typeof api.walkProbes === "function" && parser && wanted("forEach")) {
    let sink = 0;
    forEach = rate(() => {
      let n = 0;
      api.walkProbes(api.openElf(bytes)).forEach((p) => {
        n++;
        const a = parser.parse(p);
        if (a && a.length) sink += a.length;
      });
      return n;
    });
    if (sink < 0) console.error(sink);
  }
  // The same decode through walkProbes().visit (builds with it): the easy
  // probes come as a reused cursor of numbers, the API renderers use; every
  // field is read, arguments included, so the work is the same minus the
  // Probe objects, bigints and name strings that listProbes keeps.
  let visit = null;
  if (typeof api.walkProbes === "function" && typeof api.walkProbes(api.openElf(bytes)).visit === "function" && wanted("visit")) {
    let sink = 0;
    visit = rate(() => {
      let n = 0;
      api.walkProbes(api.openElf(bytes)).visit({
        cursor(c) {
          n++;
          sink += c.location + c.base + c.semaphore + c.address + c.offset + c.semaphoreAddress + c.semaphoreOffset +
            c.nameEnd - c.nameStart + c.provider.length + c.args.length;
        },
        probe(p) {
          n++;
          sink += p.args.length;
        },
      });
      return n;
    });
    if (sink < 0) console.error(sink);
  }
  process.stdout.write(JSON.stringify({ probes: sample.probes.length, decodeOnly, full, fullHow: parser?.how ?? null, forEach, visit }) + "\n");
} else if (mode === "bytes") {
  const fileSource = api.openFileSource(file);
  try {
    const src = api.countingSource(fileSource);
    const list = api.listProbes(api.openElf(src));
    process.stdout.write(JSON.stringify({ bytesRead: src.bytesRead, reads: src.reads, size: src.size, probes: list.probes.length }) + "\n");
  } finally {
    fileSource.close();
  }
} else {
  process.stderr.write("usage: inproc.mjs rate|bytes FILE\n");
  process.exitCode = 2;
}
