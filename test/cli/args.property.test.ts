/**
 * `parseCommandLine` (src/cli-args.ts) against `util.parseArgs` with
 * `{ strict: true, allowPositionals: true }`, which it replaces: on generated
 * command lines made of the CLI's options (long, short, grouped, with values
 * inline, after them or missing), unknown options, `--`, `-` and files, both
 * give the same values and positionals, or the same error code and message.
 */
import fc from "fast-check";
import { parseArgs } from "node:util";
import { describe, expect, it } from "vitest";
import { ArgsError, parseCommandLine, type OptionSpec } from "../../src/cli/args.js";
import { CLI_OPTIONS } from "../../src/cli/main.js";

type Outcome = { values: Record<string, unknown>; positionals: string[] } | { code: string; message: string };

function viaNode(args: string[], options: Record<string, OptionSpec>): Outcome {
  try {
    const r = parseArgs({ args, options, strict: true, allowPositionals: true });
    return { values: { ...r.values }, positionals: r.positionals };
  } catch (e) {
    return { code: (e as { code: string }).code, message: (e as Error).message };
  }
}

function viaOurs(args: string[], options: Record<string, OptionSpec>): Outcome {
  try {
    const r = parseCommandLine(args, options);
    return { values: { ...r.values }, positionals: r.positionals };
  } catch (e) {
    if (!(e instanceof ArgsError)) throw e;
    return { code: e.code, message: e.message };
  }
}

const token = fc.oneof(
  fc.constantFrom(
    "--json", "--json=1", "--format", "--format=json", "--format=-x", "--deps", "--pid", "--pid=12", "-p", "-p12", "-p-1",
    "--provider", "--name", "--name=x*", "-h", "-V", "-n", "-W", "-nW", "-Wn", "-nWp", "-Wp7", "-pn", "-np", "-nx", "-xn",
    "-n=1", "--notes", "--wide", "--help", "--version", "--", "-", "", "---x", "--=x", "--==", "--=json=1", "--nope", "-x", "--__proto__",
    "--constructor", "-json", "12", "json", "file", "./a.out", "-1",
  ),
  fc.string({ maxLength: 4 }),
  fc.string({ maxLength: 3 }).map((s) => `-${s}`),
  fc.string({ maxLength: 3 }).map((s) => `--${s}`),
  // Dashes and "=" where the grammar cuts ("--==", "-p=", "--json=").
  fc.stringMatching(/^-{1,3}[=npWjsonformat]{0,5}$/),
);

describe("parseCommandLine", () => {
  it("parses as util.parseArgs (strict, positionals allowed) does, errors included", () => {
    fc.assert(fc.property(fc.array(token, { maxLength: 6 }), (args) => {
      expect(viaOurs(args, CLI_OPTIONS)).toEqual(viaNode(args, CLI_OPTIONS));
    }), { numRuns: 3000 });
  });

  it("parses the examples of the usage text", () => {
    expect(viaOurs(["-nW", "libpython3.11.so.1.0"], CLI_OPTIONS)).toEqual({ values: { notes: true, wide: true }, positionals: ["libpython3.11.so.1.0"] });
    expect(viaOurs(["--pid", "1234", "--json"], CLI_OPTIONS)).toEqual({ values: { pid: "1234", json: true }, positionals: [] });
    expect(viaOurs(["--", "--json"], CLI_OPTIONS)).toEqual({ values: {}, positionals: ["--json"] });
    expect(viaOurs(["--format"], CLI_OPTIONS)).toEqual({ code: "ERR_PARSE_ARGS_INVALID_OPTION_VALUE", message: "Option '--format <value>' argument missing" });
  });
});
