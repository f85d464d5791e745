/**
 * A file with 300,000 bad stapsdt notes: 300,000 warnings, in every mode
 * that lists a file. The warnings travel in lists that are appended to one
 * at a time; a spread of them into one call (`push(...list)`) would pass
 * more arguments than a call takes and end in a RangeError.
 */
import * as fs from "node:fs";
import * as os from "node:os";
import * as path from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { note } from "../helpers/elf-builder.js";
import { sampleElf } from "../helpers/sample.js";
import { runCli, runCliAsync } from "../helpers/cli.js";

const N = 300_000;
let dir = "";
let file = "";

beforeAll(() => {
  dir = fs.mkdtempSync(path.join(os.tmpdir(), "stapsdt-warnings-"));
  file = path.join(dir, "many-warnings");
  const bad = note("stapsdt", 9, new Uint8Array(0), true, 4); // a stapsdt note of unknown type: a BAD_PROBE warning each
  const blob = new Uint8Array(bad.length * N);
  for (let i = 0; i < N; i++) blob.set(bad, i * bad.length);
  fs.writeFileSync(file, sampleElf({ extraNotes: [blob] }).bytes);
});
afterAll(() => fs.rmSync(dir, { recursive: true, force: true }));

/** The record's warning count and probe count. */
const counts = (stdout: string): [number, number] => {
  const [r] = JSON.parse(stdout) as { warnings: unknown[]; probes: unknown[] }[];
  return [r!.warnings.length, r!.probes.length];
};

describe(`a file with ${N} warnings`, () => {
  it("--json lists its probes and every warning", () => {
    const r = runCli("--json", file);
    expect(r.status).toBe(0);
    expect(counts(r.stdout)).toEqual([N, 3]);
  });

  it("--deps --json too (its warnings come from a list made beforehand)", async () => {
    const r = await runCliAsync("--deps", "--json", file);
    expect(r.status).toBe(0);
    expect(counts(r.stdout)).toEqual([N, 3]);
    expect(r.stderr.split("\n").filter((l) => l.includes("[BAD_PROBE]"))).toHaveLength(N);
  });
});
