#!/usr/bin/env node
import { fdWriter, main } from "./cli.js";

const stdout = fdWriter(1, () => process.stdout);
process.exitCode = main(process.argv.slice(2), {
  stdout,
  stderr: fdWriter(2, () => process.stderr),
  stdoutBytes: stdout,
});
