/**
 * The NT_FILE mappings that `stapsdt-ls -n` prints for core files, against an
 * independent decoder: gdb's `info proc mappings` on the same core.
 *
 * readelf 2.40 cannot check these for ELFCLASS64 cores ("Cannot decode 64-bit
 * note in 32-bit build"), so without this test the decoded lines are checked
 * only by golden files of our own output (test/notes/golden/*.ours.txt).
 *
 * gdb (through BFD's ".note.linuxcore.file" section) reads only the FIRST
 * NT_FILE note of a core, so that is the note compared here; the other NT_FILE
 * notes of the crafted cores have no gdb oracle. gdb prints, per entry, the
 * start and end address, end - start, the file offset (page offset × the note's
 * page size) and the file name.
 */
import * as fs from "node:fs";
import { spawnSync } from "node:child_process";
import { describe, expect, it } from "vitest";
import { hasTool } from "../helpers/system.js";
import { noteFixtures, runNotes } from "./fixtures.js";

const hasGdb = hasTool("gdb");

const ET_CORE = 4;

function elfType(file: string): number {
  const b = fs.readFileSync(file).subarray(0, 18);
  if (b.length < 18 || b.readUInt32BE(0) !== 0x7f454c46) return -1;
  return b[5] === 2 ? b.readUInt16BE(16) : b.readUInt16LE(16);
}

/** Every ET_CORE file among the note fixtures. */
const cores = noteFixtures().filter((f) => elfType(f.path) === ET_CORE);

/** The cores known to be in the fixture set: discovery must not silently shrink. */
const EXPECTED_CORES = [
  "core-32",
  "core-64",
  "crafted/core-no-phdrs",
  "crafted/core-types-32",
  "crafted/core-types-32-be",
  "crafted/core-types-64",
  "crafted/core-with-sections",
];

/**
 * Cores for which gdb prints no "Mapped address spaces" table, and why. The
 * test asserts this is exactly the set of cores without a table, and that we
 * print no NT_FILE note for them either.
 */
const NO_GDB_TABLE: Readonly<Record<string, string>> = {
  "crafted/core-no-phdrs":
    "ET_CORE with no program headers: BFD does not recognise it as a core dump (gdb: \"not a core dump: file " +
    "format not recognized\"); it has no notes at all (we print \"No notes found file.\", as readelf does)",
  "crafted/core-with-sections":
    "its only note (found through PT_NOTE) is NT_AUXV: with no NT_FILE note gdb has no file mappings to list",
};

interface Mapping {
  readonly start: bigint;
  readonly end: bigint;
  readonly offset: bigint;
  readonly name: string;
}

/** Runs gdb on a core; stdout as a byte string (latin1), or throws on a timeout / failure to start. */
function gdbMappings(core: string): { stdout: string; stderr: string; status: number | null } {
  const r = spawnSync("gdb", ["-batch", "-nx", "-ex", "info proc mappings", "-c", core], {
    encoding: "latin1",
    stdio: ["ignore", "pipe", "pipe"],
    timeout: 60_000,
    env: { ...process.env, LC_ALL: "C", DEBUGINFOD_URLS: "" },
    maxBuffer: 1 << 26,
  });
  if (r.error) throw r.error;
  if (r.signal !== null) throw new Error(`gdb killed by ${r.signal} on ${core}`);
  return { stdout: r.stdout, stderr: r.stderr, status: r.status };
}

/**
 * gdb's "Mapped address spaces" table (gdb 13, linux-tdep.c):
 *   Start Addr  End Addr  Size  Offset objfile
 * null when gdb printed no table.
 */
function parseGdbTable(stdout: string): Mapping[] | null {
  const lines = stdout.split("\n");
  const at = lines.findIndex((l) => l.trim() === "Mapped address spaces:");
  if (at < 0) return null;
  let i = at + 1;
  while (i < lines.length && lines[i]!.trim() === "") i++;
  const header = lines[i] ?? "";
  expect(header.trim().split(/\s+/)).toEqual(["Start", "Addr", "End", "Addr", "Size", "Offset", "objfile"]);
  const out: Mapping[] = [];
  const row = /^\s*(0x[0-9a-f]+) +(0x[0-9a-f]+) +(0x[0-9a-f]+) +(0x[0-9a-f]+) (.*)$/;
  for (i++; i < lines.length; i++) {
    const m = row.exec(lines[i]!);
    if (m === null) break;
    const [start, end, size, offset] = [m[1], m[2], m[3], m[4]].map((x) => BigInt(x!)) as [bigint, bigint, bigint, bigint];
    // The Size column is derived; check it so a mis-split row cannot slip by.
    expect(size, `gdb row ${lines[i]}`).toBe(end - start);
    out.push({ start, end, offset, name: m[5]! });
  }
  // Nothing but blank lines may follow the table.
  expect(lines.slice(i).filter((l) => l.trim() !== ""), "unparsed lines after gdb's table").toEqual([]);
  return out;
}

