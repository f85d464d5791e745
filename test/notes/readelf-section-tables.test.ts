/**
 * `-n` against GNU readelf 2.40 on corrupt section header tables: every shape
 * of test/helpers/section-tables.ts on the sample in both classes and byte
 * orders, with and without a dynamic section, values drawn from this run's
 * seed (`FC_SEED=N` replays a run), a quarter of the files with a second or
 * third shape on top. Stdout byte for byte and the exit status, with and
 * without -W, against the installed readelf.
 *
 * Skips when GNU readelf 2.40 is absent; the malformed fixtures built from
 * the same shapes carry readelf's recorded answers and are compared with ours
 * everywhere (test/notes/readelf-fixtures.test.ts).
 */
import * as fs from "node:fs";
import * as os from "node:os";
import * as path from "node:path";
import { describe, expect, it } from "vitest";
import { compareFile } from "../../scripts/readelf-diff.mjs";
import { rng } from "../helpers/mutate.js";
import { replay, RUN_SEED } from "../helpers/run-seed.js";
import { BASES, corrupt, Draw, SHAPES } from "../helpers/section-tables.js";
import { HAVE_READELF_240 } from "../helpers/system.js";
import { runNotes } from "./fixtures.js";

/** Files per run: every shape about ten times. */
const FILES = 12 * SHAPES.length;

const ours = (file: string, wide: boolean) => {
  const r = runNotes([file], { wide });
  return { text: r.stdout.toString("latin1"), status: r.status };
};

describe.skipIf(!HAVE_READELF_240)("readelf -n on corrupt section tables (needs GNU readelf 2.40)", () => {
  it(`prints what readelf prints, with its exit status (${FILES} files, -n and -n -W)`, () => {
    const dir = fs.mkdtempSync(path.join(os.tmpdir(), "section-tables-"));
    const d = new Draw(rng(RUN_SEED));
    const differences: string[] = [];
    try {
      for (let i = 0; i < FILES; i++) {
        const shape = SHAPES[i % SHAPES.length]!;
        const base = d.pick(BASES.filter((b) => b.dynamic || !shape.dynamic));
        const extra = d.chance(0.25) ? Array.from({ length: d.int(1, 2) }, () => d.pick(SHAPES.filter((s) => base.dynamic || !s.dynamic))) : [];
        const file = path.join(dir, `${i}-${base.name}-${[shape, ...extra].map((s) => s.name).join("+")}`);
        fs.writeFileSync(file, corrupt(base, shape, d, extra));
        const diffs = compareFile(file, ours);
        if (diffs.length > 0) differences.push(`${path.basename(file)}\n  ${diffs.join("\n  ")}`);
      }
      console.log(`readelf -n on corrupt section tables: identical ${FILES - differences.length}/${FILES} (${SHAPES.length} shapes, seed ${RUN_SEED})`);
      expect(differences, replay).toEqual([]);
    } finally {
      if (differences.length === 0) fs.rmSync(dir, { recursive: true, force: true });
      else console.log(`the files are kept in ${dir}`);
    }
  });
});
