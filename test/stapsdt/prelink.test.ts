/**
 * An oracle for the prelink rule (spec §3.2), file offsets (§3.3) and
 * semaphore offsets (§3.4), independent of src/.
 *
 * The fixtures in fixtures/binaries/prelinked/ (made by fixtures/prelink.sh,
 * described in fixtures/binaries/prelinked/README.md) are committed fixtures
 * moved by objcopy: every section and segment address shifted by a delta,
 * while .note.stapsdt keeps the link-time location, base and semaphore. Our
 * CLI's `--json` for each is compared with values worked out here without our
 * code:
 * - the note's stale fields from the committed `readelf -n` text, and again
 *   from the bytes by the small ELF reader below;
 * - `address = location + (sh_addr(.stapsdt.base) - base)` modulo 2^bits,
 *   with the moved sh_addr from the bytes, in plain BigInt arithmetic; the
 *   delta has the sign and size each fixture was made with, and the ELF32
 *   ones really leave [0, 2^32) before the modulo;
 * - the offset holds the x86 `nop` (0x90) and equals the offset of the same
 *   probe in the unmoved original;
 * - the semaphore offset is the file offset of the semaphore symbol,
 *   `sh_offset + st_value - sh_addr` of the section holding it (from the
 *   bytes always; from `readelf -sW -SW` too when readelf is installed), and
 *   committed constants;
 * - with gdb installed, addresses and semaphores equal gdb's
 *   `info probes stap` (gdb applies the same rule in stap-probe.c).
 * These tests never skip except the readelf and gdb ones; the fixtures and
 * their readelf texts are in the repository.
 */
import * as fs from "node:fs";
import * as path from "node:path";
import { fileURLToPath } from "node:url";
import { describe, expect, it } from "vitest";
import { runCli } from "../helpers/cli.js";
import { parseReadelfProbes, type ReadelfProbe } from "../helpers/readelf-probes.js";
import { hasTool, run } from "../helpers/system.js";

const ROOT = path.resolve(path.dirname(fileURLToPath(import.meta.url)), "../..");
const DIR = "fixtures/binaries/prelinked";

interface Case {
  /** The committed fixture it was made from, under fixtures/binaries/. */
  from: string;
  /** sh_addr(.stapsdt.base) - note base, as fixtures/prelink.sh moved it (a signed number). */
  delta: bigint;
  /** true: every section and segment moved; false: only .stapsdt.base did. */
  wholeImage: boolean;
  /** For ELF32: which value leaves [0, 2^32) before the modulo, and on which side. */
  wraps?: { field: "location" | "semaphore"; side: "below" | "above"; probes: string[] };
  /**
   * The semaphore file offsets (`provider:name` -> ref_ctr_offset), worked
   * out by hand from `readelf -SW`: `.probes` sh_offset + (address - sh_addr).
   */
  semaphoreOffsets: Record<string, bigint>;
}

const CASES: Record<string, Case> = {
  // .probes off 0x3008 addr 0x3c6a204008: dep_done_semaphore 0x3c6a204008, dep_start_semaphore 0x3c6a20400a
  "libdep-up.so": { from: "x86_64/libdep.so", delta: 0x3c6a200000n, wholeImage: true,
    semaphoreOffsets: { "dep:done": 0x3008n, "dep:start": 0x300an } },
  // .probes off 0x30f4 addr 0x5555555580f4
  "probes-pie-up": { from: "x86_64/probes-pie", delta: 0x555555554000n, wholeImage: true,
    semaphoreOffsets: { "fixture:sem": 0x30f4n } },
  // .probes off 0x30f4 addr 0x140f4
  "probes-nopie-down": { from: "x86_64/probes-nopie", delta: -0x3f0000n, wholeImage: true,
    semaphoreOffsets: { "fixture:sem": 0x30f4n } },
  // .stapsdt.base 0x804a010 -> 0x10, text at 0xfffff000: every location + delta is below 0.
  // .probes off 0x30bc addr 0x20bc
  "probes-nopic-wrap": { from: "i386/probes-nopic", delta: -0x804a000n, wholeImage: true,
    wraps: { field: "location", side: "below", probes: ["fixture:noargs", "fixture:sem", "fixture:global"] },
    semaphoreOffsets: { "fixture:sem": 0x30bcn } },
  // .stapsdt.base 0x2010 -> 0xfffff010, RW segment 0x3ee8 -> 0x1_0000_0ee8 = 0xee8: the semaphore wraps.
  // .probes off 0x30bc addr 0x10bc
  "probes-pic-wrap": { from: "i386/probes-pic", delta: 0xffffd000n, wholeImage: true,
    wraps: { field: "semaphore", side: "above", probes: ["fixture:sem"] },
    semaphoreOffsets: { "fixture:sem": 0x30bcn } },
  // Only .stapsdt.base moves (0x2014 -> 0x2004): the adjusted semaphore 0x40e4 is in .data
  // (off 0x3000 addr 0x4000): 0x30e4, 16 bytes before fixture_sem_semaphore's 0x30f4.
  "probes-pie-base-only": { from: "x86_64/probes-pie", delta: -0x10n, wholeImage: false,
    semaphoreOffsets: { "fixture:sem": 0x30e4n } },
};

