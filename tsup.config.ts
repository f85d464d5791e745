import { defineConfig } from "tsup";

// One build, one module graph: the portable core (`dist/index.js`), the Node
// entry (`dist/node.js`) and the command (`dist/bin.js`, package.json `bin`)
// as ES modules whose shared code is in shared chunks (`splitting`), so that
// `stapsdt` and `stapsdt/core` hand out the same classes (`ElfError`). The
// code only `-n`, `--deps` and `--pid` need is in chunks of its own, which the
// command imports when those options are used (src/cli.ts).
export default defineConfig({
  entry: { index: "src/index.ts", node: "src/node.ts", bin: "src/bin.ts" },
  format: ["esm"],
  target: "node20",
  dts: { entry: { index: "src/index.ts", node: "src/node.ts" } },
  splitting: true,
  sourcemap: false,
  clean: true,
  treeshake: true,
});
