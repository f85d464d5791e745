/**
 * The writers against independent versions of their documents: `JsonWriter`
 * against `JSON.stringify(records, null, 2)` of `fileRecord`, `errorRecord`
 * and `probeToJson`, and the `Table` against the obvious table (map, reduce,
 * padEnd, join, written here), on generated probes (strings with quotes, backslashes, control and
 * non-ASCII characters, lone surrogates; 64-bit and larger values; shared
 * and distinct argument arrays; warnings; `--deps`/`--pid` fields).
 */
import fc from "fast-check";
import { describe, expect, it } from "vitest";
import { EM } from "../../src/elf/constants.js";
import { ElfError, hex } from "../../src/elf/errors.js";
import type { FileHeader } from "../../src/elf/header.js";
import { createArgumentsParser, parseArguments } from "../../src/stapsdt/args/index.js";
import type { Probe } from "../../src/stapsdt/probes.js";
import { errorRecord, fileRecord, type JsonFileRecord } from "../../src/format/json.js";
import { JsonWriter, type JsonProbeInput } from "../../src/format/json-writer.js";
import { printable } from "../../src/format/printable.js";
import { ByteSink, SINK_CHUNK } from "../../src/format/sink.js";
import { renderTable, Table, type TableProbe } from "../../src/format/table.js";
import { replay, RUN_SEED } from "../helpers/run-seed.js";

const { parse } = createArgumentsParser(EM.EM_X86_64, 64);

/** Any text, weighted towards what files hold, with the characters JSON must escape. */
const text = fc.oneof(
  fc.stringMatching(/^[a-z_][a-z0-9_]{0,12}$/),
  fc.constantFrom("", " ", "a ", "\t", 'say "hi"', "back\\slash", "\u0000\u001f\u007f", "é", "名前", "\ud800", "\udc00x", "\u2028"),
  fc.string({ unit: "binary", maxLength: 12 }),
  fc.string({ unit: fc.constantFrom("a", " ", "\n", '"', "\\", "\u0001", "é", "\ud83d\ude00", "\ud83d"), maxLength: 12 }),
);
/** Argument strings: real operands (parsed, shared arrays) or anything. */
const argText = fc.oneof(
  fc.array(fc.constantFrom("-4@%eax", "8@%rbp", "-8@-16(%rbp)", "4@$42", "8@g_counter(%rip)", "1@%cl", "8@(%rax,%rbx,8)"), { maxLength: 4 })
    .map((a) => a.join(" ")),
  text,
);
const word = fc.oneof(fc.bigInt({ min: 0n, max: 0xffffn }), fc.bigInt({ min: 0n, max: 2n ** 64n - 1n }), fc.constantFrom(0n, 2n ** 53n, 2n ** 53n - 1n, 2n ** 32n, 2n ** 64n - 1n, 2n ** 70n));
const maybe = fc.option(word, { nil: null });

const probeArb = (pairs: fc.Arbitrary<[string, string]>): fc.Arbitrary<Probe & JsonProbeInput & TableProbe> =>
  fc.record({
    pair: pairs, arguments: argText, location: word, base: word, semaphore: word, address: word,
    offset: maybe, semaphoreAddress: maybe, semaphoreOffset: maybe,
    runtime: fc.option(fc.record({ runtimeAddress: maybe, runtimeSemaphore: fc.option(maybe, { nil: undefined }) }), { nil: undefined }),
  }).map((r) => {
    const p: Probe = {
      provider: r.pair[0], name: r.pair[1], location: r.location, base: r.base, semaphore: r.semaphore, arguments: r.arguments,
      trailing: 0, address: r.address, offset: r.offset, semaphoreAddress: r.semaphoreAddress, semaphoreOffset: r.semaphoreOffset,
      noteOffset: 0, args: parse(r.arguments),
    };
    if (r.runtime === undefined) return p;
    return r.runtime.runtimeSemaphore === undefined
      ? { ...p, runtimeAddress: r.runtime.runtimeAddress }
      : { ...p, runtimeAddress: r.runtime.runtimeAddress, runtimeSemaphore: r.runtime.runtimeSemaphore };
  });

