/**
 * `-n` against GNU readelf 2.40 on corrupt program header tables: the shapes
 * of test/helpers/program-headers.ts on the sample in both classes and byte
 * orders, one to three per file, half of the files without section headers
 * (the notes then come from the PT_NOTE segments), values drawn from this
 * run's seed (`FC_SEED=N` replays a run). Stdout byte for byte, the
 * diagnostics on stderr (our prefix in place of readelf's) and the exit
 * status, against the installed readelf.
 *
 * Skips when GNU readelf 2.40 is absent.
 */
import * as fs from "node:fs";
import * as os from "node:os";
import * as path from "node:path";
import { spawnSync } from "node:child_process";
import { describe, expect, it } from "vitest";
import { rng } from "../helpers/mutate.js";
import { replay, RUN_SEED } from "../helpers/run-seed.js";
import { BASES, corruptProgramHeaders, PROGRAM_HEADER_SHAPES } from "../helpers/program-headers.js";
import { Draw } from "../helpers/section-tables.js";
import { HAVE_READELF_240 } from "../helpers/system.js";
import { runNotes } from "./fixtures.js";

/** Files per run: every shape about twenty times. */
const FILES = 20 * PROGRAM_HEADER_SHAPES.length;
const NO_SECTIONS = PROGRAM_HEADER_SHAPES.find((s) => s.name === "no-sections")!;

function readelf(file: string): { stdout: string; stderr: string; status: number | null } {
  const r = spawnSync("readelf", ["-n", file], { env: { ...process.env, LC_ALL: "C" }, encoding: "latin1" });
  return { stdout: r.stdout, stderr: r.stderr, status: r.status };
}

function ours(file: string): { stdout: string; stderr: string; status: number | null } {
  const r = runNotes([file]);
  return { stdout: r.stdout.toString("latin1"), stderr: r.stderr.replace(/^stapsdt-ls: /gm, "readelf: "), status: r.status };
}

describe.skipIf(!HAVE_READELF_240)("readelf -n on corrupt program header tables (needs GNU readelf 2.40)", () => {
  it(`prints what readelf prints, on stdout and stderr, with its exit status (${FILES} files)`, () => {
    const dir = fs.mkdtempSync(path.join(os.tmpdir(), "program-headers-"));
    const d = new Draw(rng(RUN_SEED));
    const differences: string[] = [];
    const kinds = new Set<string>();
    try {
      for (let i = 0; i < FILES; i++) {
        const shapes = [PROGRAM_HEADER_SHAPES[i % PROGRAM_HEADER_SHAPES.length]!];
        for (let k = d.int(0, 2); k > 0; k--) shapes.push(d.pick(PROGRAM_HEADER_SHAPES));
        if (d.chance(0.5)) shapes.push(NO_SECTIONS);
        const base = d.pick(BASES);
        const file = path.join(dir, `${i}-${base.name}-${shapes.map((s) => s.name).join("+")}`);
        fs.writeFileSync(file, corruptProgramHeaders(base, shapes, d));
        const want = readelf(file);
        const got = ours(file);
        for (const line of want.stderr.split("\n")) if (line) kinds.add(line.replace(/[0-9]+|0x[0-9a-f]+/g, "N"));
        if (want.stdout !== got.stdout) differences.push(`${path.basename(file)}: stdout differs`);
        if (want.stderr !== got.stderr) differences.push(`${path.basename(file)}: stderr readelf ${JSON.stringify(want.stderr)}, ours ${JSON.stringify(got.stderr)}`);
        if (want.status !== got.status) differences.push(`${path.basename(file)}: exit status readelf ${want.status}, ours ${got.status}`);
      }
      console.log(`readelf -n on corrupt program header tables: ${FILES} files, ${differences.length} differences, ${kinds.size} kinds of message (seed ${RUN_SEED})`);
      expect(differences, replay).toEqual([]);
      // The shapes reach readelf's program-header messages, not only the notes'.
      for (const m of ["Too many program headers", "e_phentsize field", "possibly corrupt ELF header", "file size is larger than its memory size",
        "PHDR segment", "program interpreter", "extends past end of file for program headers"]) {
        expect([...kinds].some((k) => k.includes(m)), m).toBe(true);
      }
    } finally {
      if (differences.length === 0) fs.rmSync(dir, { recursive: true, force: true });
      else console.log(`the files are kept in ${dir}`);
    }
  });
});

describe("readelf's PT_PHDR check on a crafted table", () => {
  it("a table of 20,000 PT_PHDRs and 20,000 PT_LOADs that cover none of them takes no quadratic time", () => {
    // ELF64 LE: the file header, then 40,000 program headers, no sections.
    const n = 40_000;
    const b = Buffer.alloc(64 + n * 56);
    b.set([0x7f, 0x45, 0x4c, 0x46, 2, 1, 1], 0);
    b.writeUInt16LE(2, 16); // ET_EXEC
    b.writeUInt16LE(62, 18);
    b.writeUInt32LE(1, 20);
    b.writeBigUInt64LE(64n, 32); // e_phoff
    b.writeUInt16LE(64, 52);
    b.writeUInt16LE(56, 54);
    b.writeUInt16LE(n, 56); // e_phnum
    for (let i = 0; i < n; i++) {
      const at = 64 + i * 56;
      const phdr = i % 2 === 0;
      b.writeUInt32LE(phdr ? 6 : 1, at); // PT_PHDR, PT_LOAD
      b.writeBigUInt64LE(phdr ? BigInt(0x100000 + i) : BigInt(i), at + 8); // p_offset: each PT_PHDR past every PT_LOAD
      b.writeBigUInt64LE(BigInt(i) * 0x1000n, at + 16);
      b.writeBigUInt64LE(16n, at + 32); // p_filesz
      b.writeBigUInt64LE(16n, at + 40); // p_memsz
    }
    const dir = fs.mkdtempSync(path.join(os.tmpdir(), "phdr-quadratic-"));
    try {
      const file = path.join(dir, "many-phdrs");
      fs.writeFileSync(file, b);
      const started = performance.now();
      const r = ours(file);
      const ms = performance.now() - started;
      const lines = r.stderr.split("\n").filter((l) => l !== "");
      // Every PT_PHDR after the first PT_LOAD is reported twice (after a LOAD, not covered); the first once.
      expect(lines.filter((l) => l.endsWith("the PHDR segment is not covered by a LOAD segment"))).toHaveLength(n / 2);
      expect(lines.filter((l) => l.endsWith("the PHDR segment must occur before any LOAD segment"))).toHaveLength(n / 2 - 1);
      // 4 * 10^8 comparisons would take minutes; the budget keeps it to a few seconds on a slow machine.
      expect(ms).toBeLessThan(20_000);
    } finally {
      fs.rmSync(dir, { recursive: true, force: true });
    }
  });
});
