/**
 * The page's reading (src/web/prefetch.ts, ranges.ts) gives what the
 * library gives over the whole file in memory, for every committed fixture
 * (malformed ones included): the same `--json` record, `-n` text, tracer
 * lines and error line; and it reads little of a big sparse file. Runs in
 * Node (its `Blob` reads by `slice` as a browser's `File` does); the page
 * itself is tested in test/web/page.test.ts.
 */
import * as fs from "node:fs";
import * as os from "node:os";
import * as path from "node:path";
import { afterAll, describe, expect, it } from "vitest";
import { openElf, type ElfFile } from "../../src/index.js";
import { errorLine, notesView, probesView, tracerLines, warningLine, type ProbesView } from "../../src/web/inspect.js";
import { runCli, runCliAsync } from "../helpers/cli.js";
import { Miss, prefetchNotes, prefetchTables, SparseSource, withBytes } from "../../src/web/prefetch.js";
import { blobRanges, memoryRanges, type RangeReader } from "../../src/web/ranges.js";
import { writeSparseCopy } from "../../bench/sparse-elf.mjs";

const FIXTURES = new URL("../../fixtures/binaries/", import.meta.url).pathname;

function walk(dir: string): string[] {
  return fs.readdirSync(dir, { withFileTypes: true }).flatMap((e) =>
    e.isDirectory() ? walk(path.join(dir, e.name))
    : /\.(json|txt|md)$/.test(e.name) ? [] : [path.join(dir, e.name)]);
}

/** Everything the page shows of a file, or its error line. */
function everything(file: ElfFile, name: string): unknown {
  const shown = probesView(file, name, {});
  return { ...shown, notes: notesView(file), lines: tracerLines(file, shown.probes, name) };
}

function direct(bytes: Uint8Array, name: string): unknown {
  try {
    return everything(openElf(bytes), name);
  } catch (e) {
    return errorLine(name, e);
  }
}

async function throughPage(reader: RangeReader, name: string): Promise<unknown> {
  const source = new SparseSource(reader.size);
  try {
    await prefetchTables(source, reader);
    await prefetchNotes(source, reader);
    return await withBytes(source, reader, (file) => everything(file, name));
  } catch (e) {
    return errorLine(name, e);
  }
}

const stringify = (v: unknown): string => JSON.stringify(v, (_k, x) => (typeof x === "bigint" ? `${x}n` : x), 1);

describe("the page reads what the library reads", () => {
  const files = walk(FIXTURES);
  it("has fixtures", () => expect(files.length).toBeGreaterThan(30));
  it.each(files.map((f) => [path.relative(FIXTURES, f), f]))("%s", async (rel, f) => {
    const bytes = new Uint8Array(fs.readFileSync(f));
    const name = path.basename(rel);
    const reader = blobRanges(new Blob([bytes]));
    expect(stringify(await throughPage(reader, name))).toBe(stringify(direct(bytes, name)));
    expect(reader.bytesRead).toBeLessThanOrEqual(bytes.length);
    // And from memory, as for a URL whose server sends the whole file.
    expect(stringify(await throughPage(memoryRanges(bytes), name))).toBe(stringify(direct(bytes, name)));
  });
});

describe("the page's messages are the command's", () => {
  it.each(walk(FIXTURES).map((f) => [path.relative(FIXTURES, f), f]))("%s", async (_rel, f) => {
    const bytes = new Uint8Array(fs.readFileSync(f));
    // Named by the path the command is given, so that both lines name the file alike.
    const shown = direct(bytes, f);
    const cli = runCli(f);
    const lines = typeof shown === "string" ? [shown]
      : (shown as ProbesView).record.warnings.map((w) => warningLine(f, w));
    expect(lines.join("\n")).toBe(cli.stderr.trimEnd());
    if (typeof shown !== "string") {
      const notes = (shown as { notes: { diagnostics: string[]; text: string } }).notes;
      const n = await runCliAsync("-n", f);
      expect(notes.text).toBe(n.stdout);
      expect(notes.diagnostics.join("\n")).toBe(n.stderr.trimEnd());
    }
  });
});

describe("SparseSource", () => {
  it("serves what was added, merged across adjacent runs, and records what it misses", () => {
    const s = new SparseSource(100);
    s.add(10, new Uint8Array([1, 2, 3]));
    s.add(13, new Uint8Array([4, 5]));
    expect([...s.read(11, 4)]).toEqual([2, 3, 4, 5]);
    expect(() => s.read(14, 2)).toThrow(Miss);
    expect(() => s.read(0, 1)).toThrow(Miss);
    expect(s.takeMisses()).toEqual([[14, 2], [0, 1]]);
    expect(s.takeMisses()).toEqual([]);
    s.add(12, new Uint8Array([9, 9, 9, 9, 9, 9]));
    expect([...s.read(10, 8)]).toEqual([1, 2, 9, 9, 9, 9, 9, 9]);
    s.add(30, new Uint8Array(5));
    expect(s.gaps(0, 100)).toEqual([[0, 10], [18, 30], [35, 100]]);
    expect(s.gaps(12, 16)).toEqual([]);
    expect(s.gaps(16, 32)).toEqual([[18, 30]]);
  });

  it("withBytes does not trust a run whose miss was swallowed", async () => {
    const bytes = new Uint8Array(fs.readFileSync(path.join(FIXTURES, "x86_64/probes-pie")));
    const reader = memoryRanges(bytes);
    const source = new SparseSource(bytes.length);
    let runs = 0;
    const got = await withBytes(source, reader, (file) => {
      runs++;
      try {
        file.source.read(bytes.length - 10, 10);
      } catch {
        return "swallowed";
      }
      return "read";
    });
    expect(got).toBe("read");
    expect(runs).toBeGreaterThan(1);
  });
});

describe("a 1 GiB sparse file", () => {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), "stapsdt-web-"));
  afterAll(() => fs.rmSync(dir, { recursive: true, force: true }));

  it("is read in a few KiB, and gives the probes of its notes after the hole", async () => {
    const big = path.join(dir, "big");
    const size = writeSparseCopy(path.join(FIXTURES, "x86_64/probes-pie"), big);
    expect(size).toBeGreaterThan(2 ** 30);
    const blob = await fs.openAsBlob(big);
    const reader = blobRanges(blob);
    const shown = await throughPage(reader, "big") as { probes: unknown[]; record: { buildId: string } };
    expect(shown.probes.length).toBe(10);
    expect(shown.record.buildId).toMatch(/^[0-9a-f]{40}$/);
    expect(reader.bytesRead).toBeLessThan(64 * 1024);
    expect(reader.reads).toBeLessThan(12);
  });
});