const X86_NOP = 0x90; // sdt.h 4.8 emits the 1-byte `nop` on x86

// ---------------------------------------------------------------------------
// A small ELF reader of its own (ELF32/ELF64, either byte order), so that the
// facts the oracle is built from do not come from src/.

interface Phdr { type: number; flags: number; offset: bigint; vaddr: bigint; filesz: bigint; memsz: bigint }
interface Shdr { name: string; type: number; flags: bigint; addr: bigint; offset: bigint; size: bigint; link: number }
interface Sym { name: string; value: bigint; shndx: number }
interface NoteProbe { provider: string; name: string; location: bigint; base: bigint; semaphore: bigint }
interface Elf { bits: 32 | 64; type: number; phdrs: Phdr[]; shdrs: Shdr[]; bytes: Buffer }

const PT_LOAD = 1;
const PF_X = 1;
const PF_W = 2;
const SHT_SYMTAB = 2;
const SHT_NOBITS = 8;
const SHF_ALLOC = 2n;

function readElf(file: string): Elf {
  const b = fs.readFileSync(file);
  if (b.toString("latin1", 0, 4) !== "\x7fELF") throw new Error(`${file}: not ELF`);
  const is64 = b[4] === 2;
  const le = b[5] === 1;
  const u16 = (o: number): number => (le ? b.readUInt16LE(o) : b.readUInt16BE(o));
  const u32 = (o: number): number => (le ? b.readUInt32LE(o) : b.readUInt32BE(o));
  const u64 = (o: number): bigint => (le ? b.readBigUInt64LE(o) : b.readBigUInt64BE(o));
  const word = (o: number): bigint => (is64 ? u64(o) : BigInt(u32(o)));
  const num = (v: bigint): number => Number(v);
  const type = u16(16);
  const phoff = num(word(is64 ? 0x20 : 0x1c));
  const shoff = num(word(is64 ? 0x28 : 0x20));
  const [phentsize, phnum, shentsize, shnum, shstrndx] = [0, 1, 2, 3, 4].map((i) => u16((is64 ? 0x36 : 0x2a) + 2 * i)) as
    [number, number, number, number, number];
  const phdrs: Phdr[] = [];
  for (let i = 0; i < phnum; i++) {
    const o = phoff + i * phentsize;
    phdrs.push(is64
      ? { type: u32(o), flags: u32(o + 4), offset: u64(o + 8), vaddr: u64(o + 16), filesz: u64(o + 32), memsz: u64(o + 40) }
      : { type: u32(o), offset: word(o + 4), vaddr: word(o + 8), filesz: word(o + 16), memsz: word(o + 20), flags: u32(o + 24) });
  }
  const raw: (Omit<Shdr, "name"> & { nameOff: number })[] = [];
  for (let i = 0; i < shnum; i++) {
    const o = shoff + i * shentsize;
    raw.push(is64
      ? { nameOff: u32(o), type: u32(o + 4), flags: u64(o + 8), addr: u64(o + 16), offset: u64(o + 24), size: u64(o + 32), link: u32(o + 40) }
      : { nameOff: u32(o), type: u32(o + 4), flags: word(o + 8), addr: word(o + 12), offset: word(o + 16), size: word(o + 20), link: u32(o + 24) });
  }
  const cstr = (o: number): string => b.toString("latin1", o, b.indexOf(0, o));
  const strtab = num(raw[shstrndx]!.offset);
  const shdrs = raw.map(({ nameOff, ...s }) => ({ ...s, name: cstr(strtab + nameOff) }));
  return { bits: is64 ? 64 : 32, type, phdrs, shdrs, bytes: b };
}

