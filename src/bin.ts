#!/usr/bin/env node
import { main } from "./cli/main.js";
import { fdWriter } from "./node/stdio.js";

// fdWriter stops quietly on EPIPE (a reader that closed the pipe early, as in
// `stapsdt-ls --json big.so | head`). When it falls back to the stream (a
// non-blocking pipe that was full), an EPIPE arrives later as an 'error' event:
// end quietly there too, as tools killed by SIGPIPE do, not with a stack trace.
const quiet = (s: NodeJS.WriteStream): NodeJS.WriteStream => {
  if (s.listenerCount("error") === 0) {
    s.on("error", (e: NodeJS.ErrnoException) => {
      if (e.code !== "EPIPE") throw e;
      process.exit();
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
