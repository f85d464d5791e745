/**
 * The committed fixture binaries (fixtures/binaries/<arch>/<name>, built by
 * fixtures/build.sh, described in fixtures/binaries/README.md), checked four
 * ways each: against our own JSON golden, against the saved `readelf -n`
 * output, against the bytes of the file (a nop at every probe offset, a zero
 * semaphore), and against offsets derived by hand from `readelf -l`.
 * These tests never skip: the binaries and goldens are in the repository.
 */
import * as fs from "node:fs";
import * as path from "node:path";
import { fileURLToPath } from "node:url";
import { describe, expect, it } from "vitest";
import { runCli } from "./helpers/cli.js";
import { listFileProbes, withElfFile } from "../src/node.js";
import { expectGolden } from "./helpers/golden.js";
import { parseReadelfBuildId, parseReadelfProbes } from "./helpers/readelf-probes.js";

const ROOT = path.resolve(path.dirname(fileURLToPath(import.meta.url)), "..");
const BINARIES = "fixtures/binaries";

/**
 * Every fixture, with
 * - `nop`: the bytes of the probe nop in file order, as the cross objdump
 *   disassembles the probe locations (`objdump -d --start-address=LOC`);
 * - `known`: one probe whose file offsets were derived by hand from
 *   `readelf -lW` (PT_LOAD Offset/VirtAddr) and `readelf -SW` (.probes), as
 *   `offset = vaddr - p_vaddr + p_offset` for the PT_LOAD that holds vaddr.
 *   Rebuilding the fixtures changes these numbers: derive them again.
 */
interface Fixture {
  nop: string;
  known: { probe: string; location: bigint; offset: bigint; semaphore: bigint; semaphoreOffset: bigint };
}

