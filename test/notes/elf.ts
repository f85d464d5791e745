/** A minimal ELF writer for tests: one SHT_NOTE section (and optionally one PT_NOTE segment). */
export interface TestElf {
  readonly is64?: boolean;
  readonly le?: boolean;
  readonly type?: number;
  readonly machine?: number;
  readonly notes: Uint8Array;
  readonly align?: bigint;
  /** Put the notes in a PT_NOTE segment instead of a section. */
  readonly segment?: boolean;
}

export function testElf({ is64 = true, le = true, type = 1, machine = 62, notes, align = 4n, segment = false }: TestElf): Uint8Array {
  const eh = is64 ? 64 : 52;
  const ph = is64 ? 56 : 32;
  const sh = is64 ? 64 : 40;
  const phnum = segment ? 1 : 0;
  const dataOff = eh + phnum * ph;
  const strtab = new TextEncoder().encode("\0.note.test\0.shstrtab\0");
  const strOff = dataOff + notes.length;
  const shoff = Math.ceil((strOff + strtab.length) / 8) * 8;
  const shnum = segment ? 0 : 3;
  const out = new Uint8Array(shoff + shnum * sh);
  const dv = new DataView(out.buffer);
  const w = (off: number, v: number | bigint, size: number): void => {
    if (size === 8) dv.setBigUint64(off, BigInt(v), le);
    else if (size === 4) dv.setUint32(off, Number(v), le);
    else dv.setUint16(off, Number(v), le);
  };
  const W = is64 ? 8 : 4;
  out.set([0x7f, 0x45, 0x4c, 0x46, is64 ? 2 : 1, le ? 1 : 2, 1]);
  w(16, type, 2);
  w(18, machine, 2);
  w(20, 1, 4);
  w(24 + W, segment ? eh : 0, W); // e_phoff
  w(24 + 2 * W, segment ? 0 : shoff, W); // e_shoff
  const f = 24 + 3 * W + 4;
  w(f, eh, 2);
  w(f + 2, ph, 2);
  w(f + 4, phnum, 2);
  w(f + 6, sh, 2);
  w(f + 8, shnum, 2);
  w(f + 10, segment ? 0 : 2, 2);
  if (segment) {
    if (is64) {
      w(eh, 4, 4); w(eh + 4, 4, 4); w(eh + 8, dataOff, 8); w(eh + 32, notes.length, 8); w(eh + 48, align, 8);
    } else {
      w(eh, 4, 4); w(eh + 4, dataOff, 4); w(eh + 16, notes.length, 4); w(eh + 28, align, 4);
    }
  }
  out.set(notes, dataOff);
  out.set(strtab, strOff);
  if (!segment) {
    const section = (i: number, name: number, t: number, off: number, size: number, al: bigint): void => {
      const at = shoff + i * sh;
      w(at, name, 4);
      w(at + 4, t, 4);
      if (is64) { w(at + 24, off, 8); w(at + 32, size, 8); w(at + 48, al, 8); } else { w(at + 16, off, 4); w(at + 20, size, 4); w(at + 32, al, 4); }
    };
    section(1, 1, 7, dataOff, notes.length, align);
    section(2, 12, 3, strOff, strtab.length, 1n);
  }
  return out;
}

/** One note record, 4-aligned unless `align` is given. */
export function noteBytes(name: string, type: number, desc: Uint8Array, { le = true, align = 4 } = {}): Uint8Array {
  const n = new TextEncoder().encode(name);
  const namesz = name === "" ? 0 : n.length + 1;
  const up = (x: number): number => Math.ceil(x / align) * align;
  const descAt = up(12 + namesz);
  const out = new Uint8Array(up(descAt + desc.length));
  const dv = new DataView(out.buffer);
  dv.setUint32(0, namesz, le);
  dv.setUint32(4, desc.length, le);
  dv.setUint32(8, type, le);
  out.set(n, 12);
  out.set(desc, descAt);
  return out;
}
