#!/usr/bin/env node
/**
 * Builds the bench inputs into bench/out/ (ignored by git, never committed).
 *
 *   node bench/gen.mjs            # probes-1k, probes-10k, probes-100k, distinct-100k, big-1g
 *   node bench/gen.mjs distinct   # just distinct-100k
 *   node bench/gen.mjs 10000      # just probes-10k
 *
 * probes-N: a PIE built with gcc -O1 from generated C that uses <sys/sdt.h>.
 * Each generated function has four STAP_PROBEn sites whose operands gcc places
 * in the four usual ways:
 *
 *   site 0  function parameters          8@%rdi -4@%esi 1@%cl
 *   site 1  fields through a pointer     8@(%rdi) -4@8(%rdi) -2@12(%rdi) 8@16(%rdi)
 *   site 2  constants                    -4@$42 -4@$-7
 *   site 3  globals, rip-relative        8@g_counter(%rip) -4@g_table(...) 8@%rax
 *
 * One source file in four is compiled with _SDT_HAS_SEMAPHORES, so a quarter of
 * the probes have a semaphore. Sources hold 4,000 probes each and are compiled
 * two at a time, so 100,000 probes take a couple of minutes on two cores.
 *
 * distinct-100k: the same build with every probe's argument text its own (and
 * 3 to 5 operands each): constants, displacements and global offsets are
 * derived from the function number, so no two probes share an argument string
 * and nothing keyed by text is ever seen twice:
 *
 *   site 0  parameters and a constant     8@%rdi -4@%esi 1@%cl -4@$F
 *   site 1  fields at distinct offsets    -4@4F(%rdi) -4@4G(%rdi) 8@(%rdi) -2@12(%rdi)
 *   site 2  constants                     8@$F -4@$-F -4@$3F 8@$F<<20 1@%cl
 *   site 3  global arrays, rip-relative   -4@g_wide+4F(%rip) -4@g_table+4G(%rip) 8@%rax
 *
 * big-1g: probes-1k with a 1 GiB `.filler` section of zeros inserted before a
 * copy of its `.note.stapsdt` (new section header table and `.shstrtab` at the
 * end). The filler is a hole: the file is sparse on disk. The probes are the
 * real ones of probes-1k, with their program headers, so every probe resolves.
 *
 * Outputs are rebuilt only when missing.
 */
import { execFileSync, spawn } from "node:child_process";
import * as fs from "node:fs";
import * as path from "node:path";
import { fileURLToPath } from "node:url";
import { writeSparseCopy } from "./sparse-elf.mjs";

const HERE = path.dirname(fileURLToPath(import.meta.url));
export const OUT = path.join(HERE, "out");
const PROBES_PER_FUNCTION = 4;
const PROBES_PER_FILE = 4000;

/** Output path of the 100k-probe binary whose argument texts are all distinct. */
export const DISTINCT_PATH = path.join(OUT, "distinct-100k");
const DISTINCT_PROBES = 100000;

/** Output path of the N-probe binary. */
export function probesPath(n) {
  return path.join(OUT, `probes-${label(n)}`);
}
export const BIG_PATH = path.join(OUT, "big-1g");
const BIG_FILLER = 1n << 30n;
const BIG_BASE = 1000;

function label(n) {
  return n % 1000 === 0 ? `${n / 1000}k` : String(n);
}

function functionSource(f) {
  const p = `p${f}`;
  return `
__attribute__((noinline)) long f${f}(struct rec *r, long a, int b, unsigned char c) {
  long x = a * ${(f % 7) + 2} + b;
  STAP_PROBE3(bench, ${p}_regs, a, b, c);
  STAP_PROBE4(bench, ${p}_mem, r->id, r->len, r->flags, r->name);
  STAP_PROBE2(bench, ${p}_const, ${f % 100}, -7);
  STAP_PROBE3(bench, ${p}_glob, g_counter, g_table[b & 63], x);
  g_counter += x;
  return x + r->len;
}
`;
}

// 4F and 4G below are byte offsets into arrays of 2^16 ints: distinct for
// every function up to 65,536 and, with the constants, for every probe.
function distinctFunctionSource(f) {
  const p = `d${f}`;
  const g = (f * 7919) % 65536;
  return `
__attribute__((noinline)) long f${f}(struct rec *r, long a, int b, unsigned char c) {
  long x = a * ${(f % 7) + 2} + b;
  STAP_PROBE4(bench, ${p}_regs, a, b, c, ${f});
  STAP_PROBE4(bench, ${p}_mem, r->v[${f % 65536}], r->v[${g}], r->id, r->flags);
  STAP_PROBE5(bench, ${p}_const, ${f}L, -${f}, ${3 * f}, ${f}L << 20, c);
  STAP_PROBE3(bench, ${p}_glob, g_wide[${f % 65536}], g_table[${g}], x);
  g_counter += x;
  return x + r->len;
}
`;
}

