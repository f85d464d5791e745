/**
 * stapsdt: SystemTap SDT (USDT) probes of ELF files, for tracer authors.
 *
 * This is the portable entry (`stapsdt/core`, and `stapsdt` outside Node): it
 * imports nothing from Node and runs in browsers, Deno and Bun. It has what
 * a tracer needs to find probes and attach to them: open a file, list its
 * probes (with globs), their parsed arguments, and the outputs the command
 * prints. The Node entry (`stapsdt/node`, or `stapsdt` under Node) re-exports
 * all of it and adds file access. More lives behind subpaths, each sharing
 * this module graph (one `ElfError` class everywhere):
 *
 * - `stapsdt/elf`: sections, segments, symbols, note framing, ELF constants;
 * - `stapsdt/notes`: decoded notes of every owner and the `readelf -n` printer;
 * - `stapsdt/loader`: shared libraries as ld.so finds them;
 * - `stapsdt/process`: `/proc/PID/maps` and runtime addresses.
 *
 * @example
 * ```ts
 * import { openElf, listProbes } from "stapsdt";
 * const file = openElf(bytes); // Uint8Array, ArrayBuffer, DataView or ByteSource
 * for (const p of listProbes(file, { provider: "python", name: "function__*" }).probes) {
 *   console.log(p.provider, p.name, p.offset, p.semaphoreOffset, p.args);
 * }
 * ```
 */

// Opening a file
export { openElf, type ElfInput } from "./elf/open.js";
export { ElfFile } from "./elf/file.js";
export type { FileHeader } from "./elf/header.js";
export { bytesSource, countingSource, type ByteSource, type CountingSource } from "./elf/source.js";

// Errors: every error the library throws or reports is an ElfError
export { ElfError, isElfError, type ElfErrorCode } from "./elf/errors.js";

// Probes
export { listProbes, type ProbeList, type ProbeFilter } from "./stapsdt/list.js";
export type { Probe, ProbeSite } from "./stapsdt/probes.js";
export type { StapsdtDescriptor } from "./stapsdt/note.js";

// Probe arguments
export { parseArguments, parseArgument } from "./stapsdt/args/index.js";
export {
  effectiveSize,
  type ProbeArgument, type ArgumentKind, type ArgumentHead, type ProbeRegister,
  type RegisterArgument, type MemoryArgument, type ConstantArgument, type UnparsedArgument,
} from "./stapsdt/args/types.js";

// Known providers: argument names and C types
export { describeProbe } from "./providers/catalogue.js";
export type { ProbeDescription, ProviderArgument } from "./providers/types.js";

// What the numbers in a header and in `parseArguments` calls mean
export { EM, ET, machineName, typeName } from "./elf/constants.js";

// Output: the command's views, as strings and JSON-safe records
export { renderTable, type TableRow, type TableProbe, type TableOptions } from "./format/table.js";
export {
  renderUprobes, type UprobeSite, type UprobeOptions,
} from "./format/uprobe.js";
export { symbolResolver, type SymbolResolution, type SymbolResolver } from "./elf/symbol-resolver.js";
export { renderBpftrace } from "./format/bpftrace.js";
export {
  fileRecord, errorRecord, probeToJson,
  type JsonFileRecord, type JsonErrorRecord, type JsonProbe, type JsonDiagnostic, type JsonArgument, type JsonRegister,
} from "./format/json.js";
export { printable } from "./format/printable.js";

export { VERSION } from "./version.js";
