/**
 * The `--json` document and the `--format jsonl` lines, written as they are
 * produced.
 *
 * The output is byte for byte `JSON.stringify(records, null, 2) + "\n"` of the
 * records `json.ts` defines (`fileRecord`, `errorRecord`, `probeToJson`), or
 * in JSON Lines `JSON.stringify(record) + "\n"` for each (a property test
 * compares both), but nothing per probe is kept or built: each probe is
 * written into a {@link ByteSink} as it is decoded, its fields in the
 * records' order, with the keys and the indentation as bytes made once per
 * layout. Strings that need no escaping are copied as they are, others go
 * through `JSON.stringify`; addresses are written as hex digits and small
 * integers as decimal digits, without making strings. A register's object
 * (most of an argument's bytes) is made once per register of the
 * architecture's table, whose objects every parsed argument shares.
 *
 * A probe's `args` are parsed here, from its argument string, one at a time
 * as they are written (`ArgumentsParser.forEach`): a probe is taken as a
 * `ProbeSite`, and however many operands its note holds (a crafted one holds
 * a million), nothing per argument outlives its bytes in the sink.
 *
 * The rest of a record (its header fields, warnings, `--deps`/`--pid`
 * fields) is small and goes through `JSON.stringify` (see `Layout.value`).
 */
import { machineName, typeName } from "../elf/constants.js";
import type { FileHeader } from "../elf/header.js";
import { createArgumentsParser, type ArgumentsParser } from "../stapsdt/args/index.js";
import type { ProbeArgument, ProbeRegister } from "../stapsdt/args/types.js";
import type { ProbeSite } from "../stapsdt/probes.js";
import type { ProbeDescription } from "../providers/types.js";
import { diagnosticToJson, errorRecord, type JsonFileRecord } from "./json.js";
import { siteDescription } from "./names.js";
import { LINES, PRETTY, texts, type HexKey, type Layout, type Texts } from "./json-layout.js";
import { latin1Bytes, type ByteSink } from "./sink.js";

/**
 * A probe (its `args` are parsed from `arguments` as it is written), with
 * runtime addresses when it comes from a process (`--pid`).
 */
export type JsonProbeInput = ProbeSite & { readonly runtimeAddress?: bigint | null; readonly runtimeSemaphore?: bigint | null };

// The fixed texts of each layout, made when the first writer of it is: a
// command that prints no JSON does not make them.
const made = new Map<Layout, Texts>();
const NULL = latin1Bytes("null");
const encoder = new TextEncoder();
/** Characters of a long string escaped at a time (see `#string`). */
const STRING_PIECE = 4096;
const TWO_53 = 2 ** 53;

/**
 * Writes records to a sink: `beginFile`, `probe`..., `endFile`; `errorFile`;
 * then `end`. As one `[record, ...]` document (`--json`), or with
 * `lines`, as JSON Lines (`--format jsonl`): each record on a line of its
 * own, the same object compact, flushed to the output when it ends.
 */
export class JsonWriter {
  readonly #out: ByteSink;
  readonly #lines: boolean;
  readonly #layout: Layout;
  readonly #P: Texts["probe"];
  readonly #A: Texts["argument"];
  #records = 0;
  #probes = 0;
  /** The argument parser of the current file (its machine and class). */
  #parser: ArgumentsParser | null = null;
  /** The parsers made so far, by machine and class. */
  readonly #parsers = new Map<number, ArgumentsParser>();
  /** The ends of the arguments of the probe being written (see `#ends`), or `null` when the catalogue does not describe it. */
  #known: readonly Uint8Array[] | null = null;
  /** `#argument` as a visitor, made once. */
  readonly #visitArgument = (a: ProbeArgument, i: number): void => this.#argument(a, i);
  /** Register objects' JSON (see `#newRegister`). */
  readonly #registers = new WeakMap<ProbeRegister, Uint8Array>();
  /** The ends of the arguments of each catalogue description met (see `#ends`). */
  readonly #described = new WeakMap<ProbeDescription, readonly Uint8Array[]>();

