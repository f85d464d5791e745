#!/usr/bin/env node
import { fdWriter, main } from "./cli.js";

process.exitCode = main(process.argv.slice(2), {
  stdout: fdWriter(1, () => process.stdout),
  stderr: fdWriter(2, () => process.stderr),
});
