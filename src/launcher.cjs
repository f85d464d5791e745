#!/bin/sh
':' //; unset NODE_EXTRA_CA_CERTS; exec node "$0" "$@"
// The installed `stapsdt-ls` (package.json `bin`; the build copies this file to
// dist/launcher.cjs). It is both a POSIX sh script and a CommonJS module:
//
// - sh runs line 2: `:` ignores its argument, then NODE_EXTRA_CA_CERTS is
//   dropped and Node is started on this same file with the arguments as given.
//   `exec` replaces the shell, so exit status, signals and stdio are Node's.
// - Node skips the `#!` line and reads line 2 as a string statement followed
//   by a comment, then runs the CLI below. `$0` may be npm's symlink in a bin
//   folder: bin.cjs is looked for beside the real file (Node resolves the main
//   module's real path anyway, except under --preserve-symlinks-main).
//
// Why: Node 20 (and 22 before 22.21, 24 before 24.9: nodejs/node#59856 made
// it lazy) loads the NODE_EXTRA_CA_CERTS bundle at start-up, before any script
// runs, together with its own ~140 root certificates, which OpenSSL 3 parses
// slowly. With Debian's /etc/ssl/certs/ca-certificates.crt that is ~50 ms per
// command, more than listing the probes of libjvm.so. stapsdt-ls never opens
// a TLS connection and starts no other program, so it has no use for the
// variable. Other NODE_* variables (NODE_OPTIONS...) are left alone. The CLI
// itself stays in dist/bin.cjs, a strict-mode bundle (`node dist/bin.cjs`
// runs it too, with the variable as given).
//
// On Windows, npm's cmd-shim runs a `#!/bin/sh` bin through `sh`, which must
// then be on PATH (Git for Windows has one); see README.
//
// The bundle is compiled with dist/bin.cache, a V8 code cache made at build
// time after running the CLI on the fixtures (scripts/code-cache.cjs): the
// bytecode of the bundle and of the functions a command calls, about half of
// what a command on a small file costs above Node's start. V8 rejects a cache
// made by another Node (or with other V8 flags) and then compiles as usual;
// without the file, the bundle is required as any module.
const fs = require("fs");
const path = require("path");
const bin = path.join(fs.realpathSync(__filename), "../bin.cjs");
let cachedData;
try {
  cachedData = fs.readFileSync(path.join(bin, "../bin.cache"));
} catch {
  // no cache: plain require below
}
if (cachedData === undefined) {
  require(bin);
} else {
  const vm = require("vm");
  const Module = require("module");
  // The `#!` line blanked, not removed: line numbers in stack traces stay right.
  const source = Module.wrap(fs.readFileSync(bin, "utf8").replace(/^#!.*/, ""));
  const mod = new Module(bin, module);
  mod.filename = bin;
  mod.paths = Module._nodeModulePaths(path.dirname(bin));
  new vm.Script(source, { filename: bin, cachedData })
    .runInThisContext()
    .call(mod.exports, mod.exports, Module.createRequire(bin), mod, bin, path.dirname(bin));
}
