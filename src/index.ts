/**
 * stapsdt: ELF note inspector and SystemTap SDT (USDT) probe descriptors.
 *
 * This is the portable entry: it imports nothing from Node and runs in
 * browsers, Deno and Bun. The Node entry (`stapsdt/node`, or `stapsdt` under
 * Node) re-exports all of this and adds file access.
 *
 * @example
 * ```ts
 * import { openElf, listProbes } from "stapsdt";
 * const file = openElf(bytes); // Uint8Array, ArrayBuffer, DataView or ByteSource
 * for (const p of listProbes(file).probes) console.log(p.provider, p.name, p.offset);
 * ```
 */
// Opening a file
export { openElf, type ElfInput } from "./elf/open.js";

// Errors
export { ElfError, isElfError, hex, type ElfErrorCode } from "./elf/errors.js";

// Byte sources
export { bytesSource, countingSource, type ByteSource, type CountingSource } from "./elf/source.js";

// ELF model
export { ElfFile, type NoteBlock, type NoteRegion } from "./elf/file.js";
export type { FileHeader } from "./elf/header.js";
export type { SectionHeader } from "./elf/sections.js";
export { readSymbols, symbolTable, isAddressSymbol, type ElfSymbol, type SymbolTable, type SymbolFilter } from "./elf/symbols.js";
export type { ProgramHeader } from "./elf/segments.js";
export { findLoadSegment, segmentOffset, vaddrToOffset } from "./elf/address.js";
export {
  Note, parseNotes, walkNotes, makeNote, noteOwnerIs, noteAlignment, MAX_NOTES,
  type NoteContainer, type NoteList, type NoteFraming, type NoteVisitor, type NoteWalkEnd,
} from "./elf/notes.js";
export {
  ELFCLASS, ELFDATA, ET, EM, SHT, SHF, SHN, STT, STB, STV, PT, PF, PN_XNUM, NT_GNU_BUILD_ID, NT_STAPSDT,
  machineName, typeName, sectionTypeName, segmentTypeName,
} from "./elf/constants.js";

// SDT probes
export { decodeStapsdt, STAPSDT_OWNER, type StapsdtDescriptor } from "./stapsdt/note.js";
export { makeProbe, probeContext, createProbeContext, type Probe, type ProbeContext } from "./stapsdt/probes.js";
export { listProbes, walkProbes, type ProbeList, type ProbeWalk, type WalkOptions } from "./stapsdt/list.js";

// Probe arguments
export {
  parseArguments, parseArgument, createArgumentsParser, operandParser, type OperandParser, type ArgumentsParser,
} from "./stapsdt/args/index.js";
export { splitArguments, hasNoArguments } from "./stapsdt/args/split.js";
export { parseHead } from "./stapsdt/args/prefix.js";
export {
  effectiveSize,
  type ProbeArgument, type ArgumentKind, type ArgumentHead, type ProbeRegister,
  type RegisterArgument, type MemoryArgument, type ConstantArgument, type UnparsedArgument,
} from "./stapsdt/args/types.js";
export { X86_64_REGISTERS, I386_REGISTERS } from "./stapsdt/args/x86.js";
export { AARCH64_REGISTERS } from "./stapsdt/args/aarch64.js";
export { ARM_REGISTERS } from "./stapsdt/args/arm.js";
export { PPC_REGISTERS, PPC64_REGISTERS } from "./stapsdt/args/ppc.js";
export { S390_REGISTERS, S390X_REGISTERS } from "./stapsdt/args/s390.js";
export { RISCV32_REGISTERS, RISCV64_REGISTERS } from "./stapsdt/args/riscv.js";
export { MIPS32_REGISTERS, MIPS64_REGISTERS } from "./stapsdt/args/mips.js";
export { LOONGARCH32_REGISTERS, LOONGARCH64_REGISTERS } from "./stapsdt/args/loongarch.js";
export type { RegisterTable } from "./stapsdt/args/registers.js";

// Decoded notes (all owners) and the readelf -n printer
export {
  decodeNoteBlocks, decodeNoteBlock, decodeNote, prepareNoteBlock, prepareNoteRegion, walkPreparedNotes, noteOwner, NOTE_DECODERS, FDO_PACKAGING_METADATA, NT_GO_BUILDID,
  type DecodedNote, type DecodedNoteBlock, type PreparedNoteBlock, type PreparedNoteRegion, type NoteBody, type DecodeContext, type DecodeNotesOptions,
} from "./notes/decode.js";
export {
  decodeGnuNote, GNU_ABI_TAG_OS, NT_GNU_ABI_TAG, NT_GNU_HWCAP, NT_GNU_GOLD_VERSION, NT_GNU_PROPERTY_TYPE_0, type GnuNoteBody,
} from "./notes/gnu.js";
export { decodeGnuProperties, type GnuProperty, type GnuPropertyList, type GnuPropertyError } from "./notes/property.js";
export { decodeNtFile, NT_FILE, type CoreMappedFile, type CoreFileBody } from "./notes/core.js";
export { noteTypeName } from "./notes/names.js";
export { relocateSection } from "./notes/relocate.js";
export {
  renderReadelfNotes, readelfNotes, type ReadelfOptions, type ReadelfSink, type ReadelfResult,
} from "./format/readelf/readelf.js";
export { printSymbol, printSymbolWidth, printableSectionName } from "./format/readelf/readelf-text.js";
export { newAnnobinState, type AnnobinState } from "./format/readelf/readelf-annobin.js";
export { isBuildAttribute, decodeBuildAttribute, type BuildAttributeBody } from "./notes/annobin.js";

// Shared libraries: the dynamic section, ld.so.cache, and ld.so's search
export { readDynamic, readInterpreter, DT, DF_1_NODEFLIB, NO_DYNAMIC, type DynamicInfo } from "./loader/dynamic.js";
export {
  parseLdCache, lookupLdCache, cacheFlagsFor, cacheFlagsMatch, CACHE_FLAG, CACHEMAGIC, CACHEMAGIC_NEW, CACHE_VERSION,
  DL_CACHE_HWCAP_EXTENSION, type LdCache, type LdCacheEntry, type ObjectAbi,
} from "./loader/ldcache.js";
export {
  expandDst, splitSearchList, defaultDirectories, defaultLib, defaultPlatform, multiarchTriplet, type DstValues,
} from "./loader/paths.js";
export {
  resolveDependencies, type LoaderHost, type LoaderCandidate, type ResolveOptions, type Resolution,
  type ResolvedObject, type MissingLibrary, type SkippedCandidate, type FoundVia,
} from "./loader/resolve.js";

// Processes: /proc/PID/maps and runtime addresses
export { parseMaps, mappedFiles, type Mapping, type MappedFile } from "./process/maps.js";
export { loadBias, runtimeAddress, type AddressKind } from "./process/bias.js";

// Output
export { renderTable, type TableProbe, type TableOptions } from "./format/table.js";
export {
  renderUprobes, uprobeFetchArg, uprobeRegisterName, uprobeType, uprobeGroup, fileRelativeOffset, symbolResolver,
  type UprobeSite, type UprobeSiteLocation, type UprobeOptions, type FetchArg, type SymbolResolution, type SymbolResolver,
} from "./format/uprobe.js";
export { renderBpftrace, bpftraceQuote } from "./format/bpftrace.js";
export { printable } from "./format/printable.js";
export {
  fileRecord, errorRecord, probeToJson, diagnosticToJson, argumentToJson,
  type JsonFileRecord, type JsonErrorRecord, type JsonProbe, type JsonDiagnostic, type JsonArgument, type JsonRegister,
} from "./format/json.js";

export { VERSION } from "./version.js";