  constructor(out: ByteSink, options: { readonly lines?: boolean } = {}) {
    this.#out = out;
    this.#lines = options.lines === true;
    this.#layout = this.#lines ? LINES : PRETTY;
    let t = made.get(this.#layout);
    if (t === undefined) made.set(this.#layout, t = texts(this.#layout));
    this.#P = t.probe;
    this.#A = t.argument;
  }

  #recordStart(): void {
    if (this.#lines) this.#out.byte(0x7b); // {
    else this.#out.ascii(this.#records === 0 ? "[" + this.#layout.record + "{" : "," + this.#layout.record + "{");
    this.#records++;
  }

  /** Ends a record: `}`, and in JSON Lines its newline and a flush, so that a consumer sees it now. */
  #recordEnd(): void {
    if (!this.#lines) {
      this.#out.ascii(this.#layout.record + "}");
      return;
    }
    this.#out.ascii("}\n");
    this.#out.flush();
  }

  /** `"key": value` at record-field depth, after a comma unless first. */
  #field(key: string, value: unknown, first = false): void {
    const l = this.#layout;
    this.#out.text(`${first ? "" : ","}${l.field}${JSON.stringify(key)}${l.colon}${l.value(value)}`);
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
    this.#out.ascii(`,${this.#layout.field}"probes"${this.#layout.colon}[`);
    this.#probes = 0;
    // One parser per machine and class, for every file of that kind: its
    // cache of parsed argument strings then serves the same strings in other
    // files (libstdc++'s probes, linked into a hundred programs).
    const kind = header.machine * 2 + (header.class === 64 ? 1 : 0);
    let parser = this.#parsers.get(kind);
    if (parser === undefined) this.#parsers.set(kind, (parser = createArgumentsParser(header.machine, header.class)));
    this.#parser = parser;
  }

  /** Writes one probe of the current file (the fields of `probeToJson`, in its order). */
  probe(p: JsonProbeInput): void {
    const o = this.#out;
    const P = this.#P;
    o.bytes(this.#probes === 0 ? P.first : P.next);
    this.#probes++;
    this.#string(p.provider);
    o.bytes(P.name);
    this.#string(p.name);
    this.#hex(P.location, p.location);
    this.#hex(P.base, p.base);
    this.#hex(P.semaphore, p.semaphore);
    this.#hex(P.address, p.address);
    this.#hex(P.offset, p.offset);
    this.#hex(P.semaphoreAddress, p.semaphoreAddress);
    this.#hex(P.semaphoreOffset, p.semaphoreOffset);
    o.bytes(P.arguments);
    this.#string(p.arguments);
    // `"args": [` goes out with the first argument (`#argument`).
    const d = siteDescription(p);
    this.#known = d === null ? null : (this.#described.get(d) ?? this.#ends(d));
    const n = this.#parser!.forEach(p.arguments, this.#visitArgument);
    o.bytes(n === 0 ? P.noArgs : P.argsEnd);
    if (p.runtimeAddress !== undefined) this.#hex(P.runtimeAddress, p.runtimeAddress);
    if (p.runtimeSemaphore !== undefined && p.runtimeSemaphore !== null) this.#hex(P.runtimeSemaphore, p.runtimeSemaphore);
    o.bytes(P.end);
  }

  /** Element `i` of `args`: `argumentToJson(a, known)`, its end (`known`'s fields) from `#known`. */
  #argument(a: ProbeArgument, i: number): void {
    const o = this.#out;
    const A = this.#A;
    o.bytes(i === 0 ? A.first : A.next);
    this.#string(a.text);
    if (a.size !== null && a.size <= 16) o.bytes(A.sizes[a.size]!);
    else {
      o.bytes(A.size);
      this.#number(a.size);
    }
    // From `signed` to the operand, then the kind's own fields.
    const variant = (a.signed ? 2 : 0) + (a.float ? 1 : 0);
    switch (a.kind) {
      case "register":
        o.bytes(A.head.register[variant]!);
        this.#string(a.operand);
        o.bytes(A.register);
        this.#register(a.register);
        break;
      case "memory":
        o.bytes(A.head.memory[variant]!);
        this.#string(a.operand);
        o.bytes(A.base);
        this.#register(a.base);
        o.bytes(A.index);
        this.#register(a.index);
        o.bytes(A.scale);
        this.#number(a.scale);
        o.bytes(A.extend);
        this.#stringOrNull(a.extend);
        o.bytes(A.displacement);
        this.#decimalString(a.displacement);
        o.bytes(A.symbol);
        this.#stringOrNull(a.symbol);
        o.bytes(A.reloc);
        this.#stringOrNull(a.reloc);
        o.bytes(A.segment);
        this.#register(a.segment);
        break;
      case "constant":
        o.bytes(A.head.constant[variant]!);
        this.#string(a.operand);
        o.bytes(A.value);
        this.#decimalString(a.value);
        o.bytes(A.symbol);
        this.#stringOrNull(a.symbol);
        break;
      case "unparsed":
        o.bytes(A.head.unparsed[variant]!);
        this.#string(a.operand);
        o.bytes(A.reason);
        this.#string(a.reason);
        break;
    }
    o.bytes(this.#known?.[i] ?? A.end);
  }

  /**
   * The end of each argument that `d` describes, as bytes made once per
   * description: `"name"`, `"type"` and `"string"` (when true) of
   * `argumentToJson`, and the closing brace. The catalogue holds a few
   * hundred descriptions, shared by every probe of their name.
   */
  #ends(d: ProbeDescription): readonly Uint8Array[] {
    const { argField: f, arg, colon: c } = this.#layout;
    const ends = d.args.map((k) => encoder.encode(
      `,${f}"name"${c}${JSON.stringify(k.name)},${f}"type"${c}${JSON.stringify(k.type)}` +
      `${k.string ? `,${f}"string"${c}true` : ""}${arg}}`));
    this.#described.set(d, ends);
    return ends;
  }