const section = (elf: Elf, name: string): Shdr => {
  const hits = elf.shdrs.filter((s) => s.name === name);
  if (hits.length !== 1) throw new Error(`${hits.length} sections named ${name}`);
  return hits[0]!;
};

function symbols(elf: Elf): Sym[] {
  const b = elf.bytes;
  const symtab = elf.shdrs.find((s) => s.type === SHT_SYMTAB)!;
  const strtab = elf.shdrs[symtab.link]!;
  const size = elf.bits === 64 ? 24 : 16;
  const out: Sym[] = [];
  for (let o = Number(symtab.offset); o < Number(symtab.offset + symtab.size); o += size) {
    const nameOff = b.readUInt32LE(o);
    const name = b.toString("latin1", Number(strtab.offset) + nameOff, b.indexOf(0, Number(strtab.offset) + nameOff));
    out.push(elf.bits === 64
      ? { name, shndx: b.readUInt16LE(o + 6), value: b.readBigUInt64LE(o + 8) }
      : { name, value: BigInt(b.readUInt32LE(o + 4)), shndx: b.readUInt16LE(o + 14) });
  }
  return out;
}

/** The NT_STAPSDT notes of .note.stapsdt (little-endian only, as all of these files are; so is {@link symbols}). */
function stapsdtNotes(elf: Elf): NoteProbe[] {
  const b = elf.bytes;
  const s = section(elf, ".note.stapsdt");
  const w = elf.bits / 8;
  const word = (o: number): bigint => (w === 8 ? b.readBigUInt64LE(o) : BigInt(b.readUInt32LE(o)));
  const pad = (n: number): number => (n + 3) & ~3;
  const out: NoteProbe[] = [];
  for (let o = Number(s.offset); o < Number(s.offset + s.size);) {
    const [namesz, descsz, type] = [b.readUInt32LE(o), b.readUInt32LE(o + 4), b.readUInt32LE(o + 8)];
    const owner = b.toString("latin1", o + 12, o + 12 + namesz);
    const d = o + 12 + pad(namesz);
    if (owner === "stapsdt\0" && type === 3) {
      const p = d + 3 * w;
      const e1 = b.indexOf(0, p);
      const e2 = b.indexOf(0, e1 + 1);
      out.push({ location: word(d), base: word(d + w), semaphore: word(d + 2 * w),
        provider: b.toString("latin1", p, e1), name: b.toString("latin1", e1 + 1, e2) });
    }
    o = d + pad(descsz);
  }
  return out;
}

/** The first PT_LOAD with file bytes at `vaddr` whose flags include `flag`, and the file offset there. */
function fileOffset(elf: Elf, vaddr: bigint, flag: number): bigint | null {
  const seg = elf.phdrs.find((p) => p.type === PT_LOAD && (p.flags & flag) !== 0 && p.vaddr <= vaddr && vaddr < p.vaddr + p.filesz);
  return seg ? vaddr - seg.vaddr + seg.offset : null;
}

/** The allocated section with file bytes that holds `vaddr`, and the file offset there (bcc's and perf's method). */
function sectionOffset(elf: Elf, vaddr: bigint): bigint | null {
  const s = elf.shdrs.find((h) => (h.flags & SHF_ALLOC) !== 0n && h.type !== SHT_NOBITS && h.addr <= vaddr && vaddr < h.addr + h.size);
  return s ? s.offset + (vaddr - s.addr) : null;
}

/** `(a + d) mod 2^bits`, written out rather than BigInt.asUintN. */
const modAdd = (a: bigint, d: bigint, bits: number): bigint => {
  const m = 1n << BigInt(bits);
  return (((a + d) % m) + m) % m;
};

// ---------------------------------------------------------------------------

interface JsonProbe {
  provider: string; name: string; location: string; base: string; semaphore: string;
  address: string; offset: string | null; semaphoreAddress: string | null; semaphoreOffset: string | null;
}

