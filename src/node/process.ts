/**
 * Processes (`--pid`): every ELF object mapped in a process, read through
 * `/proc/PID/root` or `/proc/PID/map_files`, with runtime addresses. The maps
 * parsing and bias arithmetic are portable (`src/process/`). Node-only.
 */
import { readFileSync, readlinkSync } from "node:fs";
import { ElfError } from "../elf/errors.js";
import { ElfFile } from "../elf/file.js";
import { ET } from "../elf/constants.js";
import { listProbes } from "../stapsdt/list.js";
import type { Probe } from "../stapsdt/probes.js";
import { mappedFiles, parseMaps, type MappedFile, type Mapping } from "../process/maps.js";
import { loadBias, runtimeAddress } from "../process/bias.js";
import { openFileSource, type FileProbes, type FileSource } from "./files.js";
import { isInputError } from "./errors.js";

/** A probe of a mapped object, with where it is in the process. */
export interface RuntimeProbe extends Probe {
  /** Address of the probe's nop in the process, `null` when no mapping holds it. */
  readonly runtimeAddress: bigint | null;
  /** Address of the semaphore in the process, `null` when none or unmapped. */
  readonly runtimeSemaphore: bigint | null;
}

/** One ELF object mapped in a process. */
export interface ProcessObject extends FileProbes {
  /** The path in `/proc/PID/maps` (without ` (deleted)`). */
  readonly path: string;
  /** What we read: `/proc/PID/root/<path>` or `/proc/PID/map_files/<range>`. */
  readonly readPath: string;
  /** A path a tracer in our mount namespace can attach uprobes to. */
  readonly attachPath: string;
  readonly deleted: boolean;
  readonly memfd: boolean;
  readonly loadBias: bigint | null;
  readonly mappings: Mapping[];
  readonly probes: RuntimeProbe[];
}

export interface ProcessProbes {
  readonly pid: number;
  readonly objects: ProcessObject[];
  /** Mapped files that looked like ELF objects but could not be read. */
  readonly errors: { readonly path: string; readonly error: unknown }[];
}

/** An error about a process as a whole (no such process, no permission, exited). */
export class ProcessError extends Error {
  override readonly name = "ProcessError";
  readonly code: "ESRCH" | "EACCES" | "EXITED" | "EINVAL";
  readonly pid: number;
  constructor(code: ProcessError["code"], pid: number, message: string) {
    super(message);
    this.code = code;
    this.pid = pid;
  }
}

/** Start time (clock ticks since boot, field 22 of `/proc/PID/stat`): tells a pid's reuse apart. */
function startTime(pid: number): string {
  const stat = readFileSync(`/proc/${pid}/stat`, "latin1");
  const fields = stat.slice(stat.lastIndexOf(")") + 2).split(" ");
  return fields[19] ?? "";
}

function processFail(pid: number, e: unknown, what: string): Error {
  const code = (e as { code?: unknown }).code;
  if (code === "ENOENT" || code === "ESRCH") return new ProcessError("ESRCH", pid, `no such process: ${pid}`);
  if (code === "EACCES" || code === "EPERM") {
    return new ProcessError("EACCES", pid,
      `permission denied reading ${what} of process ${pid} (needs ptrace access: same user, or CAP_SYS_PTRACE)`);
  }
  return e instanceof Error ? e : new Error(String(e));
}

const mapRange = (m: Mapping): string => `${m.start.toString(16)}-${m.end.toString(16)}`;

function sameMountNamespace(pid: number): boolean {
  try {
    return readlinkSync("/proc/self/ns/mnt") === readlinkSync(`/proc/${pid}/ns/mnt`);
  } catch {
    return false;
  }
}

/** Opens a mapped file, through `/proc/PID/root` when its inode still matches, else `map_files`. */
function openMapped(pid: number, f: MappedFile): { source: FileSource; readPath: string } {
  const viaMapFiles = (): { source: FileSource; readPath: string } => {
    const readPath = `/proc/${pid}/map_files/${mapRange(f.mappings[0]!)}`;
    return { source: openFileSource(readPath), readPath };
  };
  if (f.deleted || f.memfd) return viaMapFiles();
  const readPath = `/proc/${pid}/root${f.path}`;
  let source: FileSource;
  try {
    source = openFileSource(readPath);
  } catch {
    return viaMapFiles();
  }
  if (source.ino !== f.inode) {
    // Replaced on disk since it was mapped: the mapping still shows the old file.
    source.close();
    return viaMapFiles();
  }
  return { source, readPath };
}

/**
 * Lists the probes of every ELF object mapped in process `pid`, with their
 * runtime addresses (see `src/process/bias.ts`).
 *
 * Files are read through `/proc/PID/root/<path>`, so this works across mount
 * namespaces (containers), or through `/proc/PID/map_files/<start>-<end>` for
 * deleted files, memfd objects, and files replaced since they were mapped.
 * Mapped files that are not ELF (locale archives, fonts, ...) are skipped.
 *
 * @throws {ProcessError} `ESRCH` when there is no such process, `EACCES` when
 *   we may not read it, `EXITED` when it exited while being read or has no
 *   mappings (zombie, kernel thread), `EINVAL` for a bad pid.
 */
export function listProcessProbes(pid: number): ProcessProbes {
  if (!Number.isSafeInteger(pid) || pid <= 0) throw new ProcessError("EINVAL", pid, `invalid process id ${pid}`);
  let started: string;
  let text: string;
  try {
    started = startTime(pid);
    text = readFileSync(`/proc/${pid}/maps`, "utf8");
  } catch (e) {
    throw processFail(pid, e, "the memory map");
  }
  const files = mappedFiles(parseMaps(text));
  const objects: ProcessObject[] = [];
  const errors: { path: string; error: unknown }[] = [];
  const sameNs = sameMountNamespace(pid);
  for (const f of files) {
    let opened: { source: FileSource; readPath: string };
    try {
      opened = openMapped(pid, f);
    } catch (error) {
      errors.push({ path: f.path, error });
      continue;
    }
    try {
      const file = ElfFile.open(opened.source);
      const list = listProbes(file);
      const type = file.header.type;
      const segments = list.probes.length > 0 || type !== ET.ET_EXEC ? file.segments : [];
      const bias = loadBias(type, segments, f.mappings);
      const probes: RuntimeProbe[] = list.probes.map((p) => ({
        ...p,
        runtimeAddress: runtimeAddress(p.address, "code", type, segments, f.mappings),
        runtimeSemaphore: p.semaphoreAddress === null ? null : runtimeAddress(p.semaphoreAddress, "data", type, segments, f.mappings),
      }));
      const attachPath = f.deleted || f.memfd ? opened.readPath : sameNs ? f.path : `/proc/${pid}/root${f.path}`;
      objects.push({
        ...list, probes, path: f.path, header: file.header, readPath: opened.readPath, attachPath,
        deleted: f.deleted, memfd: f.memfd, loadBias: bias, mappings: f.mappings,
      });
    } catch (error) {
      if (!isInputError(error)) throw error;
      if (!(error instanceof ElfError && (error.code === "NOT_ELF" || error.code === "TRUNCATED"))) errors.push({ path: f.path, error });
    } finally {
      opened.source.close();
    }
  }
  let still: string | null = null;
  try {
    still = startTime(pid);
  } catch {
    still = null;
  }
  if (still !== started) throw new ProcessError("EXITED", pid, `process ${pid} exited while it was being read`);
  if (files.length === 0) {
    throw new ProcessError("EXITED", pid, `process ${pid} has no mapped files (a zombie, a kernel thread, or it exited)`);
  }
  return { pid, objects, errors };
}