const header = (bits: 32 | 64, le: boolean, machine: number, type: number): FileHeader =>
  ({ class: bits, littleEndian: le, machine, type } as FileHeader);

const warning = fc.oneof(
  fc.record({ offset: fc.nat(), message: text }).map((w) => new ElfError("BAD_PROBE", w.message, w.offset)),
  text.map((m) => Object.assign(new Error(m), { code: "ENOENT" })),
);
const extra: fc.Arbitrary<Partial<JsonFileRecord>> = fc.oneof(
  fc.constant({}),
  fc.record({ neededBy: fc.option(text, { nil: null }), foundVia: text }, { requiredKeys: ["neededBy", "foundVia"] }),
  fc.record({ neededBy: fc.option(text, { nil: null }), foundVia: text, missing: fc.array(text, { minLength: 1, maxLength: 3 }) }),
  fc.record({ loadBias: fc.option(text, { nil: null }), readPath: text }),
);

const fileArb = fc.record({
  kind: fc.constant("file" as const),
  path: text,
  header: fc.tuple(fc.constantFrom(32 as const, 64 as const), fc.boolean(), fc.constantFrom(3, 62, 183, 9999), fc.constantFrom(1, 2, 3, 4, 0xfe00))
    .map(([b, le, m, t]) => header(b, le, m, t)),
  buildId: fc.option(fc.stringMatching(/^[0-9a-f]{0,40}$/), { nil: null }),
  // Known probes too (see src/providers/): their args get names and types when the count agrees.
  probes: fc.array(probeArb(fc.oneof(fc.tuple(text, text), fc.constantFrom<[string, string]>(
    ["python", "function__entry"], ["python", "gc__start"], ["libstdcxx", "throw"], ["hotspot", "class__loaded"], ["hotspot", "gc__end"],
  ))), { maxLength: 6 }),
  warnings: fc.array(warning, { maxLength: 3 }),
  extra,
});
const errorArb = fc.record({ kind: fc.constant("error" as const), path: text, error: warning });
type Item = typeof fileArb extends fc.Arbitrary<infer F> ? F | (typeof errorArb extends fc.Arbitrary<infer E> ? E : never) : never;

/** What the writer gives for `items`, as text (with `lines`, as JSON Lines). */
function streamed(items: readonly Item[], lines = false): string {
  const chunks: Uint8Array[] = [];
  const w = new JsonWriter(new ByteSink((b) => void chunks.push(b.slice())), { lines });
  for (const it of items) {
    if (it.kind === "error") {
      w.errorFile(it.path, it.error);
      continue;
    }
    w.beginFile(it.path, it.header, it.buildId);
    for (const p of it.probes) w.probe(p);
    w.endFile(it.warnings, it.extra);
  }
  w.end();
  return Buffer.concat(chunks).toString("utf8");
}

function expected(items: readonly Item[], lines = false): string {
  const records = items.map((it) => it.kind === "error"
    ? errorRecord(it.path, it.error)
    : {
      ...fileRecord(it.path, it.header, {
        // The writer parses each probe's argument string with the file's machine and class.
        probes: it.probes.map((p) => ({ ...p, args: parseArguments(p.arguments, it.header.machine, it.header.class) })),
        buildId: it.buildId, warnings: it.warnings as ElfError[],
      }),
      ...it.extra,
    });
  return lines ? records.map((r) => JSON.stringify(r) + "\n").join("") : JSON.stringify(records, null, 2) + "\n";
}

