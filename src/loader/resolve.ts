/**
 * Which shared objects a program loads: DT_NEEDED resolved the way glibc's
 * ld.so does (`elf/dl-load.c` `_dl_map_object`, `elf/dl-deps.c`), over an
 * injected {@link LoaderHost} so the algorithm needs no file system.
 *
 * Order of the search for a needed name without `/`, with `loader` the object
 * whose DT_NEEDED names it:
 *
 * 1. DT_RPATH — only if `loader` has no DT_RUNPATH: the RPATH of `loader`, then
 *    of the object that loaded it, and so on up to the executable. An object
 *    that has DT_RUNPATH contributes no RPATH ("if both are given, the latter is
 *    ignored", `get-dynamic-info.h`).
 * 2. `LD_LIBRARY_PATH` (`:` or `;` separated; `$ORIGIN` is the executable's).
 * 3. DT_RUNPATH of `loader` only (not of its loaders).
 * 4. `/etc/ld.so.cache`, first entry for the name whose flags fit the ABI.
 * 5. the default directories.
 *
 * Steps 4 and 5 are skipped when `loader` has `DF_1_NODEFLIB`. A name with a
 * `/` is used as a path (after `$ORIGIN` expansion) and not searched. A
 * candidate that exists but is not an ELF object of the executable's class,
 * byte order and machine is skipped and the search goes on, as ld.so's
 * `open_verify` does. Libraries are loaded breadth-first, each once: a needed
 * name equal to a loaded object's DT_NEEDED name or DT_SONAME, or a file that is
 * the same file (host identity, e.g. device and inode), is not loaded again.
 *
 * Not modelled: `glibc-hwcaps/` and legacy hwcap subdirectories (they depend on
 * the CPU; we search the base directories only), `LD_PRELOAD`, secure-mode
 * (setuid) restrictions, and audit modules.
 */
import { cacheFlagsFor, lookupLdCache, type LdCache, type ObjectAbi } from "./ldcache.js";
import { DF_1_NODEFLIB, type DynamicInfo } from "./dynamic.js";
import { defaultDirectories, defaultLib, defaultPlatform, dirname, expandDst, joinPath, splitSearchList, type DstValues } from "./paths.js";

/** What the host tells about a candidate file. */
export interface LoaderCandidate {
  /** Same value for the same file reached by different paths (Node: `dev:ino`). */
  readonly identity: string;
  readonly abi: ObjectAbi;
  /** `e_type`. */
  readonly type: number;
  readonly dynamic: DynamicInfo;
}

/** File access for the resolver. */
export interface LoaderHost {
  /**
   * Reads the header and dynamic section of the file at `path`. Returns `null`
   * when there is no such file, a reason string when the file exists but cannot
   * be used (not ELF, unreadable, broken dynamic section). Must not throw.
   */
  inspect(path: string): LoaderCandidate | string | null;
  /** `$ORIGIN` of an object found at `path`; default: its directory. */
  origin?(path: string): string;
}

/** Where a library was found. */
export type FoundVia = "root" | "interpreter" | "path" | "rpath" | "LD_LIBRARY_PATH" | "runpath" | "ld.so.cache" | "default";

export interface ResolveOptions {
  /** `LD_LIBRARY_PATH` as the program would see it. */
  readonly ldLibraryPath?: string | undefined;
  readonly ldCache?: LdCache | null | undefined;
  /** Overrides {@link defaultDirectories}. */
  readonly defaultDirs?: readonly string[] | undefined;
  /** Layout for the default directories and `$LIB` (default: multiarch). */
  readonly multiarch?: boolean | undefined;
  /** `$LIB` (default {@link defaultLib}). */
  readonly lib?: string | undefined;
  /** `$PLATFORM` (default {@link defaultPlatform}). */
  readonly platform?: string | undefined;
  /**
   * The root's `PT_INTERP` path. ld.so is loaded before anything else, so a
   * DT_NEEDED of its soname (libc needs `ld-linux-x86-64.so.2`) is the
   * interpreter under this path, as `ldd` shows it.
   */
  readonly interpreter?: string | null | undefined;
}

export interface ResolvedObject {
  /** The path ld.so would open. */
  readonly path: string;
  /** The DT_NEEDED name that loaded it (the given path for the root). */
  readonly name: string;
  /** Path of the object whose DT_NEEDED loaded it; `null` for the root. */
  readonly neededBy: string | null;
  readonly via: FoundVia;
  readonly candidate: LoaderCandidate;
}

export interface MissingLibrary {
  readonly name: string;
  readonly neededBy: string;
  /** Every path tried, in order. */
  readonly tried: string[];
}

export interface SkippedCandidate {
  readonly path: string;
  readonly name: string;
  readonly reason: string;
}

export interface Resolution {
  /** The root first, then its libraries breadth-first. */
  readonly objects: ResolvedObject[];
  readonly missing: MissingLibrary[];
  /** Files found on the way but not used (wrong class or machine, not ELF, ...). */
  readonly skipped: SkippedCandidate[];
}

interface Node {
  readonly obj: ResolvedObject;
  readonly loader: Node | null;
  readonly origin: string;
}

const sameAbi = (a: ObjectAbi, b: ObjectAbi): boolean =>
  a.class === b.class && a.machine === b.machine && a.littleEndian === b.littleEndian;

/**
 * Resolves the libraries that the object `rootPath` (already inspected as
 * `root`) needs, transitively. Never throws for missing or unusable libraries:
 * they are listed in `missing` and `skipped`.
 */