function ours(rel: string): { probes: JsonProbe[]; warnings: unknown[]; class: string } {
  const r = runCli("--json", rel);
  expect(r.stderr).toBe("");
  expect(r.status).toBe(0);
  const doc = JSON.parse(r.stdout) as { probes: JsonProbe[]; warnings: unknown[]; class: string }[];
  expect(doc).toHaveLength(1);
  return doc[0]!;
}

const big = (s: string | null): bigint | null => (s === null ? null : BigInt(s));
const key = (p: { provider: string; name: string }): string => `${p.provider}:${p.name}`;

/** The expected values of one probe, from the stale note fields and the moved .stapsdt.base alone. */
interface Expected { key: string; location: bigint; base: bigint; semaphore: bigint; address: bigint; semaphoreAddress: bigint | null }

function expectedProbes(notes: ReadelfProbe[], movedBase: bigint, bits: number): Expected[] {
  return notes.map((n) => {
    const delta = movedBase - n.base;
    return { key: key(n), location: n.location, base: n.base, semaphore: n.semaphore,
      address: modAdd(n.location, delta, bits), semaphoreAddress: n.semaphore === 0n ? null : modAdd(n.semaphore, delta, bits) };
  });
}

/**
 * `gdb -batch -ex 'info probes stap' FILE` as `provider:name where semaphore|-` lines, sorted
 * (gdb sorts by provider and name; the note order is lost). gdb prints 32-bit addresses with 8 digits.
 */
function gdbProbes(file: string): string[] {
  const r = run("gdb", ["-nx", "-batch", "-ex", "info probes stap", file]);
  expect(r.status).toBe(0);
  const lines = r.stdout.split("\n").filter((l) => l.startsWith("stap "));
  return lines.map((l) => {
    const t = l.trim().split(/ +/);
    // stap PROVIDER NAME WHERE [SEMAPHORE] OBJECT
    const sem = t.length === 6 ? BigInt(t[4]!) : null;
    expect(t.length === 5 || t.length === 6, l).toBe(true);
    return `${t[1]}:${t[2]} ${BigInt(t[3]!).toString(16)} ${sem === null ? "-" : sem.toString(16)}`;
  }).sort();
}

/** `readelf -sW` and `readelf -SW`: the file offset of symbol `name` through the section its Ndx names. */
function readelfSymbolOffset(file: string, name: string): { value: bigint; offset: bigint } {
  const syms = run("readelf", ["-sW", file]);
  const secs = run("readelf", ["-SW", file]);
  expect([syms.status, secs.status]).toEqual([0, 0]);
  // "    45: 00000000002040f4     2 OBJECT  GLOBAL DEFAULT   26 fixture_sem_semaphore", in .symtab:
  // objcopy moved .symtab's values but not .dynsym's (libdep-up.so exports its semaphores).
  const at = syms.stdout.indexOf("Symbol table '.symtab'");
  expect(at, "readelf -sW prints .symtab").toBeGreaterThanOrEqual(0);
  const symtab = syms.stdout.slice(at);
  const line = symtab.split("\n").find((l) => l.trim().split(/ +/)[7] === name);
  expect(line, `readelf -sW has ${name}`).toBeDefined();
  const f = line!.trim().split(/ +/);
  const value = BigInt(`0x${f[1]}`);
  // "  [26] .probes           PROGBITS        00000000002040f4 0030f4 000002 00  WA  0   0  2"
  const sec = secs.stdout.split("\n").map((l) => /^ *\[ *(\d+)\] (\S+) +\S+ +([0-9a-f]+) ([0-9a-f]+) ([0-9a-f]+) /.exec(l))
    .find((m) => m !== null && m[1] === f[6]);
  expect(sec, `readelf -SW has section ${f[6]}`).toBeDefined();
  const [addr, off] = [BigInt(`0x${sec![3]}`), BigInt(`0x${sec![4]}`)];
  return { value, offset: off + value - addr };
}

const hasGdb = hasTool("gdb");
const hasReadelf = hasTool("readelf");

const FOUND = fs.readdirSync(path.join(ROOT, DIR))
  .filter((f) => fs.readFileSync(path.join(ROOT, DIR, f)).subarray(0, 4).toString("latin1") === "\x7fELF").sort();

