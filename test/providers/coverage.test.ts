/**
 * Coverage of the catalogue on this machine's binaries: every probe of
 * python3.11, libjvm.so, postgres, libstdc++ (and libvirt) has every argument named
 * and typed (the share is printed, and must be all of them). A binary that
 * is not installed is skipped with the reason.
 */
import * as fs from "node:fs";
import { describe, expect, it } from "vitest";
import { listFileProbes } from "../../src/node.js";
import { describeProbe } from "../../src/index.js";
import { cTypeInfo } from "../../src/providers/ctype.js";

const BINARIES = [
  "/usr/bin/python3.11",
  "/usr/lib/jvm/java-17-openjdk-amd64/lib/server/libjvm.so",
  "/usr/lib/postgresql/15/bin/postgres",
  "/usr/lib/x86_64-linux-gnu/libstdc++.so.6",
  // Not in the brief's list, measured too when installed (apt-get install libvirt0).
  "/usr/lib/x86_64-linux-gnu/libvirt.so.0",
];

/** Probes of `path` whose every argument the catalogue names and types, and the total. */
export function coverage(path: string): { named: number; total: number; missing: string[]; sizes: string[] } {
  const { probes, header } = listFileProbes(path);
  const missing = new Set<string>();
  const sizes = new Set<string>();
  let named = 0;
  for (const p of probes) {
    const d = describeProbe(p.provider, p.name, p.args.length);
    if (d !== null && d.args.every((a) => a.name !== "" && a.type !== "")) named++;
    else missing.add(`${p.provider}:${p.name}/${p.args.length}`);
    // Every C type is known, and what the catalogue calls a pointer is one
    // in the note (sdt.h records the size of the expression passed, which for
    // integers is often not the size the D file declares: HotSpot passes an
    // `int` length as `uintptr_t`, so only pointers are held to their size).
    d?.args.forEach((a, i) => {
      const t = cTypeInfo(a.type, header.class);
      const size = p.args[i]!.size;
      if (t === null || (t.pointer && size !== null && size !== t.size)) sizes.add(`${p.provider}:${p.name} ${a.type} ${a.name}: ${p.args[i]!.text}`);
    });
  }
  return { named, total: probes.length, missing: [...missing], sizes: [...sizes] };
}

describe("catalogue coverage of this machine's binaries", () => {
  for (const path of BINARIES) {
    const present = fs.existsSync(path);
    it.skipIf(!present)(`${path}: every probe named and typed${present ? "" : " (skipped: not installed)"}`, () => {
      const c = coverage(path);
      console.log(`coverage ${path}: ${c.named}/${c.total}`);
      expect(c.missing).toEqual([]);
      expect(c.sizes).toEqual([]);
      expect(c.named).toBe(c.total);
      expect(c.total).toBeGreaterThan(0);
    });
  }
});
