import * as fs from "node:fs";
import { execFileSync } from "node:child_process";
import { defineConfig } from "tsup";

// The portable core (no Node imports) and the Node entry (core + file and
// process access) as ES modules, with types; the CLI as one CommonJS file,
// `dist/bin.cjs` (package.json `bin`): Node 20 starts a CommonJS entry several
// ms sooner than an ES module one (no ESM loader, synchronous load), a tenth of
// a run on a small file.
export default defineConfig([
  {
    entry: { index: "src/index.ts", node: "src/node.ts" },
    format: ["esm"],
    target: "node20",
    dts: { entry: { index: "src/index.ts", node: "src/node.ts" } },
    splitting: false,
    sourcemap: false,
    clean: false, // `npm run build` empties dist/ first (two configs build at once)
    treeshake: true,
  },
  {
    entry: { bin: "src/bin.ts" },
    format: ["cjs"],
    target: "node20",
    outExtension: () => ({ js: ".cjs" }),
    splitting: false,
    sourcemap: false,
    clean: false,
    treeshake: true,
    // The installed command is src/launcher.cjs, a sh/JS file that starts Node
    // without NODE_EXTRA_CA_CERTS and then loads bin.cjs (see its comment).
    // Copied as it is: a bundler would put "use strict" before its sh line.
    onSuccess: async () => {
      fs.copyFileSync("src/launcher.cjs", "dist/launcher.cjs");
      fs.chmodSync("dist/launcher.cjs", 0o755);
      // The code cache the launcher compiles the bundle with (see scripts/code-cache.cjs).
      execFileSync(process.execPath, ["scripts/code-cache.cjs", "dist/bin.cjs", "dist/bin.cache"], { stdio: "inherit" });
    },
  },
]);
