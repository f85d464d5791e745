/**
 * The portable core must import nothing from Node, not even types, so it runs
 * in browsers, Deno and Bun. (tsconfig.core.json also type-checks it with no
 * Node types.)
 */
import * as fs from "node:fs";
import * as path from "node:path";
import { describe, expect, it } from "vitest";

const root = new URL("../src/", import.meta.url).pathname;
const CORE_DIRS = ["elf", "stapsdt", "notes", "format", "loader", "process"];
const NODE_IMPORT = /(?:from\s+|import\s*\(\s*|require\s*\(\s*)["'](node:[^"']*|fs|path|os|child_process|util|process|buffer)["']/;

function walk(dir: string): string[] {
  if (!fs.existsSync(dir)) return [];
  return fs.readdirSync(dir, { withFileTypes: true }).flatMap((e) =>
    e.isDirectory() ? walk(path.join(dir, e.name)) : e.name.endsWith(".ts") ? [path.join(dir, e.name)] : [],
  );
}

describe("portable core", () => {
  // The portable entries: the core and the subpath entries in src/entries/
  // (their Node sides are in src/entries/node/).
  const entries = fs.readdirSync(path.join(root, "entries")).filter((f) => f.endsWith(".ts")).map((f) => path.join(root, "entries", f));
  const files = [path.join(root, "index.ts"), ...entries, ...CORE_DIRS.flatMap((d) => walk(path.join(root, d)))];
  it("has files to check", () => expect(files.length).toBeGreaterThan(10));
  it.each(files.map((f) => [path.relative(root, f), f]))("%s imports nothing from Node", (_rel, f) => {
    const src = fs.readFileSync(f, "utf8");
    expect(src).not.toMatch(NODE_IMPORT);
    // One use is allowed: elf/strings.ts takes Node's byte buffer class for a
    // faster decoder when the runtime has it as a global (feature detection).
    const detection = /\(globalThis as \{ Buffer\?: NodeBufferLike \}\)\.Buffer/g;
    expect(src.replace(detection, "")).not.toMatch(/\bBuffer\b|\bprocess\./);
  });
  it("only the Node entry (src/node.ts, src/node/) and the command's entry (src/bin.ts) import node:*", () => {
    const offenders = walk(root).filter((f) => NODE_IMPORT.test(fs.readFileSync(f, "utf8")))
      .map((f) => path.relative(root, f)).sort();
    const allowed = (f: string): boolean => f === "node.ts" || f.startsWith("node/") || f === "bin.ts";
    expect(offenders.filter((f) => !allowed(f))).toEqual([]);
  });
});
