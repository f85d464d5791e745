/** The note fixtures (fixtures/binaries/notes) and readelf's recorded output for each. */
import * as fs from "node:fs";
import * as path from "node:path";
import { notesCommand } from "../../src/cli/notes-command.js";
import type { ReadelfOptions } from "../../src/format/readelf/readelf.js";

export const NOTES_DIR = path.resolve(__dirname, "../../fixtures/binaries/notes");
export const GOLDEN_DIR = path.join(NOTES_DIR, "golden");

export interface NoteFixture {
  /** Path relative to NOTES_DIR, e.g. `crafted/framing`. */
  readonly name: string;
  readonly path: string;
  /** readelf's exit status for -n and for -n -W. */
  readonly status: number;
  readonly statusWide: number;
  /** readelf's stdout for -n and -n -W (as bytes). */
  golden(wide: boolean): Buffer;
}

/** Every fixture listed in golden/status.txt (written by fixtures/notes/build.sh). */
export function noteFixtures(): NoteFixture[] {
  const lines = fs.readFileSync(path.join(GOLDEN_DIR, "status.txt"), "utf8").trim().split("\n");
  return lines.map((line) => {
    const [name, rc, rcw] = line.split(" ") as [string, string, string];
    const base = name.replace(/\//g, "_");
    return {
      name,
      path: path.join(NOTES_DIR, name),
      status: Number(rc),
      statusWide: Number(rcw),
      golden: (wide: boolean) => fs.readFileSync(path.join(GOLDEN_DIR, `${base}${wide ? ".W" : ""}.txt`)),
    };
  });
}

/** Runs `stapsdt-ls -n` in process; stdout as bytes. */
export function runNotes(paths: readonly string[], options: ReadelfOptions = {}): { stdout: Buffer; stderr: string; status: number } {
  const out: Buffer[] = [];
  let stderr = "";
  const status = notesCommand(paths, options, {
    stdout: (s) => void out.push(Buffer.from(s, "utf8")),
    stderr: (s) => void (stderr += s),
    stdoutBytes: (b) => void out.push(Buffer.from(b)),
  });
  return { stdout: Buffer.concat(out), stderr, status };
}
