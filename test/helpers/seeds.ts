/**
 * Valid synthetic ELF images that the properties and the fuzzer mutate: every
 * class and byte order, with probes, with a build ID, with PT_NOTE segments
 * and no section headers, with an 8-aligned note section, and with extended
 * section numbering. Vitest-free and Node-free.
 */
import { buildElf, note, Writer } from "./elf-builder.js";
import { sampleElf } from "./sample.js";

export interface Seed {
  readonly name: string;
  readonly bytes: Uint8Array;
}

const buildId = (le: boolean): Uint8Array => note("GNU", 3, Uint8Array.from({ length: 20 }, (_, i) => i * 13), le);

export function seedImages(): Seed[] {
  const out: Seed[] = [];
  for (const cls of [32, 64] as const) {
    for (const le of [true, false]) {
      const tag = `elf${cls}${le ? "le" : "be"}`;
      out.push({ name: `${tag}-sample`, bytes: sampleElf({ class: cls, littleEndian: le, machine: cls === 64 ? (le ? 62 : 22) : (le ? 3 : 20) }).bytes });
      out.push({ name: `${tag}-buildid`, bytes: sampleElf({ class: cls, littleEndian: le, extraNotes: [buildId(le)] }).bytes });
      // No section headers: notes only through PT_NOTE segments (one 4-, one 8-aligned).
      out.push({
        name: `${tag}-segments`,
        bytes: buildElf({
          class: cls, littleEndian: le, noSectionHeaders: true,
          sections: [
            { name: ".n4", type: 7, data: buildId(le), addralign: 4n },
            { name: ".n8", type: 7, data: note("GNU", 5, new Uint8Array(16), le, 8), addralign: 8n },
          ],
          segments: [
            { type: 4, flags: 4, sections: [".n4"], align: 4n },
            { type: 4, flags: 4, sections: [".n8"], align: 8n },
            { type: 1, flags: 5, sections: [".n4", ".n8"], vaddr: 0x10000n },
          ],
        }).bytes,
      });
    }
  }
  // Extended numbering: e_shnum = 0, e_shstrndx = SHN_XINDEX, counts in section 0.
  const built = sampleElf({ class: 64, littleEndian: true });
  const b = built.bytes.slice();
  const w = new Writer(0, true);
  w.bytes = b;
  w.view = new DataView(b.buffer);
  const shnum = w.view.getUint16(60, true);
  const shstrndx = w.view.getUint16(62, true);
  w.u16(60, 0);
  w.u16(62, 0xffff);
  w.u64(built.shoff + 32, BigInt(shnum));
  w.u32(built.shoff + 40, shstrndx);
  out.push({ name: "elf64le-extended", bytes: b });
  return out;
}
