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

// One build, one module graph: every entry above and the command
// (`dist/bin.js`, package.json `bin`) as ES modules whose shared code is in
// shared chunks (`splitting`), so that all entries hand out the same classes
// (`ElfError`, `ElfFile`). The code only `-n`, `--deps` and `--pid` need is
// in chunks of its own, which the command imports when those options are
// used (src/cli/main.ts). Declarations for every entry, also split, so that
// the types are one set too (an `ElfFile` of `stapsdt` is the `ElfFile`
// `stapsdt/notes` takes).
export default defineConfig({
  entry: { ...entries, bin: "src/bin.ts" },
  format: ["esm"],
  target: "node20",
  dts: { entry: entries },
  splitting: true,
  sourcemap: false,
  clean: true,
  treeshake: true,
});