  /** A register object (`registerToJson`), or `null`. */
  #register(r: ProbeRegister | null): void {
    const o = this.#out;
    if (r === null) o.bytes(NULL);
    else o.bytes(this.#registers.get(r) ?? this.#newRegister(r));
  }

  /**
   * A register's object as bytes, made once per register: registers are the
   * architecture tables' shared objects (a few hundred at most), so the map
   * stays that small whatever the file.
   */
  #newRegister(r: ProbeRegister): Uint8Array {
    const { regField: f, argField, colon: c } = this.#layout;
    const json = `{${f}"name"${c}${JSON.stringify(r.name)},${f}"canonical"${c}${JSON.stringify(r.canonical)},` +
      `${f}"dwarf"${c}${JSON.stringify(r.dwarf)},${f}"ptRegsOffset"${c}${JSON.stringify(r.ptRegsOffset)},` +
      `${f}"width"${c}${JSON.stringify(r.width)}${argField}}`;
    const bytes = encoder.encode(json);
    this.#registers.set(r, bytes);
    return bytes;
  }

  /** Ends the record of a file: closes `probes`, then `warnings` and the extra fields (`--deps`, `--pid`). */
  endFile(warnings: readonly unknown[], extra: Partial<JsonFileRecord> = {}): void {
    this.#out.ascii(this.#probes === 0 ? "]" : this.#layout.field + "]");
    this.#field("warnings", warnings.map(diagnosticToJson));
    for (const [key, value] of Object.entries(extra)) {
      // JSON.stringify leaves out undefined members; so do we.
      if (value !== undefined) this.#field(key, value);
    }
    this.#recordEnd();
  }

  /** The record of a file that could not be read. */
  errorFile(path: string, error: unknown): void {
    this.#recordStart();
    const r = errorRecord(path, error);
    this.#field("path", r.path, true);
    this.#field("error", r.error);
    this.#recordEnd();
  }

  /** Ends the document (with its final newline; nothing more in JSON Lines) and flushes the sink. */
  end(): void {
    if (!this.#lines) this.#out.ascii(this.#records === 0 ? "[]\n" : "\n]\n");
    this.#out.flush();
  }

  /**
   * A JSON string, as `JSON.stringify(s)` writes it. A long one (a note's
   * argument string can be megabytes) is escaped a piece at a time, never
   * as one more copy of itself; a piece never ends between the two halves
   * of a surrogate pair, which `JSON.stringify` would escape apart.
   */
  #string(s: string): void {
    const o = this.#out;
    if (o.plainJsonString(s)) return;
    if (s.length <= STRING_PIECE) {
      o.text(JSON.stringify(s));
      return;
    }
    o.byte(0x22);
    for (let i = 0; i < s.length;) {
      let end = Math.min(i + STRING_PIECE, s.length);
      const last = s.charCodeAt(end - 1);
      if (end < s.length && last >= 0xd800 && last <= 0xdbff) end--;
      const piece = JSON.stringify(s.slice(i, end));
      o.text(piece.slice(1, -1));
      i = end;
    }
    o.byte(0x22);
  }

  #stringOrNull(s: string | null): void {
    if (s === null) this.#out.bytes(NULL);
    else this.#string(s);
  }

  /** A JSON number as `JSON.stringify` writes it, or `null`. */
  #number(n: number | null): void {
    if (n === null) this.#out.bytes(NULL);
    else if (Number.isSafeInteger(n) && n >= 0) this.#out.decimal(n);
    else this.#out.ascii(JSON.stringify(n));
  }

  /** A bigint as a quoted decimal string (`"-20"`). */
  #decimalString(v: bigint): void {
    const o = this.#out;
    o.byte(0x22);
    // One conversion, exact when its result is below 2^53 in magnitude.
    const n = Number(v);
    if (n >= 0 && n < TWO_53) o.decimal(n);
    else if (n < 0 && n > -TWO_53) {
      o.byte(0x2d); // -
      o.decimal(-n);
    } else o.ascii(v.toString());
    o.byte(0x22);
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
}
