/**
 * What the command reads of a file, as the kernel sees it (strace): the
 * claim that a binary costs what its headers and notes cost, and that a scan
 * passes over a file that is not ELF after one read, without `fstat`.
 *
 * The big file is a fixture copied with a hole of 1 GiB before its
 * `.note.stapsdt` (bench/sparse-elf.mjs): a reader that reads the file, or
 * the hole, shows in the bytes counted.
 */
import { spawnSync } from "node:child_process";
import * as fs from "node:fs";
import * as os from "node:os";
import * as path from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { writeSparseCopy } from "../../bench/sparse-elf.mjs";
import { hasTool } from "../helpers/system.js";

const BIN = path.resolve(__dirname, "../../dist/bin.cjs");
const BASE = path.resolve(__dirname, "../../fixtures/binaries/x86_64/probes-pie");
const STRACE = hasTool("strace");

/** The system calls made on each file the command opened, from an strace log. */
interface FileCalls {
  preads: { offset: number; length: number }[];
  /** fstat/statx/newfstatat calls on the open descriptor. */
  stats: number;
}

function traceRun(args: string[], log: string): { stdout: string; calls: Map<string, FileCalls> } {
  const r = spawnSync("strace", ["-f", "-qq", "-e", "trace=openat,pread64,read,fstat,newfstatat,statx,close", "-o", log,
    process.execPath, BIN, ...args], { encoding: "utf8", maxBuffer: 1 << 28 });
  expect(r.status, r.stderr).toBe(0);
  const calls = new Map<string, FileCalls>();
  const open = new Map<number, FileCalls>();
  for (const line of fs.readFileSync(log, "utf8").split("\n")) {
    let m = /openat\(AT_FDCWD, "([^"]*)", [^)]*\)\s+= (\d+)$/.exec(line);
    if (m) {
      const c: FileCalls = { preads: [], stats: 0 };
      calls.set(m[1]!, c);
      open.set(Number(m[2]), c);
      continue;
    }
    m = /pread64\((\d+), .*, (\d+), (\d+)\)\s+= \d+$/.exec(line);
    if (m) {
      open.get(Number(m[1]))?.preads.push({ length: Number(m[2]), offset: Number(m[3]) });
      continue;
    }
    m = /(?:fstat|statx|newfstatat)\((\d+), /.exec(line);
    if (m) {
      const c = open.get(Number(m[1]));
      if (c) c.stats++;
      continue;
    }
    m = /close\((\d+)\)/.exec(line);
    if (m) open.delete(Number(m[1]));
  }
  return { stdout: r.stdout, calls };
}

/** An ELF64 little-endian file with its SHT_NOTE sections made SHT_PROGBITS: no notes, so no probes. */
function withoutNotes(bytes: Buffer): Buffer {
  const out = Buffer.from(bytes);
  const shoff = Number(out.readBigUInt64LE(0x28));
  const shentsize = out.readUInt16LE(0x3a);
  for (let i = 0; i < out.readUInt16LE(0x3c); i++) {
    const type = shoff + i * shentsize + 4;
    if (out.readUInt32LE(type) === 7) out.writeUInt32LE(1, type);
  }
  return out;
}

let dir = "";
let big = "";
beforeAll(() => {
  dir = fs.mkdtempSync(path.join(os.tmpdir(), "stapsdt-reads-"));
  big = path.join(dir, "tree", "big");
  fs.mkdirSync(path.dirname(big));
  writeSparseCopy(BASE, big);
});
afterAll(() => fs.rmSync(dir, { recursive: true, force: true }));

describe.skipIf(!STRACE)(`reads seen by the kernel${STRACE ? "" : " (skipped: needs strace)"}`, () => {
  it("a 1 GiB binary is listed from a few reads of its headers and notes", () => {
    const size = fs.statSync(big).size;
    expect(size).toBeGreaterThan(1 << 30);
    const { stdout, calls } = traceRun(["--json", big], path.join(dir, "one.log"));
    const want = JSON.parse(spawnSync(process.execPath, [BIN, "--json", BASE], { encoding: "utf8" }).stdout) as { probes: unknown[] }[];
    const got = JSON.parse(stdout) as { probes: unknown[] }[];
    expect(got[0]!.probes).toHaveLength(want[0]!.probes.length);
    const c = calls.get(big)!;
    const bytes = c.preads.reduce((n, p) => n + p.length, 0);
    // The header's pages, the notes, the section headers with .shstrtab: at most a page run each.
    expect(c.preads.length).toBeGreaterThan(0);
    expect(c.preads.length).toBeLessThanOrEqual(4);
    expect(bytes).toBeLessThanOrEqual(4 * 28 * 1024);
    for (const p of c.preads) expect(p.offset < 64 * 1024 || p.offset > (1 << 30)).toBe(true);
  });

  it("-r: a file that is not ELF costs one read and no fstat; an ELF file without probes two reads", () => {
    const tree = path.dirname(big);
    for (let i = 0; i < 20; i++) fs.writeFileSync(path.join(tree, `text-${i}`), `#!/bin/sh\necho ${i}\n`.repeat(i * 300));
    const noProbes = path.join(tree, "noprobes");
    fs.writeFileSync(noProbes, withoutNotes(fs.readFileSync(BASE)));
    const { stdout, calls } = traceRun(["-r", "-q", "--format", "jsonl", tree], path.join(dir, "scan.log"));
    expect(stdout.trimEnd().split("\n").map((l) => (JSON.parse(l) as { path: string }).path)).toEqual([big]);
    for (let i = 0; i < 20; i++) {
      const c = calls.get(path.join(tree, `text-${i}`))!;
      expect([c.preads.length, c.stats]).toEqual([1, 0]);
    }
    // Its header's pages, then the section headers' with .shstrtab.
    const c = calls.get(noProbes)!;
    expect(c.stats).toBe(1);
    expect(c.preads.length).toBe(2);
  });
});
