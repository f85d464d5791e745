/**
 * A big sparse ELF file made from a small one (bench/gen.mjs makes big-1g
 * with it; the tests of the page use it too): the original bytes, a hole of `hole` bytes (a `.filler` section
 * that is never written, so the file takes no disk space), a copy of
 * `.note.stapsdt` after it, then a new `.shstrtab` and section header table
 * with `.filler` appended. The probes are the original's (same program
 * headers), so every one resolves; a reader that reads the whole file, or
 * the hole, shows in its byte count.
 */
import * as fs from "node:fs";

/** Writes the big copy of the ELF64 little-endian file `base` to `out`; returns its size. */
export function writeSparseCopy(base, out, hole = 1n << 30n) {
  const src = fs.readFileSync(base);
  const v = new DataView(src.buffer, src.byteOffset, src.byteLength);
  if (src[4] !== 2 || src[5] !== 1) throw new Error(`${base}: expected an ELF64 little-endian file`);
  const shoff = Number(v.getBigUint64(0x28, true));
  const shentsize = v.getUint16(0x3a, true);
  const shnum = v.getUint16(0x3c, true);
  const shstrndx = v.getUint16(0x3e, true);
  const sh = (i) => shoff + i * shentsize;
  const strOff = Number(v.getBigUint64(sh(shstrndx) + 0x18, true));
  const strSize = Number(v.getBigUint64(sh(shstrndx) + 0x20, true));
  const nameAt = (i) => {
    const start = strOff + v.getUint32(sh(i), true);
    return src.subarray(start, src.indexOf(0, start)).toString("latin1");
  };
  let note = -1;
  for (let i = 0; i < shnum; i++) if (nameAt(i) === ".note.stapsdt") note = i;
  if (note < 0) throw new Error(`${base} has no .note.stapsdt`);
  const noteOff = Number(v.getBigUint64(sh(note) + 0x18, true));
  const noteSize = Number(v.getBigUint64(sh(note) + 0x20, true));

  const align8 = (x) => (x + 7) & ~7;
  const fillerOff = align8(src.length) + 4096;
  const newNoteOff = fillerOff + Number(hole);
  const newStrOff = newNoteOff + noteSize;
  const newStr = Buffer.concat([src.subarray(strOff, strOff + strSize), Buffer.from(".filler\0", "latin1")]);
  const newShoff = align8(newStrOff + newStr.length);

  const table = Buffer.alloc((shnum + 1) * shentsize);
  src.copy(table, 0, shoff, shoff + shnum * shentsize);
  const t = new DataView(table.buffer, table.byteOffset, table.byteLength);
  t.setBigUint64(note * shentsize + 0x18, BigInt(newNoteOff), true);
  t.setBigUint64(shstrndx * shentsize + 0x18, BigInt(newStrOff), true);
  t.setBigUint64(shstrndx * shentsize + 0x20, BigInt(newStr.length), true);
  const f = shnum * shentsize;
  t.setUint32(f, strSize, true); // name: ".filler", appended to the strings
  t.setUint32(f + 4, 1, true); // SHT_PROGBITS
  t.setBigUint64(f + 0x18, BigInt(fillerOff), true);
  t.setBigUint64(f + 0x20, hole, true);
  t.setBigUint64(f + 0x30, 1n, true);

  const head = Buffer.from(src);
  const hv = new DataView(head.buffer, head.byteOffset, head.byteLength);
  hv.setBigUint64(0x28, BigInt(newShoff), true);
  hv.setUint16(0x3c, shnum + 1, true);

  const fd = fs.openSync(out, "w");
  try {
    fs.writeSync(fd, head, 0, head.length, 0);
    // Nothing is written between the base and the note: the hole stays a hole.
    fs.writeSync(fd, src, noteOff, noteSize, newNoteOff);
    fs.writeSync(fd, newStr, 0, newStr.length, newStrOff);
    fs.writeSync(fd, table, 0, table.length, newShoff);
  } finally {
    fs.closeSync(fd);
  }
  return newShoff + table.length;
}
