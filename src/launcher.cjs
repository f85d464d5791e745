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
require(require("path").join(require("fs").realpathSync(__filename), "../bin.cjs"));