export function resolveDependencies(rootPath: string, root: LoaderCandidate, host: LoaderHost, options: ResolveOptions = {}): Resolution {
  const abi = root.abi;
  const multiarch = options.multiarch ?? true;
  const values: DstValues = {
    lib: options.lib ?? defaultLib(abi, multiarch),
    platform: options.platform ?? defaultPlatform(abi),
  };
  const systemDirs = options.defaultDirs ?? defaultDirectories(abi, multiarch);
  const cacheFlags = cacheFlagsFor(abi);
  const originOf = (p: string): string => (host.origin ? host.origin(p) : dirname(p));

  const rootObj: ResolvedObject = { path: rootPath, name: rootPath, neededBy: null, via: "root", candidate: root };
  const rootNode: Node = { obj: rootObj, loader: null, origin: originOf(rootPath) };
  const objects: ResolvedObject[] = [rootObj];
  const missing: MissingLibrary[] = [];
  const skipped: SkippedCandidate[] = [];
  const byName = new Map<string, Node>();
  const byIdentity = new Map<string, Node>([[root.identity, rootNode]]);
  if (root.dynamic.soname !== null) byName.set(root.dynamic.soname, rootNode);
  // The interpreter is loaded first but listed only when something needs it.
  let interp: { path: string; c: LoaderCandidate } | null = null;
  if (options.interpreter) {
    const c = host.inspect(options.interpreter);
    if (c && typeof c !== "string" && sameAbi(c.abi, abi) && !byIdentity.has(c.identity)) interp = { path: options.interpreter, c };
  }
  const ldLibraryDirs = options.ldLibraryPath ? splitSearchList(options.ldLibraryPath, rootNode.origin, values, ":;") : [];

  const tryPath = (path: string, name: string, tried: string[]): LoaderCandidate | null => {
    tried.push(path);
    const c = host.inspect(path);
    if (c === null) return null;
    if (typeof c === "string") {
      skipped.push({ path, name, reason: c });
      return null;
    }
    if (!sameAbi(c.abi, abi)) {
      skipped.push({ path, name, reason: `ELF${c.abi.class} machine ${c.abi.machine} ${c.abi.littleEndian ? "LSB" : "MSB"} does not match ELF${abi.class} machine ${abi.machine}` });
      return null;
    }
    return c;
  };

  const find = (name: string, loader: Node, tried: string[]): { path: string; via: FoundVia; c: LoaderCandidate } | null => {
    if (name.includes("/")) {
      const p = expandDst(name, loader.origin, values);
      const c = p === null ? null : tryPath(p, name, tried);
      return c && p !== null ? { path: p, via: "path", c } : null;
    }
    const inDirs = (dirs: readonly string[], via: FoundVia) => {
      for (const d of dirs) {
        const p = joinPath(d, name);
        const c = tryPath(p, name, tried);
        if (c) return { path: p, via, c };
      }
      return null;
    };
    const dyn = loader.obj.candidate.dynamic;
    if (dyn.runpath === null) {
      for (let l: Node | null = loader; l; l = l.loader) {
        const d = l.obj.candidate.dynamic;
        if (d.rpath === null || d.runpath !== null) continue;
        const hit = inDirs(splitSearchList(d.rpath, l.origin, values), "rpath");
        if (hit) return hit;
      }
    }
    const viaEnv = inDirs(ldLibraryDirs, "LD_LIBRARY_PATH");
    if (viaEnv) return viaEnv;
    if (dyn.runpath !== null) {
      const hit = inDirs(splitSearchList(dyn.runpath, loader.origin, values), "runpath");
      if (hit) return hit;
    }
    if ((dyn.flags1 & DF_1_NODEFLIB) !== 0) return null;
    if (options.ldCache) {
      // ld.so takes the first acceptable cache entry; if that file fails, it
      // goes on to the default directories.
      const [p] = lookupLdCache(options.ldCache, name, cacheFlags);
      const c = p === undefined ? null : tryPath(p, name, tried);
      if (c && p !== undefined) return { path: p, via: "ld.so.cache", c };
    }
    return inDirs(systemDirs, "default");
  };

  const queue: Node[] = [rootNode];
  for (let qi = 0; qi < queue.length; qi++) {
    const node = queue[qi]!;
    for (const name of node.obj.candidate.dynamic.needed) {
      if (byName.has(name)) continue;
      const tried: string[] = [];
      const interpHit = interp && (name === interp.c.dynamic.soname || name === interp.path) && !byIdentity.has(interp.c.identity)
        ? { path: interp.path, via: "interpreter" as const, c: interp.c } : null;
      const hit = interpHit ?? find(name, node, tried);
      if (!hit) {
        missing.push({ name, neededBy: node.obj.path, tried });
        continue;
      }
      const same = byIdentity.get(hit.c.identity);
      if (same) {
        byName.set(name, same);
        continue;
      }
      const obj: ResolvedObject = { path: hit.path, name, neededBy: node.obj.path, via: hit.via, candidate: hit.c };
      const child: Node = { obj, loader: node, origin: originOf(hit.path) };
      objects.push(obj);
      queue.push(child);
      byIdentity.set(hit.c.identity, child);
      byName.set(name, child);
      if (hit.c.dynamic.soname !== null && !byName.has(hit.c.dynamic.soname)) byName.set(hit.c.dynamic.soname, child);
    }
  }
  return { objects, missing, skipped };
}
