/**
 * `--format uprobe` on the committed fixtures: a golden file beside each
 * (`fixtures/binaries/<arch>/<name>.uprobe.txt`, re-blessed with
 * `UPDATE_GOLDEN=1`), the `@+` numbers of the symbol arguments checked
 * against values derived by hand from `readelf -sW` / `readelf -lW`, and a
 * simulated kernel that follows every `@+OFFSET` the way
 * `translate_user_vaddr` does and finds the C initializers of
 * `fixtures/src/probes.c` and `global.c` there. Never skips.
 */
import { describe, expect, it } from "vitest";
import { main } from "../../src/cli/main.js";
import { ET, PT } from "../../src/elf/constants.js";
import { withElfFile } from "../../src/node.js";
import { expectGolden } from "../helpers/golden.js";

const FIXTURES = [
  "x86_64/probes-nopie", "x86_64/probes-pie", "x86_64/libprobes.so", "x86_64/libdep.so", "x86_64/uses-dep",
  "i386/probes-nopic", "i386/probes-pic", "aarch64/probes", "armhf/probes", "armhf/probes-arm",
  "mips/probes", "mips64el/probes", "powerpc/probes", "ppc64le/probes", "riscv64/probes", "s390x/probes",
];

function uprobe(path: string): string {
  let out = "";
  let err = "";
  const status = main(["--format", "uprobe", path], { stdout: (s) => void (out += s), stderr: (s) => void (err += s) });
  expect([status, err]).toEqual([0, ""]);
  return out;
}

/** `argN=FETCH` of the line of event `sdt_fixture/<event>`. */
function fetchargs(text: string, event: string): Record<string, string> {
  const line = text.split("\n").find((l) => l.startsWith(`p:sdt_fixture/${event} `));
  expect(line, event).toBeDefined();
  return Object.fromEntries(line!.split(" ").slice(2).map((a) => a.split("=") as [string, string]));
}

describe("--format uprobe goldens", () => {
  it.each(FIXTURES)("%s", (name) => {
    const path = `fixtures/binaries/${name}`;
    expectGolden(`${path}.uprobe.txt`, uprobe(path));
  });
});

/**
 * `@+OFFSET = V - (A - O)` by hand. `A - O` is the text PT_LOAD's
 * `p_vaddr - p_offset` (readelf -lW); V from readelf -sW:
 *
 * - probes-nopie: text LOAD off 0x1000 vaddr 0x401000, A - O = 0x400000;
 *   glob_int 0x404024, glob_short 0x404020, glob_arr 0x404040,
 *   glob_rec 0x4040c0, glob_counter 0x4040f0 →
 *   glob_int 0x4024, glob_rec+40 = 0x4040e8 → 0x40e8, glob_short 0x4020,
 *   glob_arr+24 = 0x404058 → 0x4058, glob_counter 0x40f0.
 *   (The file offsets of that data would be 0x3024... — through the RW LOAD
 *   off 0x2e38 vaddr 0x403e38 — which is NOT what @+ takes.)
 * - probes-pie: text LOAD off 0x1000 vaddr 0x1000, A - O = 0; the same
 *   symbols at 0x4024, 0x4020, 0x4040, 0x40c0, 0x40f0 → the same offsets.
 * - i386/probes-nopic: text LOAD off 0x1000 vaddr 0x8049000,
 *   A - O = 0x8048000; glob_int 0x804c044, glob_short 0x804c040,
 *   glob_arr 0x804c060, glob_rec 0x804c0a0, glob_counter 0x804c0b8 →
 *   glob_int 0x4044, glob_rec+20 = 0x804c0b4 → 0x40b4, glob_short 0x4040,
 *   glob_arr+12 = 0x804c06c → 0x406c, glob_counter 0x40b8.
 */
const DERIVED: Record<string, Record<string, Record<string, string>>> = {
  "x86_64/probes-nopie": {
    twelve: { arg9: "@+0x4024:s32" },
    globals: { arg1: "@+0x4024:s32", arg2: "@+0x40e8:s64", arg4: "@+0x4020:s16", arg5: "\\42:s32", arg6: "\\-5:s32" },
    global: { arg1: "@+0x4058:s64", arg2: "@+0x40f0:s32" },
  },
  "x86_64/probes-pie": {
    twelve: { arg9: "@+0x4024:s32" },
    globals: { arg1: "@+0x4024:s32", arg2: "@+0x40e8:s64", arg4: "@+0x4020:s16", arg5: "\\42:s32", arg6: "\\-5:s32" },
    global: { arg1: "@+0x4058:s64", arg2: "@+0x40f0:s32" },
  },
  "i386/probes-nopic": {
    twelve: { arg9: "@+0x4044:s32" },
    globals: { arg1: "@+0x4044:s32", arg2: "@+0x40b4:s32", arg4: "@+0x4040:s16", arg5: "\\42:s32", arg6: "\\-5:s32" },
    global: { arg1: "@+0x406c:s32", arg2: "@+0x40b8:s32" },
  },
};

