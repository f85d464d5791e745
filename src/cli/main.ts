/**
 * `stapsdt-ls`: list the SystemTap SDT probes of ELF files.
 *
 * `main(argv, io)` is pure apart from file reads: it writes through `io` and
 * returns the exit status (for `-n`, `--deps` and `--pid`, whose code it
 * imports on use, a Promise of it): 0 on success (also when there are no
 * probes), 1 when any input failed (one stderr line each; the other files are
 * still listed), 2 for usage errors.
 */
import { readStdin, withElfFile, type FileProbes } from "../node/files.js";
import { isInputError } from "../node/errors.js";
import { probeFilter, walkProbes, type ProbeFilter } from "../stapsdt/list.js";
import { hex, type ElfError } from "../elf/errors.js";
import { ElfFile } from "../elf/file.js";
import { bytesSource } from "../elf/source.js";
import type { TableProbe } from "../format/table.js";
import { printable } from "../format/printable.js";
import { Output, stdoutWriter, type Format, type Shown } from "./output.js";
import { VERSION } from "../version.js";
import { parseCommandLine } from "../node/argv.js";
import { WriteError } from "../node/stdio.js";
import { completionScript, SHELLS, type Shell } from "./completion.js";
import { describe, PROG } from "./messages.js";
import { scan } from "./scan.js";
import { nearestOption } from "./suggest.js";

/** Where the CLI writes. */
export interface Io {
  stdout(text: string): void;
  stderr(text: string): void;
  /** Optional: stdout as raw bytes (used by `-n`, whose output is the file's bytes). */
  stdoutBytes?(bytes: Uint8Array): void;
  /** Optional: the bytes of standard input, for FILE `-` (default: read file descriptor 0). */
  stdin?(): Uint8Array;
  /** Optional: the width of stderr when it is a terminal (a progress line is shown then), else absent. */
  stderrColumns?: number;
  /** Optional: milliseconds since some fixed time (default `performance.now`), for the progress line. */
  now?(): number;
}


export const USAGE = `Usage: ${PROG} [options] FILE...
       ${PROG} [options] -r PATH...
       ${PROG} [options] --pid PID
       ${PROG} --completion bash|zsh|fish

List the SystemTap SDT (USDT) probes recorded in ELF files' .note.stapsdt.
FILE may be '-': an ELF image read from standard input.

Options:
  -r, --recursive        walk each PATH and list every ELF object with probes
                         under it: regular files only, symbolic links inside
                         not followed, each file once; a summary goes to stderr
      --all              with -r, --deps or --pid: also list the objects
                         without (matching) probes
      --json             the same as --format json
      --format FORMAT    table (default), json (one array), jsonl (one record
                         per line, as each object is done), uprobe (tracefs
                         uprobe_events lines, as perf's probe cache),
                         bpftrace (usdt: attach points), bpftrace-script
                         (a bpftrace program printing every argument by name)
                         or stap (a SystemTap tapset: one alias per probe)
      --deps             also list the shared objects each FILE needs, found
                         as ld.so finds them (DT_RPATH/DT_RUNPATH, $ORIGIN,
                         LD_LIBRARY_PATH, /etc/ld.so.cache, system dirs)
  -p, --pid PID          list the probes of every ELF object mapped in process
                         PID, with their runtime addresses (no FILE)
      --names            in the table, name the arguments of the probes of
                         known providers (python, postgresql, hotspot, ...):
                         filename=8@%r14 (JSON always has the names)
      --provider GLOB    only probes whose provider matches GLOB
      --name GLOB        only probes whose name matches GLOB
                         (a GLOB matches the whole text: * any characters,
                         ? one character, [abc] [a-z] one of a set, [!abc]
                         one not in it)
  -n, --notes            print all notes exactly as GNU 'readelf -n' (binutils 2.40)
  -W, --wide             with -n: do not truncate owner names, like 'readelf -W'
  -q, --quiet            no progress line and no summary on stderr
      --completion SHELL print a completion script for bash, zsh or fish
  -h, --help             show this help
  -V, --version          show the version

Examples:
  ${PROG} /usr/bin/python3.11
  ${PROG} --json /usr/lib/x86_64-linux-gnu/libpython3.11.so.1.0
  ${PROG} -r /usr/bin /usr/lib --format jsonl
  ${PROG} --deps /usr/bin/python3.11
  ${PROG} --pid 1234 --format uprobe
  ${PROG} --provider hotspot --name 'gc__*' /usr/lib/jvm/java-17-openjdk-amd64/lib/server/libjvm.so

Exit status: 0 on success (also when a file has no probes; a needed library
that cannot be found, or a file under a -r PATH that cannot be read, is a
warning), 1 if a named file could not be read, the process cannot be read or
output could not be written, 2 for usage errors.
`;

