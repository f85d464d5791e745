#!/usr/bin/env node
/**
 * Builds dist/bin.cache, the V8 code cache the launcher (src/launcher.cjs)
 * hands to `vm.Script` when it loads dist/bin.cjs. Run by `npm run build`
 * (tsup.config.ts) after the bundle is written:
 *
 *   node scripts/code-cache.cjs dist/bin.cjs dist/bin.cache
 *
 * Compiling the 200 KB bundle, and then each function on its first call, is
 * most of what a command on a small file costs above Node's own start
 * (libjvm.so: ~11 of ~24 ms). A code cache holds the bytecode of every
 * function compiled when it is made, so the bundle is first run here on the
 * committed fixtures, as the commands users run (table, --json, -n, the
 * uprobe and bpftrace formats) compile what they call, and the cache is made
 * after that. Node 22 has `module.enableCompileCache()` for this; Node 20
 * does not.
 *
 * V8 checks a cache against its version, flags and the source, and rejects a
 * cache that does not match (another Node, NODE_OPTIONS with V8 flags): the
 * launcher then compiles as `require` would. So the cache is an optimization
 * only, and a failure here is reported and leaves no cache, not a failed build.
 */
"use strict";
const fs = require("node:fs");
const path = require("node:path");
const vm = require("node:vm");
const Module = require("node:module");

const [bin, out] = process.argv.slice(2);
if (!bin || !out) {
  process.stderr.write("usage: code-cache.cjs BIN CACHE\n");
  process.exit(2);
}

const root = path.join(__dirname, "..");
const fixtures = path.join(root, "fixtures", "binaries");
const samples = fs.readdirSync(fixtures, { withFileTypes: true })
  .filter((d) => d.isDirectory() && d.name !== "malformed" && d.name !== "notes")
  .flatMap((d) => fs.readdirSync(path.join(fixtures, d.name))
    .filter((f) => !f.includes("."))
    .map((f) => path.join(fixtures, d.name, f)));
const x86 = samples.filter((f) => f.includes(`${path.sep}x86_64${path.sep}`));

try {
  const file = path.resolve(bin);
  // As the launcher compiles it: the module wrapper around the source, the
  // `#!` line blanked (not removed: line numbers in stack traces stay right).
  const script = new vm.Script(Module.wrap(fs.readFileSync(file, "utf8").replace(/^#!.*/, "")), { filename: file });
  const run = (args) => {
    const mod = new Module(file, null);
    mod.filename = file;
    process.argv = [process.execPath, file, ...args];
    script.runInThisContext().call(mod.exports, mod.exports, Module.createRequire(file), mod, file, path.dirname(file));
  };
  // The CLI writes with fs.writeSync on fds 1 and 2: nothing to show here.
  const writeSync = fs.writeSync;
  fs.writeSync = (fd, ...rest) => (fd === 1 || fd === 2 ? rest[0].length : writeSync(fd, ...rest));
  try {
    run(samples);
    for (const args of [["--json"], ["-n"], ["--format", "uprobe"], ["--format", "bpftrace"]]) run([...args, ...x86]);
  } finally {
    fs.writeSync = writeSync;
  }
  fs.writeFileSync(out, script.createCachedData());
  process.exitCode = 0;
} catch (e) {
  fs.rmSync(out, { force: true });
  process.stderr.write(`code-cache: no cache built (${e instanceof Error ? e.message : e}); the launcher compiles the bundle\n`);
  process.exitCode = 0;
}
