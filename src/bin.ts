#!/usr/bin/env node
import { main } from "./cli/main.js";
import { fdWriter, WriteError } from "./node/stdio.js";
import { setCommandTiering } from "./node/tiering.js";

// Before anything runs: it applies to the code compiled after it (see tiering.ts).
setCommandTiering();

// fdWriter stops quietly on EPIPE (a reader that closed the pipe early, as in
// `stapsdt-ls --json big.so | head`). When it falls back to the stream (a
// non-blocking pipe that was full), errors arrive later as 'error' events:
// EPIPE ends quietly there too, as tools killed by SIGPIPE do, and any other
// is the one line `main` prints for a write error, with status 1.
const quiet = (s: NodeJS.WriteStream): NodeJS.WriteStream => {
  if (s.listenerCount("error") === 0) {
    s.on("error", (e: NodeJS.ErrnoException) => {
      if (e.code === "EPIPE") process.exit();
      try {
        process.stderr.write(`stapsdt-ls: ${new WriteError(e).message}\n`);
      } finally {
        process.exit(1);
      }
    });
  }
  return s;
};

const stdout = fdWriter(1, () => quiet(process.stdout));
// `main` returns a number, or a Promise of one when the options need code it
// loads first (-n, --deps, --pid).
const status = main(process.argv.slice(2), {
  stdout,
  stderr: fdWriter(2, () => quiet(process.stderr)),
  stdoutBytes: stdout,
});
if (typeof status === "number") process.exitCode = status;
else void status.then((s) => { process.exitCode = s; });