function usageError(io: Io, message: string): number {
  io.stderr(`${PROG}: ${message}\nTry '${PROG} --help' for more information.\n`);
  return 2;
}

export const FORMATS: readonly Format[] = ["table", "json", "jsonl", "uprobe", "bpftrace", "bpftrace-script", "stap"];

/** The options of the command line (`util.parseArgs` reads them: src/node/argv.ts). */
export const CLI_OPTIONS = {
  recursive: { type: "boolean", short: "r" },
  all: { type: "boolean" },
  json: { type: "boolean" },
  format: { type: "string" },
  deps: { type: "boolean" },
  pid: { type: "string", short: "p" },
  names: { type: "boolean" },
  provider: { type: "string" },
  name: { type: "string" },
  notes: { type: "boolean", short: "n" },
  wide: { type: "boolean", short: "W" },
  quiet: { type: "boolean", short: "q" },
  completion: { type: "string" },
  help: { type: "boolean", short: "h" },
  version: { type: "boolean", short: "V" },
} as const;

/**
 * Runs the CLI. Returns the exit status; with `-n`, `--deps` or `--pid`, a
 * Promise of it: the code of those options is imported when they are used, so
 * the common command (probes of files) loads only what it needs and returns
 * at once.
 */
export function main(argv: readonly string[], io: Io): number | Promise<number> {
  try {
    const status = run(argv, io);
    return typeof status === "number" ? status : status.catch((e: unknown) => writeFailed(io, e));
  } catch (e) {
    return writeFailed(io, e);
  }
}

/**
 * Output that could not be written ends the command with one line and
 * status 1, whatever was being printed; any other error is a fault and goes on.
 */
function writeFailed(io: Io, e: unknown): number {
  if (!(e instanceof WriteError)) throw e;
  try {
    io.stderr(`${PROG}: ${e.message}\n`);
  } catch (again) {
    // stderr is no better: the status says it.
    if (!(again instanceof WriteError)) throw again;
  }
  return 1;
}

function run(argv: readonly string[], io: Io): number | Promise<number> {
  let parsed;
  try {
    parsed = parseCommandLine(argv, CLI_OPTIONS);
  } catch (e) {
    return usageError(io, parseErrorMessage(e));
  }
  const { values, positionals } = parsed;
  if (values.help) {
    io.stdout(USAGE);
    return 0;
  }
  if (values.version) {
    io.stdout(`${PROG} ${VERSION}\n`);
    return 0;
  }
  if (values.completion !== undefined) {
    if (!(SHELLS as readonly string[]).includes(values.completion)) {
      return usageError(io, `unknown shell '${printable(values.completion)}' for --completion (expected ${SHELLS.join(", ")})`);
    }
    const others = Object.keys(values).filter((k) => k !== "completion");
    if (others.length > 0 || positionals.length > 0) return usageError(io, "--completion takes no other option and no FILE");
    io.stdout(completionScript(values.completion as Shell));
    return 0;
  }
  // Options that do not go together are usage errors, never silently ignored.
  const given = (k: keyof typeof CLI_OPTIONS): boolean => values[k] !== undefined;
  const conflict = (a: string, b: string): number => usageError(io, `${a} cannot be combined with ${b}`);
  if (values.notes) {
    for (const k of ["json", "format", "provider", "name", "names", "deps", "pid", "recursive", "all"] as const) {
      if (given(k)) return conflict("--notes", `--${k}`);
    }
  } else if (values.wide) return usageError(io, "--wide only applies to --notes");
  if (values.recursive && given("pid")) return conflict("--recursive", "--pid");
  if (values.recursive && values.deps) return conflict("--recursive", "--deps");
  if (values.all && !values.recursive && !values.deps && !given("pid")) return usageError(io, "--all only applies to --recursive, --deps and --pid");
  let format: Format = values.json ? "json" : "table";
  if (values.format !== undefined) {
    if (!(FORMATS as readonly string[]).includes(values.format)) {
      return usageError(io, `unknown format '${printable(values.format)}' (expected ${FORMATS.join(", ")})`);
    }
    if (values.json && values.format !== "json") return conflict("--json", "--format " + values.format);
    format = values.format as Format;
  }
  if (values.names && format !== "table") return usageError(io, "--names only applies to the table (the other formats name arguments anyway)");
  let pid: number | null = null;
  if (values.pid !== undefined) {
    // A pid_t is an int: anything longer is no process id (and would not be exact as a number).
    if (!/^[1-9][0-9]*$/.test(values.pid) || Number(values.pid) > 0x7fffffff) {
      return usageError(io, `invalid process id '${printable(values.pid)}'`);
    }
    if (positionals.length > 0) return usageError(io, "--pid takes no FILE arguments");
    if (values.deps) return usageError(io, "--pid already lists every mapped library; --deps cannot be combined with it");
    pid = Number(values.pid);
  } else if (positionals.length === 0) return usageError(io, values.recursive ? "no PATH to walk" : "no input files");
  if (values.recursive && positionals.includes("-")) return usageError(io, "--recursive walks paths; '-' (standard input) is not one");
  if (values.notes) {
    const wide = values.wide === true;
    return import("./notes-command.js").then(({ notesCommand }) => notesCommand(positionals, { wide }, io));
  }
  const options: ListOptions = {
    format, files: positionals, filter: { provider: values.provider, name: values.name },
    all: values.all === true, quiet: values.quiet === true, recursive: values.recursive === true, names: values.names === true,
  };
  if (pid !== null) return import("../node/process.js").then((m) => list(options, io, { pid, process: m }));
  if (values.deps) return import("../node/deps.js").then((deps) => list(options, io, { deps }));
  return list(options, io, null);
}

