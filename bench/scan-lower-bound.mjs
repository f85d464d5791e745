#!/usr/bin/env node
/**
 * A measuring stick for the recursive scan (a peer of bench/scan.mjs), not
 * product code: the least decoding that finds which files have probes, in
 * JavaScript written for nothing else. The floor's walk and system calls
 * (bench/scan-floor.mjs), plus: each ELF file's section header table read,
 * its SHT_NOTE sections read, and their notes owned by "stapsdt" with type 3
 * counted. No names, no checks beyond staying inside the file, no probe
 * decoded, nothing printed (with SAY=1, the objects and probes it found).
 *
 * Between the floor and this is what finding probes must cost; above this
 * is what the library's one decoder (checks, warnings, names, build ID,
 * bigint addresses, a model a tracer can use) and the JSON writer cost on
 * top. It answers how fast a leaner design of that decoder could make the
 * scan, which is the question issue #10's wall-time target raises.
 *
 *   node bench/scan-lower-bound.mjs DIR...
 */
import * as fs from "node:fs";
import { walkFiles } from "./scan-walk.mjs";

const PAGE = 8192;
const head = Buffer.allocUnsafe(PAGE);
let table = Buffer.allocUnsafe(1 << 16);
const seen = new Set();
let objects = 0;
let probes = 0;

function file(fd) {
  const n = fs.readSync(fd, head, 0, PAGE, 0);
  if (n < 64 || head[0] !== 0x7f || head[1] !== 0x45 || head[2] !== 0x4c || head[3] !== 0x46) return;
  const st = fs.fstatSync(fd);
  const key = `${st.dev}:${st.ino}`;
  if (seen.has(key)) return;
  seen.add(key);
  const is64 = head[4] === 2;
  const le = head[5] === 1;
  const u16 = (b, o) => (le ? b.readUInt16LE(o) : b.readUInt16BE(o));
  const u32 = (b, o) => (le ? b.readUInt32LE(o) : b.readUInt32BE(o));
  const word = (b, o) => (is64 ? Number(le ? b.readBigUInt64LE(o) : b.readBigUInt64BE(o)) : u32(b, o));
  const shoff = word(head, is64 ? 0x28 : 0x20);
  const shentsize = u16(head, is64 ? 0x3a : 0x2e);
  const shnum = u16(head, is64 ? 0x3c : 0x30);
  const length = shnum * shentsize;
  if (shoff === 0 || shnum === 0 || shoff + length > st.size) return;
  if (table.length < length) table = Buffer.allocUnsafe(length);
  fs.readSync(fd, table, 0, length, shoff);
  let found = 0;
  for (let i = 0; i < shnum; i++) {
    const at = i * shentsize;
    if (u32(table, at + 4) !== 7) continue; // SHT_NOTE
    const off = word(table, at + (is64 ? 0x18 : 0x10));
    const size = word(table, at + (is64 ? 0x20 : 0x14));
    if (size === 0 || off + size > st.size) continue;
    let data;
    if (off + size <= n) data = head.subarray(off, off + size);
    else {
      data = Buffer.allocUnsafe(size);
      fs.readSync(fd, data, 0, size, off);
    }
    for (let q = 0; q + 12 <= data.length;) {
      const namesz = u32(data, q);
      const descsz = u32(data, q + 4);
      if (namesz === 8 && u32(data, q + 8) === 3 && data.toString("latin1", q + 12, q + 19) === "stapsdt") found++;
      q += 12 + ((namesz + 3) & ~3) + ((descsz + 3) & ~3);
    }
  }
  if (found > 0) {
    objects++;
    probes += found;
  }
}

walkFiles(process.argv.slice(2), file);
if (process.env.SAY) process.stdout.write(`${objects} objects with probes, ${probes} probes\n`);
