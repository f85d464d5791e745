/**
 * A synthetic binary with SDT probes, in any class and byte order:
 *
 *   .text          0x401000  R+X PT_LOAD, file delta 0x400000 (nops at the probe sites)
 *   .stapsdt.base  0x402000  R   PT_LOAD
 *   .probes        0x603000  RW  PT_LOAD, a different file delta (semaphores)
 *   .note.stapsdt  not allocated
 *   .dynamic       0x604000  RW  PT_LOAD and PT_DYNAMIC (DT_DEBUG, DT_NULL), with `dynamic`
 *   .note.gnu.build-id  0x400300  a build ID in a PT_NOTE segment, with `buildIdSegment`
 */
import { buildElf, concat, note, stapsdtDesc, Writer, type BuiltElf } from "./elf-builder.js";

export interface SampleProbe {
  provider: string;
  name: string;
  location: bigint;
  semaphore?: bigint;
  args?: string;
}

export const SAMPLE_PROBES: SampleProbe[] = [
  { provider: "prov", name: "noargs", location: 0x401004n },
  { provider: "prov", name: "withsem", location: 0x401010n, semaphore: 0x603002n, args: "-4@%eax 8@-8(%rbp)" },
  { provider: "other", name: "site", location: 0x401020n, args: "8@$42" },
];

export interface SampleOptions {
  class?: 32 | 64;
  littleEndian?: boolean;
  /** Base recorded in the notes (default: the section's address, i.e. no prelink). */
  noteBase?: bigint;
  /** Leave out `.stapsdt.base`. */
  noBaseSection?: boolean;
  /** Extra raw notes appended to .note.stapsdt. */
  extraNotes?: Uint8Array[];
  probes?: SampleProbe[];
  machine?: number;
  /** Add a `.dynamic` section and its PT_LOAD and PT_DYNAMIC segments. */
  dynamic?: boolean;
  /** Add an allocated `.note.gnu.build-id` and a PT_NOTE segment over it (before PT_DYNAMIC). */
  buildIdSegment?: boolean;
}

export const TEXT_ADDR = 0x401000n;
export const BASE_ADDR = 0x402000n;
export const PROBES_ADDR = 0x603000n;
export const DYNAMIC_ADDR = 0x604000n;

/** Dynamic entries `{d_tag, d_val}` in the file's class and byte order. */
export function dynamicEntries(is64: boolean, le: boolean, entries: readonly (readonly [bigint, bigint])[]): Uint8Array {
  const w = new Writer(entries.length * (is64 ? 16 : 8), le);
  entries.forEach(([tag, val], i) => {
    w.word(i * (is64 ? 16 : 8), tag, is64);
    w.word(i * (is64 ? 16 : 8) + (is64 ? 8 : 4), val, is64);
  });
  return w.bytes;
}

export function sampleElf(o: SampleOptions = {}): BuiltElf {
  const cls = o.class ?? 64;
  const le = o.littleEndian ?? true;
  const is64 = cls === 64;
  const probes = o.probes ?? SAMPLE_PROBES;
  const base = o.noteBase ?? BASE_ADDR;
  const notes = probes.map((p) =>
    note("stapsdt", 3, stapsdtDesc(is64, le, { location: p.location, base, semaphore: p.semaphore ?? 0n, provider: p.provider, name: p.name, args: p.args ?? "" }), le),
  );
  const text = new Uint8Array(0x40).fill(0x90);
  const buildId = note("GNU", 3, Uint8Array.from({ length: 20 }, (_, i) => 0xa0 + i), le);
  const sections = [
    ...(o.buildIdSegment ? [{ name: ".note.gnu.build-id", type: 7, flags: 2n, addr: 0x400300n, data: buildId, addralign: 4n }] : []),
    { name: ".text", type: 1, flags: 6n, addr: TEXT_ADDR, data: text, addralign: 16n },
    ...(o.noBaseSection ? [] : [{ name: ".stapsdt.base", type: 1, flags: 2n, addr: BASE_ADDR, data: new Uint8Array(1), addralign: 1n }]),
    { name: ".probes", type: 1, flags: 3n, addr: PROBES_ADDR, data: new Uint8Array(8), addralign: 2n },
    { name: ".note.stapsdt", type: 7, data: concat(...notes, ...(o.extraNotes ?? [])), addralign: 4n },
    ...(o.dynamic ? [{ name: ".dynamic", type: 6, flags: 3n, addr: DYNAMIC_ADDR, data: dynamicEntries(is64, le, [[21n, 0n], [0n, 0n]]), addralign: is64 ? 8n : 4n }] : []),
  ];
  // Build once to learn where sections land, then set segment vaddr/offset deltas.
  const segments = [
    { type: 1, flags: 5, sections: [".text"], vaddr: TEXT_ADDR },
    ...(o.noBaseSection ? [] : [{ type: 1, flags: 4, sections: [".stapsdt.base"], vaddr: BASE_ADDR }]),
    { type: 1, flags: 6, sections: [".probes"], vaddr: PROBES_ADDR, memsz: 0x100n },
    ...(o.buildIdSegment ? [{ type: 4, flags: 4, sections: [".note.gnu.build-id"], vaddr: 0x400300n, align: 4n }] : []),
    ...(o.dynamic ? [
      { type: 1, flags: 6, sections: [".dynamic"], vaddr: DYNAMIC_ADDR },
      { type: 2, flags: 6, sections: [".dynamic"], vaddr: DYNAMIC_ADDR, align: is64 ? 8n : 4n },
    ] : []),
  ];
  return buildElf({ class: cls, littleEndian: le, machine: o.machine ?? (is64 ? 62 : 3), sections, segments });
}
