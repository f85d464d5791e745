/**
 * `stapsdt-ls`: list the SystemTap SDT probes of ELF files.
 *
 * `main(argv, io)` is pure apart from file reads: it writes through `io` and
 * returns the exit status (for `-n`, `--deps` and `--pid`, whose code it
 * imports on use, a Promise of it): 0 on success (also when there are no
 * probes), 1 when any input failed (one stderr line each; the other files are
 * still listed), 2 for usage errors.
 */
import { withElfFile, type FileProbes } from "../node/files.js";
import { isInputError } from "../node/errors.js";
import { probeFilter, walkProbes } from "../stapsdt/list.js";
import { hex } from "../elf/errors.js";
import type { FileHeader } from "../elf/header.js";
import type { JsonFileRecord } from "../format/json.js";
import type { TableProbe } from "../format/table.js";
import { printable } from "../format/printable.js";
import { Output, stdoutWriter, type Format, type Shown } from "./output.js";
import { VERSION } from "../version.js";
import { parseCommandLine } from "../node/argv.js";
import { WriteError } from "../node/stdio.js";

/** Where the CLI writes. */
export interface Io {
  stdout(text: string): void;
  stderr(text: string): void;
  /** Optional: stdout as raw bytes (used by `-n`, whose output is the file's bytes). */
  stdoutBytes?(bytes: Uint8Array): void;
}

const PROG = "stapsdt-ls";

export const USAGE = `Usage: ${PROG} [options] FILE...
       ${PROG} [options] --pid PID

List the SystemTap SDT (USDT) probes recorded in ELF files' .note.stapsdt.

Options:
      --json             one JSON document: an array with one record per file
      --format FORMAT    table (default), json, uprobe (tracefs uprobe_events
                         lines, as perf's probe cache) or bpftrace (usdt:
                         attach points)
      --deps             also list the shared objects each FILE needs, found
                         as ld.so finds them (DT_RPATH/DT_RUNPATH, $ORIGIN,
                         LD_LIBRARY_PATH, /etc/ld.so.cache, system dirs)
  -p, --pid PID          list the probes of every ELF object mapped in process
                         PID, with their runtime addresses (no FILE)
      --provider GLOB    only probes whose provider matches GLOB (*, ?, [...])
      --name GLOB        only probes whose name matches GLOB (*, ?, [...])
  -n, --notes            print all notes exactly as GNU 'readelf -n' (binutils 2.40)
  -W, --wide             with -n: do not truncate owner names, like 'readelf -W'
  -h, --help             show this help
  -V, --version          show the version

Examples:
  ${PROG} /usr/bin/python3.11
  ${PROG} --json /usr/lib/x86_64-linux-gnu/libpython3.11.so.1.0
  ${PROG} --deps /usr/bin/python3.11
  ${PROG} --pid 1234 --format uprobe
  ${PROG} --provider hotspot --name 'gc__*' /usr/lib/jvm/java-17-openjdk-amd64/lib/server/libjvm.so

Exit status: 0 on success (also when a file has no probes; a needed library
that cannot be found is a warning), 1 if any file could not be read or the
process cannot be read, 2 for usage errors.
`;

function usageError(io: Io, message: string): number {
  io.stderr(`${PROG}: ${message}\nTry '${PROG} --help' for more information.\n`);
  return 2;
}

/**
 * One-line description of an error for stderr. Messages quote strings from
 * the file (probe names, library names), so control characters are escaped.
 */
function describe(e: unknown): string {
  if (e instanceof Error) {
    const code = (e as { code?: unknown }).code;
    // Node's messages already start with the code ("ENOENT: no such file ...").
    return printable(typeof code === "string" && !e.message.startsWith(code) && e.name === "ElfError"
      ? `${e.message} [${code}]`
      : e.message);
  }
  return printable(String(e));
}

/** One object to print: a file, a library of `--deps`, or an object of `--pid`. */
interface Unit {
  readonly path: string;
  readonly header: FileHeader;
  readonly result: FileProbes & { readonly probes: readonly TableProbe[] };
  /** Path for uprobe definitions (`--pid`: one the tracer can open). */
  readonly attachPath: string;
  /** Extra JSON fields (`neededBy`, `loadBias`, ...). */
  readonly extra: Partial<JsonFileRecord>;
}

const FORMATS: readonly Format[] = ["table", "json", "uprobe", "bpftrace"];

/** The options of the command line (`util.parseArgs` reads them: src/node/argv.ts). */
export const CLI_OPTIONS = {
  json: { type: "boolean" },
  format: { type: "string" },
  deps: { type: "boolean" },
  pid: { type: "string", short: "p" },
  provider: { type: "string" },
  name: { type: "string" },
  help: { type: "boolean", short: "h" },
  version: { type: "boolean", short: "V" },
  notes: { type: "boolean", short: "n" },
  wide: { type: "boolean", short: "W" },
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
    return usageError(io, (e as Error).message);
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
  let format: Format = values.json ? "json" : "table";
  if (values.format !== undefined) {
    if (!(FORMATS as readonly string[]).includes(values.format)) {
      return usageError(io, `unknown format '${values.format}' (expected ${FORMATS.join(", ")})`);
    }
    if (values.json && values.format !== "json") return usageError(io, "--json conflicts with --format " + values.format);
    format = values.format as Format;
  }
  let pid: number | null = null;
  if (values.pid !== undefined) {
    // A pid_t is an int: anything longer is no process id (and would not be exact as a number).
    if (!/^[1-9][0-9]*$/.test(values.pid) || Number(values.pid) > 0x7fffffff) {
      return usageError(io, `invalid process id '${printable(values.pid)}'`);
    }
    if (positionals.length > 0) return usageError(io, "--pid takes no FILE arguments");
    if (values.deps) return usageError(io, "--pid already lists every mapped library; --deps cannot be combined with it");
    pid = Number(values.pid);
  } else if (positionals.length === 0) return usageError(io, "no input files");
  if (values.notes) {
    if (pid !== null) return usageError(io, "--notes reads FILE arguments, not --pid");
    const wide = values.wide === true;
    return import("./notes-command.js").then(({ notesCommand }) => notesCommand(positionals, { wide }, io));
  }
  const options: ListOptions = { format, files: positionals, provider: values.provider, name: values.name };
  if (pid !== null) return import("../node/process.js").then((m) => list(options, io, { pid, process: m }));
  if (values.deps) return import("../node/deps.js").then((deps) => list(options, io, { deps }));
  return list(options, io, null);
}

