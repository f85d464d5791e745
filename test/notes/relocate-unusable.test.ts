/**
 * #9 item 5: a relocation section for a `.o` note section that cannot be used.
 * readelf 2.40 (`process_notes_at` -> `apply_relocations`) then prints nothing
 * for the note section, not even its heading, and exits 1; on stderr it names
 * the read that failed ("Reading N bytes extends past end of file for 64-bit
 * relocation data") or, for an `sh_link` that is not a symbol table, nothing.
 * A symbol table that cannot be read is not such a case: readelf applies no
 * relocation (each is skipped with a warning) and prints the notes, status 0.
 *
 * The cases are crafted from the cross-compiled objects by patching section
 * headers, compared with readelf when it is installed; three of them are
 * committed (`probes-*-badrel-*.o`, made by fixtures/notes/build.sh) with
 * readelf's recorded output, so this never skips.
 */
import * as fs from "node:fs";
import * as os from "node:os";
import * as path from "node:path";
import { spawnSync } from "node:child_process";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { noteRelocs, withSectionFields, type NoteRelocs } from "../helpers/relocs.js";
import { hasTool } from "../helpers/system.js";
import { NOTES_DIR, noteFixtures, runNotes } from "./fixtures.js";

const haveReadelf = hasTool("readelf");
const objectPath = (arch: string): string => path.join(NOTES_DIR, `probes-${arch}.o`);

const BROKEN: readonly { name: string; arch: string; change: (r: NoteRelocs) => [number, string, bigint][]; status: 0 | 1; stderr: RegExp }[] = [
  { name: "rela sh_size 2^40", arch: "x86_64", change: (r) => [[r.rel, "sh_size", 2n ** 40n]], status: 1,
    stderr: /^stapsdt-ls: Error: Reading 1099511627776 bytes extends past end of file for 64-bit relocation data: section 8 \(\.rela\.note\.stapsdt\)/ },
  { name: "rela sh_size 2^64 - 1", arch: "x86_64", change: (r) => [[r.rel, "sh_size", 2n ** 64n - 1n]], status: 1,
    stderr: /^stapsdt-ls: Error: Size overflow prevents reading 18446744073709551615 elements of size 1 for 64-bit relocation data/ },
  { name: "rela sh_size one record past the end", arch: "x86_64", change: (r) => [[r.rel, "sh_size", 0x1000n]], status: 1,
    stderr: /^stapsdt-ls: Error: Reading 4096 bytes extends past end of file for 64-bit relocation data/ },
  { name: "rela sh_offset past the end", arch: "x86_64", change: (r) => [[r.rel, "sh_offset", 0x100000n]], status: 1,
    stderr: /^stapsdt-ls: Error: Reading 216 bytes extends past end of file for 64-bit relocation data/ },
  { name: "rela sh_offset 2^64 - 1", arch: "x86_64", change: (r) => [[r.rel, "sh_offset", 2n ** 64n - 1n]], status: 1,
    stderr: /^stapsdt-ls: Error: Reading 216 bytes extends past end of file/ },
  { name: "rela sh_link to itself", arch: "x86_64", change: (r) => [[r.rel, "sh_link", BigInt(r.rel)]], status: 1,
    stderr: /^stapsdt-ls: Error: the relocations of \.note\.stapsdt, section 8 \(\.rela\.note\.stapsdt\), link to section 8, not a symbol table/ },
  { name: "rela sh_link to section 0", arch: "x86_64", change: (r) => [[r.rel, "sh_link", 0n]], status: 1, stderr: /not a symbol table/ },
  { name: "symbol table retyped SHT_STRTAB", arch: "x86_64", change: (r) => [[r.symtab, "sh_type", 3n]], status: 1, stderr: /not a symbol table/ },
  { name: "rel sh_size 2^32 - 1 (ELF32 big-endian, SHT_REL)", arch: "mips", change: (r) => [[r.rel, "sh_size", 2n ** 32n - 1n]], status: 1,
    stderr: /^stapsdt-ls: Error: Reading 4294967295 bytes extends past end of file for 32-bit relocation data: section 13 \(\.rel\.note\.stapsdt\)/ },
  { name: "rel sh_offset past the end (ELF32)", arch: "mips", change: (r) => [[r.rel, "sh_offset", 0xfffff000n]], status: 1,
    stderr: /Reading 72 bytes extends past end of file for 32-bit relocation data/ },
  { name: "rela sh_link to the note section (MIPS64 little-endian)", arch: "mips64el", change: (r) => [[r.rel, "sh_link", BigInt(r.note)]], status: 1,
    stderr: /not a symbol table/ },
  // Not failures: what readelf skips instead.
  { name: "symbol table past the end", arch: "x86_64", change: (r) => [[r.symtab, "sh_offset", 0x100000n]], status: 0,
    stderr: /^stapsdt-ls: Warning: Reading 264 bytes extends past end of file for symbols\n(stapsdt-ls: Warning: skipping invalid relocation symbol index 0x[0-9a-f]+ in section \.note\.stapsdt\n){9}$/ },
  { name: "symbol table sh_size 2^40", arch: "x86_64", change: (r) => [[r.symtab, "sh_size", 2n ** 40n]], status: 0,
    stderr: /^stapsdt-ls: Warning: Section \.symtab has an invalid sh_size of 0x10000000000\n/ },
  { name: "empty symbol table", arch: "x86_64", change: (r) => [[r.symtab, "sh_size", 0n]], status: 0,
    stderr: /^(stapsdt-ls: Warning: skipping invalid relocation symbol index 0x[0-9a-f]+ in section \.note\.stapsdt\n){9}$/ },
  // readelf's section-header pass says so (as it does: "readelf: Warning: Section 8 has an out of range sh_link value of 99").
  { name: "rela sh_link past the section table", arch: "x86_64", change: (r) => [[r.rel, "sh_link", 99n]], status: 0,
    stderr: /^stapsdt-ls: Warning: Section \d+ has an out of range sh_link value of 99\n$/ },
  { name: "rela sh_info past the section table", arch: "x86_64", change: (r) => [[r.rel, "sh_info", 99n]], status: 0,
    stderr: /^stapsdt-ls: Warning: Section \d+ has an out of range sh_info value of 99\n$/ },
  { name: "rela sh_size 0", arch: "x86_64", change: (r) => [[r.rel, "sh_size", 0n]], status: 0, stderr: /^$/ },
];

