/**
 * What `stapsdt-ls` prints on stdout, one object (file, library, mapped
 * object) at a time, in any of the four formats.
 *
 * Output goes through one {@link ByteSink}: a file of 100,000 probes is
 * written as it is decoded, a MiB at a time, without a list of its probes
 * (`--json`) or of its lines (the table keeps only its cells).
 */
import type { FileHeader } from "../elf/header.js";
import { diagnosticToJson, type JsonFileRecord } from "../format/json.js";
import { JsonWriter } from "../format/json-writer.js";
import { ByteSink } from "../format/sink.js";
import { Table, type TableProbe } from "../format/table.js";
import { UprobeWriter } from "../format/uprobe.js";
import { BpftraceWriter } from "../format/bpftrace.js";
import { BpftraceScriptWriter } from "../format/bpftrace-script.js";
import { StapWriter } from "../format/stap.js";
import { printable } from "../format/printable.js";
import { fileSymbolResolver } from "../node/symbols.js";
import { WriteError } from "../node/stdio.js";

export type Format = "table" | "json" | "jsonl" | "uprobe" | "bpftrace" | "bpftrace-script" | "stap";

/** One object to print. */
export interface Shown {
  readonly path: string;
  readonly header: FileHeader;
  /** Asked only when the object is printed: a walk finds it by reading the notes again. */
  readonly buildId: () => string | null;
  /**
   * Path for uprobe definitions and bpftrace attach points (`--pid`: one
   * the tracer can open), or `null` when there is none (standard input).
   */
  readonly attachPath: string | null;
  /** Extra JSON fields (`neededBy`, `loadBias`, ...). */
  readonly extra: Partial<JsonFileRecord>;
  /** Whether `--provider`/`--name` select the probes (for what an empty table says). */
  readonly filtered: boolean;
  /**
   * Calls `visit` with each probe to print, in file order; returns the
   * warnings (appended to `into` as they are found, so that those found
   * before a failure are not lost) and the number of probes the file has
   * before any filter.
   */
  readonly forEach: (visit: (p: TableProbe) => void, into: unknown[]) => { readonly warnings: readonly unknown[]; readonly total: number };
}

/** What {@link Output.show} did. */
export interface ShowResult {
  /** False when the object was left out (`onlyWithProbes` and no probe to print). */
  readonly shown: boolean;
  /** Probes printed. */
  readonly probes: number;
  readonly warnings: readonly unknown[];
}

/** Where stdout bytes go: `io.stdoutBytes`, or `io.stdout` decoded (a chunk may end inside a character). */
export function stdoutWriter(io: { stdout(text: string): void; stdoutBytes?(bytes: Uint8Array): void }): (b: Uint8Array) => void {
  if (io.stdoutBytes) return (b) => io.stdoutBytes!(b);
  const decoder = new TextDecoder();
  return (b) => io.stdout(decoder.decode(b, { stream: true }));
}

/** How one object's output begins (on its first probe) and ends. */
interface Printer {
  start(): void;
  probe(p: TableProbe): void;
  end(warnings: readonly unknown[], total: number): void;
  /** Ends a begun object when reading it failed (the JSON record gets the warnings so far and the error). */
  fail(e: unknown, warnings: readonly unknown[]): void;
}

export class Output {
  readonly #format: Format;
  readonly #sink: ByteSink;
  readonly #json: JsonWriter | null;
  /** Table: a `PATH:` line before each object's table. */
  readonly #several: boolean;
  /** Table: runtime address columns (`--pid`). */
  readonly #runtime: boolean;
  /** Table: argument names (`--names`). */
  readonly #names: boolean;
  #shown = 0;
  /** stap: the program of `--deps` (the object shown with `neededBy: null`), whose libraries are `.library()` of it. */
  #program: string | null = null;
  /** stap: the aliases defined so far, so that none is defined twice. */
  readonly #aliases = new Set<string>();

  constructor(format: Format, write: (bytes: Uint8Array) => void, options: { several: boolean; runtime: boolean; names?: boolean }) {
    this.#format = format;
    this.#sink = new ByteSink(write);
    this.#json = format === "json" || format === "jsonl" ? new JsonWriter(this.#sink, { lines: format === "jsonl" }) : null;
    this.#several = options.several;
    this.#runtime = options.runtime;
    this.#names = options.names === true;
  }

