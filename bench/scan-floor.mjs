#!/usr/bin/env node
/**
 * The floor of the recursive scan in Node (a peer of bench/scan.mjs): the
 * same walk and the same system calls the scan cannot do without, and
 * nothing else. Each directory is read and its names sorted; each regular
 * file is opened, its first 8 KiB read, and when they start with the ELF
 * magic it is fstat'ed (the size and inode the scan needs) and its last
 * 8 KiB read (where the section headers are); then it is closed. No ELF is
 * decoded and nothing is printed.
 *
 * What stapsdt-ls -r takes above this is its own work; what this takes is
 * Node's start and Node's cost per system call on this machine.
 *
 *   node bench/scan-floor.mjs DIR...
 */
import * as fs from "node:fs";
import { walkFiles } from "./scan-walk.mjs";

const PAGE = 8192;
const buf = Buffer.allocUnsafe(PAGE);
let elf = 0;

function file(fd) {
  const n = fs.readSync(fd, buf, 0, PAGE, 0);
  if (n >= 4 && buf[0] === 0x7f && buf[1] === 0x45 && buf[2] === 0x4c && buf[3] === 0x46) {
    const st = fs.fstatSync(fd);
    if (st.size > PAGE) fs.readSync(fd, buf, 0, PAGE, st.size - PAGE);
    elf++;
  }
}

walkFiles(process.argv.slice(2), file);
if (elf < 0) process.stdout.write(`${elf}\n`); // keeps the count live
