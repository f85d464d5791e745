/**
 * `stapsdt-ls -n` as a command: several files, files that are not ELF or cannot
 * be read, -W, exit statuses; stdout compared with readelf's where readelf's
 * behaviour is the one we keep.
 */
import * as fs from "node:fs";
import * as os from "node:os";
import * as path from "node:path";
import { spawnSync } from "node:child_process";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { main } from "../../src/cli/main.js";
import { hasTool } from "../helpers/system.js";
import { NOTES_DIR, noteFixtures, runNotes } from "./fixtures.js";

let dir: string;
const p = (name: string): string => path.join(dir, name);

beforeAll(() => {
  dir = fs.mkdtempSync(path.join(os.tmpdir(), "notes-cli-"));
  fs.writeFileSync(p("short"), "hello\n"); // < 8 bytes: no magic number
  fs.writeFileSync(p("twelve"), "hello world\n"); // < 16 bytes: no header
  fs.writeFileSync(p("text"), "not an ELF file at all, but long enough to hold an ELF header......\n");
  fs.writeFileSync(p("archive"), "!<arch>\n");
  fs.copyFileSync(path.join(NOTES_DIR, "probes-x86_64"), p("elf"));
});
afterAll(() => fs.rmSync(dir, { recursive: true, force: true }));

const readelfStdout = (args: string[]): { stdout: string; status: number | null } => {
  const r = spawnSync("readelf", args, { env: { ...process.env, LC_ALL: "C" }, encoding: "latin1" });
  return { stdout: r.stdout, status: r.status };
};

describe("stapsdt-ls -n", () => {
  it("prints one file as readelf does", () => {
    const f = noteFixtures().find((x) => x.name === "probes-x86_64")!;
    expect(runNotes([f.path]).stdout.equals(f.golden(false))).toBe(true);
  });

  it("introduces each file with File: when given several", () => {
    const r = runNotes([p("elf"), p("elf")]);
    const one = runNotes([p("elf")]).stdout.toString("latin1");
    expect(r.stdout.toString("latin1")).toBe(`\nFile: ${p("elf")}\n${one}\nFile: ${p("elf")}\n${one}`);
    expect(r.status).toBe(0);
  });

  it("reports inputs that are not ELF files like readelf, with our prefix", () => {
    const r = runNotes([p("missing"), dir, p("short"), p("twelve"), p("text"), p("elf")]);
    expect(r.status).toBe(1);
    expect(r.stderr.split("\n").filter(Boolean)).toEqual([
      `stapsdt-ls: Error: '${p("missing")}': No such file`,
      `stapsdt-ls: Error: '${dir}' is not an ordinary file`,
      `stapsdt-ls: Error: ${p("short")}: Failed to read file's magic number`,
      `stapsdt-ls: Error: ${p("twelve")}: Failed to read file header`,
      "stapsdt-ls: Error: Not an ELF file - it has the wrong magic bytes at the start",
    ]);
    // Only files that get as far as their header are introduced by "File:".
    expect(r.stdout.toString("latin1")).toMatch(new RegExp(`^\\nFile: ${p("text")}\\n\\nFile: ${p("elf")}\\n\\nDisplaying`));
  });

  it.skipIf(!hasTool("readelf"))("matches readelf's stdout and status on those inputs", () => {
    const files = [p("missing"), dir, p("short"), p("twelve"), p("text"), p("elf")];
    for (const wide of [false, true]) {
      const want = readelfStdout(["-n", ...(wide ? ["-W"] : []), ...files]);
      const got = runNotes(files, { wide });
      expect(got.stdout.toString("latin1")).toBe(want.stdout);
      expect(got.status).toBe(want.status);
    }
  });

  it("does not read archives (a documented difference)", () => {
    const r = runNotes([p("archive")]);
    expect(r.status).toBe(1);
    expect(r.stderr).toBe(`stapsdt-ls: Error: ${p("archive")}: archives are not supported\n`);
  });

  it("is reached through main with -n/--notes and -W/--wide", async () => {
    const f = noteFixtures().find((x) => x.name === "crafted/owners")!;
    for (const [args, wide] of [[["-n"], false], [["--notes", "--wide"], true], [["-nW"], true]] as const) {
      const chunks: Buffer[] = [];
      let err = "";
      const status = await main([...args, f.path], {
        stdout: (s) => void chunks.push(Buffer.from(s)),
        stderr: (s) => void (err += s),
        stdoutBytes: (b) => void chunks.push(Buffer.from(b)),
      });
      expect(Buffer.concat(chunks).equals(f.golden(wide))).toBe(true);
      expect(status).toBe(wide ? f.statusWide : f.status);
      expect(err).toMatch(/^(stapsdt-ls: (Error|Warning): .*\n)*$/);
    }
  });
});
