#!/usr/bin/env node
import { main } from "./cli.js";

// A reader that stops early (`stapsdt-ls --json big.so | head`) closes the pipe:
// stop quietly, as tools killed by SIGPIPE do, instead of an unhandled 'error' event.
for (const stream of [process.stdout, process.stderr]) {
  stream.on("error", (e: NodeJS.ErrnoException) => {
    if (e.code !== "EPIPE") throw e;
    process.exit();
  });
}

process.exitCode = main(process.argv.slice(2), {
  stdout: (s) => void process.stdout.write(s),
  stderr: (s) => void process.stderr.write(s),
  stdoutBytes: (b) => void process.stdout.write(b),
});
