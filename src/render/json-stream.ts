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
import { latin1Bytes } from "../elf/strings.js";
import type { ProbeArgument } from "../stapsdt/args/types.js";
import { ProbeMaker, type ProbeCursor } from "../stapsdt/cursor.js";
import type { Probe } from "../stapsdt/probes.js";
import { argumentToJson, diagnosticToJson, errorRecord, type JsonErrorRecord, type JsonFileRecord } from "./json.js";
import { JSON_NO_ROOM, JsonCursorWriter, type JsonCursorKeys } from "./json-cursor.js";
import type { ByteSink } from "./sink.js";

/** A probe, with runtime addresses when it comes from a process (`--pid`). */
export type JsonProbeInput = Probe & { readonly runtimeAddress?: bigint | null; readonly runtimeSemaphore?: bigint | null };

// Indentation of records (depth 1), their fields (2), probes (3) and probe fields (4).
const RECORD = "\n  ";
const FIELD = "\n    ";
const PROBE = "\n      ";
const PROBE_FIELD = "\n        ";
/** Where an element of a probe's `args` array starts its lines. */
const ELEMENT = `${PROBE_FIELD}  `;

const encoder = new TextEncoder();
const CACHE_LIMIT = 4096;

/** The bytes before a hex value of a probe field, and the whole field when it is null. */
interface HexKey {
  readonly hex: Uint8Array;
  readonly nul: Uint8Array;
}
const hexKey = (key: string): HexKey =>
  ({ hex: latin1Bytes(`,${PROBE_FIELD}"${key}": "0x`), nul: latin1Bytes(`,${PROBE_FIELD}"${key}": null`) });

/** The fixed parts of a probe, as bytes (written per probe: 100,000 times in big files). */
const P = {
  first: latin1Bytes(`${PROBE}{${PROBE_FIELD}"provider": `),
  next: latin1Bytes(`,${PROBE}{${PROBE_FIELD}"provider": `),
  name: latin1Bytes(`,${PROBE_FIELD}"name": `),
  location: hexKey("location"),
  base: hexKey("base"),
  semaphore: hexKey("semaphore"),
  address: hexKey("address"),
  offset: hexKey("offset"),
  semaphoreAddress: hexKey("semaphoreAddress"),
  semaphoreOffset: hexKey("semaphoreOffset"),
  runtimeAddress: hexKey("runtimeAddress"),
  runtimeSemaphore: hexKey("runtimeSemaphore"),
  end: latin1Bytes(`${PROBE}}`),
};

/** The address fields of a record, for `JsonCursorWriter`. */
const CURSOR_KEYS: JsonCursorKeys = {
  fields: [P.location, P.base, P.semaphore, P.address, P.offset, P.semaphoreAddress, P.semaphoreOffset].map((k) => [k.hex, k.nul] as const),
};

