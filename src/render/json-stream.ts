/**
 * The `--json` document, written as it is produced.
 *
 * The output is byte for byte `JSON.stringify(records, null, 2) + "\n"` of the
 * records `json.ts` builds (`fileRecord`, `errorRecord`; a property test
 * compares the two), but nothing per probe is kept: each probe is written into
 * a {@link ByteSink} when it is decoded. Where the time goes in a file of
 * 100,000 probes, and what is done about it:
 *
 * - `args`, most of the document, is built once per distinct argument array
 *   (probes with the same argument text share it, see `createArgumentsParser`)
 *   and copied as bytes after that;
 * - strings that need no escaping are copied as they are, others go through
 *   `JSON.stringify`;
 * - addresses are written as hex digits without making strings.
 *
 * The rest of a record (its header fields, warnings, `--deps`/`--pid` fields)
 * is small and goes through `JSON.stringify`: at nesting depth d, a value
 * prints as `JSON.stringify(value, null, 2)` with every line after the first
 * indented by 2d spaces (string values hold no raw newlines: JSON escapes them).
 */
import { machineName, typeName } from "../elf/constants.js";
import type { FileHeader } from "../elf/header.js";
import type { ProbeArgument } from "../stapsdt/args/types.js";
import type { Probe } from "../stapsdt/probes.js";
import { argumentToJson, diagnosticToJson, errorRecord, type JsonFileRecord } from "./json.js";
import type { ByteSink } from "./sink.js";

/** A probe, with runtime addresses when it comes from a process (`--pid`). */
export type JsonProbeInput = Probe & { readonly runtimeAddress?: bigint | null; readonly runtimeSemaphore?: bigint | null };

// Indentation of records (depth 1), their fields (2), probes (3) and probe fields (4).
const RECORD = "\n  ";
const FIELD = "\n    ";
const PROBE = "\n      ";
const PROBE_FIELD = "\n        ";

/** Writes `[record, ...]` to a sink: `beginFile`, `probe`..., `endFile`; `errorFile`; then `end`. */
export class JsonWriter {
  readonly #out: ByteSink;
  #records = 0;
  #probes = 0;
  // Cached bytes of `"args": [...]` (from the key on) per argument array.
  readonly #args = new Map<readonly ProbeArgument[], Uint8Array>();

  constructor(out: ByteSink) {
    this.#out = out;
  }

  #recordStart(): void {
    this.#out.ascii(this.#records === 0 ? "[" + RECORD + "{" : "," + RECORD + "{");
    this.#records++;
  }

  /** `"key": value` at record-field depth, after a comma unless first. */
  #field(key: string, value: unknown, first = false): void {
    this.#out.text(`${first ? "" : ","}${FIELD}${JSON.stringify(key)}: ${indented(value, FIELD)}`);
  }

  /** Starts the record of a file: its fields up to `"probes": [`. */
  beginFile(path: string, header: FileHeader, buildId: string | null): void {
    this.#recordStart();
    this.#field("path", path, true);
    this.#field("class", header.class === 64 ? "ELF64" : "ELF32");
    this.#field("endian", header.littleEndian ? "little" : "big");
    this.#field("machine", machineName(header.machine));
    this.#field("type", typeName(header.type));
    this.#field("buildId", buildId);
    this.#out.ascii(`,${FIELD}"probes": [`);
    this.#probes = 0;
  }

  /** Writes one probe of the current file (the fields of `probeToJson`, in its order). */
  probe(p: JsonProbeInput): void {
    const o = this.#out;
    o.ascii(this.#probes === 0 ? PROBE + "{" + PROBE_FIELD + '"provider": ' : "," + PROBE + "{" + PROBE_FIELD + '"provider": ');
    this.#probes++;
    this.#string(p.provider);
    o.ascii("," + PROBE_FIELD + '"name": ');
    this.#string(p.name);
    this.#hex("location", p.location);
    this.#hex("base", p.base);
    this.#hex("semaphore", p.semaphore);
    this.#hex("address", p.address);
    this.#hex("offset", p.offset);
    this.#hex("semaphoreAddress", p.semaphoreAddress);
    this.#hex("semaphoreOffset", p.semaphoreOffset);
    o.ascii("," + PROBE_FIELD + '"arguments": ');
    this.#string(p.arguments);
    o.bytes(this.#argsBytes(p.args));
    if (p.runtimeAddress !== undefined) this.#hex("runtimeAddress", p.runtimeAddress);
    if (p.runtimeSemaphore !== undefined && p.runtimeSemaphore !== null) this.#hex("runtimeSemaphore", p.runtimeSemaphore);
    o.ascii(PROBE + "}");
  }

  /** Ends the record of a file: closes `probes`, then `warnings` and the extra fields (`--deps`, `--pid`). */
  endFile(warnings: readonly unknown[], extra: Partial<JsonFileRecord> = {}): void {
    this.#out.ascii(this.#probes === 0 ? "]" : FIELD + "]");
    this.#field("warnings", warnings.map(diagnosticToJson));
    for (const [key, value] of Object.entries(extra)) {
      // JSON.stringify leaves out undefined members; so do we.
      if (value !== undefined) this.#field(key, value);
    }
    this.#out.ascii(RECORD + "}");
  }

  /** The record of a file that could not be read. */
  errorFile(path: string, error: unknown): void {
    this.#recordStart();
    const r = errorRecord(path, error);
    this.#field("path", r.path, true);
    this.#field("error", r.error);
    this.#out.ascii(RECORD + "}");
  }

  /** Ends the document (with its final newline) and flushes the sink. */
  end(): void {
    this.#out.ascii(this.#records === 0 ? "[]\n" : "\n]\n");
    this.#out.flush();
  }

  #string(s: string): void {
    if (!this.#out.plainJsonString(s)) this.#out.text(JSON.stringify(s));
  }

  /** `,\n        "key": "0x…"` or `null`. */
  #hex(key: string, v: bigint | null): void {
    const o = this.#out;
    if (v === null) {
      o.ascii(`,${PROBE_FIELD}"${key}": null`);
      return;
    }
    o.ascii(`,${PROBE_FIELD}"${key}": "0x`);
    o.hexDigits(v);
    o.byte(0x22);
  }

  #argsBytes(args: readonly ProbeArgument[]): Uint8Array {
    let b = this.#args.get(args);
    if (b === undefined) {
      b = new TextEncoder().encode(`,${PROBE_FIELD}"args": ${indented(args.map(argumentToJson), PROBE_FIELD)}`);
      // Bounded like the parser's memo (hostile files: every probe distinct).
      if (this.#args.size >= 4096) this.#args.clear();
      this.#args.set(args, b);
    }
    return b;
  }
}

/** `value` as `JSON.stringify(value, null, 2)` nested where lines start with `newline`. */
function indented(value: unknown, newline: string): string {
  return JSON.stringify(value, null, 2).replaceAll("\n", newline);
}
