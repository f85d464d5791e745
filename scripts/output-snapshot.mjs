#!/usr/bin/env node
/**
 * What a user sees, fingerprinted: for every committed fixture under
 * fixtures/binaries and the system binaries with probes, the built command's
 * stdout, stderr and exit status in each output mode (table, --json, --format
 * uprobe, --format bpftrace, -n, -n -W), as SHA-256 digests in one JSON file.
 * Made before and after a change that must not alter any output (a rewrite),
 * the two files must be equal.
 *
 *   npm run build && node scripts/output-snapshot.mjs > before.json
 *   ... change ...
 *   npm run build && node scripts/output-snapshot.mjs > after.json
 *   node scripts/output-snapshot.mjs --compare before.json after.json
 *
 * Extra files or directories may be given as arguments (e.g. bench/out).
 */
import { createHash } from "node:crypto";
import * as fs from "node:fs";
import * as path from "node:path";
import { spawnSync } from "node:child_process";
import { fileURLToPath } from "node:url";
import { walk } from "./readelf-diff.mjs";

const ROOT = path.resolve(path.dirname(fileURLToPath(import.meta.url)), "..");
const BIN = path.join(ROOT, "dist", "bin.cjs");
const SYSTEM = [
  "/usr/bin/python3.11",
  "/usr/lib/x86_64-linux-gnu/libpython3.11.so.1.0",
  "/usr/lib/jvm/java-17-openjdk-amd64/lib/server/libjvm.so",
  "/usr/lib/postgresql/15/bin/postgres",
  "/usr/lib/x86_64-linux-gnu/libstdc++.so.6",
];
const MODES = [[], ["--json"], ["--format", "uprobe"], ["--format", "bpftrace"], ["-n"], ["-n", "-W"]];

const digest = (b) => createHash("sha256").update(b).digest("hex");

function inputs(extra) {
  const fixtures = walk([path.join(ROOT, "fixtures", "binaries")])
    .filter((f) => !/\.(json|txt|md)$/.test(f) && !f.includes(`${path.sep}golden${path.sep}`))
    .map((f) => path.relative(ROOT, f));
  return [...fixtures, ...SYSTEM.filter((f) => fs.existsSync(f)), ...walk(extra)];
}

function snapshot(extra) {
  const out = {};
  for (const file of inputs(extra)) {
    for (const mode of MODES) {
      // Run from the repository root: paths in the output are as given.
      const r = spawnSync(process.execPath, [BIN, ...mode, file], { cwd: ROOT, maxBuffer: 1 << 30 });
      out[`${[...mode, file].join(" ")}`] = { status: r.status, stdout: digest(r.stdout), stderr: digest(r.stderr), bytes: r.stdout.length };
    }
  }
  return out;
}

function compare(a, b) {
  const x = JSON.parse(fs.readFileSync(a, "utf8"));
  const y = JSON.parse(fs.readFileSync(b, "utf8"));
  let diffs = 0;
  for (const k of new Set([...Object.keys(x), ...Object.keys(y)])) {
    if (JSON.stringify(x[k]) !== JSON.stringify(y[k])) {
      diffs++;
      console.log(`DIFF ${k}: ${JSON.stringify(x[k] ?? null)} -> ${JSON.stringify(y[k] ?? null)}`);
    }
  }
  console.log(`${Object.keys(x).length - diffs} of ${Object.keys(x).length} outputs identical`);
  return diffs === 0;
}

const args = process.argv.slice(2);
if (args[0] === "--compare") process.exitCode = compare(args[1], args[2]) ? 0 : 1;
else process.stdout.write(JSON.stringify(snapshot(args), null, 1) + "\n");
