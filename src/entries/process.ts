/**
 * `stapsdt/process`: from link-time addresses to the addresses of a running
 * program, given its `/proc/PID/maps` text. Portable (the text can come from
 * anywhere); under Node the entry adds `listProcessProbes`, which reads the
 * maps and mapped files of a live program.
 *
 * @example
 * ```ts
 * import { openElf, listProbes } from "stapsdt";
 * import { parseMaps, mappedFiles, loadBias, runtimeAddress } from "stapsdt/process";
 * const maps = parseMaps(mapsText);
 * const lib = mappedFiles(maps).find((f) => f.path === "/usr/lib/libpython3.11.so.1.0");
 * const file = openElf(bytes); // the bytes of that file
 * for (const p of listProbes(file).probes) {
 *   const at = runtimeAddress(p.address, "code", file.header.type, file.segments, lib.mappings);
 * }
 * ```
 */
export { ElfError, isElfError, type ElfErrorCode } from "../elf/errors.js";
export { parseMaps, mappedFiles, type Mapping, type MappedFile } from "../process/maps.js";
export { loadBias, runtimeAddress, type AddressKind } from "../process/bias.js";
