/**
 * The Node entry: everything in the portable core, plus file access.
 *
 * This is the only module that imports Node built-ins. Files are read with
 * positional `fs.readSync` calls, so only the byte ranges the parser asks for
 * are ever read.
 */
import * as fs from "node:fs";
import * as os from "node:os";
import * as nodePath from "node:path";
import { kMaxLength } from "node:buffer";
import { ElfError, hex } from "./elf/errors.js";
import { ElfFile } from "./elf/file.js";
import type { FileHeader } from "./elf/header.js";
import type { ByteSource } from "./elf/source.js";
import { setAsciiTextDecoder } from "./elf/strings.js";
import { listProbes, type ProbeList } from "./stapsdt/list.js";
import type { Probe } from "./stapsdt/probes.js";
import { ET } from "./elf/constants.js";
import { readDynamic, readInterpreter } from "./loader/dynamic.js";
import { parseLdCache, type LdCache } from "./loader/ldcache.js";
import { multiarchTriplet } from "./loader/paths.js";
import {
  resolveDependencies, type FoundVia, type LoaderCandidate, type LoaderHost, type Resolution, type ResolveOptions,
} from "./loader/resolve.js";
import { mappedFiles, parseMaps, type MappedFile, type Mapping } from "./process/maps.js";
import { loadBias, runtimeAddress } from "./process/bias.js";

export * from "./index.js";

// Region text for the string decoders: Buffer's latin1 is a plain byte copy.
setAsciiTextDecoder((b) => Buffer.from(b.buffer, b.byteOffset, b.byteLength).toString("latin1"));

/** A byte source over an open file descriptor. Call `close()` when done. */
export interface FileSource extends ByteSource {
  readonly path: string;
  /** Device and inode of the open file (tell the same file under two paths apart). */
  readonly dev: bigint;
  readonly ino: bigint;
  close(): void;
}

/**
 * A buffer for one read. A range can be inside the file and still too large to
 * hold: a sparse file of a few bytes on disk can claim a note section of 5 GiB.
 * Node cannot allocate more than `kMaxLength` bytes at once (4 GiB in Node 20),
 * and an allocation can fail for want of memory; both are an `OUT_OF_RANGE`
 * ElfError, so callers report them like any other bad range.
 */
function allocate(offset: number, length: number): Buffer {
  const fail = (): ElfError =>
    new ElfError("OUT_OF_RANGE", `cannot read ${hex(length)} bytes at once (too large to hold in memory)`, offset, length);
  if (length > kMaxLength) throw fail();
  try {
    return Buffer.allocUnsafe(length);
  } catch (e) {
    if (e instanceof RangeError) throw fail();
    throw e;
  }
}

/**
 * Opens `path` for positional reads.
 *
 * Only regular files are accepted: a FIFO, a device such as `/dev/zero` or a
 * directory would block, never end, or has no bytes. The file is opened with
 * `O_NONBLOCK` so that even a path swapped for a FIFO after the check cannot
 * hang the open.
 *
 * @throws OS errors as Node raises them (`ENOENT`, `EACCES`, `ELOOP`, ...), and
 *   an `Error` with code `ENOTREG` for anything that is not a regular file.
 */
export function openFileSource(path: string): FileSource {
  const fd = fs.openSync(path, fs.constants.O_RDONLY | fs.constants.O_NONBLOCK);
  let size: number;
  let dev = 0n;
  let ino = 0n;
  try {
    const st = fs.fstatSync(fd, { bigint: true });
    if (!st.isFile()) {
      const kind = st.isDirectory() ? "a directory"
        : st.isFIFO() ? "a FIFO"
        : st.isCharacterDevice() || st.isBlockDevice() ? "a device"
        : st.isSocket() ? "a socket" : "a special file";
      throw Object.assign(new Error(`is ${kind}, not a regular file`), { code: "ENOTREG" });
    }
    size = Number(st.size);
    dev = st.dev;
    ino = st.ino;
  } catch (e) {
    fs.closeSync(fd);
    throw e;
  }
  let closed = false;
  return {
    path,
    size,
    dev,
    ino,
    read(offset, length) {
      const buf = allocate(offset, length);
      let done = 0;
      while (done < length) {
        const n = fs.readSync(fd, buf, done, length - done, offset + done);
        if (n === 0) {
          throw new ElfError("TRUNCATED", `file ended after ${offset + done} bytes (it shrank while being read)`, offset + done);
        }
        done += n;
      }
      return buf;
    },
    close() {
      if (!closed) {
        closed = true;
        fs.closeSync(fd);
      }
    },
  };
}

/**
 * Runs `fn` with the ELF file at `path`, closing the file afterwards.
 *
 * @throws {ElfError} when the file is not ELF or its header is broken; OS errors as raised.
 */
export function withElfFile<T>(path: string, fn: (file: ElfFile) => T): T {
  const source = openFileSource(path);
  try {
    return fn(ElfFile.open(source));
  } finally {
    source.close();
  }
}

/** The probes of the ELF file at `path`, with its header. */
export interface FileProbes extends ProbeList {
  readonly path: string;
  readonly header: FileHeader;
}

/**
 * Lists the SDT probes of the file at `path`.
 *
 * @throws {ElfError} when the file is not ELF or its header or section table is
 *   unusable; OS errors as raised. Problems with single notes are `warnings`.
 */
export function listFileProbes(path: string): FileProbes {
  return withElfFile(path, (file) => ({ path, header: file.header, ...listProbes(file) }));
}

