/**
 * bcc's `tplist -vv -l FILE` (Debian: `tplist-bpfcc`, package bpfcc-tools) as
 * an outside decoder of x86-64 probe arguments: runs it, and parses what it
 * prints, per probe location, for each argument (bcc's tools/tplist.py and
 * src/python/bcc/usdt.py `USDTProbeArgument.__str__`):
 *
 * ```
 * python:audit [sema 0xa84276]
 *   location #1 /usr/bin/python3.11 0x42512a
 *     argument #1 8 unsigned bytes @ bx            register (bcc's own names)
 *     argument #2 4 signed   bytes @ *(bp - 20)    base + displacement
 *     argument #3 8 signed   bytes @ *(si + 0 + dx * 8)   base + disp + index * scale
 *     argument #4 4 signed   bytes @ -12           constant
 *     argument #5 4 signed   bytes @ *(&NBuffers + 0)      rip-relative symbol + offset
 *     argument #6 4 signed   bytes @ unrecognized argument format, flags 14
 * ```
 *
 * The parsing itself is bcc's C++ (libbcc, cc/usdt/usdt_args.cc), which
 * reports operands it cannot parse on stderr, with a caret under the first
 * character it rejected (`ArgumentParser::print_error`):
 *
 * ```
 * Parse error:
 *     4f@%edx 8f@%rax
 * -----^                     (pos + 4 dashes)
 * ```
 *
 * and then goes on with the rest of the string, dropping what it could not
 * parse (so later arguments may be missing or renumbered).
 */
import * as fs from "node:fs";
import { spawnSync } from "node:child_process";

/** The tplist script: Debian's name first, then upstream's. */
export const TPLIST: string | null = ["/usr/sbin/tplist-bpfcc", "/usr/share/bcc/tools/tplist"].find((p) => fs.existsSync(p)) ?? null;

/** The interpreter of the tplist script (its `#!` line), which is the one that has the `bcc` module. */
const INTERPRETER: string | null = ((): string | null => {
  if (TPLIST === null) return null;
  const first = fs.readFileSync(TPLIST, "latin1").split("\n", 1)[0] ?? "";
  const m = /^#!\s*(\S+)(?:\s+(\S+))?/.exec(first);
  if (!m) return null;
  // `#!/usr/bin/env python3`: the named program, as env finds it.
  return m[1]!.endsWith("/env") && m[2] ? m[2] : m[1]!;
})();

/**
 * Runs tplist under `bcc.usdt` with one upstream bug fixed (see
 * {@link runTplist}); argv: the tplist script, then its arguments.
 *
 * Python 3: `USDTProbeArgument` keeps `base_register_name` as `bytes`
 * (ctypes `c_char_p`) and `_format` compares it with the `str` `"ip"`, which
 * is never equal, so every rip-relative operand (`glob(%rip)`,
 * `40+CheckpointStats(%rip)`) prints as `unrecognized argument format,
 * flags 14` although libbcc parsed it (flags 14 = DEREF_OFFSET | DEREF_IDENT
 * | BASE_REGISTER_NAME). The fix wraps the name in a `bytes` that also equals
 * the same text as `str`; nothing else of tplist or libbcc changes.
 */
const FIX_IP_COMPARE = `
import runpy, sys
import bcc.usdt as usdt
class _Name(bytes):
    __hash__ = bytes.__hash__
    def __eq__(self, other):
        return bytes.__eq__(self, other.encode() if isinstance(other, str) else other)
    def __ne__(self, other):
        return not self.__eq__(other)
_init = usdt.USDTProbeArgument.__init__
def _init_fixed(self, argument):
    _init(self, argument)
    if hasattr(self, "base_register_name"):
        self.base_register_name = _Name(self.base_register_name)
usdt.USDTProbeArgument.__init__ = _init_fixed
script = sys.argv[1]
sys.argv = [script] + sys.argv[2:]
runpy.run_path(script, run_name="__main__")
`;

/** Whether tplist runs here (the script exists and its Python has `bcc`). */
export const hasTplist: boolean = ((): boolean => {
  if (TPLIST === null || INTERPRETER === null) return false;
  return spawnSync(INTERPRETER, [TPLIST, "-h"], { stdio: "ignore" }).status === 0;
})();

export interface TplistRun {
  stdout: string;
  stderr: string;
  status: number | null;
}

/**
 * `tplist -vv -l FILE`: as installed (`fixed: false`), or with the Python 3
 * rip-relative printing bug fixed (`fixed: true`, see {@link FIX_IP_COMPARE}).
 */
export function runTplist(file: string, fixed: boolean): TplistRun {
  if (TPLIST === null || INTERPRETER === null) throw new Error("tplist is not installed");
  const argv = fixed ? ["-c", FIX_IP_COMPARE, TPLIST, "-vv", "-l", file] : [TPLIST, "-vv", "-l", file];
  const r = spawnSync(INTERPRETER, argv, { encoding: "latin1", maxBuffer: 1 << 28 });
  return { stdout: r.stdout, stderr: r.stderr, status: r.status };
}

