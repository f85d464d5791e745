/**
 * The streamed outputs are byte for byte the documents they replace:
 * `JsonWriter` against `JSON.stringify(records, null, 2)` of `fileRecord`,
 * `errorRecord` and `probeToJson`, and `writeTable` against `renderTable`,
 * on generated probes (strings with quotes, backslashes, control and
 * non-ASCII characters, lone surrogates; 64-bit and larger values; shared
 * and distinct argument arrays; warnings; `--deps`/`--pid` fields).
 */
import fc from "fast-check";
import { describe, expect, it } from "vitest";
import { EM } from "../../src/elf/constants.js";
import { ElfError, hex } from "../../src/elf/errors.js";
import type { FileHeader } from "../../src/elf/header.js";
import { createArgumentsParser } from "../../src/stapsdt/args/index.js";
import type { Probe } from "../../src/stapsdt/probes.js";
import { errorRecord, fileRecord, type JsonFileRecord } from "../../src/render/json.js";
import { JsonWriter, type JsonProbeInput } from "../../src/render/json-stream.js";
import { printable } from "../../src/render/printable.js";
import { ByteSink } from "../../src/render/sink.js";
import { groupProbes, renderTable, type TableProbe } from "../../src/render/table.js";
import { hasDuplicate, writeTable } from "../../src/render/table-stream.js";
import { Rows } from "../../src/render/table-rows.js";
import { hashString } from "../../src/stapsdt/intern.js";
import { replay, RUN_SEED } from "../helpers/run-seed.js";

const parse = createArgumentsParser(EM.EM_X86_64, 64);

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

const probeArb = (pairs: fc.Arbitrary<[string, string]>): fc.Arbitrary<JsonProbeInput & TableProbe> =>
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
  /** Written with `record` (a built record) rather than probe by probe. */
  whole: fc.boolean(),
  path: text,
  header: fc.tuple(fc.constantFrom(32 as const, 64 as const), fc.boolean(), fc.constantFrom(3, 62, 183, 9999), fc.constantFrom(1, 2, 3, 4, 0xfe00))
    .map(([b, le, m, t]) => header(b, le, m, t)),
  buildId: fc.option(fc.stringMatching(/^[0-9a-f]{0,40}$/), { nil: null }),
  probes: fc.array(probeArb(fc.tuple(text, text)), { maxLength: 6 }),
  warnings: fc.array(warning, { maxLength: 3 }),
  extra,
});
const errorArb = fc.record({ kind: fc.constant("error" as const), path: text, error: warning });
type Item = typeof fileArb extends fc.Arbitrary<infer F> ? F | (typeof errorArb extends fc.Arbitrary<infer E> ? E : never) : never;

/** What the writer gives for `items`, as text. */
function streamed(items: readonly Item[]): string {
  const chunks: Uint8Array[] = [];
  const w = new JsonWriter(new ByteSink((b) => void chunks.push(b.slice())));
  for (const it of items) {
    if (it.kind === "error") {
      w.errorFile(it.path, it.error);
      continue;
    }
    if (it.whole) {
      w.record({ ...fileRecord(it.path, it.header, { probes: it.probes, buildId: it.buildId, warnings: it.warnings as ElfError[] }), ...it.extra });
      continue;
    }
    w.beginFile(it.path, it.header, it.buildId);
    for (const p of it.probes) w.probe(p);
    w.endFile(it.warnings, it.extra);
  }
  w.end();
  return Buffer.concat(chunks).toString("utf8");
}

function expected(items: readonly Item[]): string {
  const records = items.map((it) => it.kind === "error"
    ? errorRecord(it.path, it.error)
    : { ...fileRecord(it.path, it.header, { probes: it.probes, buildId: it.buildId, warnings: it.warnings as ElfError[] }), ...it.extra });
  return JSON.stringify(records, null, 2) + "\n";
}

describe("JsonWriter", () => {
  it("writes JSON.stringify(records, null, 2) byte for byte", () => {
    fc.assert(fc.property(fc.array(fc.oneof(fileArb, errorArb), { maxLength: 4 }), (items) => {
      expect(streamed(items)).toBe(expected(items));
    }), { numRuns: 300 });
  });

  it("stays identical across 1 MiB chunk boundaries", () => {
    const probes = fc.sample(probeArb(fc.tuple(text, text)), { numRuns: 4000, seed: RUN_SEED });
    const item = { kind: "file" as const, whole: false, path: "big", header: header(64, true, 62, 3), buildId: null, probes, warnings: [], extra: {} };
    const out = streamed([item]);
    expect(out.length).toBeGreaterThan(2 << 20);
    expect(out, replay).toBe(expected([item]));
  });
});

