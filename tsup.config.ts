import { defineConfig } from "tsup";

// Three entries: the portable core (no Node imports), the Node entry (core + file
// and process access) and the CLI shim. The shim is bundled on its own so that
// `stapsdt-ls` starts by loading one file.
export default defineConfig({
  entry: { index: "src/index.ts", node: "src/node.ts", bin: "src/bin.ts" },
  format: ["esm"],
  target: "node20",
  dts: { entry: { index: "src/index.ts", node: "src/node.ts" } },
  splitting: false,
  sourcemap: false,
  clean: true,
  treeshake: true,
});
