#!/usr/bin/env node
/**
 * In-process measures, each run by bench/run.mjs in a Node process of its own.
 *
 *   node bench/inproc.mjs rate FILE   -> {"probes", "rate"}   probes/s, every probe's args read
 *   node bench/inproc.mjs bytes FILE  -> {"bytesRead", "reads", "size", "probes"}
 *
 * `rate` reads FILE into memory once, then times `listProbes(openElf(bytes))`
 * and reads every probe's `args` (their count and each argument's `size`),
 * which is what a tracer does before it attaches. The figure is the median of
 * 7 timed rounds after 3 warm-up rounds; a round lasts at least 200 ms.
 *
 * `bytes` lists FILE through `countingSource(openFileSource(FILE))` and
 * reports how many bytes the parser asked for.
 *
 * The library is imported through its public entries (dist/index.js, and
 * dist/node.js for `openFileSource`), or BENCH_DIST's.
 */
import * as fs from "node:fs";
import * as path from "node:path";
import { fileURLToPath, pathToFileURL } from "node:url";

const DIST = process.env.BENCH_DIST
  ? path.resolve(process.env.BENCH_DIST)
  : path.join(path.dirname(fileURLToPath(import.meta.url)), "..", "dist");

/** The named functions of a dist/ entry; exits with a clear message when one is missing. */
async function entry(file, names) {
  const m = await import(pathToFileURL(path.join(DIST, file)).href);
  const missing = names.filter((n) => typeof m[n] !== "function");
  if (missing.length > 0) {
    process.stderr.write(`bench: ${path.join(DIST, file)} does not export ${missing.join(", ")}\n`);
    process.exit(1);
  }
  return m;
}

const { openElf, listProbes, countingSource } = await entry("index.js", ["openElf", "listProbes", "countingSource"]);
const [mode, file] = process.argv.slice(2);

/** Probes per second of `fn` (which returns a probe count): median of rounds. */
function rate(fn, rounds = 7, warmup = 3) {
  const rates = [];
  for (let r = 0; r < warmup + rounds; r++) {
    let probes = 0;
    let elapsed = 0;
    const t0 = process.hrtime.bigint();
    do {
      probes += fn();
      elapsed = Number(process.hrtime.bigint() - t0) / 1e9;
    } while (elapsed < 0.2);
    if (r >= warmup) rates.push(probes / elapsed);
  }
  return rates.sort((a, b) => a - b)[Math.floor(rounds / 2)];
}

if (mode === "rate") {
  const bytes = new Uint8Array(fs.readFileSync(file));
  let sink = 0;
  const listAll = () => {
    const { probes } = listProbes(openElf(bytes));
    for (const p of probes) {
      const args = p.args;
      sink += args.length;
      for (const a of args) sink += a.size;
    }
    return probes.length;
  };
  const probes = listAll();
  process.stdout.write(JSON.stringify({ probes, rate: rate(listAll) }) + "\n");
  if (sink < 0) process.stderr.write(`${sink}\n`); // keeps the reads
} else if (mode === "bytes") {
  const { openFileSource } = await entry("node.js", ["openFileSource"]);
  const fileSource = openFileSource(file);
  try {
    const src = countingSource(fileSource);
    const { probes } = listProbes(openElf(src));
    process.stdout.write(JSON.stringify({ bytesRead: src.bytesRead, reads: src.reads, size: src.size, probes: probes.length }) + "\n");
  } finally {
    fileSource.close();
  }
} else {
  process.stderr.write("usage: inproc.mjs rate|bytes FILE\n");
  process.exitCode = 2;
}
