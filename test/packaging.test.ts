/**
 * The package as npm ships it: one module graph behind every entry, a
 * portable core that stays portable once bundled, a command that loads only
 * what a command needs, and a tarball with only what a user needs.
 */
import * as fs from "node:fs";
import * as path from "node:path";
import { spawnSync } from "node:child_process";
import { beforeAll, describe, expect, it } from "vitest";

const ROOT = new URL("../", import.meta.url).pathname;
const DIST = path.join(ROOT, "dist");
const pkg = JSON.parse(fs.readFileSync(path.join(ROOT, "package.json"), "utf8"));

beforeAll(() => {
  if (!fs.existsSync(path.join(DIST, "bin.js"))) throw new Error("dist/ missing: npm test builds it first");
});

/** Runs an ES module from the repository root, where `stapsdt` names this package (self-reference). */
function runModule(source: string): unknown {
  const r = spawnSync(process.execPath, ["--input-type=module", "-e", source], { cwd: ROOT, encoding: "utf8" });
  expect([r.status, r.stderr]).toEqual([0, ""]);
  return JSON.parse(r.stdout);
}

/** The modules `file` imports statically, itself included, as dist/ file names and bare built-in names. */
function staticGraph(file: string): { files: string[]; builtins: string[] } {
  const files = new Set<string>();
  const builtins = new Set<string>();
  const visit = (f: string): void => {
    if (files.has(f)) return;
    files.add(f);
    const source = fs.readFileSync(path.join(DIST, f), "utf8");
    for (const [, spec] of source.matchAll(/^(?:import|export)\b[^'"]*?from\s*['"]([^'"]+)['"]/gm)) {
      if (spec!.startsWith("./")) visit(spec!.slice(2));
      else builtins.add(spec!);
    }
    // Side-effect imports (`import './x.js'`).
    for (const [, spec] of source.matchAll(/^import\s*['"]([^'"]+)['"]/gm)) {
      if (spec!.startsWith("./")) visit(spec!.slice(2));
      else builtins.add(spec!);
    }
  };
  visit(file);
  return { files: [...files], builtins: [...builtins] };
}

describe("one module graph", () => {
  it("stapsdt, stapsdt/node, stapsdt/core and require('stapsdt') share one ElfError", () => {
    const result = runModule(`
      import { createRequire } from "node:module";
      const node = await import("stapsdt");
      const core = await import("stapsdt/core");
      const nodeEntry = await import("stapsdt/node");
      const required = createRequire(process.cwd() + "/")("stapsdt");
      const thrown = (f) => { try { f(); } catch (e) { return e; } throw new Error("did not throw"); };
      // One from the Node entry's own code (a file), one from the core.
      const fromNode = thrown(() => node.listFileProbes("package.json"));
      const fromCore = thrown(() => core.openElf(new Uint8Array(4)));
      console.log(JSON.stringify({
        same: node.ElfError === core.ElfError && nodeEntry.ElfError === core.ElfError && required.ElfError === core.ElfError,
        codes: [fromNode.code, fromCore.code],
        nodeErrorIsCore: fromNode instanceof core.ElfError,
        coreErrorIsNode: fromCore instanceof node.ElfError,
        isElfError: core.isElfError(fromNode) && node.isElfError(fromCore),
      }));
    `);
    expect(result).toEqual({ same: true, codes: ["NOT_ELF", "NOT_ELF"], nodeErrorIsCore: true, coreErrorIsNode: true, isElfError: true });
  });

  it("the core (stapsdt/core) imports no Node built-in, through any chunk", () => {
    expect(pkg.exports["./core"].default).toBe("./dist/index.js");
    expect(pkg.exports["."].default.default).toBe("./dist/index.js");
    expect(staticGraph("index.js").builtins).toEqual([]);
  });

  it("the command loads the -n printer, --deps and --pid code only when they are used", () => {
    const loaded = staticGraph("bin.js").files.map((f) => fs.readFileSync(path.join(DIST, f), "utf8")).join("\n");
    expect(loaded).toMatch(/\bfunction walkProbes\b/);
    for (const name of ["notesCommand", "renderReadelfNotes", "listDependencyProbes", "parseLdCache", "listProcessProbes", "parseMaps"]) {
      expect(loaded, name).not.toMatch(new RegExp(`\\bfunction ${name}\\b`));
    }
  });
});

describe("npm pack", () => {
  it("ships dist/ (JavaScript and declarations), README.md, LICENSE and package.json, nothing else", () => {
    const r = spawnSync("npm", ["pack", "--dry-run", "--json", "--ignore-scripts"], { cwd: ROOT, encoding: "utf8" });
    expect(r.status, r.stderr).toBe(0);
    const files = (JSON.parse(r.stdout) as { files: { path: string; mode: number }[] }[])[0]!.files;
    const paths = files.map((f) => f.path).sort();
    expect(paths.filter((p) => !/^(dist\/[\w-]+\.(js|d\.ts)|README\.md|LICENSE|package\.json)$/.test(p))).toEqual([]);
    // Every path package.json names is in it; the command is executable.
    const named = [pkg.main, pkg.types, ...Object.values(pkg.bin as Record<string, string>), ...JSON.stringify(pkg.exports).match(/\.\/dist\/[^"]+/g)!];
    for (const p of named) expect(paths).toContain(path.normalize(p));
    expect(files.find((f) => f.path === "dist/bin.js")!.mode & 0o111).toBe(0o111);
  });
});