/** Writes `[record, ...]` to a sink: `beginFile`, `probe`..., `endFile`; `errorFile`; then `end`. */
export class JsonWriter {
  readonly #out: ByteSink;
  #records = 0;
  #probes = 0;
  readonly #args = new Map<readonly ProbeArgument[], { text: string; bytes: Uint8Array }>();
  /** Each argument's element of an `"args"` array (see `#argElement`). */
  readonly #argElements = new Map<ProbeArgument, string>();
  readonly #strings = new Map<string, Uint8Array>();
  /** The `arguments` + `args` bytes and the record's end, by argument text (interned strings: a cheap key). */
  readonly #argsByText = new Map<string, Uint8Array>();
  readonly #cursorRecords = new JsonCursorWriter(CURSOR_KEYS);
  readonly #maker = new ProbeMaker();
  readonly #between = new Map<string, Uint8Array>();

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
    // Argument bytes by text are a file's: the same text is other operands
    // on another machine or class (`-4@%eax` on i386 and on x86-64).
    this.#argsByText.clear();
  }

  /** Writes one probe of the current file (the fields of `probeToJson`, in its order). */
  probe(p: JsonProbeInput): void {
    const o = this.#out;
    o.bytes(this.#probes === 0 ? P.first : P.next);
    this.#probes++;
    o.bytes(this.#cachedString(p.provider));
    o.bytes(P.name);
    this.#string(p.name);
    this.#hex(P.location, p.location);
    this.#hex(P.base, p.base);
    this.#hex(P.semaphore, p.semaphore);
    this.#hex(P.address, p.address);
    this.#hex(P.offset, p.offset);
    this.#hex(P.semaphoreAddress, p.semaphoreAddress);
    this.#hex(P.semaphoreOffset, p.semaphoreOffset);
    o.bytes(this.#argumentsBytes(p.arguments, p.args));
    if (p.runtimeAddress !== undefined) this.#hex(P.runtimeAddress, p.runtimeAddress);
    if (p.runtimeSemaphore !== undefined && p.runtimeSemaphore !== null) this.#hex(P.runtimeSemaphore, p.runtimeSemaphore);
    o.bytes(P.end);
  }

  /**
   * Writes one probe of the easy case (see `stapsdt/cursor.ts`): the same
   * bytes as `probe` of the probe it describes, from numbers and the note's
   * bytes.
   */
  cursor(c: ProbeCursor): void {
    const o = this.#out;
    // Every 128 records up to 1,024, so that one of these lands after V8 has
    // feedback for the writer and before it optimizes it (see forgetLayouts).
    if ((this.#probes & 127) === 0 && this.#probes <= 1024) this.#cursorRecords.forgetLayouts();
    if (this.#probes > 0) {
      const before = this.#nextProbe(c.provider);
      const argsEnd = this.#argumentsOf(c);
      let end = this.#cursorRecords.write(o.buffer, o.position, c, before, argsEnd);
      if (end === JSON_NO_ROOM && !o.isEmpty) {
        o.flush();
        end = this.#cursorRecords.write(o.buffer, o.position, c, before, argsEnd);
      }
      if (end >= 0) {
        o.commit(end);
        this.#probes++;
        return;
      }
    }
    this.#cursorAsProbe(c);
  }

  /**
   * The rest (a file's first record, a name to escape, a record larger than
   * the buffer) is rare: written from the probe the cursor describes.
   */
  #cursorAsProbe(c: ProbeCursor): void {
    this.probe(this.#maker.make(c));
  }

  /** The `arguments` + `args` bytes of a cursor's probe, and the end of its record. */
  #argumentsOf(c: ProbeCursor): Uint8Array {
    // The miss is a call of its own (here and in #nextProbe): the hit, run
    // per probe, then compiles small and soon (see json-cursor.ts).
    return this.#argsByText.get(c.arguments) ?? this.#newArguments(c);
  }

  #newArguments(c: ProbeCursor): Uint8Array {
    const bytes = this.#argumentsBytes(c.arguments, c.args);
    const args = new Uint8Array(bytes.length + P.end.length);
    args.set(bytes);
    args.set(P.end, bytes.length);
    if (this.#argsByText.size >= CACHE_LIMIT) this.#argsByText.clear();
    this.#argsByText.set(c.arguments, args);
    return args;
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

  /** A whole record, already built (`fileRecord`, `errorRecord`). */
  record(r: JsonFileRecord | JsonErrorRecord): void {
    this.#out.text(`${this.#records === 0 ? "[" : ","}${RECORD}${indented(r, RECORD)}`);
    this.#records++;
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

  /** `,\n        "key": "0x…"` or `…: null`. */
  #hex(key: HexKey, v: bigint | null): void {
    const o = this.#out;
    if (v === null) {
      o.bytes(key.nul);
      return;
    }
    o.bytes(key.hex);
    o.hexDigits(v);
    o.byte(0x22);
  }

  /**
   * `,\n        "arguments": "…",\n        "args": […]`, made once per argument
   * array: the parser gives one array per distinct argument text, so the
   * array (checked against the text) identifies both.
   */
  #argumentsBytes(text: string, args: readonly ProbeArgument[]): Uint8Array {
    const seen = this.#args.get(args);
    if (seen !== undefined && seen.text === text) return seen.bytes;
    const bytes = encoder.encode(
      `,${PROBE_FIELD}"arguments": ${JSON.stringify(text)},${PROBE_FIELD}"args": ${this.#argsArray(args)}`);
    // Bounded like the parser's memo (hostile files: every probe distinct).
    if (this.#args.size >= CACHE_LIMIT) this.#args.clear();
    this.#args.set(args, { text, bytes });
    return bytes;
  }

  /**
   * `JSON.stringify(args.map(argumentToJson), null, 2)` as a probe's field
   * (its lines after the first start with PROBE_FIELD), from each
   * argument's element made once: the parser gives one object per distinct
   * operand (libjvm.so: 128 argument strings of ~500 operands, far fewer
   * distinct), and building and stringifying its JSON record is most of
   * what a new argument string costs a small file's `--json`.
   */
  #argsArray(args: readonly ProbeArgument[]): string {
    if (args.length === 0) return "[]";
    let s = "[";
    for (let i = 0; i < args.length; i++) s += (i === 0 ? "" : ",") + this.#argElement(args[i]!);
    return s + PROBE_FIELD + "]";
  }

  /**
   * An argument's record as an element of the array above, indented where
   * it is printed (one level inside the probe's field), newline first.
   * Indenting the element once, not each array it is in, matters: the
   * elements repeat (string values hold no raw newlines to confuse this).
   */
  #argElement(a: ProbeArgument): string {
    let json = this.#argElements.get(a);
    if (json === undefined) {
      json = ELEMENT + indented(argumentToJson(a), ELEMENT);
      if (this.#argElements.size >= CACHE_LIMIT) this.#argElements.clear();
      this.#argElements.set(a, json);
    }
    return json;
  }

  /**
   * `},{ "provider": "…", "name": ` for a provider, made once: the bytes
   * between two probes up to the name, in one copy.
   */
  #nextProbe(provider: string): Uint8Array {
    return this.#between.get(provider) ?? this.#newBetween(provider);
  }

  #newBetween(provider: string): Uint8Array {
    const json = this.#cachedString(provider);
    const b = new Uint8Array(P.next.length + json.length + P.name.length);
    b.set(P.next);
    b.set(json, P.next.length);
    b.set(P.name, P.next.length + json.length);
    if (this.#between.size >= CACHE_LIMIT) this.#between.clear();
    this.#between.set(provider, b);
    return b;
  }

  /** A string that repeats (the provider) as JSON bytes, made once. */
  #cachedString(s: string): Uint8Array {
    let b = this.#strings.get(s);
    if (b === undefined) {
      b = encoder.encode(JSON.stringify(s));
      if (this.#strings.size >= CACHE_LIMIT) this.#strings.clear();
      this.#strings.set(s, b);
    }
    return b;
  }
}

/** `value` as `JSON.stringify(value, null, 2)` nested where lines start with `newline`. */
function indented(value: unknown, newline: string): string {
  return JSON.stringify(value, null, 2).replaceAll("\n", newline);
}
