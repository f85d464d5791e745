/**
 * Hostile inputs on the command line: each bad path gives exactly one clear
 * stderr line naming it, the exit status is 1, and the other files are still
 * listed. (Malformed file *contents* are covered by test/fixtures/malformed.test.ts.)
 */
import * as fs from "node:fs";
import * as os from "node:os";
import * as path from "node:path";
import { spawn, spawnSync } from "node:child_process";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { runCli, runCliAsync } from "../helpers/cli.js";
import { concat, note, stapsdtDesc } from "../helpers/elf-builder.js";
import { sampleElf } from "../helpers/sample.js";
import { exists } from "../helpers/system.js";

let dir: string;
let sample: string;
const bad: Record<string, { path: string; line: RegExp; code: string }> = {};

beforeAll(() => {
  dir = fs.mkdtempSync(path.join(os.tmpdir(), "stapsdt-inputs-"));
  sample = path.join(dir, "good sample+1");
  fs.writeFileSync(sample, sampleElf().bytes);
  const add = (name: string, p: string, line: RegExp, code: string): void => void (bad[name] = { path: p, line, code });

  add("missing", path.join(dir, "no such file"), /: ENOENT: no such file or directory/, "ENOENT");
  add("empty path", "", /^stapsdt-ls: : ENOENT/, "ENOENT");
  const d = path.join(dir, "a directory");
  fs.mkdirSync(d);
  add("directory", d, /: is a directory, not a regular file$/, "ENOTREG");
  const a = path.join(dir, "loop a");
  const b = path.join(dir, "loop b");
  fs.symlinkSync(b, a);
  fs.symlinkSync(a, b);
  add("symlink loop", a, /: ELOOP: too many symbolic links/, "ELOOP");
  const dangling = path.join(dir, "dangling");
  fs.symlinkSync(path.join(dir, "nowhere"), dangling);
  add("dangling symlink", dangling, /: ENOENT/, "ENOENT");
  const empty = path.join(dir, "empty+file");
  fs.writeFileSync(empty, "");
  add("empty file", empty, /: not an ELF file .* \[NOT_ELF\]$/, "NOT_ELF");
  const fifo = path.join(dir, "a fifo");
  if (spawnSync("mkfifo", [fifo]).status === 0) add("FIFO", fifo, /: is a FIFO, not a regular file$/, "ENOTREG");
  if (exists("/dev/zero")) add("device", "/dev/zero", /: is a device, not a regular file$/, "ENOTREG");
  if (exists("/dev/null")) add("null device", "/dev/null", /: is a device, not a regular file$/, "ENOTREG");
});
afterAll(() => fs.rmSync(dir, { recursive: true, force: true }));

describe("bad paths", () => {
  it("has the cases it means to check", () => {
    expect(Object.keys(bad).length).toBeGreaterThanOrEqual(6);
  });

  it("each gives one stderr line naming the path, exit 1", () => {
    for (const [what, b] of Object.entries(bad)) {
      const r = runCli(b.path);
      expect([what, r.status, r.stdout]).toEqual([what, 1, ""]);
      const lines = r.stderr.split("\n").filter((l) => l !== "");
      expect(lines, what).toHaveLength(1);
      expect(lines[0]!.startsWith(`stapsdt-ls: ${b.path}: `), what).toBe(true);
      expect(lines[0], what).toMatch(b.line);
    }
  });

  it("mixed with a good file (path with spaces and +): the good one is still listed, in order", () => {
    const all = Object.values(bad);
    const argv = [...all.slice(0, 3).map((b) => b.path), sample, ...all.slice(3).map((b) => b.path)];
    const table = runCli(...argv);
    expect(table.status).toBe(1);
    expect(table.stderr.split("\n").filter((l) => l !== "")).toHaveLength(all.length);
    expect(table.stdout).toBe(`${sample}:\n` + runCli(sample).stdout);

    const json = runCli("--json", ...argv);
    expect(json.status).toBe(1);
    const doc = JSON.parse(json.stdout) as { path: string; error?: { code: string }; probes?: unknown[] }[];
    expect(doc.map((d) => d.path)).toEqual(argv);
    expect(doc.map((d) => d.error?.code ?? "ok")).toEqual(argv.map((p) => (p === sample ? "ok" : all.find((b) => b.path === p)!.code)));
    expect(doc.find((d) => d.path === sample)!.probes).toHaveLength(3);
  });
});