describe("writeTable", () => {
  // Few distinct providers and names, so groups repeat and interleave.
  const pair = fc.tuple(fc.constantFrom("p", "prov", "é", "x\u001b"), fc.constantFrom("a", "name_long", "b", "名"));
  const tableOf = (probes: readonly TableProbe[], runtime: boolean, expectedRows?: number): string => {
    const chunks: Uint8Array[] = [];
    const sink = new ByteSink((b) => void chunks.push(b.slice()));
    writeTable(sink, (v) => probes.forEach((p) => v.probe(p)), expectedRows === undefined ? { runtime } : { runtime, expectedRows });
    sink.flush();
    return Buffer.concat(chunks).toString("utf8");
  };
  // The CLI wrote renderTable's string as UTF-8 (a lone surrogate became U+FFFD).
  const asWritten = (s: string): string => Buffer.from(s, "utf8").toString("utf8");

  it("prints renderTable's text, grouped or interleaved", () => {
    fc.assert(fc.property(fc.array(probeArb(fc.oneof(pair, fc.tuple(text, text))), { maxLength: 12 }), fc.boolean(), (probes, runtime) => {
      expect(tableOf(probes, runtime)).toBe(asWritten(renderTable(probes, { runtime })));
    }), { numRuns: 400 });
  });

  it("renderTable gives the text of its obvious version (map, reduce, join)", () => {
    fc.assert(fc.property(fc.array(probeArb(fc.oneof(pair, fc.tuple(text, text))), { maxLength: 12 }), fc.boolean(), (probes, runtime) => {
      expect(renderTable(probes, { runtime })).toBe(obviousTable(probes, runtime));
    }), { numRuns: 400 });
  });

  it("prints renderTable's text when there are more rows than expected (the columns grow)", () => {
    fc.assert(fc.property(fc.array(probeArb(pair), { minLength: 17, maxLength: 80 }), (probes) => {
      expect(tableOf(probes, false, 1)).toBe(asWritten(renderTable(probes)));
    }), { numRuns: 100 });
  });

  it("finds a group's site that comes back after the columns grew (the first run's)", () => {
    const sample = fc.sample(probeArb(fc.constant<[string, string]>(["p", "x"])), { numRuns: 41, seed: RUN_SEED });
    const probes = sample.map((p, i) => ({ ...p, name: `n${i % 40}` })); // n0 .. n39, then n0 again
    const table = tableOf(probes, false, 1);
    expect(table, replay).toBe(asWritten(renderTable(probes)));
    expect(table.split("\n")[1]).toMatch(/^p +n0 +2 /);
  });

  it("prints renderTable's text when two names' hashes collide", () => {
    // hashString("probe_mnqe") === hashString("probe_20w30"): the runs' keys
    // are equal, the names are compared, and only true repeats are grouped.
    expect(hashString("probe_mnqe")).toBe(hashString("probe_20w30"));
    const [base] = fc.sample(probeArb(fc.constant<[string, string]>(["p", "x"])), { numRuns: 1, seed: RUN_SEED });
    const names = ["probe_mnqe", "probe_20w30", "probe_mnqe", "other", "probe_20w30"];
    const probes = names.map((name, i) => ({ ...base!, name, address: 0x1000n + BigInt(i) }));
    const table = tableOf(probes, false);
    expect(table, replay).toBe(asWritten(renderTable(probes)));
    const heads = table.split("\n").filter((l) => l.startsWith("p "));
    expect(heads.map((l) => l.split(/ +/).slice(1, 3).join(" "))).toEqual(["probe_mnqe 2", "probe_20w30 2", "other 1"]);
    // The check for repeated runs compares names behind equal keys.
    const rows = new Rows();
    for (const name of ["probe_mnqe", "probe_20w30", "probe_mnqe"]) rows.add("p", name, "");
    const keys = Int32Array.from([0, 1, 2], (r) => hashString(rows.name(r)));
    expect(hasDuplicate(Int32Array.of(0, 1), keys.subarray(0, 2), rows)).toBe(false);
    expect(hasDuplicate(Int32Array.of(0, 1, 2), keys, rows)).toBe(true);
  });

  it("gives up, for the exact grouping, when every name has one hash", () => {
    // 20,000 distinct names with one key: without a bound, 2 * 10^8
    // comparisons; the check stops after 8 per run and answers "maybe", which
    // sends the rows to the exact grouping (the output is the same).
    const rows = new Rows();
    const n = 20000;
    for (let i = 0; i < n; i++) rows.add("p", `n${i}`, "");
    let compared = 0;
    const sameProbe = rows.sameProbe.bind(rows);
    rows.sameProbe = (a, b) => (compared++, sameProbe(a, b));
    expect(hasDuplicate(Int32Array.from({ length: n }, (_, i) => i), new Int32Array(n).fill(7), rows)).toBe(true);
    expect(compared).toBeLessThanOrEqual(8 * n + 1024);
  });

  it("keeps grouping exact for many groups in file order", () => {
    const probes = fc.sample(probeArb(fc.tuple(fc.constant("bench"), fc.stringMatching(/^p[0-9]{1,5}$/))), { numRuns: 5000, seed: RUN_SEED });
    expect(tableOf(probes, false), replay).toBe(asWritten(renderTable(probes)));
  });
});

/**
 * The table as first written (round 5 and before): renderTable is now plain
 * loops for the interpreter's sake, and must print exactly this.
 */
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