/** What to list and how, from the command line. */
interface ListOptions {
  readonly format: Format;
  readonly files: readonly string[];
  readonly provider: string | undefined;
  readonly name: string | undefined;
}

/** What `--pid` or `--deps` lists besides the files, with the module that finds it. */
type Objects =
  | { readonly pid: number; readonly process: typeof import("../node/process.js") }
  | { readonly deps: typeof import("../node/deps.js") }
  | null;

/** Lists the probes of the files, or of `objects`, in `format`. Returns the exit status. */
function list({ format, files, provider, name }: ListOptions, io: Io, objects: Objects): number {
  const keep = probeFilter({ provider, name });
  /** `forEach` over a list of probes (`--deps`, `--pid`), filtered. */
  const listed = (r: FileProbes & { readonly probes: readonly TableProbe[] }) =>
    (visit: (p: TableProbe) => void): readonly unknown[] => {
      for (const p of r.probes) if (!keep || keep(p)) visit(p);
      return r.warnings;
    };

  let status = 0;
  const several = files.length > 1 || objects !== null;
  const output = new Output(format, stdoutWriter(io), { several, runtime: objects !== null && "pid" in objects });
  // Warnings about the objects printed, written after the output (failures
  // are reported at once, so they come first, as they always have).
  const warnings: [string, unknown][] = [];
  const show = (u: Shown): void => {
    for (const w of output.show(u)) warnings.push([u.path, w]);
  };
  const report = (path: string, e: unknown): void => {
    status = 1;
    io.stderr(`${PROG}: ${printable(path)}: ${describe(e)}
`);
  };
  // Paths of --deps and --pid objects come from the file or the process: escape them too.
  const warn = (path: string, message: string): void => io.stderr(`${PROG}: ${printable(path)}: warning: ${printable(message)}\n`);

  // --deps and --pid: objects and failures, listed first, then printed in order.
  const units: (Unit | { readonly path: string; readonly error: unknown })[] = [];
  if (objects !== null && "pid" in objects) {
    const { pid, process: { listProcessProbes, ProcessError } } = objects;
    let proc;
    try {
      proc = listProcessProbes(pid);
    } catch (e) {
      io.stderr(`${PROG}: pid ${pid}: ${e instanceof ProcessError ? e.message : describe(e)}\n`);
      return 1;
    }
    for (const o of proc.objects) {
      units.push({
        path: o.path, header: o.header, result: o, attachPath: o.attachPath,
        extra: { loadBias: o.loadBias === null ? null : hex(o.loadBias), readPath: o.readPath },
      });
    }
    for (const e of proc.errors) warn(e.path, describe(e.error));
  } else {
    for (const path of files) {
      if (objects !== null) {
        let deps;
        try {
          deps = objects.deps.listDependencyProbes(path);
        } catch (e) {
          if (!isInputError(e)) throw e;
          report(path, e);
          units.push({ path, error: e });
          continue;
        }
        for (const o of deps.objects) {
          if ("error" in o) {
            report(o.path, o.error);
            units.push(o);
            continue;
          }
          const missing = deps.resolution.missing.filter((m) => m.neededBy === o.path).map((m) => m.name);
          units.push({
            path: o.path, header: o.header, result: o, attachPath: o.path,
            extra: { neededBy: o.neededBy, foundVia: o.via, ...(missing.length > 0 ? { missing } : {}) },
          });
        }
        for (const m of deps.resolution.missing) warn(path, `${m.name} (needed by ${m.neededBy}) not found`);
        continue;
      }
      // A file given: printed as its probes are decoded, its big note
      // sections read in chunks meanwhile (walkProbes `stream`), so the file
      // stays open until it is printed. What fails is nearly always opening
      // it and reading its headers, before any output; a read that fails
      // later (the file shrank) ends its notes with a warning, and an OS error
      // then (EIO) is reported like a failure to open.
      let printing = false;
      try {
        withElfFile(path, (file) => {
          // Sites: the formats that show arguments parse them from the
          // argument string as they write them, one at a time.
          const walk = walkProbes(file, { stream: true, args: false });
          printing = true;
          show({
            path, header: file.header, buildId: walk.buildId, attachPath: path, extra: {},
            forEach: (visit) => walk.forEach(keep ? (p) => { if (keep(p)) visit(p); } : visit),
          });
        });
      } catch (e) {
        if (!isInputError(e)) throw e;
        report(path, e);
        if (!printing) output.error(path, e);
      }
    }
  }
  for (const u of units) {
    if ("error" in u) output.error(u.path, u.error);
    else show({ ...u, buildId: u.result.buildId, forEach: listed(u.result) });
  }
  output.end();
  for (const [path, w] of warnings) warn(path, describe(w));
  return status;
}