/**
 * The message of a command-line error from `util.parseArgs`, in our words,
 * with the nearest option for a misspelt one (`--jsn`: did you mean `--json`?).
 */
function parseErrorMessage(e: unknown): string {
  const message = (e as Error).message;
  const unknown = /^Unknown option '([^']+)'/.exec(message);
  if (unknown) {
    const option = unknown[1]!;
    const near = option.startsWith("--") ? nearestOption(option.slice(2), Object.keys(CLI_OPTIONS)) : null;
    return `unrecognized option '${printable(option)}'${near === null ? "" : `; did you mean '--${near}'?`}`;
  }
  // `--format` last, or `--pid --all`: the value is missing (or looks like an option).
  const missing = /^Option '([^']+)' argument (missing|is ambiguous)/.exec(message);
  if (missing) return `option '${missing[1]!.replace(/ <value>$/, "").split(", ").pop()}' needs an argument`;
  return printable(message);
}

/** What to list and how, from the command line. */
interface ListOptions {
  readonly format: Format;
  readonly files: readonly string[];
  readonly filter: ProbeFilter;
  /** `--all`: also objects without probes to print (`-r`, `--deps`, `--pid`). */
  readonly all: boolean;
  readonly quiet: boolean;
  /** `-r`: `files` are paths to walk. */
  readonly recursive: boolean;
  /** `--names`: the table names known arguments. */
  readonly names: boolean;
}

/** What `--pid` or `--deps` lists besides the files, with the module that finds it. */
type Objects =
  | { readonly pid: number; readonly process: typeof import("../node/process.js") }
  | { readonly deps: typeof import("../node/deps.js") }
  | null;