/**
 * The first NT_FILE note of our `-n` output (with or without -W): the "Page
 * size:" line, the Start/End/Page Offset rows and the file name line under
 * each, with the file offset computed as gdb does (page offset × page size,
 * in a 64-bit unsigned integer). null when we print no NT_FILE note.
 */
function parseOurFirstNtFile(text: string): { pageSize: bigint; entries: Mapping[] } | null {
  const at = text.indexOf("NT_FILE (mapped files)");
  if (at < 0) return null;
  const body =
    /^NT_FILE \(mapped files\)[\t\n] {4}Page size: (-?\d+)\n +Start +End +Page Offset\n((?: {4}0x[0-9a-f]+ {2}0x[0-9a-f]+ {2}0x[0-9a-f]+\n {8}.*\n)*)/;
  const m = body.exec(text.slice(at));
  expect(m, `NT_FILE body not in the expected form:\n${text.slice(at, at + 400)}`).not.toBeNull();
  const pageSize = BigInt(m![1]!);
  const entries: Mapping[] = [];
  const entry = / {4}(0x[0-9a-f]+) {2}(0x[0-9a-f]+) {2}(0x[0-9a-f]+)\n {8}(.*)\n/gy;
  for (const e of m![2]!.matchAll(entry)) {
    entries.push({
      start: BigInt(e[1]!),
      end: BigInt(e[2]!),
      offset: BigInt.asUintN(64, BigInt(e[3]!) * BigInt.asUintN(64, pageSize)),
      name: e[4]!,
    });
  }
  return { pageSize, entries };
}

const hex = (m: Mapping): string => `0x${m.start.toString(16)}-0x${m.end.toString(16)} @0x${m.offset.toString(16)} ${m.name}`;

describe.skipIf(!hasGdb)("NT_FILE mappings printed by -n match gdb's `info proc mappings` (needs gdb)", () => {
  it("finds every core fixture, and the no-table list names only cores", () => {
    expect(cores.map((c) => c.name).sort()).toEqual([...EXPECTED_CORES].sort());
    for (const name of Object.keys(NO_GDB_TABLE)) expect(EXPECTED_CORES).toContain(name);
    // At least one core is compared in each ELF class.
    const compared = EXPECTED_CORES.filter((n) => !(n in NO_GDB_TABLE));
    expect(compared).toEqual(expect.arrayContaining(["core-32", "core-64", "crafted/core-types-32", "crafted/core-types-64"]));
  });

  for (const core of cores) {
    const reason = NO_GDB_TABLE[core.name];
    if (reason !== undefined) {
      it(`${core.name}: gdb prints no table (${reason})`, () => {
        const g = gdbMappings(core.path);
        expect(parseGdbTable(g.stdout), `gdb stdout:\n${g.stdout}\nstderr:\n${g.stderr}`).toBeNull();
        for (const wide of [false, true]) {
          const ours = runNotes([core.path], { wide }).stdout.toString("latin1");
          expect(parseOurFirstNtFile(ours)).toBeNull();
        }
      });
    } else {
      it(`${core.name}: every entry of the first NT_FILE note (start, end, file offset, name), in order`, () => {
        const g = gdbMappings(core.path);
        expect(g.status, `gdb stderr:\n${g.stderr}`).toBe(0);
        const gdb = parseGdbTable(g.stdout);
        expect(gdb, `gdb printed no table; stdout:\n${g.stdout}\nstderr:\n${g.stderr}`).not.toBeNull();
        expect(gdb!.length).toBeGreaterThan(0);
        for (const wide of [false, true]) {
          const ours = parseOurFirstNtFile(runNotes([core.path], { wide }).stdout.toString("latin1"));
          expect(ours, `no NT_FILE note in our -n${wide ? " -W" : ""} output`).not.toBeNull();
          expect(ours!.entries.length).toBeGreaterThan(0);
          expect(ours!.entries.map(hex), `-n${wide ? " -W" : ""}`).toEqual(gdb!.map(hex));
          expect(ours!.entries, `-n${wide ? " -W" : ""}`).toEqual(gdb);
        }
      });
    }
  }
});
