/**
 * The command line, parsed as `util.parseArgs` parses it with
 * `{ strict: true, allowPositionals: true }`: the same values, positionals,
 * errors and messages (test/cli/args.property.test.ts checks this against
 * `util.parseArgs` itself on generated command lines).
 *
 * Why not `util.parseArgs`: loading `node:util` and running its parser cost
 * ~3 M instructions per command (valgrind, main thread; `node -e 0` is 78 M
 * and listing python3.11's probes ~30 M above it). The grammar is small:
 *
 * - `--` ends the options; every argument after it is a positional, as is
 *   `-` and anything not starting with `-`;
 * - `--name`, `--name=value`, and `--name value` for a string option (the
 *   value may start with `-` only in the `=` form: `--name -x` is an error);
 * - `-n`, `-nW` (short options grouped), `-pVALUE` and `-p VALUE` for a string
 *   option; in a group, a string option takes the rest of the group as its
 *   value (`-Wp12`), or the next argument if it ends the group.
 *
 * An option given twice keeps its last value.
 */

/** One option: its type and, optionally, a one-letter short form. */
export interface OptionSpec {
  readonly type: "boolean" | "string";
  readonly short?: string;
}

export type ParsedValues<O extends Record<string, OptionSpec>> = {
  [K in keyof O]?: O[K]["type"] extends "string" ? string : boolean;
};

/** A usage error, with `util.parseArgs`' code and message. */
export class ArgsError extends Error {
  constructor(readonly code: "ERR_PARSE_ARGS_UNKNOWN_OPTION" | "ERR_PARSE_ARGS_INVALID_OPTION_VALUE", message: string) {
    super(message);
    this.name = "ArgsError";
  }
}

/** Parses `args` against `options`; throws {@link ArgsError} at the first bad option. */
export function parseCommandLine<O extends Record<string, OptionSpec>>(
  args: readonly string[], options: O,
): { values: ParsedValues<O>; positionals: string[] } {
  const values: Record<string, string | boolean> = Object.create(null);
  const positionals: string[] = [];
  const spec = (name: string): OptionSpec | undefined => (Object.hasOwn(options, name) ? options[name] : undefined);
  const longOf = (short: string): string => {
    for (const name of Object.keys(options)) if (options[name]!.short === short) return name;
    return short;
  };
  const isString = (name: string): boolean => spec(name)?.type === "string";
  /**
   * Stores one option: `rawName` as written (`-p`, `--pid`), `value` undefined
   * when none was given, `inline` when it came with the option (`=`, `-pVALUE`).
   */
  const store = (name: string, rawName: string, value: string | undefined, inline: boolean): void => {
    const o = spec(name);
    if (o === undefined) throw unknownOption(rawName);
    const shortAndLong = `${o.short ? `-${o.short}, ` : ""}--${name}`;
    if (o.type === "string" && value === undefined) {
      throw new ArgsError("ERR_PARSE_ARGS_INVALID_OPTION_VALUE", `Option '${shortAndLong} <value>' argument missing`);
    }
    if (o.type === "boolean" && value !== undefined) {
      throw new ArgsError("ERR_PARSE_ARGS_INVALID_OPTION_VALUE", `Option '${shortAndLong}' does not take an argument`);
    }
    if (!inline && value !== undefined && value.length > 1 && value[0] === "-") {
      const example = rawName.startsWith("--") ? `'--${name}=-XYZ'` : `'--${name}=-XYZ' or '${rawName}-XYZ'`;
      throw new ArgsError("ERR_PARSE_ARGS_INVALID_OPTION_VALUE",
        `Option '${rawName}' argument is ambiguous.\nDid you forget to specify the option argument for '${rawName}'?\n` +
        `To specify an option argument starting with a dash use ${example}.`);
    }
    values[name] = value ?? true;
  };

  // Arguments still to read: a short option group puts its options back here.
  const rest = [...args];
  while (rest.length > 0) {
    const arg = rest.shift()!;
    if (arg === "--") {
      positionals.push(...rest);
      break;
    }
    if (arg.length < 2 || arg[0] !== "-") {
      positionals.push(arg); // a file, or "-"
    } else if (arg[1] !== "-") {
      const name = longOf(arg[1]!);
      if (arg.length === 2) {
        // -p VALUE, -n
        store(name, arg, isString(name) && rest.length > 0 ? rest.shift() : undefined, false);
      } else if (isString(name)) {
        store(name, `-${arg[1]}`, arg.slice(2), true); // -pVALUE
      } else {
        // -nWp12 -> -n -W -p12: a string option takes the rest of the group.
        const expanded: string[] = [];
        for (let i = 1; i < arg.length; i++) {
          if (!isString(longOf(arg[i]!)) || i === arg.length - 1) expanded.push(`-${arg[i]}`);
          else {
            expanded.push(`-${arg.slice(i)}`);
            break;
          }
        }
        rest.unshift(...expanded);
      }
    } else {
      if (arg.indexOf("=", 3) < 0) {
        // --name, --name VALUE (an "=" right after "--" is part of the name)
        const name = arg.slice(2);
        store(name, arg, isString(name) && rest.length > 0 ? rest.shift() : undefined, false);
      } else {
        // --name=VALUE, cut at the first "=" (util.parseArgs: "--==" is option "" with value "=")
        const eq = arg.indexOf("=");
        const name = arg.slice(2, eq);
        store(name, `--${name}`, arg.slice(eq + 1), true);
      }
    }
  }
  return { values: values as ParsedValues<O>, positionals };
}

function unknownOption(rawName: string): ArgsError {
  // util.parseArgs' message, its unclosed quote included.
  return new ArgsError("ERR_PARSE_ARGS_UNKNOWN_OPTION",
    `Unknown option '${rawName}'. To specify a positional argument starting with a '-', place it at the end of the ` +
    `command after '--', as in '-- ${JSON.stringify(rawName)}`);
}