describe("strings from the file", () => {
  it("terminal control sequences in probe strings and warnings are escaped, not printed", () => {
    const p = path.join(dir, "escapes");
    const evil = { provider: "evil\x1b[2J", name: "n\u202eam", location: 0x401004n, args: "8@%rax\x07" };
    const trailing = concat(stapsdtDesc(true, true, { location: 0x401008n, base: 0x402000n, provider: "x\x1b]0;title\x07", name: "t" }), new Uint8Array([1, 2]));
    fs.writeFileSync(p, sampleElf({ probes: [evil], extraNotes: [note("stapsdt", 3, trailing, true)] }).bytes);
    const r = runCli(p, sample);
    expect(r.status).toBe(0);
    expect(r.stdout).toContain("evil\\x1b[2J");
    expect(r.stdout).toContain("n\\u202eam");
    expect(r.stdout).toContain("8@%rax\\x07");
    expect(r.stderr).toContain("x\\x1b]0;title\\x07:t has 2 byte(s) after its arguments");
    // Nothing but newlines below 0x20, no C1 or bidi controls, on either stream.
    expect(r.stdout + r.stderr).not.toMatch(/[\u0000-\u0009\u000b-\u001f\u007f-\u009f\u202a-\u202e\u2066-\u2069]/);
    // JSON keeps the strings exactly (escaped by JSON itself).
    const doc = JSON.parse(runCli("--json", p).stdout);
    expect(doc[0].probes[0].provider).toBe(evil.provider);
  });
});

describe("output pipe closed early", () => {
  it("the built bin stops quietly (no unhandled EPIPE) when the reader goes away", async () => {
    const bin = new URL("../../dist/bin.cjs", import.meta.url).pathname;
    if (!fs.existsSync(bin)) throw new Error("dist/bin.cjs missing: npm test builds it first");
    // Many probes, so the JSON is far larger than a pipe buffer.
    const big = path.join(dir, "many probes");
    const probes = Array.from({ length: 3000 }, (_, i) => ({ provider: "p", name: `probe_${i}`, location: 0x401004n, args: "8@%rax ".repeat(8) }));
    fs.writeFileSync(big, sampleElf({ probes }).bytes);
    const child = spawn(process.execPath, [bin, "--json", big], { stdio: ["ignore", "pipe", "pipe"] });
    let stderr = "";
    child.stderr.on("data", (d: Buffer) => { stderr += d.toString(); });
    child.stdout.once("data", () => child.stdout.destroy());
    const status = await new Promise<number | null>((resolve) => child.on("close", (code) => resolve(code)));
    expect(stderr).toBe("");
    expect(status).toBe(0);
  });
});

describe("a sparse file claiming a huge note section", () => {
  // 6 GiB on paper, a few KiB on disk: .note.stapsdt claims 5 GiB at its usual offset.
  function sparse(p: string): ReturnType<typeof sampleElf> {
    const built = sampleElf();
    const b = Buffer.from(built.bytes);
    const noteHdr = built.shoff + 4 * 64; // section 4 = .note.stapsdt (null, .text, .stapsdt.base, .probes, ...)
    expect(b.readUInt32LE(noteHdr + 4)).toBe(7); // SHT_NOTE
    b.writeBigUInt64LE(5n << 30n, noteHdr + 32);
    fs.writeFileSync(p, b);
    fs.truncateSync(p, 6 * 2 ** 30);
    return built;
  }

  it("is read in chunks: its probes are listed, and the bytes after them are a warning (OUT_OF_RANGE), not a RangeError", () => {
    const p = path.join(dir, "sparse");
    const built = sparse(p);
    const good = path.join(dir, "sparse-original");
    fs.writeFileSync(good, built.bytes);
    try {
      const r = runCli("--json", p);
      expect(r.status).toBe(0);
      const rec = JSON.parse(r.stdout)[0];
      // The section's real notes, then what follows them in the file (other
      // sections' bytes) read as a note header that claims ~2.3 GiB.
      const expected = JSON.parse(runCli("--json", good).stdout)[0].probes;
      expect(expected.length).toBeGreaterThan(0);
      expect(rec.probes).toEqual(expected);
      expect(rec.warnings[0].code).toBe("OUT_OF_RANGE");
      expect(rec.warnings[0].message).toMatch(/is larger than the 0x4000000 bytes read at once; the rest of the container is not read/);
      const notesEnd = built.sectionOffset.get(".note.stapsdt")! + 200;
      expect(BigInt(rec.warnings[0].offset)).toBeGreaterThanOrEqual(BigInt(built.sectionOffset.get(".note.stapsdt")!));
      expect(BigInt(rec.warnings[0].offset)).toBeLessThanOrEqual(BigInt(notesEnd));
    } finally {
      fs.rmSync(p);
      fs.rmSync(good);
    }
  });

  it("-n prints the notes before the bytes that claim a note of gigabytes, then an error, not a RangeError", async () => {
    // GNU readelf reads the 5 GiB and prints the "note" as gigabytes of hex.
    const p = path.join(dir, "sparse");
    sparse(p);
    try {
      const r = await runCliAsync("-n", p);
      expect(r.stdout.match(/NT_STAPSDT/g)?.length).toBeGreaterThan(0);
      expect(r.stderr).toMatch(/is larger than the 0x4000000 bytes read at once; the rest of the container is not read/);
      expect(r.stderr).not.toMatch(/RangeError/);
    } finally {
      fs.rmSync(p);
    }
  });
});
