/**
 * `stapsdt/loader` under Node: the portable entry, plus the local file system
 * as the loader's host, `/etc/ld.so.cache`, and the probes of a program with
 * every shared object it loads (`listDependencyProbes`, `stapsdt-ls --deps`).
 */
export * from "../loader.js";
export {
  listDependencyProbes, resolveFileDependencies, readLdCache, nodeLoaderHost, LD_SO_CACHE,
  type DependencyOptions, type DependencyProbes, type ObjectProbes,
} from "../../node/deps.js";