// ---------------------------------------------------------------------------
// Shared libraries: DT_NEEDED resolved as ld.so does (`--deps`).

/** Where ld.so's cache lives. */
export const LD_SO_CACHE = "/etc/ld.so.cache";

/**
 * Reads and parses `/etc/ld.so.cache` (or `path`).
 *
 * @returns `null` when the file does not exist.
 * @throws {ElfError} `BAD_INPUT` when the file is not a cache we can read; OS
 *   errors other than ENOENT as raised.
 */
export function readLdCache(path: string = LD_SO_CACHE): LdCache | null {
  let bytes: Uint8Array;
  try {
    bytes = fs.readFileSync(path);
  } catch (e) {
    if ((e as { code?: unknown }).code === "ENOENT") return null;
    throw e;
  }
  // Old-format and unmarked caches are in the host's byte order.
  return parseLdCache(bytes, os.endianness() === "BE");
}

function inspectObject(path: string): LoaderCandidate | string | null {
  let source: FileSource;
  try {
    source = openFileSource(path);
  } catch (e) {
    const code = (e as { code?: unknown }).code;
    if (code === "ENOENT" || code === "ENOTDIR") return null;
    return (e as Error).message;
  }
  try {
    const file = ElfFile.open(source);
    const h = file.header;
    return {
      identity: `${source.dev}:${source.ino}`,
      abi: { class: h.class, machine: h.machine, littleEndian: h.littleEndian, flags: h.flags },
      type: h.type,
      dynamic: readDynamic(file),
    };
  } catch (e) {
    return (e as Error).message;
  } finally {
    source.close();
  }
}

/** A {@link LoaderHost} over the local file system. */
export function nodeLoaderHost(): LoaderHost {
  return { inspect: inspectObject };
}

/** Options of {@link resolveFileDependencies}. */
export interface DependencyOptions extends ResolveOptions {
  /** `LD_LIBRARY_PATH`; default: this process's environment. */
  readonly ldLibraryPath?: string | undefined;
  /** Cache file to read when `ldCache` is not given (default `/etc/ld.so.cache`). */
  readonly ldCachePath?: string | undefined;
}

/**
 * Resolves the shared objects the ELF file at `path` needs, transitively,
 * as ld.so would (see `src/loader/resolve.ts`). `$ORIGIN` of the root is the
 * directory of its real path (ld.so uses `/proc/self/exe`, which is resolved).
 *
 * @throws {ElfError} when `path` is not a usable ELF file (or its dynamic
 *   section is broken), `BAD_INPUT` for an unreadable ld.so.cache; OS errors as
 *   raised. Missing libraries are not errors: see `Resolution.missing`.
 */
export function resolveFileDependencies(path: string, options: DependencyOptions = {}): Resolution {
  const source = openFileSource(path);
  let root: LoaderCandidate;
  let interpreter: string | null = null;
  try {
    const file = ElfFile.open(source);
    const h = file.header;
    root = {
      identity: `${source.dev}:${source.ino}`,
      abi: { class: h.class, machine: h.machine, littleEndian: h.littleEndian, flags: h.flags },
      type: h.type,
      dynamic: readDynamic(file),
    };
    interpreter = readInterpreter(file);
  } finally {
    source.close();
  }
  const triplet = multiarchTriplet(root.abi);
  const multiarch = options.multiarch ?? (triplet !== null && fs.existsSync(`/lib/${triplet}`));
  const ldCache = options.ldCache !== undefined ? options.ldCache : readLdCache(options.ldCachePath);
  const rootOrigin = nodePath.dirname(fs.realpathSync(path));
  const host: LoaderHost = {
    inspect: inspectObject,
    origin: (p) => (p === path ? rootOrigin : nodePath.dirname(nodePath.resolve(p))),
  };
  return resolveDependencies(path, root, host, {
    ...options,
    multiarch,
    ldCache,
    interpreter: "interpreter" in options ? options.interpreter : interpreter,
    ldLibraryPath: "ldLibraryPath" in options ? options.ldLibraryPath : process.env.LD_LIBRARY_PATH,
  });
}

/** The probes of one object of a dependency tree. */
export interface ObjectProbes extends FileProbes {
  /** Path of the object whose DT_NEEDED loaded it, `null` for the root. */
  readonly neededBy: string | null;
  readonly via: FoundVia;
}

/** The probes of a file and of every shared object it needs. */
export interface DependencyProbes {
  /** One entry per object (root first, breadth-first), or the error reading it. */
  readonly objects: (ObjectProbes | { readonly path: string; readonly error: unknown })[];
  readonly resolution: Resolution;
}

/**
 * Lists the probes of `path` and of every shared object it needs.
 *
 * @throws as {@link resolveFileDependencies}; errors of single libraries are
 *   returned in `objects`.
 */
export function listDependencyProbes(path: string, options: DependencyOptions = {}): DependencyProbes {
  const resolution = resolveFileDependencies(path, options);
  const objects = resolution.objects.map((o) => {
    try {
      return { ...listFileProbes(o.path), neededBy: o.neededBy, via: o.via };
    } catch (error) {
      return { path: o.path, error };
    }
  });
  return { objects, resolution };
}

// ---------------------------------------------------------------------------
// Processes (`--pid`): every ELF object mapped, with runtime addresses.

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
  const stat = fs.readFileSync(`/proc/${pid}/stat`, "latin1");
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
    return fs.readlinkSync("/proc/self/ns/mnt") === fs.readlinkSync(`/proc/${pid}/ns/mnt`);
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
    text = fs.readFileSync(`/proc/${pid}/maps`, "utf8");
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
