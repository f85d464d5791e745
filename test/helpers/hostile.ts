/**
 * The hostile-input oracle: call every accessor of the public API on some bytes
 * and check the one rule of the library: each call gives a result, a result
 * with diagnostics, or an `ElfError`; nothing else (no RangeError, TypeError,
 * stack overflow), and no result that points outside the input.
 *
 * It takes the API as a parameter so the same oracle runs on `src/` (vitest)
 * and on the built `dist/` (`npm run fuzz`). Vitest-free and Node-free.
 */
import type * as Api from "../../src/index.js";
import type * as ElfApi from "../../src/entries/elf.js";
import type * as NotesApi from "../../src/entries/notes.js";
import type * as LoaderApi from "../../src/entries/loader.js";
import type { walkProbes as WalkProbes } from "../../src/stapsdt/list.js";
import { readIntoSource } from "./sources.js";

/**
 * The public API's entries merged into one object (`{ ...core, ...elf,
 * ...notes, ...loader }`), and `walkProbes`, which is internal (its
 * `chunkSize` is for tests) and so only there when the oracle runs on `src/`.
 */
type AllApi = typeof Api & typeof ElfApi & typeof NotesApi & typeof LoaderApi & { readonly walkProbes: typeof WalkProbes };

export type LibApi = Pick<
  AllApi,
  "openElf" | "ElfError" | "listProbes" | "fileRecord" | "renderTable" | "bytesSource"
> & Partial<Pick<AllApi,
  "walkProbes" | "decodeNoteBlocks" | "readelfNotes" | "readDynamic" | "readInterpreter" | "parseLdCache" | "symbolTable" | "symbolResolver" | "renderUprobes"
>>;

/**
 * The listing again with the notes read in small chunks through one buffer
 * (`walkProbes` `stream`, over a source that offers `readInto` as a file
 * does): the same probes and warnings, or a Crash.
 */
function chunkedListing(api: LibApi, walkProbes: typeof WalkProbes, file: Api.ElfFile, list: Api.ProbeList): void {
  const chunked = readIntoSource(file.source);
  const probes: Api.Probe[] = [];
  let warnings: Api.ElfError[];
  try {
    warnings = walkProbes(api.openElf(chunked), { stream: true, chunkSize: 64 }).forEach((p) => probes.push(p));
  } catch (e) {
    throw new Crash("listProbes (chunks)", e);
  }
  const text = (x: unknown): string => JSON.stringify(x, (_k, v: unknown) => (typeof v === "bigint" ? `${v}n` : v));
  const diag = (w: Api.ElfError): unknown => [w.code, w.message, w.offset];
  if (text(probes) !== text(list.probes)) throw new Crash("listProbes (chunks)", "other probes than the whole notes give");
  if (text(warnings.map(diag)) !== text(list.warnings.map(diag))) {
    throw new Crash("listProbes (chunks)", `other warnings: ${text(warnings.map(diag))} vs ${text(list.warnings.map(diag))}`);
  }
}

/** A call that broke the rule. `cause` is what it threw, or a description of the bad result. */
export class Crash extends Error {
  override readonly name = "Crash";
  constructor(readonly step: string, override readonly cause: unknown) {
    super(`${step}: ${cause instanceof Error ? `${cause.name}: ${cause.message}` : String(cause)}`);
  }
}

/** What each step gave: a count, or the code of the ElfError it threw. */
export type StepOutcome = number | { error: string };

/** A compact summary of every accessor's outcome (stable, for golden files). */
export interface Outcome {
  open: StepOutcome;
  sections?: StepOutcome;
  sectionWarnings?: string[];
  segments?: StepOutcome;
  containers?: StepOutcome;
  blocks?: { kind: string; notes: number; error: string | null }[];
  sectionData?: { ok: number; errors: string[] };
  segmentData?: { ok: number; errors: string[] };
  probes?: StepOutcome;
  warnings?: string[];
  /** The other byte parsers of the API: "ok" or the ElfError code. */
  others?: Record<string, string>;
}

