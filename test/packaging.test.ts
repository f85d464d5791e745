/**
 * The package as npm ships it: one module graph behind every entry, a
 * portable core that stays portable once bundled, a command that loads only
 * what a command needs, and a tarball with only what a user needs.
 */
import * as fs from "node:fs";
import * as path from "node:path";
import { spawnSync } from "node:child_process";
import { builtinModules } from "node:module";
import { beforeAll, describe, expect, it } from "vitest";
import { typecheckConsumer } from "./helpers/typecheck.js";

const ROOT = new URL("../", import.meta.url).pathname;
const DIST = path.join(ROOT, "dist");
const pkg = JSON.parse(fs.readFileSync(path.join(ROOT, "package.json"), "utf8"));

beforeAll(() => {
  if (!fs.existsSync(path.join(DIST, "bin.cjs"))) throw new Error("dist/ missing: npm test builds it first");
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

/** The package's entries (package.json `exports` subpaths) as a user imports them. */
const ENTRIES = ["stapsdt", "stapsdt/core", "stapsdt/node", "stapsdt/elf", "stapsdt/notes", "stapsdt/loader", "stapsdt/process"];

/**
 * Internal plumbing that must stay out of the core entry: the five other
 * ways to get probes, the note and argument machinery, register tables, and
 * the readelf printer's internals (tests import these from src/ directly).
 */
const CORE_INTERNALS = [
  "walkProbes", "makeProbe", "probeContext", "createProbeContext", "decodeStapsdt", "splitArguments", "parseHead",
  "operandParser", "createArgumentsParser", "X86_64_REGISTERS", "AARCH64_REGISTERS", "newAnnobinState", "printSymbolWidth",
  "printSymbol", "prepareNoteBlock", "walkPreparedNotes", "NOTE_DECODERS", "relocateSection", "probeFilter", "Table",
  "JsonWriter", "ByteSink", "readRange", "Reader", "decodeNoteBlocks", "renderReadelfNotes", "parseMaps", "parseLdCache",
  "listFileProbes", "listProcessProbes", "listDependencyProbes",
];

describe("the public API", () => {
  it("the core entry has at most 60 runtime names, and no internals", () => {
    const result = runModule(`
      const core = await import("stapsdt/core");
      console.log(JSON.stringify(Object.keys(core)));
    `) as string[];
    expect(result.length).toBeLessThanOrEqual(60);
    expect(result).toEqual(expect.arrayContaining([
      "openElf", "ElfFile", "ElfError", "isElfError", "listProbes", "parseArguments", "effectiveSize", "bytesSource",
      "countingSource", "renderTable", "renderUprobes", "renderBpftrace", "fileRecord", "errorRecord", "probeToJson",
      "EM", "ET", "machineName", "VERSION",
    ]));
    expect(result.filter((n) => CORE_INTERNALS.includes(n))).toEqual([]);
  });

  it("the Node root is the core plus file access, nothing of the subpaths", () => {
    const result = runModule(`
      const core = Object.keys(await import("stapsdt/core"));
      const node = Object.keys(await import("stapsdt"));
      console.log(JSON.stringify({ missing: core.filter((n) => !node.includes(n)), added: node.filter((n) => !core.includes(n)).sort() }));
    `);
    expect(result).toEqual({ missing: [], added: ["listFileProbes", "openFileSource", "withElfFile"] });
  });

  it("the subpath entries have their functions, and under Node their Node parts", () => {
    const result = runModule(`
      const has = async (entry, names) => { const m = await import(entry); return names.filter((n) => typeof m[n] !== "function"); };
      console.log(JSON.stringify({
        elf: await has("stapsdt/elf", ["openElf", "symbolTable", "readSymbols", "vaddrToOffset", "parseNotes", "fileSymbolResolver"]),
        notes: await has("stapsdt/notes", ["decodeNoteBlocks", "decodeNoteBlock", "readelfNotes", "renderReadelfNotes", "decodeGnuProperties"]),
        loader: await has("stapsdt/loader", ["resolveDependencies", "parseLdCache", "readDynamic", "listDependencyProbes", "readLdCache"]),
        process: await has("stapsdt/process", ["parseMaps", "mappedFiles", "loadBias", "runtimeAddress", "listProcessProbes", "ProcessError"]),
      }));
    `);
    expect(result).toEqual({ elf: [], notes: [], loader: [], process: [] });
  });
});

describe("one module graph", () => {
  it("every entry, and require('stapsdt'), shares one ElfError", () => {
    const result = runModule(`
      import { createRequire } from "node:module";
      const entries = ${JSON.stringify(ENTRIES)};
      const m = Object.fromEntries(await Promise.all(entries.map(async (e) => [e, await import(e)])));
      const required = createRequire(process.cwd() + "/")("stapsdt");
      const thrown = (f) => { try { f(); } catch (e) { return e; } throw new Error("did not throw"); };
      // Errors thrown by the entries' own code (the notes decoders never throw on bad bytes).
      const errors = [
        thrown(() => m["stapsdt"].listFileProbes("package.json")),
        thrown(() => m["stapsdt/core"].openElf(new Uint8Array(4))),
        thrown(() => m["stapsdt/node"].openElf(new ArrayBuffer(4))),
        thrown(() => m["stapsdt/elf"].openElf(new DataView(new ArrayBuffer(8), 2, 4))),
        thrown(() => m["stapsdt/loader"].parseLdCache(new Uint8Array(4))),
        thrown(() => m["stapsdt/process"].parseMaps("not a maps line")),
      ];
      console.log(JSON.stringify({
        codes: errors.map((e) => e.code),
        entries: Object.fromEntries(entries.map((a) => [a, {
          same: m[a].ElfError === required.ElfError,
          instanceofAll: errors.every((e) => e instanceof m[a].ElfError && m[a].isElfError(e)),
        }])),
      }));
    `);
    expect(result).toEqual({
      codes: ["NOT_ELF", "NOT_ELF", "NOT_ELF", "NOT_ELF", "BAD_INPUT", "BAD_INPUT"],
      entries: Object.fromEntries(ENTRIES.map((e) => [e, { same: true, instanceofAll: true }])),
    });
  });

  it("the core (stapsdt/core) imports no Node built-in, through any chunk", () => {
    expect(pkg.exports["./core"].default).toBe("./dist/index.js");
    expect(pkg.exports["."].default.default).toBe("./dist/index.js");
    expect(staticGraph("index.js").builtins).toEqual([]);
  });

  it("every entry's default (non-Node) condition imports no Node built-in, through any chunk", () => {
    const portable: Record<string, string[]> = {};
    for (const [subpath, target] of Object.entries(pkg.exports as Record<string, unknown>)) {
      if (subpath === "./node") continue; // the Node root, by name
      if (subpath === "./schema.json") continue; // data, not code (its own test below)
      const t = target as { types?: string; default: string | { types: string; default: string } };
      const file = typeof t.default === "string" ? t.default : t.default.default;
      portable[subpath] = staticGraph(path.relative("dist", file)).builtins;
    }
    expect(Object.keys(portable).sort()).toEqual([".", "./core", "./elf", "./loader", "./notes", "./process"]);
    for (const builtins of Object.values(portable)) expect(builtins).toEqual([]);
  });

  it("stapsdt/schema.json is the JSON Schema of docs/, importable as JSON", () => {
    const result = runModule(`
      const { default: schema } = await import("stapsdt/schema.json", { with: { type: "json" } });
      console.log(JSON.stringify([schema.$schema, Object.keys(schema.$defs).includes("record")]));
    `);
    expect(result).toEqual(["https://json-schema.org/draft/2020-12/schema", true]);
    expect(pkg.exports["./schema.json"]).toBe("./docs/stapsdt-ls.schema.json");
  });

  it("the Node conditions point at the Node builds", () => {
    expect(pkg.exports["."].node.default).toBe("./dist/node.js");
    for (const name of ["elf", "loader", "process"]) {
      expect(pkg.exports[`./${name}`].node.default).toBe(`./dist/${name}-node.js`);
      expect(pkg.exports[`./${name}`].default.default).toBe(`./dist/${name}.js`);
    }
  });

  it("the command is one CommonJS file that imports only Node built-ins", () => {
    expect(pkg.bin["stapsdt-ls"]).toBe("dist/bin.cjs");
    const source = fs.readFileSync(path.join(DIST, "bin.cjs"), "utf8");
    expect(source.startsWith("#!/usr/bin/env node\n")).toBe(true);
    const required = [...source.matchAll(/\brequire\(["']([^"']+)["']\)/g)].map((m) => m[1]!);
    expect(required.filter((r) => !r.startsWith("node:") && !builtinModules.includes(r))).toEqual([]);
    expect(required.length).toBeGreaterThan(0);
    expect(source).not.toMatch(/\bimport\(/);
  });

  it("the command evaluates the -n printer, --deps and --pid modules only when those options are used", () => {
    // esbuild turns each `import()` of src/cli/main.ts into a call of the
    // module's lazy initializer inside a promise callback; nothing else calls them.
    const source = fs.readFileSync(path.join(DIST, "bin.cjs"), "utf8");
    for (const name of ["notes_command", "deps", "process"]) {
      const calls = source.split("\n").filter((l) => l.includes(`init_${name}()`));
      expect(calls.length, name).toBeGreaterThan(0);
      for (const line of calls) expect(line, name).toMatch(new RegExp(`Promise\\.resolve\\(\\)\\.then\\(\\(\\) => \\(init_${name}\\(\\)`));
    }
  });
});

/** Uses every entry together: one ElfFile and ElfError type across them; public options only. */
const PORTABLE_CONSUMER = `
import { openElf, listProbes, renderUprobes, symbolResolver, EM, type ElfFile, type Probe, type ProbeArgument } from "stapsdt";
import * as core from "stapsdt/core";
import { symbolTable, vaddrToOffset, SHT } from "stapsdt/elf";
import { decodeNoteBlocks, readelfNotes, type ReadelfNotesOptions } from "stapsdt/notes";
import { readDynamic, resolveDependencies } from "stapsdt/loader";
import { parseMaps, mappedFiles, runtimeAddress } from "stapsdt/process";

const file: core.ElfFile = openElf(new DataView(new ArrayBuffer(64), 8, 32));
const again: ElfFile = core.openElf(new ArrayBuffer(64));
const { probes, warnings } = listProbes(again, { provider: "python", name: "function__*" });
const first: Probe | undefined = probes[0];
const args: readonly ProbeArgument[] = first?.args ?? core.parseArguments("8@%rdi", EM.EM_X86_64, 64);
const isCoreError: boolean = warnings.every((w) => w instanceof core.ElfError);
const text: string = renderUprobes("/bin/x", probes, {
  machine: file.header.machine, elfClass: file.header.class, symbols: symbolResolver(symbolTable(file)),
});
for (const block of decodeNoteBlocks(file, { relocate: true })) void block.notes.length;
const options: ReadelfNotesOptions = { wide: true, stream: true };
void readelfNotes(file, options).text;
// @ts-expect-error a test-only option is not in the public options
readelfNotes(file, { genericStapsdt: true });
void readDynamic(file).needed;
void resolveDependencies;
void vaddrToOffset(file.segments, 0n);
void SHT.SHT_NOTE;
const lib = mappedFiles(parseMaps("")).find((f) => f.path === "/bin/x");
if (lib) void runtimeAddress(0n, "code", file.header.type, file.segments, lib.mappings);
void [args, isCoreError, text];
`;

describe("declarations", () => {
  it("a program that uses every entry type-checks under Node's conditions, with the Node parts", () => {
    const out = typecheckConsumer({
      "portable.mts": PORTABLE_CONSUMER,
      "node.mts": `
import { listFileProbes, withElfFile, openElf, type FileProbes } from "stapsdt";
import { fileSymbolResolver } from "stapsdt/elf";
import { listDependencyProbes } from "stapsdt/loader";
import { listProcessProbes, ProcessError } from "stapsdt/process";
import { decodeNoteBlocks } from "stapsdt/notes";
import * as nodeEntry from "stapsdt/node";
const list: FileProbes = listFileProbes("/bin/true");
withElfFile("/bin/true", (file) => [...decodeNoteBlocks(file)]);
const same: typeof nodeEntry.openElf = openElf;
void [list, same, fileSymbolResolver, listDependencyProbes, listProcessProbes, ProcessError];
`,
    }, { module: "nodenext", moduleResolution: "nodenext" });
    expect(out).toBe("");
  });

  it("the same program type-checks for a bundler (the portable builds), which have no Node parts", () => {
    const out = typecheckConsumer({
      "portable.ts": PORTABLE_CONSUMER,
      "browser.ts": `
// @ts-expect-error the portable root has no file access
import { listFileProbes } from "stapsdt";
// @ts-expect-error nor has the portable loader entry
import { listDependencyProbes } from "stapsdt/loader";
void [listFileProbes, listDependencyProbes];
`,
    }, { module: "esnext", moduleResolution: "bundler" });
    expect(out).toBe("");
  });
});

describe("npm pack", () => {
  it("ships dist/ (JavaScript and declarations), the man page, the JSON Schema, README.md, LICENSE and package.json, nothing else", () => {
    const r = spawnSync("npm", ["pack", "--dry-run", "--json", "--ignore-scripts"], { cwd: ROOT, encoding: "utf8" });
    expect(r.status, r.stderr).toBe(0);
    const files = (JSON.parse(r.stdout) as { files: { path: string; mode: number }[] }[])[0]!.files;
    const paths = files.map((f) => f.path).sort();
    expect(paths.filter((p) => !/^(dist\/[\w-]+\.(js|cjs|d\.ts)|man\/stapsdt-ls\.1|docs\/stapsdt-ls\.schema\.json|README\.md|LICENSE|package\.json)$/.test(p))).toEqual([]);
    // Every path package.json names is in it (the man page too, which `man stapsdt-ls` finds after a global install); the command is executable.
    expect(pkg.man).toEqual(["./man/stapsdt-ls.1"]);
    expect(paths).toContain("man/stapsdt-ls.1");
    const named = [pkg.main, pkg.types, ...Object.values(pkg.bin as Record<string, string>), ...pkg.man, ...JSON.stringify(pkg.exports).match(/\.\/(dist|docs)\/[^"]+/g)!];
    for (const p of named) expect(paths).toContain(path.normalize(p));
    expect(files.find((f) => f.path === "dist/bin.cjs")!.mode & 0o111).toBe(0o111);
  });
});
