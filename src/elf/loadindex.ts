/**
 * Which PT_LOAD holds an address: the segment whose memory image
 * `[p_vaddr, p_vaddr + p_memsz)` contains it, preferring one that satisfies a
 * test (executable for probe sites, writable for semaphores, as libbpf does),
 * and among several, the first in the program header table.
 *
 * Real files have two to five PT_LOAD segments; a hostile file can have tens
 * of thousands of program headers and of probes, and a scan per probe would
 * multiply the two. So the answers are precomputed once per file: the segment
 * boundaries cut the address space into elementary intervals, inside each of
 * which "the first PT_LOAD (in table order) that contains the address" does
 * not change; a sweep with a min-heap of segment indices computes it for every
 * interval in O(n log n), and a lookup is a binary search (for a real file,
 * over a handful of boundaries: no slower than a scan).
 */
import { PT } from "./constants.js";
import type { ProgramHeader } from "./segments.js";

/** The PT_LOAD holding an address, for a fixed set of segments and preference. */
export class LoadIndex {
  readonly #preferred: IntervalMap;
  readonly #all: IntervalMap;

  /**
   * @param sameSegments another index of the same `segments` (with another
   *   preference), whose lookup among all PT_LOADs this one shares.
   */
  constructor(segments: readonly ProgramHeader[], prefer: (p: ProgramHeader) => boolean = () => true, sameSegments?: LoadIndex) {
    // Ordered by position in `segments`, which is what "first" means.
    const loads: Entry[] = [];
    const preferred: Entry[] = [];
    for (let pos = 0; pos < segments.length; pos++) {
      const p = segments[pos]!;
      if (p.type !== PT.PT_LOAD || p.memsz === 0n) continue;
      const e = { p, pos, end: p.vaddr + p.memsz };
      loads.push(e);
      if (prefer(p)) preferred.push(e);
    }
    this.#preferred = new IntervalMap(preferred);
    this.#all = sameSegments ? sameSegments.#all : new IntervalMap(loads);
  }

  /** The PT_LOAD holding `vaddr`, preferring one that satisfies `prefer`. */
  find(vaddr: bigint): ProgramHeader | undefined {
    return this.#preferred.find(vaddr) ?? this.#all.find(vaddr);
  }
}

interface Entry {
  readonly p: ProgramHeader;
  /** Position in the program header array. */
  readonly pos: number;
  readonly end: bigint;
}

/** For a set of intervals [vaddr, vaddr + memsz): the first one (by table index) holding an address. */
class IntervalMap {
  /** Sorted distinct boundaries; interval j is [bounds[j], bounds[j + 1]). */
  readonly #bounds: bigint[];
  readonly #answer: (ProgramHeader | undefined)[];

  constructor(segs: readonly Entry[]) {
    // The boundaries: every start and end, sorted, each once.
    const bounds: bigint[] = [];
    for (let i = 0; i < segs.length; i++) bounds.push(segs[i]!.p.vaddr, segs[i]!.end);
    bounds.sort(compare);
    let distinct = 0;
    for (let i = 0; i < bounds.length; i++) {
      if (distinct === 0 || bounds[i] !== bounds[distinct - 1]) bounds[distinct++] = bounds[i]!;
    }
    bounds.length = distinct;
    const byStart = segs.slice().sort((a, b) => compare(a.p.vaddr, b.p.vaddr));
    const heap = new MinHeap();
    const answer: (ProgramHeader | undefined)[] = new Array(distinct);
    let next = 0;
    for (let j = 0; j < distinct; j++) {
      const x = bounds[j]!;
      while (next < byStart.length && byStart[next]!.p.vaddr === x) heap.push(byStart[next++]!);
      // Drop segments that end at or before x (lazy deletion).
      while (heap.top && heap.top.end <= x) heap.pop();
      answer[j] = heap.top?.p;
    }
    this.#bounds = bounds;
    this.#answer = answer;
  }

  find(vaddr: bigint): ProgramHeader | undefined {
    // Last boundary <= vaddr.
    let lo = 0;
    let hi = this.#bounds.length;
    while (lo < hi) {
      const mid = (lo + hi) >>> 1;
      if (this.#bounds[mid]! <= vaddr) lo = mid + 1;
      else hi = mid;
    }
    return lo === 0 ? undefined : this.#answer[lo - 1];
  }
}

function compare(a: bigint, b: bigint): number {
  return a < b ? -1 : a > b ? 1 : 0;
}

/** A binary min-heap of entries ordered by position. */
class MinHeap {
  readonly #a: Entry[] = [];

  get top(): Entry | undefined {
    return this.#a[0];
  }

  push(p: Entry): void {
    const a = this.#a;
    let i = a.push(p) - 1;
    while (i > 0) {
      const parent = (i - 1) >> 1;
      if (a[parent]!.pos <= a[i]!.pos) break;
      [a[parent], a[i]] = [a[i]!, a[parent]!];
      i = parent;
    }
  }

  pop(): void {
    const a = this.#a;
    const last = a.pop()!;
    if (a.length === 0) return;
    a[0] = last;
    let i = 0;
    for (;;) {
      const l = 2 * i + 1;
      const r = l + 1;
      let m = i;
      if (l < a.length && a[l]!.pos < a[m]!.pos) m = l;
      if (r < a.length && a[r]!.pos < a[m]!.pos) m = r;
      if (m === i) return;
      [a[m], a[i]] = [a[i]!, a[m]!];
      i = m;
    }
  }
}
