/**
 * `stapsdt/loader`: which shared objects a program loads, found the way
 * glibc's ld.so finds them (DT_RPATH, `LD_LIBRARY_PATH`, DT_RUNPATH,
 * `/etc/ld.so.cache`, the default directories), so that their probes can be
 * listed too. The search runs over a {@link LoaderHost} that answers for the
 * files, so it needs no file system; under Node the entry adds one over the
 * local file system and `listDependencyProbes` (what `stapsdt-ls --deps` prints).
 *
 * @example
 * ```ts
 * import { openElf } from "stapsdt";
 * import { readDynamic, readInterpreter, parseLdCache } from "stapsdt/loader";
 * const file = openElf(bytes);
 * const { needed, runpath } = readDynamic(file);   // DT_NEEDED, DT_RUNPATH, ...
 * const cache = parseLdCache(ldSoCacheBytes);      // /etc/ld.so.cache
 * ```
 */
export { ElfError, isElfError, type ElfErrorCode } from "../elf/errors.js";
export { readDynamic, readInterpreter, DT, DF_1_NODEFLIB, type DynamicInfo } from "../loader/dynamic.js";
export {
  parseLdCache, lookupLdCache, cacheFlagsFor, cacheFlagsMatch, CACHE_FLAG,
  type LdCache, type LdCacheEntry, type ObjectAbi,
} from "../loader/ldcache.js";
export {
  expandDst, splitSearchList, defaultDirectories, defaultLib, defaultPlatform, multiarchTriplet, type DstValues,
} from "../loader/paths.js";
export {
  resolveDependencies, type LoaderHost, type LoaderCandidate, type ResolveOptions, type Resolution,
  type ResolvedObject, type MissingLibrary, type SkippedCandidate, type FoundVia,
} from "../loader/resolve.js";
