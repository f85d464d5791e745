/**
 * Shared libraries: DT_NEEDED resolved as ld.so does (`--deps`), over the local
 * file system. The search itself is portable (`src/loader/`); this module gives
 * it file access. Node-only (part of the Node entry).
 */
import { existsSync, readFileSync, realpathSync } from "node:fs";
import { dirname, resolve } from "node:path";
import { ElfFile } from "../elf/file.js";
import { readDynamic, readInterpreter } from "../loader/dynamic.js";
import { parseLdCache, type LdCache } from "../loader/ldcache.js";
import { multiarchTriplet } from "../loader/paths.js";
import {
  resolveDependencies, type FoundVia, type LoaderCandidate, type LoaderHost, type Resolution, type ResolveOptions,
} from "../loader/resolve.js";
import { listFileProbes, openFileSource, type FileProbes, type FileSource } from "./files.js";
import { isInputError } from "./errors.js";

/**
 * The host's byte order, read from memory: `os.endianness()` would load
 * `node:os`, ~0.25 ms on every command for the sake of `--deps`.
 */
const HOST_BIG_ENDIAN = new Uint8Array(new Uint16Array([1]).buffer)[0] === 0;

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
    bytes = readFileSync(path);
  } catch (e) {
    if ((e as { code?: unknown }).code === "ENOENT") return null;
    throw e;
  }
  // Old-format and unmarked caches are in the host's byte order.
  return parseLdCache(bytes, HOST_BIG_ENDIAN);
}

/** What the resolver needs to know of an object: identity, ABI, type and dynamic section. */
function candidateOf(file: ElfFile, source: FileSource): LoaderCandidate {
  const h = file.header;
  return {
    identity: `${source.dev}:${source.ino}`,
    abi: { class: h.class, machine: h.machine, littleEndian: h.littleEndian, flags: h.flags },
    type: h.type,
    dynamic: readDynamic(file),
  };
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
    return candidateOf(ElfFile.open(source), source);
  } catch (e) {
    if (!isInputError(e)) throw e;
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
    root = candidateOf(file, source);
    interpreter = readInterpreter(file);
  } finally {
    source.close();
  }
  const triplet = multiarchTriplet(root.abi);
  const multiarch = options.multiarch ?? (triplet !== null && existsSync(`/lib/${triplet}`));
  const ldCache = options.ldCache !== undefined ? options.ldCache : readLdCache(options.ldCachePath);
  const rootOrigin = dirname(realpathSync(path));
  const host: LoaderHost = {
    inspect: inspectObject,
    origin: (p) => (p === path ? rootOrigin : dirname(resolve(p))),
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
      if (!isInputError(error)) throw error;
      return { path: o.path, error };
    }
  });
  return { objects, resolution };
}
