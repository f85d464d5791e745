#!/usr/bin/env node
/**
 * The floor for a small file: about the least a Node program can do to print
 * stapsdt-ls's table of one file's probes, run by bench/run.mjs beside
 * stapsdt-ls on python3.11 and libjvm.so (never shipped, never a test).
 *
 *   node bench/floor-table.cjs FILE    (exits 2 unless FILE is ELF64 little-endian)
 *
 * A plain CommonJS file with nothing to load: positional reads of the ELF
 * header, the section header table, the section names and `.note.stapsdt`;
 * the notes walked with `Buffer` reads and the strings found with the
 * engine's native `indexOf`; the prelink rule; rows grouped by
 * `provider:name`; the text built as one string and written once. It prints
 * the same table as `stapsdt-ls FILE` for such files (checked by hand on
 * both; run.mjs says when the output differs) and checks nothing: no
 * program headers (file offsets), no hostile-input bounds, no diagnostics,
 * no escaping of control characters, one class and byte order. What it
 * costs above `node -e 0` is about what any Node lister must pay; the
 * libjvm.so target (1.25x of `node -e 0`) is measured against it too.
 */
"use strict";
const fs = require("fs");

const fd = fs.openSync(process.argv[2], "r");
const read = (offset, length) => {
  const b = Buffer.allocUnsafe(length);
  fs.readSync(fd, b, 0, length, offset);
  return b;
};
const eh = read(0, 64);
if (eh.readUInt32BE(0) !== 0x7f454c46 || eh[4] !== 2 || eh[5] !== 1) process.exit(2);
const shoff = Number(eh.readBigUInt64LE(0x28));
const shnum = eh.readUInt16LE(0x3c);
const shstrndx = eh.readUInt16LE(0x3e);
const sh = read(shoff, shnum * 64);
const field = (i, at) => Number(sh.readBigUInt64LE(i * 64 + at));
const names = read(field(shstrndx, 0x18), field(shstrndx, 0x20)).latin1Slice();
let notes = null;
let baseAddress = 0;
for (let i = 0; i < shnum; i++) {
  const n = sh.readUInt32LE(i * 64);
  const name = names.slice(n, names.indexOf("\0", n));
  if (name === ".note.stapsdt") notes = read(field(i, 0x18), field(i, 0x20));
  else if (name === ".stapsdt.base") baseAddress = field(i, 0x10);
}
if (notes === null) {
  fs.writeSync(1, "(no SDT probes)\n");
  process.exit(0);
}
const text = notes.latin1Slice();
const groups = new Map();
const order = [];
for (let at = 0; at + 12 <= notes.length;) {
  const namesz = notes.readUInt32LE(at);
  const descsz = notes.readUInt32LE(at + 4);
  const desc = at + 12 + ((namesz + 3) & ~3);
  if (notes.readUInt32LE(at + 8) === 3 && text.startsWith("stapsdt\0", at + 12)) {
    const location = Number(notes.readBigUInt64LE(desc));
    const base = Number(notes.readBigUInt64LE(desc + 8));
    const semaphore = Number(notes.readBigUInt64LE(desc + 16));
    const delta = baseAddress !== 0 && base !== 0 ? baseAddress - base : 0;
    const p1 = text.indexOf("\0", desc + 24);
    const p2 = text.indexOf("\0", p1 + 1);
    const p3 = text.indexOf("\0", p2 + 1);
    const provider = text.slice(desc + 24, p1);
    const name = text.slice(p1 + 1, p2);
    const key = provider + "\0" + name;
    let g = groups.get(key);
    if (g === undefined) {
      g = { provider, name, sites: [] };
      groups.set(key, g);
      order.push(g);
    }
    g.sites.push({
      address: "0x" + (location + delta).toString(16),
      semaphore: semaphore === 0 ? "-" : "0x" + (semaphore + delta).toString(16),
      args: text.slice(p2 + 1, p3),
    });
  }
  at = desc + ((descsz + 3) & ~3);
}
if (order.length === 0) {
  fs.writeSync(1, "(no SDT probes)\n");
  process.exit(0);
}
const w = [8, 4, 5, 7, 9];
for (const g of order) {
  w[0] = Math.max(w[0], g.provider.length);
  w[1] = Math.max(w[1], g.name.length);
  w[2] = Math.max(w[2], String(g.sites.length).length);
  for (const s of g.sites) {
    w[3] = Math.max(w[3], s.address.length);
    w[4] = Math.max(w[4], s.semaphore.length);
  }
}
const line = (a, b, c, d, e, f) =>
  (a.padEnd(w[0] + 2) + b.padEnd(w[1] + 2) + c.padEnd(w[2] + 2) + d.padEnd(w[3] + 2) + e.padEnd(w[4] + 2) + f).trimEnd() + "\n";
let out = line("PROVIDER", "NAME", "SITES", "ADDRESS", "SEMAPHORE", "ARGUMENTS");
for (const g of order) {
  g.sites.forEach((s, i) => {
    out += i === 0
      ? line(g.provider, g.name, String(g.sites.length), s.address, s.semaphore, s.args)
      : line("", "", "", s.address, s.semaphore, s.args);
  });
}
fs.writeSync(1, out);