describe("prelinked fixtures", () => {
  it("are run from the repository root, with a case for every file", () => {
    expect(process.cwd()).toBe(ROOT);
    expect(FOUND).toEqual(Object.keys(CASES).sort());
  });

  describe.each(FOUND)("%s", (name) => {
    const c = CASES[name]!;
    const rel = `${DIR}/${name}`;
    const origRel = `fixtures/binaries/${c.from}`;
    const elf = readElf(rel);
    const orig = readElf(origRel);
    const readelfText = fs.readFileSync(`${rel}.readelf-n.txt`, "latin1");
    const notes = parseReadelfProbes(readelfText);
    const movedBase = section(elf, ".stapsdt.base").addr;
    const expected = expectedProbes(notes, movedBase, elf.bits);
    let cached: ReturnType<typeof ours> | undefined;
    /** Our CLI's record of the file, run inside the first test that asks (its expects belong to a test). */
    const mine = (): ReturnType<typeof ours> => (cached ??= ours(rel));

    it("is what fixtures/prelink.sh says: moved addresses, same file offsets, stale notes", () => {
      expect(notes.length).toBeGreaterThan(0);
      // readelf -n does not adjust: the committed text is the original's, byte for byte.
      expect(readelfText).toBe(fs.readFileSync(`${origRel}.readelf-n.txt`, "latin1"));
      // The bytes say the same as readelf's text.
      expect(stapsdtNotes(elf)).toEqual(notes.map(({ arguments: _a, ...n }) => n));
      expect(stapsdtNotes(orig)).toEqual(stapsdtNotes(elf));
      // The delta has the size and sign the script gave it.
      const deltas = new Set(notes.map((n) => movedBase - n.base));
      expect([...deltas]).toEqual([c.delta]);
      expect(c.delta).not.toBe(0n);
      expect(movedBase).toBe(modAdd(section(orig, ".stapsdt.base").addr, c.delta, elf.bits));
      // Same file size and section offsets; allocated sections moved by delta (or only .stapsdt.base).
      expect(elf.bytes.length).toBe(orig.bytes.length);
      expect(elf.shdrs.map((s) => [s.name, s.offset, s.size])).toEqual(orig.shdrs.map((s) => [s.name, s.offset, s.size]));
      for (const [i, s] of elf.shdrs.entries()) {
        const o = orig.shdrs[i]!;
        const moves = (o.flags & SHF_ALLOC) !== 0n && (c.wholeImage || s.name === ".stapsdt.base");
        expect(s.addr, s.name).toBe(moves ? modAdd(o.addr, c.delta, elf.bits) : o.addr);
      }
      // Every PT_LOAD moved with its sections (or none did), at the same file offset.
      const loads = (e: Elf): Phdr[] => e.phdrs.filter((p) => p.type === PT_LOAD);
      expect(loads(elf).length).toBeGreaterThan(1);
      expect(loads(elf).map((p) => [p.offset, p.filesz, p.flags, p.vaddr]))
        .toEqual(loads(orig).map((p) => [p.offset, p.filesz, p.flags, c.wholeImage ? modAdd(p.vaddr, c.delta, elf.bits) : p.vaddr]));
    });

    it(`has a ${c.delta > 0n ? "positive" : "negative"} delta, ${c.wraps ? `and the ${c.wraps.field} wraps ${c.wraps.side} 2^32` : "no wrap"}`, () => {
      // The measured delta, not only the committed one, is non-zero and of the intended sign.
      for (const n of notes) {
        const delta = movedBase - n.base;
        expect(delta, key(n)).not.toBe(0n);
        expect(delta > 0n, key(n)).toBe(c.delta > 0n);
      }
      const M = 1n << BigInt(elf.bits);
      const outside = notes.filter((n) => {
        const v = c.wraps?.field === "semaphore" ? n.semaphore : n.location;
        if (v === 0n) return false;
        const sum = v + (movedBase - n.base);
        return sum < 0n || sum >= M;
      });
      if (c.wraps) {
        expect(elf.bits).toBe(32);
        for (const n of outside) {
          const sum = (c.wraps.field === "semaphore" ? n.semaphore : n.location) + (movedBase - n.base);
          expect(c.wraps.side === "below" ? sum < 0n : sum >= M, key(n)).toBe(true);
        }
        const wrapped = new Set(outside.map(key));
        for (const k of c.wraps.probes) expect(wrapped.has(k), `${k} wraps`).toBe(true);
      } else {
        expect(outside.map(key)).toEqual([]);
      }
    });

    it("--json gives the stale note fields and the addresses of the rule", () => {
      expect(mine().class).toBe(`ELF${elf.bits}`);
      expect(mine().warnings).toEqual([]);
      expect(mine().probes.map((p) => ({ key: key(p), location: big(p.location), base: big(p.base), semaphore: big(p.semaphore),
        address: big(p.address), semaphoreAddress: big(p.semaphoreAddress) }))).toEqual(expected);
      // Every address moved, so a tool that ignores the rule fails here.
      for (const p of mine().probes) expect(big(p.address), key(p)).not.toBe(big(p.location));
    });

    it("--json offsets: the PT_LOAD rule, the nop, and the original's offsets", () => {
      const origNotes = stapsdtNotes(orig);
      expect(mine().probes).toHaveLength(origNotes.length);
      for (const [i, p] of mine().probes.entries()) {
        const e = expected[i]!;
        const offset = big(p.offset);
        expect(offset, key(p)).toBe(fileOffset(elf, e.address, PF_X));
        const origOffset = fileOffset(orig, origNotes[i]!.location, PF_X);
        expect(origOffset).not.toBeNull();
        expect(elf.bytes[Number(origOffset)], `${key(p)}: nop in the original`).toBe(X86_NOP);
        if (c.wholeImage) {
          expect(offset, key(p)).toBe(origOffset);
          expect(elf.bytes[Number(offset)], `${key(p)} at ${p.offset}`).toBe(X86_NOP);
        } else {
          // Only .stapsdt.base moved: the adjusted address is |delta| bytes off the nop.
          expect(offset, key(p)).toBe(origOffset! + c.delta);
        }
      }
    });

    it("--json semaphore offsets: committed constants, the PT_LOAD rule, the section, the symbol", () => {
      const withSem = mine().probes.filter((p) => p.semaphore !== "0x0");
      expect(Object.fromEntries(withSem.map((p) => [key(p), big(p.semaphoreOffset)]))).toEqual(c.semaphoreOffsets);
      const syms = symbols(elf);
      for (const p of mine().probes) {
        if (p.semaphore === "0x0") {
          expect([p.semaphoreAddress, p.semaphoreOffset], key(p)).toEqual([null, null]);
          continue;
        }
        const addr = big(p.semaphoreAddress)!;
        const off = big(p.semaphoreOffset)!;
        expect(off, key(p)).toBe(fileOffset(elf, addr, PF_W));
        expect(off, key(p)).toBe(sectionOffset(elf, addr));
        expect(elf.bytes.readUInt16LE(Number(off)), `${key(p)}: a zero counter`).toBe(0);
        // The semaphore's symbol (sdt.h names it PROVIDER_NAME_semaphore): moved by objcopy with its section.
        const sym = syms.find((s) => s.name === `${p.provider}_${p.name}_semaphore`);
        expect(sym, key(p)).toBeDefined();
        const sec = elf.shdrs[sym!.shndx]!;
        const symOffset = sec.offset + sym!.value - sec.addr;
        if (c.wholeImage) {
          expect([addr, off], key(p)).toEqual([sym!.value, symOffset]);
        } else {
          expect([addr, off], key(p)).toEqual([sym!.value + c.delta, symOffset + c.delta]);
        }
      }
    });

    it.skipIf(!hasReadelf)("readelf -n prints the stale notes; semaphore offsets equal readelf -sW/-SW symbol offsets (skipped without readelf)", () => {
      expect(run("readelf", ["-n", rel]).stdout).toBe(readelfText);
      for (const p of mine().probes.filter((q) => q.semaphore !== "0x0")) {
        const s = readelfSymbolOffset(rel, `${p.provider}_${p.name}_semaphore`);
        const shift = c.wholeImage ? 0n : c.delta;
        expect([big(p.semaphoreAddress), big(p.semaphoreOffset)], key(p)).toEqual([s.value + shift, s.offset + shift]);
      }
    });

    it.skipIf(!hasGdb)("addresses and semaphores equal gdb's info probes (skipped without gdb)", () => {
      const ourLines = mine().probes.map((p) => `${key(p)} ${big(p.address)!.toString(16)} ${p.semaphoreAddress === null ? "-" : big(p.semaphoreAddress)!.toString(16)}`).sort();
      expect(gdbProbes(rel)).toEqual(ourLines);
    });
  });
});
