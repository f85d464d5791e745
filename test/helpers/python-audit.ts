/**
 * `python:audit` of /usr/bin/python3.11 as GNU readelf shows it, for the
 * tests that check our numbers for that probe on whatever build of Python
 * the machine has: its note fields from `readelf -n`, and the file offsets
 * of its site and semaphore from the PT_LOAD segments `readelf -lW` prints
 * (offset = address - p_vaddr + p_offset in the segment that holds the
 * address, as gdb and bcc turn addresses into uprobe offsets).
 *
 * The spec's worked example (§3.3, §3.4) uses the numbers of one build,
 * Debian's 3.11.2-6+deb12u6; `SPEC_BUILD` says whether this machine has
 * that one.
 */
import { spawnSync } from "node:child_process";
import { parseReadelfProbes } from "./readelf-probes.js";
import { exists, hasTool, run } from "./system.js";

export const PYTHON = "/usr/bin/python3.11";

export interface AuditProbe {
  readonly location: bigint;
  readonly semaphore: bigint;
  readonly arguments: string;
  /** File offsets of the probe site and of the semaphore (the kernel's `ref_ctr_offset`). */
  readonly offset: bigint;
  readonly semaphoreOffset: bigint;
}

/** PT_LOAD rows of `readelf -lW` (ELF64): offset, vaddr, filesz, memsz. */
function loadSegments(path: string): { offset: bigint; vaddr: bigint; filesz: bigint; memsz: bigint }[] {
  const out = [];
  for (const line of run("readelf", ["-lW", path]).stdout.split("\n")) {
    const m = /^\s*LOAD\s+(0x[0-9a-f]+)\s+(0x[0-9a-f]+)\s+0x[0-9a-f]+\s+(0x[0-9a-f]+)\s+(0x[0-9a-f]+)/.exec(line);
    if (m) out.push({ offset: BigInt(m[1]!), vaddr: BigInt(m[2]!), filesz: BigInt(m[3]!), memsz: BigInt(m[4]!) });
  }
  if (out.length === 0) throw new Error(`readelf -lW ${path}: no LOAD rows`);
  return out;
}

function fileOffset(segments: ReturnType<typeof loadSegments>, address: bigint): bigint {
  const s = segments.find((p) => address >= p.vaddr && address < p.vaddr + p.memsz);
  if (s === undefined) throw new Error(`0x${address.toString(16)} is in no PT_LOAD`);
  return address - s.vaddr + s.offset;
}

/** Whether the machine has python3.11 and readelf, which these numbers need. */
export const HAVE_AUDIT_ORACLE = exists(PYTHON) && hasTool("readelf");

/** python:audit of /usr/bin/python3.11 by readelf (see the file comment). */
export function auditByReadelf(): AuditProbe {
  const probe = parseReadelfProbes(run("readelf", ["-n", PYTHON]).stdout).find((p) => p.provider === "python" && p.name === "audit");
  if (probe === undefined) throw new Error(`${PYTHON} has no python:audit probe`);
  const segments = loadSegments(PYTHON);
  return {
    location: probe.location,
    semaphore: probe.semaphore,
    arguments: probe.arguments,
    offset: fileOffset(segments, probe.location),
    semaphoreOffset: fileOffset(segments, probe.semaphore),
  };
}

/** True when /usr/bin/python3.11 is Debian's 3.11.2-6+deb12u6, the build of the spec's numbers. */
export const SPEC_BUILD: boolean = (() => {
  const r = spawnSync("dpkg-query", ["-W", "-f=${Version}", "python3.11-minimal"], { encoding: "utf8" });
  return r.status === 0 && r.stdout.trim() === "3.11.2-6+deb12u6";
})();

/** `0x…` of a bigint, as the command prints addresses. */
export const hex = (n: bigint): string => `0x${n.toString(16)}`;
