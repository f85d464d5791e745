/** Runs the CLI's `main` in-process and captures what it writes. */
import { main } from "../../src/cli.js";

export interface CliResult {
  status: number;
  stdout: string;
  stderr: string;
}

export function runCli(...argv: string[]): CliResult {
  let stdout = "";
  let stderr = "";
  const status = main(argv, { stdout: (s) => void (stdout += s), stderr: (s) => void (stderr += s) });
  return { status, stdout, stderr };
}