const X86_NOP = "90"; // nop (sdt.h 4.8 emits the 1-byte form)
const FIXTURES: Record<string, Fixture> = {
  // text LOAD off 0x1000 vaddr 0x401000: 0x4012b0-0x401000+0x1000; RW LOAD off 0x2e38 vaddr 0x403e38:
  // 0x4040f4-0x403e38+0x2e38 = 0x30f4 (= sh_offset of .probes)
  "x86_64/probes-nopie": { nop: X86_NOP, known: { probe: "fixture:sem", location: 0x4012b0n, offset: 0x12b0n, semaphore: 0x4040f4n, semaphoreOffset: 0x30f4n } },
  // text off 0x1000 vaddr 0x1000; RW off 0x2e00 vaddr 0x3e00: 0x40f4-0x3e00+0x2e00
  "x86_64/probes-pie": { nop: X86_NOP, known: { probe: "fixture:sem", location: 0x12f0n, offset: 0x12f0n, semaphore: 0x40f4n, semaphoreOffset: 0x30f4n } },
  // text off 0x1000 vaddr 0x1000; RW off 0x2df8 vaddr 0x3df8: 0x4154-0x3df8+0x2df8
  "x86_64/libprobes.so": { nop: X86_NOP, known: { probe: "fixture:sem", location: 0x1350n, offset: 0x1350n, semaphore: 0x4154n, semaphoreOffset: 0x3154n } },
  // text off 0x1000 vaddr 0x1000; RW off 0x2e48 vaddr 0x3e48: 0x400a-0x3e48+0x2e48
  "x86_64/libdep.so": { nop: X86_NOP, known: { probe: "dep:start", location: 0x1140n, offset: 0x1140n, semaphore: 0x400an, semaphoreOffset: 0x300an } },
  // text off 0x1000 vaddr 0x1000; RW off 0x2db0 vaddr 0x3db0: 0x401a-0x3db0+0x2db0
  "x86_64/uses-dep": { nop: X86_NOP, known: { probe: "app:begin", location: 0x107cn, offset: 0x107cn, semaphore: 0x401an, semaphoreOffset: 0x301an } },
  // text off 0x1000 vaddr 0x1000; RW off 0x2ee8 vaddr 0x3ee8: 0x40bc-0x3ee8+0x2ee8
  "i386/probes-pic": { nop: X86_NOP, known: { probe: "fixture:sem", location: 0x13a0n, offset: 0x13a0n, semaphore: 0x40bcn, semaphoreOffset: 0x30bcn } },
  // text off 0x1000 vaddr 0x8049000: 0x8049300-0x8049000+0x1000; RW off 0x2f00 vaddr 0x804bf00: 0x804c0bc-0x804bf00+0x2f00
  "i386/probes-nopic": { nop: X86_NOP, known: { probe: "fixture:sem", location: 0x8049300n, offset: 0x1300n, semaphore: 0x804c0bcn, semaphoreOffset: 0x30bcn } },
  // nop = d503201f, little-endian; text off 0 vaddr 0; RW off 0xdc0 vaddr 0x1dc0: 0x20f8-0x1dc0+0xdc0
  "aarch64/probes": { nop: "1f2003d5", known: { probe: "fixture:sem", location: 0x998n, offset: 0x998n, semaphore: 0x20f8n, semaphoreOffset: 0x10f8n } },
  // Thumb-2 nop = bf00 (one little-endian halfword); RW off 0xf08 vaddr 0x1f08: 0x20a0-0x1f08+0xf08
  "armhf/probes": { nop: "00bf", known: { probe: "fixture:sem", location: 0x628n, offset: 0x628n, semaphore: 0x20a0n, semaphoreOffset: 0x10a0n } },
  // ARM nop = e320f000 ("nop {0}"), little-endian; RW as above
  "armhf/probes-arm": { nop: "00f020e3", known: { probe: "fixture:sem", location: 0x6b0n, offset: 0x6b0n, semaphore: 0x20a0n, semaphoreOffset: 0x10a0n } },
  // nop = ori 0,0,0 = 60000000, little-endian; RW off 0xcd0 vaddr 0x1cd0: 0x2108-0x1cd0+0xcd0
  "ppc64le/probes": { nop: "00000060", known: { probe: "fixture:sem", location: 0xa80n, offset: 0xa80n, semaphore: 0x2108n, semaphoreOffset: 0x1108n } },
  // big-endian 60000000; text off 0 vaddr 0x10000000; RW off 0xef8 vaddr 0x10001ef8: 0x10002078-0x10001ef8+0xef8
  "powerpc/probes": { nop: "60000000", known: { probe: "fixture:sem", location: 0x10000634n, offset: 0x634n, semaphore: 0x10002078n, semaphoreOffset: 0x1078n } },
  // sdt.h emits "nop 0" on s390 = 47000000 (big-endian); RW off 0xdc8 vaddr 0x1dc8: 0x20e4-0x1dc8+0xdc8
  "s390x/probes": { nop: "47000000", known: { probe: "fixture:sem", location: 0x92an, offset: 0x92an, semaphore: 0x20e4n, semaphoreOffset: 0x10e4n } },
  // nop = sll $0,$0,0 = 00000000; text off 0 vaddr 0x400000; RW off 0x994 vaddr 0x410994: 0x410a24-0x410994+0x994
  "mips/probes": { nop: "00000000", known: { probe: "fixture:sem", location: 0x40091cn, offset: 0x91cn, semaphore: 0x410a24n, semaphoreOffset: 0xa24n } },
  // RW off 0x10e0 vaddr 0x110e0: 0x111d8-0x110e0+0x10e0
  "mips64el/probes": { nop: "00000000", known: { probe: "fixture:sem", location: 0x1058n, offset: 0x1058n, semaphore: 0x111d8n, semaphoreOffset: 0x11d8n } },
  // compressed c.nop = 0001, little-endian (RVC is on by default); RW off 0xe08 vaddr 0x1e08: 0x20c8-0x1e08+0xe08
  "riscv64/probes": { nop: "0100", known: { probe: "fixture:sem", location: 0x7dcn, offset: 0x7dcn, semaphore: 0x20c8n, semaphoreOffset: 0x10c8n } },
};

