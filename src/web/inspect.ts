/**
 * What the page shows of a file, computed with the public API only (the
 * core entry, `stapsdt/notes` for the `readelf -n` printer and `stapsdt/elf`
 * for the symbol table the uprobe lines may need), so that the page says
 * exactly what the command says: the same identity fields as `--json`, the
 * same probes, the same `-n` text, the same uprobe and bpftrace lines and
 * the same error messages. No DOM here; `view.ts` draws it.
 */
import {
  fileRecord, isElfError, listProbes, printable, renderBpftrace, renderUprobes, symbolResolver,
  type ElfFile, type JsonFileRecord, type Probe, type ProbeFilter,
} from "../index.js";
import { readelfNotes } from "../entries/notes.js";
import { symbolTable } from "../entries/elf.js";

/** The command's name, which starts its messages. */
export const PROG = "stapsdt-ls";

/** The file's identity and probes: the `--json` record, with the probes themselves for the table. */
export interface ProbesView {
  readonly record: JsonFileRecord;
  readonly probes: readonly Probe[];
}

/**
 * The probes of `file` that `filter` selects, with the file's identity.
 *
 * @throws {ElfError} when the section header table is unusable (as `listProbes`).
 */
export function probesView(file: ElfFile, name: string, filter: ProbeFilter): ProbesView {
  const list = listProbes(file, filter);
  return { record: fileRecord(name, file.header, list), probes: list.probes };
}

/** The `readelf -n` view: stdout text, and the lines the command writes to stderr. */
export interface NotesView {
  readonly text: string;
  readonly diagnostics: readonly string[];
  readonly ok: boolean;
}

/** `stapsdt-ls -n FILE` of one file. Never throws for malformed files (the printer reports every problem). */
export function notesView(file: ElfFile): NotesView {
  const r = readelfNotes(file);
  return {
    text: utf8(r.text),
    diagnostics: r.diagnostics.map((d) => `${PROG}: ${d.kind === "error" ? "Error" : "Warning"}: ${utf8(d.text)}`),
    ok: r.ok,
  };
}

/** The lines a tracer takes: `--format uprobe` and `--format bpftrace` for `path`. */
export interface TracerLines {
  readonly uprobe: string;
  readonly bpftrace: string;
}

/**
 * The uprobe and bpftrace lines of `probes` for the file at `path` on the
 * target machine. The symbol table is read only if an argument names a
 * symbol (as the command does).
 */
export function tracerLines(file: ElfFile, probes: readonly Probe[], path: string): TracerLines {
  const h = file.header;
  const uprobe = renderUprobes(path, probes, {
    machine: h.machine, elfClass: h.class, flags: h.flags, fileType: h.type,
    symbols: lazySymbols(file),
  });
  return { uprobe, bpftrace: renderBpftrace(path, probes) };
}

/** A resolver whose symbol table is read on the first lookup. */
function lazySymbols(file: ElfFile): ReturnType<typeof symbolResolver> {
  let inner: ReturnType<typeof symbolResolver> | undefined;
  return (name) => (inner ??= symbolResolver(symbolTable(file)))(name);
}

/**
 * One line for a file that could not be read, as the command writes it:
 * `stapsdt-ls: NAME: MESSAGE [CODE]` (the code for the library's errors).
 */
export function errorLine(name: string, e: unknown): string {
  if (isElfError(e)) return `${PROG}: ${printable(name)}: ${printable(`${e.message} [${e.code}]`)}`;
  const message = e instanceof Error ? e.message : String(e);
  return `${PROG}: ${printable(name)}: ${printable(message)}`;
}

/**
 * The command's line for a warning about the file (a bad note, a probe
 * without file bytes): `stapsdt-ls: NAME: warning: MESSAGE [CODE]`.
 */
export function warningLine(name: string, w: { readonly code: string; readonly message: string }): string {
  return `${PROG}: ${printable(name)}: warning: ${printable(`${w.message} [${w.code}]`)}`;
}

/**
 * The printer's byte strings (one char per byte) as text: they hold the
 * file's bytes (owner names, probe strings), which the command writes to a
 * terminal that shows them as UTF-8.
 */
function utf8(bytes: string): string {
  const out = new Uint8Array(bytes.length);
  for (let i = 0; i < bytes.length; i++) out[i] = bytes.charCodeAt(i);
  return new TextDecoder().decode(out);
}