export interface ExerciseOptions {
  /** Skip `sectionData`/`segmentData` of ranges larger than this (real binaries in the fuzzer). */
  maxDataBytes?: number;
}

/**
 * Runs every accessor on `input`. Returns the outcome summary.
 *
 * @throws {Crash} when a call throws anything but an ElfError, or returns a
 *   view that lies outside the input.
 */
export function exercise(api: LibApi, input: Uint8Array | Api.ByteSource, opts: ExerciseOptions = {}): Outcome {
  const size = input instanceof Uint8Array ? input.length : input.size;
  const step = <T>(name: string, fn: () => T): T | Failed => {
    try {
      return fn();
    } catch (e) {
      if (e instanceof api.ElfError) {
        checkError(name, e);
        return new Failed(e.code);
      }
      throw new Crash(name, e);
    }
  };
  const isErr = (v: unknown): v is Failed => v instanceof Failed;

  const file = step("openElf", () => api.openElf(input));
  if (isErr(file)) return { open: file.json };
  const out: Outcome = { open: 0 };

  const sections = step("sections", () => file.sections);
  out.sections = isErr(sections) ? sections.json : sections.length;
  const warns = step("sectionWarnings", () => file.sectionWarnings);
  if (!isErr(warns) && warns.length > 0) out.sectionWarnings = warns.map((w) => w.code);
  const segments = step("segments", () => file.segments);
  out.segments = isErr(segments) ? segments.json : segments.length;

  const containers = step("noteContainers", () => file.noteContainers());
  out.containers = isErr(containers) ? containers.json : containers.length;
  if (!isErr(containers)) {
    // readNotes on each container directly, then the same through noteBlocks.
    for (const c of containers) {
      const b = step("readNotes", () => file.readNotes(c));
      if (isErr(b)) throw new Crash("readNotes", `threw ${b.error}; it must report problems in the block`);
      checkBlock("readNotes", b, size);
    }
    const blocks = step("noteBlocks", () => [...file.noteBlocks()]);
    if (isErr(blocks)) throw new Crash("noteBlocks", `threw ${blocks.error} after noteContainers succeeded`);
    out.blocks = blocks.map((b) => {
      checkBlock("noteBlocks", b, size);
      return { kind: b.container.kind, notes: b.notes.length, error: b.error?.code ?? null };
    });
    // Work bound: overlapping containers cannot multiply notes beyond what the file can hold.
    const notes = out.blocks.reduce((n, b) => n + b.notes, 0);
    if (notes * 12 > size) throw new Crash("noteBlocks", `${notes} notes from a ${size}-byte input`);
  }

  const max = BigInt(opts.maxDataBytes ?? Number.MAX_SAFE_INTEGER);
  /** Reads each range of at most `max` bytes; no view may be larger than the input. */
  const readAll = <T>(name: string, items: readonly T[], sizeOf: (x: T) => bigint, read: (x: T) => Uint8Array) => {
    const r = { ok: 0, errors: [] as string[] };
    for (const x of items) {
      if (sizeOf(x) > max) continue;
      const d = step(name, () => read(x));
      if (isErr(d)) r.errors.push(d.error);
      else {
        if (d.length > size) throw new Crash(name, `returned ${d.length} bytes from a ${size}-byte input`);
        r.ok++;
      }
    }
    return r;
  };
  if (!isErr(sections)) out.sectionData = readAll("sectionData", sections, (s) => s.size, (s) => file.sectionData(s));
  if (!isErr(segments)) out.segmentData = readAll("segmentData", segments, (p) => p.filesz, (p) => file.segmentData(p));

  const list = step("listProbes", () => api.listProbes(file));
  out.probes = isErr(list) ? list.json : list.probes.length;
  if (!isErr(list)) {
    out.warnings = list.warnings.map((w) => {
      if (!(w instanceof api.ElfError)) throw new Crash("listProbes", `warning is not an ElfError: ${String(w)}`);
      checkError("listProbes warning", w);
      return w.code;
    });
    if (list.probes.length * 12 > size) throw new Crash("listProbes", `${list.probes.length} probes from a ${size}-byte input`);
    for (const p of list.probes) {
      if (p.noteOffset < 0 || p.noteOffset >= size) throw new Crash("listProbes", `noteOffset ${p.noteOffset} outside the input`);
    }
    const rendered = step("render", () => {
      JSON.stringify(api.fileRecord("x", file.header, list));
      return api.renderTable(list.probes).length;
    });
    if (isErr(rendered)) throw new Crash("render", `threw ${rendered.error}`);
    if (api.walkProbes) chunkedListing(api, api.walkProbes, file, list);
  }

  // The other parsers that take a file or bytes: same rule (a result or an ElfError).
  const others: Record<string, string> = {};
  const other = (name: string, fn: () => unknown): void => {
    const r = step(name, fn);
    others[name] = isErr(r) ? r.error : "ok";
  };
  const { decodeNoteBlocks, readelfNotes, readDynamic, readInterpreter, parseLdCache, symbolTable, symbolResolver, renderUprobes } = api;
  if (decodeNoteBlocks) other("decodeNoteBlocks", () => { for (const b of decodeNoteBlocks(file)) void b.notes.length; });
  if (readelfNotes) {
    other("readelfNotes", () => readelfNotes(file));
    other("readelfNotes -W", () => readelfNotes(file, { wide: true }));
  }
  if (readDynamic) other("readDynamic", () => readDynamic(file));
  if (readInterpreter) other("readInterpreter", () => readInterpreter(file));
  if (symbolTable && symbolResolver && renderUprobes) {
    // The symbol table never throws (problems are warnings); the uprobe renderer never throws at all.
    const r = step("symbolTable", () => {
      const t = symbolTable(file);
      for (const w of t.warnings) checkError("symbolTable warning", w);
      return t;
    });
    if (isErr(r)) throw new Crash("symbolTable", `threw ${r.error}`);
    if (!isErr(list)) {
      const u = step("renderUprobes", () => renderUprobes("/x", list.probes, {
        machine: file.header.machine, elfClass: file.header.class, fileType: file.header.type, symbols: symbolResolver(r),
      }));
      if (isErr(u)) throw new Crash("renderUprobes", `threw ${u.error}`);
    }
  }
  if (parseLdCache && input instanceof Uint8Array) {
    other("parseLdCache", () => parseLdCache(input));
    other("parseLdCache BE", () => parseLdCache(input, true));
  }
  if (Object.keys(others).length > 0) out.others = others;
  return out;
}

