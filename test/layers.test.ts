/**
 * Imports point down (docs/design.md): byte source and ELF reader
 * (`src/elf/`) -> models (`src/stapsdt/`, `src/notes/`, `src/loader/`,
 * `src/process/`) -> formats (`src/format/`) -> the command (`src/cli/`).
 * `src/node/` (file and process access) sits beside the formats: it may use
 * the reader and the models, never a format or the command. The entries
 * (`src/index.ts`, `src/node.ts`, `src/bin.ts`, `src/entries/`) may import
 * anything; `src/version.ts` (one constant) is imported from anywhere.
 * The page's script (`src/web/`) sits on top, a user of the library: it may
 * import the portable public entries (`src/index.ts`, `src/entries/*.ts`)
 * and nothing under them, so that it shows only what the API gives.
 */
import * as fs from "node:fs";
import * as path from "node:path";
import { describe, expect, it } from "vitest";

const SRC = new URL("../src/", import.meta.url).pathname;

/** What each layer may import besides itself. */
const ALLOWED: Record<string, readonly string[]> = {
  elf: [],
  stapsdt: ["elf"],
  notes: ["elf", "stapsdt"],
  loader: ["elf"],
  process: ["elf"],
  providers: [],
  format: ["elf", "stapsdt", "notes", "providers"],
  node: ["elf", "stapsdt", "notes", "loader", "process"],
  cli: ["elf", "stapsdt", "notes", "loader", "process", "providers", "format", "node"],
  web: [],
};

/** The portable public entries, which `src/web/` may import. */
const isPortableEntry = (file: string): boolean => {
  const rel = path.relative(SRC, file);
  return rel === "index.ts" || /^entries\/[^/]+\.ts$/.test(rel);
};

function walk(dir: string): string[] {
  return fs.readdirSync(dir, { withFileTypes: true }).flatMap((e) =>
    e.isDirectory() ? walk(path.join(dir, e.name)) : e.name.endsWith(".ts") ? [path.join(dir, e.name)] : []);
}

/** The layer of a file under src/ (its first directory), or null for the entries at the top. */
const layerOf = (file: string): string | null => {
  const rel = path.relative(SRC, file).split(path.sep);
  return rel.length > 1 && rel[0] !== "entries" ? rel[0]! : null;
};

/** Relative imports of `file` (static and dynamic), resolved to files under src/. */
function imports(file: string): string[] {
  const source = fs.readFileSync(file, "utf8");
  const specs = [...source.matchAll(/(?:from\s+|import\s*\(\s*|^import\s+)["'](\.{1,2}\/[^"']+)["']/gm)].map((m) => m[1]!);
  return specs.map((s) => path.resolve(path.dirname(file), s.replace(/\.js$/, ".ts")));
}

describe("layers", () => {
  const files = walk(SRC);

  it("every directory under src/ is a known layer", () => {
    const dirs = new Set(files.map(layerOf).filter((l): l is string => l !== null));
    expect([...dirs].sort()).toEqual(Object.keys(ALLOWED).sort());
  });

  it("imports point down", () => {
    const wrong: string[] = [];
    for (const f of files) {
      const from = layerOf(f);
      if (from === null) continue;
      for (const target of imports(f)) {
        const to = layerOf(target);
        if (to === null || to === from) {
          if (to === null && from === "web" && isPortableEntry(target)) continue;
          if (to === null && path.basename(target) !== "version.ts") wrong.push(`${path.relative(SRC, f)} -> ${path.relative(SRC, target)} (an entry)`);
          continue;
        }
        if (!ALLOWED[from]!.includes(to)) wrong.push(`${path.relative(SRC, f)} -> ${path.relative(SRC, target)}`);
      }
    }
    expect(wrong).toEqual([]);
  });

  it("catches an import that points up (the check can fail)", () => {
    const fake = path.join(SRC, "elf", "x.ts");
    expect(layerOf(fake)).toBe("elf");
    expect(ALLOWED.elf!.includes(layerOf(path.join(SRC, "format", "json.ts"))!)).toBe(false);
  });
});
