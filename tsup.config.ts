import { defineConfig } from "tsup";

// The public entries. Each subpath with a Node-only part has two builds,
// chosen by the `node` / `default` conditions of package.json `exports`:
// `<name>.js` (portable) and `<name>-node.js` (portable + Node).
const entries = {
  index: "src/index.ts", // stapsdt/core; stapsdt outside Node
  node: "src/node.ts", // stapsdt under Node; stapsdt/node
  elf: "src/entries/elf.ts",
  "elf-node": "src/entries/node/elf.ts",
  notes: "src/entries/notes.ts",
  loader: "src/entries/loader.ts",
  "loader-node": "src/entries/node/loader.ts",
  process: "src/entries/process.ts",
  "process-node": "src/entries/node/process.ts",
};

// The library: every entry above as ES modules whose shared code is in
// shared chunks (`splitting`), one module graph, so that all entries hand
// out the same classes (`ElfError`, `ElfFile`). Declarations for every
// entry, also split, so that the types are one set too (an `ElfFile` of
// `stapsdt` is the `ElfFile` `stapsdt/notes` takes).
//
// The command (`dist/bin.cjs`, package.json `bin`): one CommonJS file with
// everything it runs. Node 20 starts a CommonJS main markedly faster than an
// ES module graph (its ES module loader is itself loaded and compiled at
// start-up: measured 52 against 70 ms for `stapsdt-ls libjvm.so`, `node -e 0`
// 40 ms), and the command is not imported by anyone, so it needs no shared
// classes. The code only `-n`, `--deps` and `--pid` need is still evaluated
// only when those options are used (their dynamic `import()`s become lazy
// initializers in the bundle).
export default defineConfig([
  {
    entry: entries,
    format: ["esm"],
    target: "node20",
    dts: { entry: entries },
    splitting: true,
    sourcemap: false,
    // Not dist/web: the page's build (below) runs at the same time and cleans its own folder.
    clean: ["!web/**"],
    treeshake: true,
  },
  {
    entry: { bin: "src/bin.ts" },
    format: ["cjs"],
    target: "node20",
    splitting: false,
    sourcemap: false,
    clean: false,
    treeshake: true,
  },
  // The page (`dist/web/index.html`, issue #12): its script is one classic
  // script (`app.js`, an IIFE), not ES modules: a page opened from file://
  // may not load modules (Chromium refuses them there), and one file is what
  // a static server or a copy of the folder needs. The HTML and stylesheet
  // are copied from src/web/public.
  {
    entry: { app: "src/web/main.ts" },
    outDir: "dist/web",
    format: ["iife"],
    platform: "browser",
    target: "es2022",
    outExtension: () => ({ js: ".js" }),
    publicDir: "src/web/public",
    splitting: false,
    sourcemap: false,
    clean: true,
    treeshake: true,
  },
]);
