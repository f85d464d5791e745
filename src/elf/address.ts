/**
 * Virtual address -> file offset, through the PT_LOAD segments.
 *
 * A uprobe is attached by (inode, file offset), and the kernel's uprobe
 * reference counter (`ref_ctr_offset`) is a file offset too. The loader maps
 * each PT_LOAD so that `vaddr` lands at `p_vaddr + (offset - p_offset)`; the
 * inverse is `offset = vaddr - p_vaddr + p_offset`, valid only for addresses
 * backed by file bytes (below `p_vaddr + p_filesz`, not in `.bss`). Text and data
 * segments usually have different `p_vaddr - p_offset` deltas, so each address
 * must be converted through the segment that really holds it.
 */
import { LoadIndex } from "./loadindex.js";
import type { ProgramHeader } from "./segments.js";

/**
 * The PT_LOAD segment whose memory image `[p_vaddr, p_vaddr + p_memsz)` holds
 * `vaddr`, preferring one that satisfies `prefer` (see {@link LoadIndex},
 * which answers many lookups over the same segments).
 */
export function findLoadSegment(
  segments: readonly ProgramHeader[],
  vaddr: bigint,
  prefer?: (p: ProgramHeader) => boolean,
): ProgramHeader | undefined {
  return new LoadIndex(segments, prefer).find(vaddr);
}

/**
 * The file offset of `vaddr` in `segment`, or `null` when the address is not
 * backed by file bytes (outside `[p_vaddr, p_vaddr + p_filesz)`).
 */
export function segmentOffset(segment: ProgramHeader, vaddr: bigint): bigint | null {
  if (vaddr < segment.vaddr) return null;
  const delta = vaddr - segment.vaddr;
  if (delta >= segment.filesz) return null;
  // Text segments often have p_vaddr == p_offset: the same value, no new bigint.
  return segment.offset === segment.vaddr ? vaddr : segment.offset + delta;
}

/** `findLoadSegment` then `segmentOffset`; `null` when no segment backs `vaddr`. */
export function vaddrToOffset(
  segments: readonly ProgramHeader[],
  vaddr: bigint,
  prefer?: (p: ProgramHeader) => boolean,
): bigint | null {
  const seg = findLoadSegment(segments, vaddr, prefer);
  return seg ? segmentOffset(seg, vaddr) : null;
}
