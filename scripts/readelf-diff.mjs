#!/usr/bin/env node
/**
 * Differential check of `stapsdt-ls -n` against GNU `readelf -n` (binutils 2.40).
 *
 *   npm run build && node scripts/readelf-diff.mjs [--sample N] [--no-wide] [ROOT...]
 *
 * Walks ROOT (default: /usr/bin /usr/lib /usr/local and fixtures/binaries),
 * keeps regular files that start with the ELF magic (a deterministic sample of
 * N when --sample is given: ordered by a hash of the path), and compares stdout
 * byte for byte and the exit status of `readelf -n FILE` and of our printer,
 * with and without -W. Prints every difference and `identical N/M` (files whose
 * both modes agree). Exit status 1 when anything differs.
 *
 * Ours is `node dist/bin.cjs -n [-W] FILE`. ELFCLASS64 core files differ in
 * their NT_FILE notes, where 2.40 prints "Cannot decode 64-bit note in 32-bit
 * build" and we decode them (a deliberate difference; the test suite compares
 * them in the library's binutils240NtFile mode).
 * readelf runs with LC_ALL=C (it prints multibyte names differently per locale).
 */
import * as fs from "node:fs";
import * as path from "node:path";
import { spawnSync } from "node:child_process";
import { fileURLToPath } from "node:url";

/** Regular files under `roots` (symlinks not followed), sorted. */
export function walk(roots) {
  const out = [];
  const visit = (p) => {
    let st;
    try {
      st = fs.lstatSync(p);
    } catch {
      return;
    }
    if (st.isDirectory()) {
      let names = [];
      try {
        names = fs.readdirSync(p);
      } catch {
        return;
      }
      for (const n of names) visit(path.join(p, n));
    } else if (st.isFile()) out.push(p);
  };
  for (const r of roots) visit(r);
  return out.sort();
}

/** True when the file starts with \x7fELF. */
export function isElf(file) {
  let fd;
  try {
    fd = fs.openSync(file, "r");
    const b = Buffer.alloc(4);
    return fs.readSync(fd, b, 0, 4, 0) === 4 && b[0] === 0x7f && b[1] === 0x45 && b[2] === 0x4c && b[3] === 0x46;
  } catch {
    return false;
  } finally {
    if (fd !== undefined) fs.closeSync(fd);
  }
}

/** FNV-1a of a string, for a sample that does not depend on directory order. */
export function fnv1a(s) {
  let h = 0x811c9dc5;
  for (let i = 0; i < s.length; i++) h = Math.imul(h ^ s.charCodeAt(i), 0x01000193) >>> 0;
  return h;
}

/** Up to `n` ELF files of `files`, chosen by path hash (deterministic). */
export function sampleElf(files, n) {
  const order = files.map((f) => [fnv1a(f), f]).sort((a, b) => a[0] - b[0] || (a[1] < b[1] ? -1 : 1));
  const out = [];
  for (const [, f] of order) {
    if (out.length >= n) break;
    if (isElf(f)) out.push(f);
  }
  return out.sort();
}

/** `readelf -n [-W] FILE`: stdout as a latin1 string, and the exit status. */
export function readelf(file, wide) {
  const r = spawnSync("readelf", wide ? ["-n", "-W", file] : ["-n", file], {
    env: { ...process.env, LC_ALL: "C" },
    maxBuffer: 1 << 30,
  });
  return { text: r.stdout.toString("latin1"), status: r.status };
}

/** Where two texts first differ, as a short description. */
export function firstDifference(expected, actual) {
  const a = expected.split("\n");
  const b = actual.split("\n");
  for (let i = 0; i < Math.max(a.length, b.length); i++) {
    if (a[i] !== b[i]) {
      const cut = (s) => (s === undefined ? "<end>" : JSON.stringify(s.length > 160 ? s.slice(0, 160) + "..." : s));
      return `line ${i + 1}: readelf ${cut(a[i])}, ours ${cut(b[i])}`;
    }
  }
  return "identical text";
}

/**
 * Compares one file in both modes. `ours(file, wide)` returns { text, status }.
 * Returns the list of differences (empty when identical).
 */
export function compareFile(file, ours, modes = [false, true]) {
  const diffs = [];
  for (const wide of modes) {
    const want = readelf(file, wide);
    const got = ours(file, wide);
    if (want.text !== got.text) diffs.push(`${wide ? "-n -W" : "-n"}: ${firstDifference(want.text, got.text)}`);
    if (want.status !== got.status) diffs.push(`${wide ? "-n -W" : "-n"}: exit status readelf ${want.status}, ours ${got.status}`);
  }
  return diffs;
}

/** Runs the comparison over `files`; prints differences; returns { identical, total, differences }. */
export function run(files, ours, { modes = [false, true], log = console.log } = {}) {
  let identical = 0;
  const differences = [];
  for (const f of files) {
    const d = compareFile(f, ours, modes);
    if (d.length === 0) identical++;
    else {
      differences.push({ file: f, diffs: d });
      log(`DIFF ${f}\n  ${d.join("\n  ")}`);
    }
  }
  log(`identical ${identical}/${files.length}`);
  return { identical, total: files.length, differences };
}

async function main() {
  const args = process.argv.slice(2);
  let sample = null;
  let modes = [false, true];
  const roots = [];
  for (let i = 0; i < args.length; i++) {
    if (args[i] === "--sample") sample = Number(args[++i]);
    else if (args[i] === "--no-wide") modes = [false];
    else roots.push(args[i]);
  }
  const here = path.dirname(fileURLToPath(import.meta.url));
  const fixtures = path.join(here, "..", "fixtures", "binaries");
  if (roots.length === 0) roots.push("/usr/bin", "/usr/lib", "/usr/local", fixtures);
  // Ours is the command itself; a crash shows as its exit status and stack trace
  // on stderr (printed), never as a quiet match with a file readelf rejects.
  const bin = path.join(here, "..", "dist", "bin.cjs");
  const ours = (file, wide) => {
    const r = spawnSync(process.execPath, [bin, "-n", ...(wide ? ["-W"] : []), file], { maxBuffer: 1 << 30 });
    if (r.status !== 0 && r.status !== 1) console.error(`${file}: stapsdt-ls exited ${r.status}\n${r.stderr}`);
    return { text: r.stdout.toString("latin1"), status: r.status };
  };
  const all = walk(roots);
  const files = sample === null ? all.filter(isElf) : sampleElf(all, sample);
  const { identical, total } = run(files, ours, { modes });
  process.exitCode = identical === total ? 0 : 1;
}

if (process.argv[1] && path.resolve(process.argv[1]) === fileURLToPath(import.meta.url)) await main();
