/**
 * From link-time addresses to addresses in a running program.
 *
 * ET_EXEC objects run at their link-time addresses. ET_DYN objects (PIE
 * executables, shared libraries) are moved as a whole by a *load bias*. A
 * mapping `start-end perms pgoff` of the file that belongs to PT_LOAD segment
 * `S` puts file offset `pgoff` at `start`, and file offset `o` of `S` has
 * link-time address `p_vaddr + (o - p_offset)`, so
 *
 * ```
 * bias    = (start - pgoff) - (p_vaddr(S) - p_offset(S))
 * runtime = vaddr + bias       =  start + (file_offset(vaddr) - pgoff)
 * ```
 *
 * (exact without knowing the page size, since `p_vaddr ≡ p_offset` modulo the
 * page size). The mapping must be chosen by permissions as well as offset: the
 * same file page is often mapped twice — the end of the read-only segment and
 * the start (RELRO) of the data segment — at different addresses. Like libbpf
 * we take an executable mapping for code, and a writable one for semaphores.
 */
import { PF, PT, ET } from "../elf/constants.js";
import { findLoadSegment, segmentOffset } from "../elf/address.js";
import type { ProgramHeader } from "../elf/segments.js";
import type { Mapping } from "./maps.js";

/** What an address is: code is looked up in `x` mappings, data in `w` ones. */
export type AddressKind = "code" | "data";

const covers = (m: Mapping, fileOffset: bigint): boolean =>
  fileOffset >= m.offset && fileOffset - m.offset < m.end - m.start;

const permsMatch = (m: Mapping, seg: ProgramHeader): boolean =>
  m.exec === ((seg.flags & PF.PF_X) !== 0) && m.write === ((seg.flags & PF.PF_W) !== 0);

/**
 * The load bias of one loaded object: from the first mapping whose
 * permissions equal those of the PT_LOAD segment that holds its `pgoff`
 * (executable mappings first, since RELRO turns `rw` into `r`), else from the
 * first mapping inside any PT_LOAD. ET_EXEC objects have bias 0.
 *
 * @returns `null` when no mapping belongs to a PT_LOAD segment.
 */
export function loadBias(elfType: number, segments: readonly ProgramHeader[], mappings: readonly Mapping[]): bigint | null {
  if (elfType === ET.ET_EXEC) return 0n;
  const loads = segments.filter((s) => s.type === PT.PT_LOAD);
  const segFor = (m: Mapping): ProgramHeader | undefined =>
    loads.find((s) => m.offset < s.offset + s.filesz && m.offset + (m.end - m.start) > s.offset && permsMatch(m, s)) ??
    loads.find((s) => m.offset < s.offset + s.filesz && m.offset + (m.end - m.start) > s.offset);
  const order = [...mappings.filter((m) => m.exec), ...mappings.filter((m) => !m.exec)];
  for (const m of order) {
    const s = segFor(m);
    if (s) return m.start - m.offset - (s.vaddr - s.offset);
  }
  return null;
}

/**
 * The runtime address of link-time address `vaddr` of an object whose mappings
 * are `mappings`.
 *
 * ET_EXEC: `vaddr` itself. ET_DYN: the address in the mapping that holds the
 * file offset of `vaddr` and whose permissions fit `kind` (`x` for code, `w`
 * for data); failing that, any mapping holding the offset whose bias agrees
 * with {@link loadBias}; addresses with no file bytes (`.bss`) use the load
 * bias.
 *
 * @returns `null` when no mapping of the object holds the address.
 */
export function runtimeAddress(
  vaddr: bigint,
  kind: AddressKind,
  elfType: number,
  segments: readonly ProgramHeader[],
  mappings: readonly Mapping[],
): bigint | null {
  if (elfType === ET.ET_EXEC) return vaddr;
  const seg = findLoadSegment(segments, vaddr, (p) => (p.flags & (kind === "code" ? PF.PF_X : PF.PF_W)) !== 0);
  if (!seg) return null;
  const off = segmentOffset(seg, vaddr);
  const bias = loadBias(elfType, segments, mappings);
  if (off === null) return bias === null ? null : vaddr + bias;
  const holding = mappings.filter((m) => covers(m, off));
  const wanted = holding.find((m) => (kind === "code" ? m.exec : m.write));
  const m = wanted ?? holding.find((x) => bias !== null && x.start + (off - x.offset) === vaddr + bias);
  if (m) return m.start + (off - m.offset);
  return null;
}