/** Lists the probes of the files, or of `objects`, in `format`. Returns the exit status. */
function list({ format, files, filter, all, quiet, recursive, names }: ListOptions, io: Io, objects: Objects): number {
  const keep = probeFilter(filter);
  const filtered = keep !== null;
  /** `forEach` over a list of probes (`--deps`, `--pid`), filtered. */
  const listed = (r: FileProbes & { readonly probes: readonly TableProbe[] }): Shown["forEach"] =>
    (visit, into) => {
      for (const p of r.probes) if (!keep || keep(p)) visit(p);
      // One at a time: a hostile file can have more warnings than a call takes arguments.
      for (const w of r.warnings) into.push(w);
      return { warnings: into, total: r.probes.length };
    };

  let status = 0;
  const several = files.length > 1 || objects !== null || recursive;
  const output = new Output(format, stdoutWriter(io), { several, runtime: objects !== null && "pid" in objects, names });
  // Warnings about the objects printed, written after the output (failures
  // are reported at once, so they come first, as they always have).
  const warnings: [string, unknown][] = [];
  const show = (u: Shown, optional: boolean): void => {
    const r = output.show(u, optional && !all);
    if (r.shown) for (const w of r.warnings) warnings.push([u.path, w]);
  };
  const report = (path: string, e: unknown): void => {
    status = 1;
    io.stderr(`${PROG}: ${printable(path)}: ${describe(e)}\n`);
  };
  // Paths of --deps and --pid objects come from the file or the process: escape them too.
  const warn = (path: string, message: string): void => io.stderr(`${PROG}: ${printable(path)}: warning: ${printable(message)}\n`);

  /**
   * Prints the file at `path` as its probes are decoded, its big note
   * sections read in chunks meanwhile (walkProbes `stream`), so the file
   * stays open until it is printed. What fails is nearly always opening it
   * and reading its headers, before any output; a read that fails later (the
   * file shrank) ends its notes with a warning, and an OS error then (EIO)
   * is reported like a failure to open. Returns the probes printed, or
   * throws an input error when nothing was printed.
   */
  const showFile = (path: string, file: ElfFile, optional: boolean, printing?: () => void): number => {
    // Sites: the formats that show arguments parse them from the argument
    // string as they write them, one at a time.
    const walk = walkProbes(file, { stream: true, args: false });
    // The build ID is read when the object is printed. If a read of the file
    // fails then (EIO in a note section read in chunks, when the pass itself
    // failed and the record ends with its error), the record says null.
    const buildId = (): string | null => {
      try {
        return walk.buildId;
      } catch (e) {
        if (!isInputError(e)) throw e;
        return null;
      }
    };
    // From here, a failure ends the object's own output (Output.show).
    printing?.();
    let total = 0;
    const r = output.show({
      path, header: file.header, buildId, attachPath: path === "-" ? null : path, extra: {}, filtered,
      forEach: (visit, into) => {
        const ws = walk.forEach((p) => {
          total++;
          if (!keep || keep(p)) visit(p);
        }, into as ElfError[]); // the walk appends ElfErrors only
        return { warnings: ws, total };
      },
    }, optional && !all);
    if (r.shown) for (const w of r.warnings) warnings.push([path, w]);
    return r.probes;
  };

  let summary: string | null = null;
  if (recursive) {
    ({ status, summary } = scan(files, { io, quiet, showFile, warn }));
  } else if (objects !== null && "pid" in objects) {
    const { pid, process: { listProcessProbes, ProcessError } } = objects;
    let proc;
    try {
      proc = listProcessProbes(pid);
    } catch (e) {
      io.stderr(`${PROG}: pid ${pid}: ${e instanceof ProcessError ? e.message : describe(e)}\n`);
      return 1;
    }
    for (const e of proc.errors) warn(e.path, describe(e.error));
    for (const o of proc.objects) {
      show({
        path: o.path, header: o.header, buildId: () => o.buildId, attachPath: o.attachPath, filtered, forEach: listed(o),
        // A bias is negative when an object is mapped below its link address;
        // as an address-sized word (two's complement), link address + bias
        // wraps to the runtime address as a tracer computes it.
        extra: { loadBias: o.loadBias === null ? null : hex(BigInt.asUintN(o.header.class, o.loadBias)), readPath: o.readPath },
      }, true);
    }
  } else if (objects !== null) {
    for (const path of files) {
      let deps;
      try {
        deps = objects.deps.listDependencyProbes(path);
      } catch (e) {
        if (!isInputError(e)) throw e;
        report(path, e);
        output.error(path, e);
        continue;
      }
      for (const o of deps.objects) {
        if ("error" in o) {
          report(o.path, o.error);
          output.error(o.path, o.error);
          continue;
        }
        const missing = deps.resolution.missing.filter((m) => m.neededBy === o.path).map((m) => m.name);
        show({
          path: o.path, header: o.header, buildId: () => o.buildId, attachPath: o.path, filtered, forEach: listed(o),
          extra: { neededBy: o.neededBy, foundVia: o.via, ...(missing.length > 0 ? { missing } : {}) },
        }, o.neededBy !== null);
      }
      for (const m of deps.resolution.missing) warn(path, `${m.name} (needed by ${m.neededBy}) not found`);
    }
  } else {
    for (const path of files) {
      let printing = false;
      try {
        const started = (): void => {
          printing = true;
        };
        if (path === "-") showFile(path, ElfFile.open(bytesSource(io.stdin ? io.stdin() : readStdin())), false, started);
        else withElfFile(path, (file) => showFile(path, file, false, started));
      } catch (e) {
        if (!isInputError(e)) throw e;
        report(path, e);
        if (!printing) output.error(path, e);
      }
    }
  }
  output.end();
  for (const [path, w] of warnings) warn(path, describe(w));
  if (summary !== null) io.stderr(summary);
  return status;
}
