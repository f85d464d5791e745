/**
 * Which PT_LOAD holds an address, and the file offset there, against answers
 * worked out by hand from the program headers below (the gABI's rule: a
 * segment's memory image is [p_vaddr, p_vaddr + p_memsz), its file bytes the
 * first p_filesz of it at p_offset; the rest is zero-filled and has no file
 * offset). The same questions go to LoadIndex over the same segments, and over
 * them among many far-away segments: the answers must be the hand-worked ones
 * in both cases.
 */
import fc from "fast-check";
import { describe, expect, it } from "vitest";
import { findLoadSegment, segmentOffset } from "../../src/elf/address.js";
import { LoadIndex } from "../../src/elf/loadindex.js";
import type { ProgramHeader } from "../../src/elf/segments.js";

const PT_LOAD = 1;
const PT_NOTE = 4;
const X = 1;
const W = 2;
const R = 4;

function seg(index: number, type: number, flags: number, vaddr: bigint, memsz: bigint, offset: bigint, filesz: bigint): ProgramHeader {
  return { index, type, flags, offset, vaddr, paddr: vaddr, filesz, memsz, align: 0x1000n };
}

// 0: text R+X [0x1000, 0x1100), file bytes [0x1000, 0x1080) at offset 0
// 1: data R+W [0x1080, 0x1280), file bytes [0x1080, 0x1180) at offset 0x2000 (overlaps 0's tail)
// 2: a PT_NOTE over the text: never a load segment
// 3: an empty PT_LOAD at 0x1000: holds nothing
// 4: rodata R [0x4000, 0x4100), vaddr == offset (file bytes all of it)
const SEGMENTS = [
  seg(0, PT_LOAD, R | X, 0x1000n, 0x100n, 0x0n, 0x80n),
  seg(1, PT_LOAD, R | W, 0x1080n, 0x200n, 0x2000n, 0x100n),
  seg(2, PT_NOTE, R, 0x1000n, 0x40n, 0x300n, 0x40n),
  seg(3, PT_LOAD, R | X, 0x1000n, 0x0n, 0x0n, 0x0n),
  seg(4, PT_LOAD, R, 0x4000n, 0x100n, 0x4000n, 0x100n),
];
const exec = (p: ProgramHeader): boolean => (p.flags & X) !== 0;
const write = (p: ProgramHeader): boolean => (p.flags & W) !== 0;

/** [vaddr, prefer, index of the segment found (or null), file offset (or null)]. */
const CASES: [bigint, "exec" | "write" | "any", number | null, bigint | null][] = [
  [0x0fffn, "any", null, null], // below everything
  [0x1000n, "any", 0, 0x0n], // first byte of text
  [0x1000n, "write", 0, 0x0n], // no writable segment there: the first one that holds it
  [0x107fn, "exec", 0, 0x7fn], // last file byte of text
  [0x1080n, "any", 0, null], // text's zero-filled tail comes first in the table ...
  [0x1080n, "exec", 0, null],
  [0x1080n, "write", 1, 0x2000n], // ... but a semaphore there is in data's file bytes
  [0x10ffn, "write", 1, 0x207fn],
  [0x1100n, "any", 1, 0x2080n], // past text: data only
  [0x1100n, "exec", 1, 0x2080n], // no executable one: the one that holds it
  [0x117fn, "write", 1, 0x20ffn], // data's last file byte
  [0x1180n, "write", 1, null], // data's .bss
  [0x127fn, "any", 1, null], // data's last byte
  [0x1280n, "any", null, null], // one past data
  [0x4000n, "any", 4, 0x4000n], // vaddr == offset
  [0x40ffn, "exec", 4, 0x40ffn],
  [0x4100n, "any", null, null],
];
const PREFER = { exec, write, any: () => true };

function check(find: (vaddr: bigint, prefer: "exec" | "write" | "any") => ProgramHeader | undefined): void {
  for (const [vaddr, prefer, index, offset] of CASES) {
    const s = find(vaddr, prefer);
    const what = `0x${vaddr.toString(16)} ${prefer}`;
    expect(s?.index ?? null, what).toBe(index);
    expect(s ? segmentOffset(s, vaddr) : null, what).toBe(offset);
  }
}

