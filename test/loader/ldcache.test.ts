import * as fs from "node:fs";
import fc from "fast-check";
import { describe, expect, it } from "vitest";
import { EM } from "../../src/elf/constants.js";
import { ElfError } from "../../src/elf/errors.js";
import {
  cacheFlagsFor, cacheFlagsMatch, lookupLdCache, parseLdCache, CACHE_FLAG, DL_CACHE_HWCAP_EXTENSION,
} from "../../src/loader/ldcache.js";
import { readLdCache } from "../../src/node/deps.js";

interface E { key: string; value: string; flags: number; hwcap?: bigint }

const enc = (s: string): number[] => [...new TextEncoder().encode(s), 0];

/** A new-format cache ("glibc-ld.so.cache1.1"), laid out as ldconfig does. */
function newCache(entries: E[], le = true, endianFlag = le ? 2 : 3): Uint8Array {
  const strings: number[] = [];
  const headerAndEntries = 48 + entries.length * 24;
  const offs = entries.map((e) => {
    const k = headerAndEntries + strings.length;
    strings.push(...enc(e.key));
    const v = headerAndEntries + strings.length;
    strings.push(...enc(e.value));
    return [k, v] as const;
  });
  const out = new Uint8Array(headerAndEntries + strings.length);
  const dv = new DataView(out.buffer);
  out.set(new TextEncoder().encode("glibc-ld.so.cache1.1"), 0);
  dv.setUint32(20, entries.length, le);
  dv.setUint32(24, strings.length, le);
  out[28] = endianFlag;
  entries.forEach((e, i) => {
    const at = 48 + i * 24;
    dv.setInt32(at, e.flags, le);
    dv.setUint32(at + 4, offs[i]![0], le);
    dv.setUint32(at + 8, offs[i]![1], le);
    dv.setBigUint64(at + 16, e.hwcap ?? 0n, le);
  });
  out.set(strings, headerAndEntries);
  return out;
}

/** An old-format cache ("ld.so-1.7.0"), optionally followed by a new one (glibc 2.2–2.31 compat layout). */
function oldCache(entries: E[], then?: Uint8Array): Uint8Array {
  const strings: number[] = [];
  const offs = entries.map((e) => {
    const k = strings.length;
    strings.push(...enc(e.key));
    const v = strings.length;
    strings.push(...enc(e.value));
    return [k, v] as const;
  });
  const stringsAt = 16 + entries.length * 12;
  const newAt = (stringsAt + 7) & ~7;
  const size = then ? newAt + then.length : stringsAt + strings.length;
  const out = new Uint8Array(size);
  const dv = new DataView(out.buffer);
  out.set(new TextEncoder().encode("ld.so-1.7.0"), 0);
  dv.setUint32(12, entries.length, true);
  entries.forEach((e, i) => {
    dv.setInt32(16 + i * 12, e.flags, true);
    dv.setUint32(16 + i * 12 + 4, offs[i]![0], true);
    dv.setUint32(16 + i * 12 + 8, offs[i]![1], true);
  });
  if (then) out.set(then, newAt);
  else out.set(strings, stringsAt);
  return out;
}

const X64 = CACHE_FLAG.FLAG_ELF_LIBC6 | CACHE_FLAG.FLAG_X8664_LIB64;
const SAMPLE: E[] = [
  { key: "libfoo.so.1", value: "/usr/lib/i386-linux-gnu/libfoo.so.1", flags: CACHE_FLAG.FLAG_ELF_LIBC6 },
  { key: "libfoo.so.1", value: "/usr/lib/x86_64-linux-gnu/glibc-hwcaps/x86-64-v3/libfoo.so.1", flags: X64, hwcap: DL_CACHE_HWCAP_EXTENSION | 1n },
  { key: "libfoo.so.1", value: "/usr/lib/x86_64-linux-gnu/libfoo.so.1", flags: X64 },
  { key: "libbar.so", value: "/lib/libbar.so", flags: X64 },
];

