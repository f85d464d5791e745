/**
 * What `stapsdt-ls` prints on stdout, one object (file, library, mapped
 * object) at a time, in any of the four formats.
 *
 * Output goes through one {@link ByteSink}: a file of 100,000 probes is
 * written as it is decoded, a MiB at a time, without a list of its probes
 * (`--json`, table) or of its lines.
 */
import type { FileHeader } from "./elf/header.js";
import type { ProbeVisitor } from "./stapsdt/list.js";
import type { ProbeCursor } from "./stapsdt/cursor.js";
import type { JsonFileRecord } from "./render/json.js";
import { JsonWriter } from "./render/json-stream.js";
import { ByteSink } from "./render/sink.js";
import { renderTable, type TableProbe, type TableRow } from "./render/table.js";
import { writeTable } from "./render/table-stream.js";
import { renderUprobes } from "./render/uprobe.js";
import { renderBpftrace } from "./render/bpftrace.js";
import { printable } from "./render/printable.js";
import { fileSymbolResolver } from "./node/symbols.js";

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
  /**
   * For a file given on the command line: the same probes as `forEach`, the
   * easy ones as a reused cursor (`ProbeWalk.visit`), which the JSON and
   * table writers print without making a `Probe`.
   */
  readonly visit?: (visitor: ProbeVisitor) => readonly unknown[];
  /** Few probes: the table is printed by `renderTable` (see `SMALL_NOTE_BYTES`). */
  readonly small: boolean;
  /** About how many probes there are (room for the table's rows is made at once). */
  readonly expectedProbes?: number;
}

/** The table row of a probe of the easy case (addresses below 2^53, as the cursor guarantees). */
function tableRow(c: ProbeCursor): TableRow {
  return {
    provider: c.provider,
    name: c.name,
    address: BigInt(c.address),
    semaphoreAddress: c.semaphoreAddress < 0 ? null : BigInt(c.semaphoreAddress),
    arguments: c.arguments,
  };
}

/**
 * Note bytes up to which a file counts as small (~2,700 probes) and its table
 * is printed by `renderTable`. A command runs most of its code only once or a
 * few thousand times, i.e. mostly in the interpreter; there `renderTable`,
 * whose work is mostly the engine's native string code, beats `writeTable`
 * (many small calls per row), which wins once the JIT has compiled it. Both
 * print the same bytes (test/render/streams.property.test.ts). `--json`
 * always streams: `JSON.stringify` of even 1,000 probes costs ~25 MB of peak
 * memory.
 */
export const SMALL_NOTE_BYTES = 256 * 1024;

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
    let warnings: readonly unknown[] = [];
    const out = this.#sink;
    if (u.small && this.#format === "table") {
      // Rows of the easy case made from cursors: what the table shows, not
      // a whole Probe (whose arguments would be parsed for nothing: ~2.5 of
      // ~17 ms above Node's start on libjvm.so).
      const probes: TableRow[] = [];
      warnings = u.visit
        ? u.visit({ cursor: (c) => probes.push(tableRow(c)), probe: (p) => probes.push(p) })
        : u.forEach((p) => probes.push(p));
      if (this.#several) out.str(`${this.#shown > 0 ? "\n" : ""}${printable(u.path)}:\n`);
      out.str(renderTable(probes, { runtime: this.#runtime }));
    } else if (this.#json) {
      this.#json.beginFile(u.path, u.header, u.buildId);
      const json = this.#json;
      warnings = u.visit
        ? u.visit(json) // the writer is the visitor: a call less per probe
        : u.forEach((p) => json.probe(p));
      json.endFile(warnings, u.extra);
    } else if (this.#format === "table") {
      if (this.#several) out.str(`${this.#shown > 0 ? "\n" : ""}${printable(u.path)}:\n`);
      writeTable(out, (v) => {
        warnings = u.visit ? u.visit(v) : u.forEach((p) => v.probe(p));
      }, { runtime: this.#runtime, ...(u.expectedProbes === undefined ? {} : { expectedRows: u.expectedProbes }) });
    } else {
      const probes: TableProbe[] = [];
      warnings = u.forEach((p) => probes.push(p));
      out.str(this.#format === "uprobe"
        ? renderUprobes(u.attachPath, probes, {
          machine: u.header.machine, elfClass: u.header.class, flags: u.header.flags, fileType: u.header.type,
          symbols: fileSymbolResolver(u.extra.readPath ?? u.path),
        })
        : renderBpftrace(u.attachPath, probes));
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
