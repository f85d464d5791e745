/**
 * From `stapsdt` descriptors to probes a tracer can attach to.
 *
 * Three derived values per probe, each computed the way the tool that needs it
 * does:
 *
 * - **address** (prelink rule, as gdb and the SystemTap wiki apply it): if both
 *   the current `sh_addr` of `.stapsdt.base` and the note's `base` are non-zero,
 *   `delta = sh_addr - base` and `address = location + delta`. A non-zero
 *   semaphore moves by the same delta. (libbpf adjusts only the location; bcc
 *   not at all; in files that were never prelinked the delta is 0 and everyone
 *   agrees.)
 * - **offset**: the file offset of the probe site, for `uprobe` attach by
 *   (inode, offset): through the PT_LOAD segment that holds `address`,
 *   preferring an executable one as libbpf does.
 * - **semaphoreOffset**: the kernel's `ref_ctr_offset`, a file offset too,
 *   through the PT_LOAD that holds the semaphore, preferring a writable one.
 *   The data segment's `p_vaddr - p_offset` usually differs from the text
 *   segment's, so the text delta is never reused.
 */
import { PF, PT } from "../elf/constants.js";
import { segmentOffset } from "../elf/address.js";
import { LoadIndex } from "../elf/loadindex.js";
import { ElfError, hex } from "../elf/errors.js";
import type { ElfFile } from "../elf/file.js";
import type { ProgramHeader } from "../elf/segments.js";
import type { StapsdtDescriptor } from "./note.js";
import { createArgumentsParser } from "./args/index.js";
import type { ProbeArgument } from "./args/types.js";

/** One probe site without its parsed arguments. Addresses and offsets are `bigint`; `null` means "none". */
export interface ProbeSite extends StapsdtDescriptor {
  /** `location` after the prelink adjustment: the link-time address of the nop. */
  readonly address: bigint;
  /** File offset of the probe site, or `null` when no PT_LOAD backs `address`. */
  readonly offset: bigint | null;
  /** `semaphore` after the prelink adjustment, or `null` when the probe has none. */
  readonly semaphoreAddress: bigint | null;
  /** File offset of the semaphore (`ref_ctr_offset`), or `null`. */
  readonly semaphoreOffset: bigint | null;
  /** File offset of the note that describes this probe. */
  readonly noteOffset: number;
}

/** One probe site, with its arguments parsed. */
export interface Probe extends ProbeSite {
  /**
   * `arguments` parsed with the file's machine and class (see
   * `stapsdt/args`), one entry per argument, in order; operands that cannot
   * be parsed are `kind: "unparsed"`, never dropped. Probes of one file with
   * the same argument text share these (read-only) objects.
   */
  readonly args: readonly ProbeArgument[];
}

/** What is needed to turn descriptors of one file into probes. */
export interface ProbeContext {
  /** `sh_addr(.stapsdt.base)`, or `null` when the file has no such section. */
  readonly baseAddress: bigint | null;
  readonly segments: readonly ProgramHeader[];
  /** Address width in bits (32 or 64), for wrap-around arithmetic; also the ELF class for argument parsing. */
  readonly bits: 32 | 64;
  /** `e_machine`, which chooses the argument operand syntax. */
  readonly machine: number;
  /** Parses argument strings with the file's machine and class (memoized per file). */
  readonly parseArguments: (text: string) => readonly ProbeArgument[];
  /** PT_LOAD lookup for probe sites (executable segments preferred, as libbpf). */
  readonly textIndex: LoadIndex;
  /** PT_LOAD lookup for semaphores (writable segments preferred). */
  readonly dataIndex: LoadIndex;
}

const isExec = (p: ProgramHeader): boolean => (p.flags & PF.PF_X) !== 0;
const isWrite = (p: ProgramHeader): boolean => (p.flags & PF.PF_W) !== 0;

/**
 * Gathers the `.stapsdt.base` address and program headers of `file`.
 * Problems are pushed to `warnings` (missing `.stapsdt.base`, unreadable
 * program headers, PT_LOAD segments past the end of the file, which are left
 * out); they never throw.
 */
export function probeContext(file: ElfFile | ProbeLayout, warnings: ElfError[], parseArguments = true): ProbeContext {
  const layout = "segmentsError" in file ? file : readProbeLayout(file);
  if (layout.baseAddress === null) {
    warnings.push(new ElfError("NO_STAPSDT_BASE",
      "no .stapsdt.base section: probe addresses are used without prelink adjustment", 0));
  }
  let segments = layout.segments;
  if (layout.segmentsError) warnings.push(layout.segmentsError);
  // A PT_LOAD whose file bytes lie past the end of the file backs no address
  // with a usable file offset (a uprobe there cannot be attached): leave it
  // out, so its probes get a null offset, and say so once.
  const size = BigInt(layout.size);
  const outside = segments.filter((p) => p.type === PT.PT_LOAD && (p.offset > size || p.filesz > size - p.offset));
  if (outside.length > 0) {
    const first = outside[0]!;
    warnings.push(new ElfError("BAD_SEGMENT",
      `${outside.length} PT_LOAD segment(s) extend past the end of the file (first: segment ${first.index}, ` +
      `[${hex(first.offset)}, +${hex(first.filesz)}) in a file of ${hex(size)} bytes); addresses in them have no file offset`,
      0, first.offset));
    const drop = new Set(outside);
    segments = segments.filter((p) => !drop.has(p));
  }
  return createProbeContext({ baseAddress: layout.baseAddress, segments, bits: layout.bits, machine: layout.machine }, parseArguments);
}

