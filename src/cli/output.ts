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
import { printable } from "../format/printable.js";
import { fileSymbolResolver } from "../node/symbols.js";
import { WriteError } from "../node/stdio.js";

export type Format = "table" | "json" | "uprobe" | "bpftrace";

/** One object to print. */
export interface Shown {
  readonly path: string;
  readonly header: FileHeader;
  readonly buildId: string | null;
  /** Path for uprobe definitions (`--pid`: one the tracer can open). */
  readonly attachPath: string;
  /** Extra JSON fields (`neededBy`, `loadBias`, ...). */
  readonly extra: Partial<JsonFileRecord>;
  /** Calls `visit` with each probe to print, in file order, and returns the warnings. */
  readonly forEach: (visit: (p: TableProbe) => void) => readonly unknown[];
}

/** Where stdout bytes go: `io.stdoutBytes`, or `io.stdout` decoded (a chunk may end inside a character). */
export function stdoutWriter(io: { stdout(text: string): void; stdoutBytes?(bytes: Uint8Array): void }): (b: Uint8Array) => void {
  if (io.stdoutBytes) return (b) => io.stdoutBytes!(b);
  const decoder = new TextDecoder();
  return (b) => io.stdout(decoder.decode(b, { stream: true }));
}

export class Output {
  readonly #format: Format;
  readonly #sink: ByteSink;
  readonly #json: JsonWriter | null;
  /** Table: a `PATH:` line before each object's table. */
  readonly #several: boolean;
  /** Table: runtime address columns (`--pid`). */
  readonly #runtime: boolean;
  #shown = 0;

  constructor(format: Format, write: (bytes: Uint8Array) => void, options: { several: boolean; runtime: boolean }) {
    this.#format = format;
    this.#sink = new ByteSink(write);
    this.#json = format === "json" ? new JsonWriter(this.#sink) : null;
    this.#several = options.several;
    this.#runtime = options.runtime;
  }

  /** Prints one object; returns its warnings. */
  show(u: Shown): readonly unknown[] {
    let warnings: readonly unknown[];
    const out = this.#sink;
    if (this.#json) {
      const json = this.#json;
      json.beginFile(u.path, u.header, u.buildId);
      try {
        warnings = u.forEach((p) => json.probe(p));
      } catch (e) {
        // The record has begun and cannot be taken back: it ends with the
        // probes so far and the error, and the document stays whole.
        if (!(e instanceof WriteError)) json.endFile([], { ...u.extra, error: diagnosticToJson(e) });
        throw e;
      }
      json.endFile(warnings, u.extra);
    } else if (this.#format === "table") {
      const table = new Table({ runtime: this.#runtime });
      warnings = u.forEach((p) => table.add(p));
      if (this.#several) out.str(`${this.#shown > 0 ? "\n" : ""}${printable(u.path)}:\n`);
      table.write(out);
    } else if (this.#format === "uprobe") {
      const uprobes = new UprobeWriter(out, u.attachPath, {
        machine: u.header.machine, elfClass: u.header.class, flags: u.header.flags, fileType: u.header.type,
        symbols: fileSymbolResolver(u.extra.readPath ?? u.path),
      });
      warnings = u.forEach((p) => uprobes.site(p));
    } else {
      const bpftrace = new BpftraceWriter(out, u.attachPath);
      warnings = u.forEach((p) => bpftrace.probe(p));
    }
    this.#shown++;
    return warnings;
  }

  /** A file that could not be read (a record of its own in `--json`; nothing otherwise). */
  error(path: string, e: unknown): void {
    this.#json?.errorFile(path, e);
  }

  /** Ends the output and flushes it. */
  end(): void {
    if (this.#json) this.#json.end();
    else this.#sink.flush();
  }
}