/**
 * Operand forms each fixture was built to contain (spec §4.2), so that a
 * rebuild that loses one fails here rather than silently.
 */
const FORMS: Record<string, string[]> = {
  "x86_64/probes-nopie": ["glob_arr(,%rdi,8)", "glob_rec+40(%rip)", "(%r10,%rax,8)", "8(%rsp)", "$-12"],
  "x86_64/probes-pie": ["40+glob_rec(%rip)", "glob_int(%rip)", "(%rax,%rdi,8)"],
  "x86_64/libprobes.so": ["(%r14,%rax,8)", "40(%rdx)", "(%rbx)"],
  "i386/probes-pic": ["glob_arr@GOTOFF(%edx,%eax,4)", "20+glob_rec@GOTOFF(%eax)"],
  "i386/probes-nopic": ["glob_arr(,%eax,4)", "glob_rec+20"],
  "aarch64/probes": ["[x1, #:lo12:.LANCHOR0]", "[x9, 40]", "x0"],
  "armhf/probes": ["[r6, r4, lsl #2]", "[sp, #24]", "#-12"],
  "armhf/probes-arm": ["[r1, r2, lsl #2]", "[r7, #20]"],
  "ppc64le/probes": ["9,10", "0(12)", "i-12"],
  "powerpc/probes": ["11,10", "9,3", "i42"],
  "s390x/probes": ["0(%r10,%r1)", "168(%r15)", "%r2"],
  "mips/probes": ["%lo(glob_int)($9)", "18($sp)", "$4"],
  "mips64el/probes": ["40($3)", "$4"],
  "riscv64/probes": ["176(a5)", "a0"],
};

/** The size prefixes (`-4`, `8f`, ...) of an argument string, in order. */
const sizePrefixes = (args: string): string[] => [...args.matchAll(/(?:^| )(-?[1248]f?)@/g)].map((m) => m[1]!);

const EXPECTED_ARCHES = ["aarch64", "armhf", "i386", "mips", "mips64el", "powerpc", "ppc64le", "riscv64", "s390x", "x86_64"];

/** Every ELF file under fixtures/binaries/<arch>/, as "<arch>/<name>". */
function discover(): string[] {
  const found: string[] = [];
  for (const arch of fs.readdirSync(path.join(ROOT, BINARIES)).sort()) {
    const dir = path.join(ROOT, BINARIES, arch);
    // fixtures/binaries/notes holds the `-n` (readelf) fixtures, tested by test/notes/;
    // fixtures/binaries/malformed the hostile-input ones, tested by test/fixtures/malformed.test.ts.
    if (arch === "notes" || arch === "malformed" || arch === "prelinked" || !fs.statSync(dir).isDirectory()) continue;
    for (const name of fs.readdirSync(dir).sort()) {
      const file = path.join(dir, name);
      if (!fs.statSync(file).isFile()) continue;
      const magic = Buffer.alloc(4);
      const fd = fs.openSync(file, "r");
      try {
        fs.readSync(fd, magic, 0, 4, 0);
      } finally {
        fs.closeSync(fd);
      }
      if (magic.toString("latin1") === "\x7fELF") found.push(`${arch}/${name}`);
    }
  }
  return found;
}

const bytesAt = (file: Buffer, offset: bigint, length: number): string =>
  file.subarray(Number(offset), Number(offset) + length).toString("hex");

const FOUND = discover();