function fileSource(fileIndex, firstFunction, functions, semaphores, distinct = false) {
  if (distinct) {
    let s = `#include <sys/sdt.h>
struct rec { long id; int len; short flags; const char *name; int v[65536]; };
extern long g_counter;
extern int g_table[65536];
extern int g_wide[65536];
`;
    for (let f = firstFunction; f < firstFunction + functions; f++) s += distinctFunctionSource(f);
    return s;
  }
  let s = semaphores ? "#define _SDT_HAS_SEMAPHORES 1\n" : "";
  s += `#include <sys/sdt.h>
struct rec { long id; int len; short flags; const char *name; };
extern long g_counter;
extern int g_table[64];
`;
  if (semaphores) {
    for (let f = firstFunction; f < firstFunction + functions; f++) {
      for (const k of ["regs", "mem", "const", "glob"]) {
        s += `unsigned short bench_p${f}_${k}_semaphore __attribute__((unused, section(".probes")));\n`;
      }
    }
  }
  for (let f = firstFunction; f < firstFunction + functions; f++) s += functionSource(f);
  return s;
}

const MAIN_SOURCE = `long g_counter;
int g_table[65536];
int g_wide[65536];
int main(void) { return (int)g_counter; }
`;

function run(cmd, args, cwd) {
  return new Promise((resolve, reject) => {
    const child = spawn(cmd, args, { cwd, stdio: "inherit" });
    child.on("error", reject);
    child.on("exit", (code) => (code === 0 ? resolve() : reject(new Error(`${cmd} ${args.join(" ")} exited ${code}`))));
  });
}

/** Runs `jobs` (functions returning promises) at most `width` at a time. */
async function pool(jobs, width) {
  let next = 0;
  const worker = async () => {
    while (next < jobs.length) await jobs[next++]();
  };
  await Promise.all(Array.from({ length: Math.min(width, jobs.length) }, worker));
}

/** Builds the N-probe binary (or, with `distinct`, distinct-100k) unless it exists. Returns its path. */
export async function buildProbes(n, distinct = false) {
  const out = distinct ? DISTINCT_PATH : probesPath(n);
  if (fs.existsSync(out)) return out;
  const functions = Math.ceil(n / PROBES_PER_FUNCTION);
  const perFile = PROBES_PER_FILE / PROBES_PER_FUNCTION;
  const dir = path.join(OUT, `src-${distinct ? "distinct-" : ""}${label(n)}`);
  fs.mkdirSync(dir, { recursive: true });
  const objects = ["main.o"];
  const jobs = [];
  fs.writeFileSync(path.join(dir, "main.c"), MAIN_SOURCE);
  jobs.push(() => run("gcc", ["-O1", "-fPIE", "-c", "main.c", "-o", "main.o"], dir));
  for (let i = 0, f = 0; f < functions; i++, f += perFile) {
    const count = Math.min(perFile, functions - f);
    const name = `gen${i}`;
    fs.writeFileSync(path.join(dir, `${name}.c`), fileSource(i, f, count, i % 4 === 0, distinct));
    objects.push(`${name}.o`);
    jobs.push(() => run("gcc", ["-O1", "-fPIE", "-g0", "-c", `${name}.c`, "-o", `${name}.o`], dir));
  }
  const t0 = Date.now();
  process.stderr.write(`bench: compiling ${n} probes in ${objects.length} files...\n`);
  await pool(jobs, 2);
  const tmp = `${out}.tmp`;
  await run("gcc", ["-pie", "-o", tmp, ...objects], dir);
  fs.renameSync(tmp, out);
  fs.rmSync(dir, { recursive: true, force: true });
  process.stderr.write(`bench: built ${path.relative(process.cwd(), out)} in ${((Date.now() - t0) / 1000).toFixed(1)} s\n`);
  return out;
}

/**
 * Builds big-1g from the BIG_BASE-probe binary: the original bytes, a 1 GiB
 * hole (.filler), a copy of .note.stapsdt, a new .shstrtab and a new section
 * header table with .filler appended (so existing sh_link indices stay valid).
 */
export async function buildBig() {
  if (fs.existsSync(BIG_PATH)) return BIG_PATH;
  const tmp = `${BIG_PATH}.tmp`;
  const size = writeSparseCopy(await buildProbes(BIG_BASE), tmp, BIG_FILLER);
  fs.renameSync(tmp, BIG_PATH);
  process.stderr.write(`bench: built ${path.relative(process.cwd(), BIG_PATH)} (${size} bytes, sparse)\n`);
  return BIG_PATH;
}

/** Builds every bench input that is missing. */
export async function buildAll() {
  fs.mkdirSync(OUT, { recursive: true });
  await buildProbes(1000);
  await buildProbes(10000);
  await buildProbes(100000);
  await buildProbes(DISTINCT_PROBES, true);
  await buildBig();
}

if (process.argv[1] && path.resolve(process.argv[1]) === fileURLToPath(import.meta.url)) {
  const arg = process.argv[2];
  fs.mkdirSync(OUT, { recursive: true });
  const done = arg === undefined ? buildAll() : arg === "big" ? buildBig()
    : arg === "distinct" ? buildProbes(DISTINCT_PROBES, true) : buildProbes(Number(arg));
  done.catch((e) => {
    process.stderr.write(`bench: ${e.message}\n`);
    process.exitCode = 1;
  });
}