describe("JsonWriter", () => {
  it("writes JSON.stringify(records, null, 2) byte for byte", () => {
    fc.assert(fc.property(fc.array(fc.oneof(fileArb, errorArb), { maxLength: 4 }), (items) => {
      expect(streamed(items)).toBe(expected(items));
    }), { numRuns: 300 });
  });

  it("with lines: writes JSON.stringify(record) per line, byte for byte", () => {
    fc.assert(fc.property(fc.array(fc.oneof(fileArb, errorArb), { maxLength: 4 }), (items) => {
      expect(streamed(items, true)).toBe(expected(items, true));
    }), { numRuns: 300 });
  });

  it("stays identical across 1 MiB chunk boundaries", () => {
    const probes = fc.sample(probeArb(fc.tuple(text, text)), { numRuns: 4000, seed: RUN_SEED });
    const item = { kind: "file" as const, path: "big", header: header(64, true, 62, 3), buildId: null, probes, warnings: [], extra: {} };
    const out = streamed([item]);
    expect(out.length).toBeGreaterThan(2 << 20);
    expect(out, replay).toBe(expected([item]));
  });
});

describe("long strings", () => {
  // Longer than the pieces the writers escape and encode at a time (4,096
  // characters; the sink's 1 MiB), with surrogate pairs, lone surrogates and
  // characters JSON escapes placed across every boundary.
  const unit = fc.constantFrom("a", "\ud83d\ude00", "\ud83d", "\ude00", '"', "\n", "é", "名");
  const long = fc.tuple(fc.array(unit, { minLength: 1, maxLength: 8 }), fc.integer({ min: 4090, max: 4100 }), fc.integer({ min: 1, max: 3 }))
    .map(([units, at, times]) => {
      const body = "x".repeat(at) + units.join("");
      return body.repeat(times);
    });
  it("an argument string is written as JSON.stringify writes it", () => {
    fc.assert(fc.property(long, (args) => {
      const p = fc.sample(probeArb(fc.constant(["p", "n"] as [string, string])), { numRuns: 1, seed: 1 })[0]!;
      const item = { kind: "file" as const, path: "f", header: header(64, true, 62, 3), buildId: null, probes: [{ ...p, arguments: args }], warnings: [], extra: {} };
      expect(streamed([item])).toBe(expected([item]));
    }), { numRuns: 100 });
  });
  it("ByteSink.text of a string of megabytes is its UTF-8 encoding", () => {
    const units = ["a", "\ud83d\ude00", "\ud83d", "é", "名", "\udc00"];
    let s = "";
    for (let i = 0; s.length < 3 << 20; i++) s += units[(i * 7) % units.length]!.repeat(1 + (i % 5));
    const chunks: Uint8Array[] = [];
    const sink = new ByteSink((b) => void chunks.push(b.slice()));
    sink.ascii("[");
    sink.text(s);
    sink.flush();
    expect(Buffer.concat(chunks).equals(Buffer.from("[" + s, "utf8"))).toBe(true);
  });
  it("ByteSink.text keeps a surrogate pair whole where the buffer fills", () => {
    for (let k = -4; k <= 4; k++) {
      const s = "a".repeat(SINK_CHUNK - 2 + k) + "\ud83d\ude00" + "b".repeat(SINK_CHUNK);
      const chunks: Uint8Array[] = [];
      const sink = new ByteSink((b) => void chunks.push(b.slice()));
      sink.ascii("[");
      sink.text(s);
      sink.flush();
      expect(Buffer.concat(chunks).equals(Buffer.from("[" + s, "utf8")), `k=${k}`).toBe(true);
    }
  });
});