/** Where bcc says an argument is, as printed after `@ `. */
export type BccLocation =
  | { kind: "register"; reg: string }
  | { kind: "constant"; value: bigint }
  | { kind: "memory"; base: string; displacement: bigint; index: string | null; scale: number | null }
  | { kind: "symbol"; symbol: string; offset: bigint }
  | { kind: "unrecognized"; flags: number };

export interface BccArgument {
  /** 1-based, as printed. */
  number: number;
  size: number;
  signed: boolean;
  /** The text after `@ `. */
  text: string;
  location: BccLocation;
}

export interface BccProbeLocation {
  provider: string;
  name: string;
  semaphore: bigint;
  path: string;
  address: bigint;
  args: BccArgument[];
}

/** libbcc's `bcc_usdt_argument.valid` bits (src/python/bcc/libbcc.py `BCC_USDT_ARGUMENT_FLAGS`). */
export const BCC_FLAGS = { CONSTANT: 0x1, DEREF_OFFSET: 0x2, DEREF_IDENT: 0x4, BASE_REGISTER_NAME: 0x8, INDEX_REGISTER_NAME: 0x10, SCALE: 0x20 } as const;

const signed = (sign: string, n: string): bigint => (sign === "-" ? -BigInt(n) : BigInt(n));

/** Parses the text after `@ ` of one argument line. Throws on anything tplist does not print. */
export function parseBccLocation(text: string): BccLocation {
  let m: RegExpExecArray | null;
  if ((m = /^unrecognized argument format, flags (\d+)$/.exec(text))) return { kind: "unrecognized", flags: Number(m[1]) };
  if ((m = /^(-?\d+)$/.exec(text))) return { kind: "constant", value: BigInt(m[1]!) };
  if ((m = /^([a-z][a-z0-9]*)$/.exec(text))) return { kind: "register", reg: m[1]! };
  if ((m = /^\*\(&(\S+) ([+-]) (\d+)\)$/.exec(text))) return { kind: "symbol", symbol: m[1]!, offset: signed(m[2]!, m[3]!) };
  if ((m = /^\*\(([a-z][a-z0-9]*) ([+-]) (\d+)(?: \+ ([a-z][a-z0-9]*)(?: \* (\d+))?)?\)$/.exec(text))) {
    return {
      kind: "memory",
      base: m[1]!,
      displacement: signed(m[2]!, m[3]!),
      index: m[4] ?? null,
      scale: m[5] === undefined ? null : Number(m[5]),
    };
  }
  throw new Error(`tplist argument location not understood: ${JSON.stringify(text)}`);
}

/** Parses tplist's stdout into one record per probe location. Throws on a line it does not expect. */
export function parseTplist(stdout: string): BccProbeLocation[] {
  const out: BccProbeLocation[] = [];
  let probe: { provider: string; name: string; semaphore: bigint } | null = null;
  let loc: BccProbeLocation | null = null;
  for (const line of stdout.split("\n")) {
    if (line === "") continue;
    let m: RegExpExecArray | null;
    if ((m = /^(\S+?):(\S+) \[sema (0x[0-9a-f]+)\]$/.exec(line))) {
      probe = { provider: m[1]!, name: m[2]!, semaphore: BigInt(m[3]!) };
      loc = null;
    } else if ((m = /^ {2}location #(\d+) (.*) (0x[0-9a-f]+)$/.exec(line))) {
      if (probe === null) throw new Error(`location before any probe: ${line}`);
      loc = { ...probe, path: m[2]!, address: BigInt(m[3]!), args: [] };
      out.push(loc);
    } else if ((m = /^ {4}argument #(\d+) (\d+) (signed  |unsigned) bytes @ (.*)$/.exec(line))) {
      if (loc === null) throw new Error(`argument before any location: ${line}`);
      const text = m[4]!;
      loc.args.push({ number: Number(m[1]), size: Number(m[2]), signed: m[3] === "signed  ", text, location: parseBccLocation(text) });
    } else {
      throw new Error(`tplist line not understood: ${JSON.stringify(line)}`);
    }
  }
  return out;
}

/**
 * bcc's parse errors on stderr: for each argument string it rejected, the
 * smallest position it pointed at (the start of the first bad character).
 */
export function parseTplistErrors(stderr: string): Map<string, number> {
  const out = new Map<string, number>();
  const lines = stderr.split("\n");
  for (let i = 0; i < lines.length; i++) {
    if (lines[i] !== "Parse error:") continue;
    const text = lines[i + 1];
    const caret = lines[i + 2];
    const m = caret === undefined ? null : /^(-*)\^$/.exec(caret);
    if (text === undefined || !text.startsWith("    ") || m === null) throw new Error(`bcc parse error not understood at stderr line ${i + 1}`);
    const args = text.slice(4);
    const pos = m[1]!.length - 4;
    out.set(args, Math.min(out.get(args) ?? Infinity, pos));
    i += 2;
  }
  return out;
}

/** Lines of stderr that are neither bcc parse errors nor empty (to assert there are none). */
export function otherStderr(stderr: string): string[] {
  const lines = stderr.split("\n");
  const rest: string[] = [];
  for (let i = 0; i < lines.length; i++) {
    if (lines[i] === "Parse error:") {
      i += 2;
      continue;
    }
    if (lines[i] !== "") rest.push(lines[i]!);
  }
  return rest;
}