/** What a {@link ProbeContext} is made from, as read from the file ({@link readProbeLayout}). */
export interface ProbeLayout {
  /** Address of `.stapsdt.base`, or `null` when the file has none. */
  readonly baseAddress: bigint | null;
  readonly segments: readonly ProgramHeader[];
  /** Why the program headers could not be read, or `null`. */
  readonly segmentsError: ElfError | null;
  /** Size of the file in bytes. */
  readonly size: number;
  readonly bits: 32 | 64;
  readonly machine: number;
}

/** Reads what {@link probeContext} needs of `file` (its program headers and `.stapsdt.base`); never throws an ElfError. */
export function readProbeLayout(file: ElfFile): ProbeLayout {
  const baseSection = file.section(".stapsdt.base");
  let segments: readonly ProgramHeader[] = [];
  let segmentsError: ElfError | null = null;
  try {
    segments = file.segments;
  } catch (e) {
    if (!(e instanceof ElfError)) throw e;
    segmentsError = e;
  }
  return {
    baseAddress: baseSection ? baseSection.addr : null, segments, segmentsError,
    size: file.source.size, bits: file.header.class, machine: file.header.machine,
  };
}

/** The arguments of probes decoded as {@link ProbeSite}s (see `createProbeContext`). */
const NOT_PARSED: readonly ProbeArgument[] = Object.freeze([]);

/**
 * Builds a {@link ProbeContext} from its inputs (the segment lookups and
 * argument parser are derived). Without `parseArguments`, probes are made
 * with no `args` (an empty array), for callers that use them as
 * {@link ProbeSite}s: the table and the bpftrace lines show no parsed
 * argument, and parsing is most of the work of decoding a probe.
 */
export function createProbeContext(
  c: Pick<ProbeContext, "baseAddress" | "segments" | "bits" | "machine">, parseArguments = true,
): ProbeContext {
  const textIndex = new LoadIndex(c.segments, isExec);
  return {
    ...c,
    parseArguments: parseArguments ? createArgumentsParser(c.machine, c.bits).parse : () => NOT_PARSED,
    textIndex,
    dataIndex: new LoadIndex(c.segments, isWrite, textIndex),
  };
}

/**
 * Builds the probe for one descriptor. Address problems become warnings
 * (pushed to `warnings`) and `null` offsets, never errors.
 */
export function makeProbe(d: StapsdtDescriptor, ctx: ProbeContext, noteOffset: number, warnings: ElfError[]): Probe {
  const delta = ctx.baseAddress !== null && ctx.baseAddress !== 0n && d.base !== 0n ? ctx.baseAddress - d.base : 0n;
  const address = delta === 0n ? d.location : BigInt.asUintN(ctx.bits, d.location + delta);
  let offset: bigint | null = null;
  let semaphoreAddress: bigint | null = null;
  let semaphoreOffset: bigint | null = null;
  if (ctx.segments.length > 0) {
    const seg = ctx.textIndex.find(address);
    offset = seg ? segmentOffset(seg, address) : null;
    if (offset === null) {
      warnings.push(new ElfError("UNMAPPED_ADDRESS",
        `probe ${d.provider}:${d.name} address ${hex(address)} is in no PT_LOAD segment with file bytes`, noteOffset, address));
    }
  }
  if (d.semaphore !== 0n) {
    semaphoreAddress = delta === 0n ? d.semaphore : BigInt.asUintN(ctx.bits, d.semaphore + delta);
    if (ctx.segments.length > 0) {
      const seg = ctx.dataIndex.find(semaphoreAddress);
      semaphoreOffset = seg ? segmentOffset(seg, semaphoreAddress) : null;
      if (semaphoreOffset === null) {
        warnings.push(new ElfError("UNMAPPED_ADDRESS",
          `probe ${d.provider}:${d.name} semaphore ${hex(semaphoreAddress)} is in no PT_LOAD segment with file bytes`,
          noteOffset, semaphoreAddress));
      } else if (seg && !isWrite(seg)) {
        warnings.push(new ElfError("UNMAPPED_ADDRESS",
          `probe ${d.provider}:${d.name} semaphore ${hex(semaphoreAddress)} is in a read-only segment`, noteOffset, semaphoreAddress));
      }
    }
  }
  // The descriptor's fields, then the derived ones: every probe has the same
  // keys in the same order.
  return {
    location: d.location,
    base: d.base,
    semaphore: d.semaphore,
    provider: d.provider,
    name: d.name,
    arguments: d.arguments,
    trailing: d.trailing,
    address,
    offset,
    semaphoreAddress,
    semaphoreOffset,
    noteOffset,
    args: ctx.parseArguments(d.arguments),
  };
}
