/**
 * `stapsdt-ls`: list the SystemTap SDT probes of ELF files.
 *
 * `main(argv, io)` is pure apart from file reads: it writes through `io` and
 * returns the exit status: 0 on success (also when there are no probes), 1 when
 * any input failed (one stderr line each; the other files are still listed),
 * 2 for usage errors.
 */
import { writeSync } from "node:fs";
import { parseArgs } from "node:util";
import { listFileProbes, type FileProbes } from "./node.js";
import { errorRecord, fileRecord, type JsonErrorRecord, type JsonFileRecord } from "./render/json.js";
import { renderTable } from "./render/table.js";
import { globMatcher } from "./glob.js";
import { VERSION } from "./version.js";

/** Where the CLI writes. */
export interface Io {
  stdout(text: string): void;
  stderr(text: string): void;
}

const PROG = "stapsdt-ls";

export const USAGE = `Usage: ${PROG} [options] FILE...

List the SystemTap SDT (USDT) probes recorded in ELF files' .note.stapsdt.

Options:
      --json             one JSON document: an array with one record per file
      --provider GLOB    only probes whose provider matches GLOB (* and ?)
      --name GLOB        only probes whose name matches GLOB (* and ?)
  -h, --help             show this help
  -V, --version          show the version

Examples:
  ${PROG} /usr/bin/python3.11
  ${PROG} --json /usr/lib/x86_64-linux-gnu/libpython3.11.so.1.0
  ${PROG} --provider hotspot --name 'gc__*' /usr/lib/jvm/java-17-openjdk-amd64/lib/server/libjvm.so

Exit status: 0 on success (also when a file has no probes), 1 if any file
could not be read, 2 for usage errors.
`;

function usageError(io: Io, message: string): number {
  io.stderr(`${PROG}: ${message}\nTry '${PROG} --help' for more information.\n`);
  return 2;
}

/** One-line description of an error for stderr. */
function describe(e: unknown): string {
  if (e instanceof Error) {
    const code = (e as { code?: unknown }).code;
    // Node's messages already start with the code ("ENOENT: no such file ...").
    return typeof code === "string" && !e.message.startsWith(code) && e.name === "ElfError"
      ? `${e.message} [${code}]`
      : e.message;
  }
  return String(e);
}

/** Runs the CLI. Returns the exit status. */
export function main(argv: readonly string[], io: Io): number {
  let parsed;
  try {
    parsed = parseArgs({
      args: [...argv],
      allowPositionals: true,
      strict: true,
      options: {
        json: { type: "boolean" },
        provider: { type: "string" },
        name: { type: "string" },
        help: { type: "boolean", short: "h" },
        version: { type: "boolean", short: "V" },
      },
    });
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
  if (positionals.length === 0) return usageError(io, "no input files");

  const providerOk = values.provider === undefined ? null : globMatcher(values.provider);
  const nameOk = values.name === undefined ? null : globMatcher(values.name);
  const filter = (r: FileProbes): FileProbes =>
    providerOk || nameOk
      ? { ...r, probes: r.probes.filter((p) => (!providerOk || providerOk(p.provider)) && (!nameOk || nameOk(p.name))) }
      : r;

  let status = 0;
  const records: (JsonFileRecord | JsonErrorRecord)[] = [];
  const out: string[] = [];
  const several = positionals.length > 1;
  for (const path of positionals) {
    let result: FileProbes;
    try {
      result = filter(listFileProbes(path));
    } catch (e) {
      status = 1;
      io.stderr(`${PROG}: ${path}: ${describe(e)}\n`);
      if (values.json) records.push(errorRecord(path, e));
      continue;
    }
    if (values.json) {
      records.push(fileRecord(path, result.header, result));
    } else {
      if (several) out.push(`${out.length > 0 ? "\n" : ""}${path}:\n`);
      out.push(renderTable(result.probes));
    }
    for (const w of result.warnings) io.stderr(`${PROG}: ${path}: warning: ${describe(w)}\n`);
  }
  if (values.json) io.stdout(JSON.stringify(records, null, 2) + "\n");
  else if (out.length > 0) io.stdout(out.join(""));
  return status;
}

/**
 * Writes with `fs.writeSync` on the raw descriptor: `process.stdout` is a
 * stream whose first use loads Node's stream and tty/net modules (several ms
 * of a ~70 ms run on a small file). A descriptor that is non-blocking (a pipe
 * shared with another Node process) may refuse with EAGAIN; the rest then goes
 * through the stream, which waits for the reader. A reader that went away
 * (EPIPE, as in `stapsdt-ls big | head`) ends the output quietly.
 */
export function fdWriter(fd: 1 | 2, stream: () => NodeJS.WriteStream): (text: string) => void {
  let fallback = false;
  let closed = false;
  return (text) => {
    if (closed) return;
    if (!fallback) {
      const bytes = Buffer.from(text, "utf8");
      let done = 0;
      try {
        while (done < bytes.length) done += writeSync(fd, bytes, done, bytes.length - done);
        return;
      } catch (e) {
        const code = (e as { code?: unknown }).code;
        if (code === "EPIPE") {
          closed = true;
          return;
        }
        if (code !== "EAGAIN") throw e;
        fallback = true;
        stream().write(bytes.subarray(done));
        return;
      }
    }
    stream().write(text);
  };
}