describe("parseLdCache", () => {
  it("reads a hand-built new-format cache", () => {
    const c = parseLdCache(newCache(SAMPLE));
    expect(c.format).toBe("new");
    expect(c.entries.map((e) => [e.key, e.value, e.flags])).toEqual(SAMPLE.map((e) => [e.key, e.value, e.flags]));
    expect(c.entries[1]!.hwcap).toBe(DL_CACHE_HWCAP_EXTENSION | 1n);
  });

  it("honours the endianness mark of the new format", () => {
    const c = parseLdCache(newCache(SAMPLE, false));
    expect(c.entries[2]!.value).toBe("/usr/lib/x86_64-linux-gnu/libfoo.so.1");
    expect(() => parseLdCache(newCache(SAMPLE, true, 1))).toThrow(/byte order invalid/);
  });

  it("reads the old format, and prefers a new table that follows it", () => {
    const old = parseLdCache(oldCache(SAMPLE.slice(0, 1)));
    expect(old).toEqual({ format: "old", entries: [{ ...SAMPLE[0], osversion: 0, hwcap: 0n }] });
    const both = parseLdCache(oldCache(SAMPLE.slice(0, 1), newCache(SAMPLE)));
    expect(both.format).toBe("new");
    expect(both.entries).toHaveLength(SAMPLE.length);
  });

  it("rejects unknown magic, counts past the end and strings outside the file", () => {
    expect(() => parseLdCache(new TextEncoder().encode("hello world, not a cache"))).toThrow(/unknown magic/);
    const big = newCache(SAMPLE);
    new DataView(big.buffer).setUint32(20, 1_000_000, true);
    expect(() => parseLdCache(big)).toThrow(/more than the file holds/);
    const badStr = newCache(SAMPLE);
    new DataView(badStr.buffer).setUint32(48 + 4, 0xfffffff0, true);
    expect(() => parseLdCache(badStr)).toThrow(ElfError);
    expect(() => parseLdCache(newCache(SAMPLE).subarray(0, 30))).toThrow(/truncated/);
  });

  it("gives a cache or an ElfError for any bytes (property)", () => {
    const prefix = fc.constantFrom(new Uint8Array(0), new TextEncoder().encode("glibc-ld.so.cache1.1"), new TextEncoder().encode("ld.so-1.7.0\0"));
    fc.assert(fc.property(prefix, fc.uint8Array({ maxLength: 300 }), (p, rest) => {
      const bytes = new Uint8Array([...p, ...rest]);
      try {
        parseLdCache(bytes);
      } catch (e) {
        expect(e).toBeInstanceOf(ElfError);
      }
    }), { numRuns: 500 });
  });
});

describe("cache lookup", () => {
  it("takes baseline entries whose flags fit the ABI, as _dl_cache_check_flags", () => {
    const c = parseLdCache(newCache(SAMPLE));
    const x64 = cacheFlagsFor({ class: 64, machine: EM.EM_X86_64, littleEndian: true, flags: 0 });
    expect(x64).toBe(0x303);
    expect(lookupLdCache(c, "libfoo.so.1", x64)).toEqual(["/usr/lib/x86_64-linux-gnu/libfoo.so.1"]);
    const i386 = cacheFlagsFor({ class: 32, machine: EM.EM_386, littleEndian: true, flags: 0 });
    expect(lookupLdCache(c, "libfoo.so.1", i386)).toEqual(["/usr/lib/i386-linux-gnu/libfoo.so.1"]);
    expect(lookupLdCache(c, "libnone.so", x64)).toEqual([]);
    expect(cacheFlagsMatch(1, 3)).toBe(true); // generic: FLAG_ELF accepted where the ID has no ABI byte
    expect(cacheFlagsMatch(1, 0x303)).toBe(false);
    expect(cacheFlagsFor({ class: 32, machine: EM.EM_ARM, littleEndian: true, flags: 0x05000400 })).toBe(0x903);
    expect(cacheFlagsFor({ class: 64, machine: EM.EM_AARCH64, littleEndian: true, flags: 0 })).toBe(0xa03);
  });
});

describe.skipIf(!fs.existsSync("/etc/ld.so.cache"))("the real /etc/ld.so.cache", () => {
  it("parses, and its libc entry for this ABI is a file", () => {
    const c = readLdCache()!;
    expect(c.entries.length).toBeGreaterThan(10);
    for (const e of c.entries) expect(e.value.startsWith("/")).toBe(true);
    const want = cacheFlagsFor({ class: 64, machine: EM.EM_X86_64, littleEndian: true, flags: 0 });
    const libc = lookupLdCache(c, "libc.so.6", want);
    if (process.arch === "x64") {
      expect(libc.length).toBeGreaterThan(0);
      expect(fs.existsSync(libc[0]!)).toBe(true);
    }
  });

  it("returns null for a missing cache file", () => {
    expect(readLdCache("/nonexistent/ld.so.cache")).toBeNull();
  });
});
