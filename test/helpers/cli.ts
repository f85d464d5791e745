/** Runs the CLI's `main` in-process and captures what it writes. */
import { main } from "../../src/cli/main.js";

export interface CliResult {
  status: number;
  stdout: string;
  stderr: string;
}

function start(argv: string[]): { status: number | Promise<number>; out: { stdout: string; stderr: string } } {
  const out = { stdout: "", stderr: "" };
  const status = main(argv, { stdout: (s) => void (out.stdout += s), stderr: (s) => void (out.stderr += s) });
  return { status, out };
}

/**
 * A command `main` completes at once: any but `-n`, `--deps` and `--pid`,
 * which import their code first (`runCliAsync`; their usage errors still
 * return at once).
 */
export function runCli(...argv: string[]): CliResult {
  const { status, out } = start(argv);
  if (typeof status !== "number") throw new Error(`stapsdt-ls ${argv.join(" ")} returns a Promise: use runCliAsync`);
  return { status, ...out };
}

/** Any command, `-n`, `--deps` and `--pid` included. */
export async function runCliAsync(...argv: string[]): Promise<CliResult> {
  const { status, out } = start(argv);
  return { status: await status, ...out }; // `out` is read once the command is done
}