describe("a relocation section that cannot be used (#9 item 5)", () => {
  let dir: string;
  beforeAll(() => void (dir = fs.mkdtempSync(path.join(os.tmpdir(), "badrel-"))));
  afterAll(() => fs.rmSync(dir, { recursive: true, force: true }));

  const craft = (c: (typeof BROKEN)[number]): string => {
    const base = new Uint8Array(fs.readFileSync(objectPath(c.arch)));
    const p = path.join(dir, c.name.replace(/[^a-z0-9]+/gi, "-"));
    fs.writeFileSync(p, withSectionFields(base, c.change(noteRelocs(base))));
    return p;
  };

  it.each(BROKEN)("$name: status $status", (c) => {
    const p = craft(c);
    const r = runNotes([p]);
    expect(r.status).toBe(c.status);
    expect(r.stderr).toMatch(c.stderr);
    const text = r.stdout.toString("latin1");
    if (c.status === 1) expect(text).not.toContain(".note.stapsdt");
    else expect(text).toContain("Displaying notes found in: .note.stapsdt");
  });

  it.skipIf(!haveReadelf).each(BROKEN)("$name: as readelf (needs GNU readelf 2.40)", (c) => {
    const p = craft(c);
    const r = spawnSync("readelf", ["-n", p], { env: { ...process.env, LC_ALL: "C" } });
    const ours = runNotes([p]);
    expect(ours.stdout.toString("latin1")).toBe(r.stdout.toString("latin1"));
    expect(ours.status).toBe(r.status);
    // Where readelf names the read that failed, we name it the same way.
    const said = r.stderr.toString("latin1").match(/^readelf: Error: (Reading|Size overflow)[^\n]* relocation data/m);
    if (said) expect(ours.stderr).toContain(said[0].replace(/^readelf: /, "stapsdt-ls: "));
  });

  it("the committed cases print what readelf printed (no readelf needed)", () => {
    const committed = noteFixtures().filter((f) => /^probes-.*-badrel-/.test(f.name));
    expect(committed.map((f) => f.name).sort()).toEqual(["probes-mips-badrel-size.o", "probes-x86_64-badrel-link.o", "probes-x86_64-badrel-offset.o"]);
    for (const f of committed) {
      const r = runNotes([f.path]);
      expect(r.stdout.toString("latin1"), f.name).toBe(f.golden(false).toString("latin1"));
      expect(r.status, f.name).toBe(f.status);
      expect(f.status).toBe(1);
      expect(r.stderr).toMatch(/^stapsdt-ls: Error: /);
    }
  });
});
