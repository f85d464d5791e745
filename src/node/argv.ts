/**
 * The command line, parsed by Node's `util.parseArgs` in strict mode with
 * positionals: `--name value`, `--name=value`, grouped short options
 * (`-nW`), `--` ending the options, and its usage errors and messages.
 */
import { parseArgs } from "node:util";

/** One option: its type and, optionally, a one-letter short form. */
export interface OptionSpec {
  readonly type: "boolean" | "string";
  readonly short?: string;
}

export type ParsedValues<O extends Record<string, OptionSpec>> = {
  [K in keyof O]?: O[K]["type"] extends "string" ? string : boolean;
};

/** Parses `args` against `options`; throws `util.parseArgs`' error (with its `code`) at the first bad option. */
export function parseCommandLine<O extends Record<string, OptionSpec>>(
  args: readonly string[], options: O,
): { values: ParsedValues<O>; positionals: string[] } {
  const { values, positionals } = parseArgs({ args: [...args], options, strict: true, allowPositionals: true });
  return { values: values as ParsedValues<O>, positionals };
}