  /**
   * Prints one object. Its output begins with its first probe, so that with
   * `onlyWithProbes` (`-r`, `--deps`, `--pid` without `--all`) an object
   * with nothing to print leaves no trace.
   */
  show(u: Shown, onlyWithProbes = false): ShowResult {
    // A tapset's aliases into libraries name the program (--deps lists it first), printed or not.
    if (this.#format === "stap" && u.extra.neededBy === null && u.attachPath !== null) this.#program = u.attachPath;
    // Made when the object is printed: a scan passes over most objects.
    let printer: Printer | null = null;
    let probes = 0;
    let result;
    const found: unknown[] = [];
    try {
      result = u.forEach((p) => {
        if (printer === null) {
          printer = this.#printer(u);
          printer.start();
        }
        probes++;
        printer.probe(p);
      }, found);
    } catch (e) {
      // A begun object cannot be taken back: it ends with what was printed
      // and, in JSON, the error, so that the document stays whole. Output
      // that cannot be written ends everything as it is.
      if (!(e instanceof WriteError) && (printer !== null || !onlyWithProbes)) {
        if (printer === null) {
          printer = this.#printer(u);
          printer.start();
        }
        (printer as Printer).fail(e, found);
        this.#shown++;
      }
      throw e;
    }
    if (printer === null) {
      if (onlyWithProbes) return { shown: false, probes: 0, warnings: result.warnings };
      printer = this.#printer(u);
      printer.start();
    }
    (printer as Printer).end(result.warnings, result.total);
    this.#shown++;
    return { shown: true, probes, warnings: result.warnings };
  }

  #printer(u: Shown): Printer {
    const out = this.#sink;
    if (this.#json) {
      const json = this.#json;
      return {
        start: () => json.beginFile(u.path, u.header, u.buildId()),
        probe: (p) => json.probe(p),
        end: (warnings) => json.endFile(warnings, u.extra),
        fail: (e, warnings) => json.endFile(warnings, { ...u.extra, error: diagnosticToJson(e) }),
      };
    }
    if (this.#format === "table") {
      const table = new Table({ runtime: this.#runtime, names: this.#names });
      return {
        start: () => {},
        probe: (p) => table.add(p),
        end: (_warnings, total) => {
          if (this.#several) out.str(`${this.#shown > 0 ? "\n" : ""}${printable(u.path)}:\n`);
          table.write(out, u.filtered && total > 0 ? "(no probes match)" : "(no SDT probes)");
        },
        fail: () => {},
      };
    }
    const attach = u.attachPath;
    if (attach === null) {
      // Standard input: there is no file for a tracer to attach to.
      let said = false;
      const say = (): void => {
        // A bpftrace program takes `//` comments, not `#`.
        const comment = this.#format === "bpftrace-script" ? "//" : "#";
        if (!said) out.str(`${comment} ${printable(u.path)}: read from standard input: no file for a tracer to attach to\n`);
        said = true;
      };
      return { start: say, probe: () => {}, end: () => {}, fail: () => {} };
    }
    if (this.#format === "uprobe") {
      let uprobes: UprobeWriter | null = null;
      return {
        start: () => {
          uprobes = new UprobeWriter(out, attach, {
            machine: u.header.machine, elfClass: u.header.class, flags: u.header.flags, fileType: u.header.type,
            symbols: fileSymbolResolver(u.extra.readPath ?? u.path),
          });
        },
        probe: (p) => uprobes!.site(p),
        end: () => {},
        fail: () => {},
      };
    }
    if (this.#format === "stap") {
      const neededBy = u.extra.neededBy;
      const program = neededBy === undefined || neededBy === null ? null : this.#program;
      let stap: StapWriter | null = null;
      return {
        start: () => {
          stap = new StapWriter(out, attach, { machine: u.header.machine, elfClass: u.header.class, program, aliases: this.#aliases });
        },
        probe: (p) => stap!.probe(p),
        end: () => {},
        fail: () => {},
      };
    }
    if (this.#format === "bpftrace-script") {
      let script: BpftraceScriptWriter | null = null;
      return {
        start: () => {
          script = new BpftraceScriptWriter(out, attach, { machine: u.header.machine, elfClass: u.header.class });
        },
        probe: (p) => script!.probe(p),
        end: () => {},
        fail: () => {},
      };
    }
    const bpftrace = new BpftraceWriter(out, attach);
    return { start: () => {}, probe: (p) => bpftrace.probe(p), end: () => {}, fail: () => {} };
  }

  /** A file that could not be read (a record of its own in `--json`/`jsonl`; nothing otherwise). */
  error(path: string, e: unknown): void {
    this.#json?.errorFile(path, e);
  }

  /** Ends the output and flushes it. */
  end(): void {
    if (this.#json) this.#json.end();
    else this.#sink.flush();
  }
}