describe("symbol arguments become @+ offsets (perf leaves them out)", () => {
  it.each(Object.keys(DERIVED))("%s: the numbers derived by hand from readelf", (name) => {
    const text = uprobe(`fixtures/binaries/${name}`);
    for (const [event, want] of Object.entries(DERIVED[name]!)) expect(fetchargs(text, event)).toMatchObject(want);
    expect(text).not.toMatch(/not resolved|not in \.symtab/);
  });

  it("libprobes.so reaches its globals through the GOT: no symbol operands, no @+", () => {
    const text = uprobe("fixtures/binaries/x86_64/libprobes.so");
    expect(text).not.toMatch(/@\+|symbol/);
  });

  /**
   * The kernel at work, simulated: an object mapped at its link-time
   * addresses (bias 0; the formula does not depend on it), a uprobe at file
   * offset O hit at run-time address A, and `@+X` read at `A - O + X`
   * (`translate_user_vaddr`). The bytes there come from the PT_LOAD that maps
   * that address (zero past p_filesz, as in .bss).
   */
  const SOURCE_VALUES: Record<string, Record<string, bigint>> = {
    // fixtures/src/probes.c: glob_int = 7, glob_rec.field = 6, glob_short = -3;
    // glob_arr = { 1, 2, 3 } so glob_arr[3] = 0; global.c: glob_counter = 1.
    twelve: { arg9: 7n },
    globals: { arg1: 7n, arg2: 6n, arg4: -3n },
    global: { arg1: 0n, arg2: 1n },
  };
  it.each(["x86_64/probes-nopie", "x86_64/probes-pie", "i386/probes-nopic"])("%s: every @+ reads the C initializer", (name) => {
    const path = `fixtures/binaries/${name}`;
    const text = uprobe(path);
    let checked = 0;
    withElfFile(path, (f) => {
      expect([ET.ET_EXEC, ET.ET_DYN]).toContain(f.header.type);
      const loads = f.segments.filter((p) => p.type === PT.PT_LOAD);
      const read = (addr: bigint, size: number, signed: boolean): bigint => {
        const seg = loads.find((p) => addr >= p.vaddr && addr + BigInt(size) <= p.vaddr + p.memsz)!;
        expect(seg, `address ${addr.toString(16)} mapped`).toBeDefined();
        const bytes = new Uint8Array(size);
        for (let i = 0; i < size; i++) {
          const at = addr + BigInt(i) - seg.vaddr;
          bytes[i] = at < seg.filesz ? f.source.read(Number(seg.offset + at), 1)[0]! : 0;
        }
        let v = 0n;
        for (let i = size - 1; i >= 0; i--) v = (v << 8n) | BigInt(bytes[i]!); // little-endian fixtures
        return signed ? BigInt.asIntN(size * 8, v) : v;
      };
      for (const line of text.split("\n").filter((l) => l.startsWith("p:"))) {
        const [head, loc, ...args] = line.split(" ");
        const event = head!.split("/")[1]!.replace(/_\d+$/, "");
        const offset = BigInt(loc!.slice(loc!.lastIndexOf(":") + 1).replace(/\(.*$/, ""));
        for (const a of args) {
          const m = /^(arg\d+)=@\+(0x[0-9a-f]+):([su])(\d+)$/.exec(a);
          if (!m) continue;
          // Run-time address of the site: link-time address (bias 0), found from its file offset.
          const seg = loads.find((p) => offset >= p.offset && offset < p.offset + p.filesz)!;
          const runtime = seg.vaddr + (offset - seg.offset);
          const value = read(runtime - offset + BigInt(m[2]!), Number(m[4]) / 8, m[3] === "s");
          expect(value, `${name} ${event} ${m[1]}`).toBe(SOURCE_VALUES[event]![m[1]!]);
          checked++;
        }
      }
    });
    expect(checked).toBe(6);
  });
});
