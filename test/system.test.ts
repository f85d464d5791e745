/**
 * The whole library on real binaries with probes (Debian 12): every probe that
 * `readelf -n` prints, in the same order, with identical fields; file offsets
 * that land on the nop; and the numbers from the spec for python3.11.
 * Skips per file when the file (or readelf) is absent.
 */
import * as fs from "node:fs";
import { describe, expect, it } from "vitest";
import { countingSource, ElfFile, listProbes } from "../src/index.js";
import { listFileProbes, openFileSource } from "../src/node.js";
import { parseReadelfProbes } from "./helpers/readelf-probes.js";
import { exists, hasTool, run, SYSTEM_BINARIES } from "./helpers/system.js";
import { auditByReadelf, HAVE_AUDIT_ORACLE, SPEC_BUILD } from "./helpers/python-audit.js";

const haveReadelf = hasTool("readelf");

describe.each(SYSTEM_BINARIES.map((path) => ({ path })))("$path", ({ path }) => {
  const present = exists(path);

  it.skipIf(!present || !haveReadelf)("lists exactly the probes readelf -n prints, in order", () => {
    const expected = parseReadelfProbes(run("readelf", ["-n", path]).stdout);
    expect(expected.length).toBeGreaterThan(0);
    const got = listFileProbes(path);
    expect(got.probes.map((p) => ({ provider: p.provider, name: p.name, location: p.location, base: p.base, semaphore: p.semaphore, arguments: p.arguments })))
      .toEqual(expected);
  });

  it.skipIf(!present)("every probe offset holds a nop (0x90 on x86-64)", () => {
    const got = listFileProbes(path);
    expect(got.header.machine).toBe(62);
    const fd = fs.openSync(path, "r");
    try {
      const byte = Buffer.alloc(1);
      for (const p of got.probes) {
        expect(p.offset).not.toBeNull();
        fs.readSync(fd, byte, 0, 1, Number(p.offset));
        expect(byte[0], `${p.provider}:${p.name} at ${p.offset}`).toBe(0x90);
        if (p.semaphoreOffset !== null) {
          const two = Buffer.alloc(2);
          fs.readSync(fd, two, 0, 2, Number(p.semaphoreOffset));
          expect(two.readUInt16LE(0)).toBe(0); // a semaphore in the file is an idle counter
        }
      }
    } finally {
      fs.closeSync(fd);
    }
  });
});

describe("python3.11 numbers (spec §3.3, §3.4)", () => {
  const path = "/usr/bin/python3.11";
  const audit = () => {
    const p = listFileProbes(path).probes.find((q) => q.provider === "python" && q.name === "audit");
    expect(p).toBeDefined();
    return p!;
  };

  // The spec's worked example is one build's numbers; another build of Python has others.
  it.skipIf(!exists(path) || !SPEC_BUILD)("python:audit as the spec works it out (Debian's 3.11.2-6+deb12u6 only)", () => {
    const p = audit();
    expect(p.location).toBe(0x42512an);
    expect(p.offset).toBe(0x2512an);
    expect(p.semaphore).toBe(0xa84276n);
    expect(p.semaphoreAddress).toBe(0xa84276n);
    expect(p.semaphoreOffset).toBe(0x683276n);
  });

  it.skipIf(!HAVE_AUDIT_ORACLE)("python:audit location, offset, semaphore and ref_ctr_offset as readelf -n and -l give them (needs readelf)", () => {
    const p = audit();
    const r = auditByReadelf();
    expect({ location: p.location, offset: p.offset, semaphore: p.semaphore, semaphoreAddress: p.semaphoreAddress, semaphoreOffset: p.semaphoreOffset })
      .toEqual({ location: r.location, offset: r.offset, semaphore: r.semaphore, semaphoreAddress: r.semaphore, semaphoreOffset: r.semaphoreOffset });
    // python3.11 is ET_EXEC: the semaphore is in .probes, past the code; its offset is not its address.
    expect(p.semaphoreOffset).not.toBe(p.semaphore);
  });
});

describe("reads only what it needs", () => {
  const path = "/usr/lib/jvm/java-17-openjdk-amd64/lib/server/libjvm.so";
  it.skipIf(!exists(path))("listing libjvm.so's probes reads a small fraction of the file", () => {
    const src = openFileSource(path);
    try {
      const counting = countingSource(src);
      const list = listProbes(ElfFile.open(counting));
      expect(list.probes.length).toBe(531);
      // Headers, section table, .shstrtab, the note sections: well under 1% of 24 MB.
      expect(counting.bytesRead).toBeLessThan(src.size / 100);
      expect(counting.reads).toBeLessThan(20);
    } finally {
      src.close();
    }
  });
});