describe("Table", () => {
  // Few distinct providers and names, so groups repeat and interleave.
  const pair = fc.tuple(fc.constantFrom("p", "prov", "é", "x\u001b"), fc.constantFrom("a", "name_long", "b", "名"));
  const tableOf = (probes: readonly TableProbe[], runtime: boolean): string => {
    const chunks: Uint8Array[] = [];
    const sink = new ByteSink((b) => void chunks.push(b.slice()));
    const table = new Table({ runtime });
    for (const p of probes) table.add(p);
    table.write(sink);
    sink.flush();
    return Buffer.concat(chunks).toString("utf8");
  };
  // The bytes are UTF-8 (a lone surrogate becomes U+FFFD).
  const asWritten = (s: string): string => Buffer.from(s, "utf8").toString("utf8");

  it("prints the obvious table, grouped or interleaved", () => {
    fc.assert(fc.property(fc.array(probeArb(fc.oneof(pair, fc.tuple(text, text))), { maxLength: 12 }), fc.boolean(), (probes, runtime) => {
      expect(tableOf(probes, runtime)).toBe(asWritten(obviousTable(probes, runtime)));
    }), { numRuns: 400 });
  });

  it("renderTable gives the same text as a string", () => {
    fc.assert(fc.property(fc.array(probeArb(fc.oneof(pair, fc.tuple(text, text))), { maxLength: 12 }), fc.boolean(), (probes, runtime) => {
      expect(renderTable(probes, { runtime })).toBe(asWritten(obviousTable(probes, runtime)));
    }), { numRuns: 200 });
  });

  it("groups a site that comes back after many other probes with its first", () => {
    const sample = fc.sample(probeArb(fc.constant<[string, string]>(["p", "x"])), { numRuns: 41, seed: RUN_SEED });
    const probes = sample.map((p, i) => ({ ...p, name: `n${i % 40}` })); // n0 .. n39, then n0 again
    const table = tableOf(probes, false);
    expect(table, replay).toBe(asWritten(obviousTable(probes, false)));
    expect(table.split("\n")[1]).toMatch(/^p +n0 +2 /);
  });

  it("keeps grouping exact for many groups in file order, across buffer flushes", () => {
    const probes = fc.sample(probeArb(fc.tuple(fc.constant("bench"), fc.stringMatching(/^p[0-9]{1,5}$/))), { numRuns: 20000, seed: RUN_SEED });
    const table = tableOf(probes, false);
    expect(table.length, replay).toBeGreaterThan(1 << 20);
    expect(table, replay).toBe(asWritten(obviousTable(probes, false)));
  });
});

/** Groups probes by `provider:name`, in order of first appearance. */
function groupProbes<P extends { readonly provider: string; readonly name: string }>(probes: readonly P[]): P[][] {
  const groups = new Map<string, P[]>();
  for (const p of probes) {
    const key = `${p.provider}\0${p.name}`;
    const g = groups.get(key);
    if (g) g.push(p);
    else groups.set(key, [p]);
  }
  return [...groups.values()];
}

/** The table as its definition reads (`format/table.ts`): the writer must print exactly this. */
function obviousTable(probes: readonly TableProbe[], runtime: boolean): string {
  if (probes.length === 0) return "(no SDT probes)\n";
  const hexOr = (v: bigint | null | undefined): string => (v === null || v === undefined ? "-" : hex(v));
  const headings = runtime
    ? ["PROVIDER", "NAME", "SITES", "ADDRESS", "RUNTIME", "SEMAPHORE", "RUNTIME-SEM", "ARGUMENTS"]
    : ["PROVIDER", "NAME", "SITES", "ADDRESS", "SEMAPHORE", "ARGUMENTS"];
  const rows: string[][] = [];
  for (const group of groupProbes(probes)) {
    group.forEach((p, i) => {
      const head = i === 0 ? [printable(p.provider), printable(p.name), String(group.length)] : ["", "", ""];
      const addr = runtime
        ? [hex(p.address), hexOr(p.runtimeAddress), hexOr(p.semaphoreAddress), hexOr(p.runtimeSemaphore)]
        : [hex(p.address), hexOr(p.semaphoreAddress)];
      rows.push([...head, ...addr, printable(p.arguments)]);
    });
  }
  const widths = headings.map((h, i) => rows.reduce((w, r) => Math.max(w, r[i]!.length), h.length));
  const line = (cells: readonly string[]): string =>
    cells.map((c, i) => (i === cells.length - 1 ? c : c.padEnd(widths[i]!))).join("  ").trimEnd() + "\n";
  let out = line(headings);
  for (const r of rows) out += line(r);
  return out;
}