describe("fixture binaries", () => {
  it("are run from the repository root, so goldens hold relative paths", () => {
    expect(process.cwd()).toBe(ROOT);
  });

  it("cover every architecture and exactly the files listed here", () => {
    expect([...new Set(FOUND.map((f) => f.split("/")[0]))]).toEqual(EXPECTED_ARCHES);
    expect(FOUND).toEqual(Object.keys(FIXTURES).sort());
  });

  describe.each(FOUND)("%s", (fixture) => {
    const rel = `${BINARIES}/${fixture}`;
    const spec = FIXTURES[fixture];
    if (!spec) throw new Error(`no expectations for fixture ${fixture}: add it to FIXTURES`);
    const result = listFileProbes(rel);
    const bytes = fs.readFileSync(rel);

    it("--json equals the golden", () => {
      const r = runCli("--json", rel);
      expect(r.stderr).toBe("");
      expect(r.status).toBe(0);
      expectGolden(`${rel}.json`, r.stdout);
    });

    it("lists the probes (and build ID) readelf -n lists, in the same order", () => {
      const text = fs.readFileSync(`${rel}.readelf-n.txt`, "latin1");
      const readelf = parseReadelfProbes(text);
      expect(readelf.length).toBeGreaterThan(0);
      expect(result.buildId).toBe(parseReadelfBuildId(text));
      expect(result.buildId).not.toBeNull();
      const ours = result.probes.map(({ provider, name, location, base, semaphore, arguments: a }) =>
        ({ provider, name, location, base, semaphore, arguments: a }));
      expect(ours).toEqual(readelf);
      expect(result.warnings).toEqual([]);
    });

    it("finds the architecture's nop at every probe offset", () => {
      for (const p of result.probes) {
        expect(p.offset, `${p.provider}:${p.name}`).not.toBeNull();
        expect(bytesAt(bytes, p.offset!, spec.nop.length / 2), `${p.provider}:${p.name} at ${p.offset}`).toBe(spec.nop);
      }
    });

    it("maps every semaphore to two zero bytes inside .probes", () => {
      const probes = withElfFile(rel, (f) => f.section(".probes"));
      for (const p of result.probes) {
        if (p.semaphore === 0n) {
          expect(p.semaphoreAddress).toBeNull();
          expect(p.semaphoreOffset).toBeNull();
          continue;
        }
        expect(probes, "a probe has a semaphore but the file has no .probes").toBeDefined();
        expect(p.semaphoreOffset).not.toBeNull();
        // The section-based method of bcc and perf must agree with our segment-based one.
        expect(p.semaphoreOffset).toBe(p.semaphore - probes!.addr + probes!.offset);
        expect(bytesAt(bytes, p.semaphoreOffset!, 2)).toBe("0000");
      }
    });

    it("gives the offsets derived by hand from readelf -l", () => {
      const k = spec.known;
      const hits = result.probes.filter((p) => `${p.provider}:${p.name}` === k.probe);
      expect(hits).toHaveLength(1);
      const p = hits[0]!;
      expect([p.location, p.address, p.offset, p.semaphore, p.semaphoreAddress, p.semaphoreOffset])
        .toEqual([k.location, k.location, k.offset, k.semaphore, k.semaphore, k.semaphoreOffset]);
    });
  });

  it("contain the operand forms, sizes and counts they were built for", () => {
    for (const fixture of FOUND.filter((f) => !f.includes("dep"))) {
      const probes = listFileProbes(`${BINARIES}/${fixture}`).probes;
      const byName = (n: string): string => probes.find((p) => p.name === n)?.arguments ?? "<missing>";
      const all = probes.map((p) => p.arguments).join(" ");
      for (const form of FORMS[fixture] ?? ["<no forms listed>"]) expect(all, fixture).toContain(form);
      expect(byName("noargs"), fixture).toBe("");
      expect(sizePrefixes(byName("twelve")), fixture).toHaveLength(12);
      expect(sizePrefixes(byName("sizes")), fixture).toEqual(["-1", "1", "-2", "2", "-4", "4", "-8", "8"]);
      expect(sizePrefixes(byName("floats")), fixture).toEqual(["4f", "8f"]);
    }
  });

  it("include one probe name emitted at two sites (inlining)", () => {
    for (const fixture of FOUND.filter((f) => !f.includes("dep"))) {
      const sites = listFileProbes(`${BINARIES}/${fixture}`).probes.filter((p) => p.name === "inlined");
      expect(sites.length, fixture).toBe(2);
      expect(sites[0]!.location, fixture).not.toBe(sites[1]!.location);
    }
  });
});