describe("the PT_LOAD holding an address, and its file offset", () => {
  it("findLoadSegment and segmentOffset", () => {
    check((vaddr, prefer) => findLoadSegment(SEGMENTS, vaddr, PREFER[prefer]));
  });

  it("segmentOffset outside the segment's file bytes", () => {
    expect(segmentOffset(SEGMENTS[1]!, 0x107fn)).toBeNull(); // below p_vaddr
    expect(segmentOffset(SEGMENTS[0]!, 0x1080n)).toBeNull(); // p_filesz reached
    expect(segmentOffset(SEGMENTS[4]!, 0x4000n)).toBe(0x4000n);
  });

  it("LoadIndex over the same segments", () => {
    const index = { exec: new LoadIndex(SEGMENTS, exec), write: new LoadIndex(SEGMENTS, write), any: new LoadIndex(SEGMENTS, () => true) };
    check((vaddr, prefer) => index[prefer].find(vaddr));
  });

  it("LoadIndex among many other segments, the same answers", () => {
    // 40 more PT_LOADs far above, in both orders around the real ones; answers
    // above 0x4100 are theirs and are not asked for.
    const far = (i: number) => seg(100 + i, PT_LOAD, i % 2 ? R | X : R | W, 0x100000n + BigInt(i) * 0x1000n, 0x800n, 0x10000n, 0x800n);
    const many = [...Array.from({ length: 20 }, (_, i) => far(i)), ...SEGMENTS, ...Array.from({ length: 20 }, (_, i) => far(20 + i))];
    const index = { exec: new LoadIndex(many, exec), write: new LoadIndex(many, write), any: new LoadIndex(many, () => true) };
    check((vaddr, prefer) => index[prefer].find(vaddr));
    // And the far ones are found too: the first in table order that holds the address.
    expect(index.any.find(0x100000n + 5n * 0x1000n + 0x10n)?.index).toBe(105);
    expect(index.exec.find(0x100000n + 4n * 0x1000n)?.index).toBe(104);
    expect(index.any.find(0x100000n + 40n * 0x1000n)).toBeUndefined();
  });

  it("LoadIndex: nested segments, each later-starting one earlier in the table, answer in table order", () => {
    // D (table 20) [0x8300, 0x8d00) inside C (21) [0x8200, 0x8e00) inside
    // B (22) [0x8100, 0x8f00) inside A (23) [0x8000, 0x9000): at any address
    // the innermost one holds is the first in the table.
    const nest = [[0x8300n, 0x8d00n], [0x8200n, 0x8e00n], [0x8100n, 0x8f00n], [0x8000n, 0x9000n]] as const;
    // Before them in the table, a PT_NOTE and an empty PT_LOAD over the same
    // addresses, which hold nothing.
    const many = [
      seg(98, PT_NOTE, R, 0x8000n, 0x1000n, 0x300n, 0x1000n),
      seg(99, PT_LOAD, R, 0x8000n, 0n, 0x300n, 0n),
      ...Array.from({ length: 20 }, (_, i) => seg(i, PT_LOAD, R, 0x100000n + BigInt(i) * 0x1000n, 0x800n, 0n, 0x800n)),
      ...nest.map(([a, b], i) => seg(20 + i, PT_LOAD, R, a, b - a, 0x10000n * BigInt(i + 1), b - a)),
    ];
    const index = new LoadIndex(many, () => true);
    const want: [bigint, number | null][] = [
      [0x7fffn, null], [0x8000n, 23], [0x80ffn, 23], [0x8100n, 22], [0x8200n, 21], [0x8300n, 20], [0x8cffn, 20],
      [0x8d00n, 21], [0x8e00n, 22], [0x8f00n, 23], [0x8fffn, 23], [0x9000n, null],
    ];
    for (const [vaddr, i] of want) expect(index.find(vaddr)?.index ?? null, `0x${vaddr.toString(16)}`).toBe(i);
    expect(segmentOffset(index.find(0x8d10n)!, 0x8d10n)).toBe(0x20000n + 0xb10n);
  });

  it("LoadIndex agrees with the rule applied by a scan of the table, on random segments and addresses", () => {
    // The rule: among PT_LOADs with p_memsz > 0 whose [p_vaddr, p_vaddr + p_memsz)
    // holds the address, the first in table order that satisfies `prefer`,
    // else the first of all.
    const holds = (p: ProgramHeader, a: bigint): boolean => p.type === PT_LOAD && p.memsz > 0n && a >= p.vaddr && a < p.vaddr + p.memsz;
    const scan = (segs: readonly ProgramHeader[], prefer: (p: ProgramHeader) => boolean, a: bigint): ProgramHeader | undefined =>
      segs.find((p) => holds(p, a) && prefer(p)) ?? segs.find((p) => holds(p, a));
    const small = fc.bigInt({ min: 0n, max: 64n });
    const segment = fc.record({ type: fc.constantFrom(PT_LOAD, PT_LOAD, PT_LOAD, PT_NOTE), flags: fc.integer({ min: 0, max: 7 }), vaddr: small, memsz: small });
    fc.assert(fc.property(
      fc.array(segment, { maxLength: 12 }), fc.array(fc.bigInt({ min: 0n, max: 140n }), { minLength: 1, maxLength: 20 }), fc.integer({ min: 1, max: 4 }),
      fc.integer({ min: 1, max: 4 }),
      (specs, addresses, flag, otherFlag) => {
        const segs = specs.map((s, i) => seg(i, s.type, s.flags, s.vaddr, s.memsz, 0n, s.memsz));
        const prefer = (p: ProgramHeader): boolean => (p.flags & flag) !== 0;
        const index = new LoadIndex(segs, prefer);
        // The same, sharing the lookup among all PT_LOADs of an index with another preference.
        const other = (p: ProgramHeader): boolean => (p.flags & otherFlag) !== 0;
        const shared = new LoadIndex(segs, prefer, new LoadIndex(segs, other));
        for (const a of addresses) {
          expect(index.find(a)?.index).toBe(scan(segs, prefer, a)?.index);
          expect(shared.find(a)?.index).toBe(scan(segs, prefer, a)?.index);
        }
      },
    ), { numRuns: 3000 });
  });
});
