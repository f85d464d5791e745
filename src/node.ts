/**
 * The Node entry (`stapsdt` under Node, and `stapsdt/node`): everything in
 * the portable core, plus ELF files on disk, read positionally (only the
 * ranges needed, never the whole file). Shared libraries, processes and
 * symbols on disk are in the Node side of their subpaths (`stapsdt/loader`,
 * `stapsdt/process`, `stapsdt/elf`).
 *
 * `src/node.ts` and `src/node/` are the only modules that import Node
 * built-ins.
 *
 * @example
 * ```ts
 * import { listFileProbes } from "stapsdt";
 * const { probes, warnings } = listFileProbes("/usr/bin/python3.11");
 * ```
 */
export * from "./index.js";
export { listFileProbes, openFileSource, withElfFile, type FileProbes, type FileSource } from "./node/files.js";