/** The ElfError code a step threw. */
class Failed {
  constructor(readonly error: string) {}
  get json(): { error: string } {
    return { error: this.error };
  }
}

function checkError(step: string, e: Api.ElfError): void {
  if (typeof e.code !== "string" || !Number.isFinite(e.offset) || e.offset < 0 || typeof e.message !== "string") {
    throw new Crash(step, `malformed ElfError (code ${String(e.code)}, offset ${e.offset})`);
  }
}

function checkBlock(step: string, b: ElfApi.NoteBlock, size: number): void {
  for (const n of b.notes) {
    if (n.descAt + n.descsz > n.data.length || n.offset < 0 || n.descOffset + n.descsz > size) {
      throw new Crash(step, `note at ${n.offset} with descsz ${n.descsz} lies outside its container or the input`);
    }
  }
  if (b.error) checkError(step, b.error);
}

/**
 * `exercise` with a time measurement, for hang detection: returns the outcome
 * and the elapsed milliseconds.
 */
export function timedExercise(api: LibApi, input: Uint8Array | Api.ByteSource, opts: ExerciseOptions = {}): { outcome: Outcome; ms: number } {
  const t0 = performance.now();
  const outcome = exercise(api, input, opts);
  return { outcome, ms: performance.now() - t0 };
}
