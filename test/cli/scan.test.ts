/**
 * `stapsdt-ls -r PATH...` (#10 item 1, 2, 3) on a tree built for it: ELF
 * files with and without probes, hard links, symbolic links (to a file, and a
 * loop to a parent), a FIFO, non-ELF and too-short files, an ELF file whose
 * section table is broken, nested directories; and, run as an unprivileged
 * user, a directory and a file it cannot read.
 *
 * The walk is checked against `find -P DIR -type f` (what it must open) and
 * its output against what each listed file gives alone.
 */
import * as fs from "node:fs";
import * as os from "node:os";
import * as path from "node:path";
import { spawnSync } from "node:child_process";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { main, type Io } from "../../src/cli/main.js";
import { sampleElf, TEXT_ADDR } from "../helpers/sample.js";
import { hasTool } from "../helpers/system.js";

const DIST = path.resolve(__dirname, "../../dist");
const root = process.getuid?.() === 0;
const setpriv = spawnSync("setpriv", ["--version"], { stdio: "ignore" }).status === 0;

let dir = "";
let tree = "";

interface Run {
  status: number;
  stdout: string;
  stderr: string;
}

/** Runs `main` in-process, with optional terminal width and clock for the progress line. */
function run(argv: string[], extra: Partial<Io> = {}): Run {
  const out = { stdout: "", stderr: "" };
  const status = main(argv, { stdout: (s) => void (out.stdout += s), stderr: (s) => void (out.stderr += s), ...extra });
  if (typeof status !== "number") throw new Error("expected a synchronous command");
  return { status, ...out };
}

const probesOf = (provider: string) =>
  sampleElf({ probes: [{ provider, name: "a", location: TEXT_ADDR + 4n, args: "-4@%eax" }, { provider, name: "b", location: TEXT_ADDR + 8n }] }).bytes;

beforeAll(() => {
  dir = fs.mkdtempSync(path.join(os.tmpdir(), "stapsdt-scan-"));
  fs.chmodSync(dir, 0o755);
  tree = path.join(dir, "tree");
  const put = (rel: string, bytes: Uint8Array | string): void => {
    fs.mkdirSync(path.dirname(path.join(tree, rel)), { recursive: true });
    fs.writeFileSync(path.join(tree, rel), bytes);
  };
  put("a/probes", probesOf("one"));
  fs.linkSync(path.join(tree, "a/probes"), path.join(tree, "a/probes-hardlink"));
  put("a/noprobes", sampleElf({ probes: [] }).bytes);
  put("a/text.txt", "hello\n");
  put("a/empty", "");
  put("a/short", "\x7fEL");
  const broken = probesOf("broken");
  // e_shoff past the end of the file: the section table cannot be read.
  new DataView(broken.buffer, broken.byteOffset).setBigUint64(0x28, 0xffffff00n, true);
  put("a/broken-elf", broken);
  fs.symlinkSync("..", path.join(tree, "a/loop"));
  fs.symlinkSync("probes", path.join(tree, "a/link-to-probes"));
  fs.symlinkSync(path.join(tree, "b"), path.join(dir, "link-to-b"));
  put("b/deep/x/y/z/lib.so", probesOf("deep"));
  if (hasTool("mkfifo")) spawnSync("mkfifo", [path.join(tree, "b/fifo")]);
  fs.cpSync(DIST, path.join(dir, "dist"), { recursive: true });
});
afterAll(() => fs.rmSync(dir, { recursive: true, force: true }));

const SUMMARY = /^stapsdt-ls: (\d+) files examined, (\d+) ELF objects, (\d+) with probes \((\d+) probes\), (\d+) errors?$/m;

describe("stapsdt-ls -r", () => {
  it("lists each ELF object with probes once, in name order, skipping the rest silently", () => {
    const r = run(["-r", "--format", "jsonl", tree]);
    expect(r.status).toBe(0);
    const records = r.stdout.trimEnd().split("\n").map((l) => JSON.parse(l) as { path: string; probes: unknown[] });
    expect(records.map((x) => path.relative(tree, x.path))).toEqual(["a/probes", "b/deep/x/y/z/lib.so"]);
    expect(records.map((x) => x.probes.length)).toEqual([2, 2]);
    // Only the broken ELF file is worth a line; text, empty, short files and the FIFO are not.
    const lines = r.stderr.trimEnd().split("\n");
    expect(lines).toHaveLength(2);
    expect(lines[0]).toMatch(new RegExp(`^stapsdt-ls: ${path.join(tree, "a/broken-elf")}: warning: .*section header table`));
    // files: probes, probes-hardlink, noprobes, text.txt, empty, short, broken-elf, lib.so (not the links or the FIFO)
    expect(SUMMARY.exec(lines[1]!)!.slice(1).map(Number)).toEqual([8, 4, 2, 4, 1]);
  });

  it.skipIf(!hasTool("find"))("opens exactly the regular files find -P lists (symbolic links not followed; needs find)", () => {
    const found = spawnSync("find", [tree, "-type", "f"], { encoding: "utf8" }).stdout.trim().split("\n");
    const r = run(["-r", "--all", "--format", "jsonl", tree]);
    const listed = r.stdout.trimEnd().split("\n").map((l) => (JSON.parse(l) as { path: string }).path);
    const elf = found.filter((f) => {
      const b = fs.readFileSync(f);
      return b.length >= 4 && b.subarray(0, 4).equals(Buffer.from([0x7f, 0x45, 0x4c, 0x46]));
    });
    // --all: every ELF object but the second name of the hard link and the broken one (a warning).
    const expected = elf.filter((f) => !f.endsWith("probes-hardlink") && !f.endsWith("broken-elf")).sort();
    expect([...listed].sort()).toEqual(expected);
    expect(Number(SUMMARY.exec(r.stderr)![1])).toBe(found.length);
  });

  it("--all also lists objects without probes; a file's record is the one it gives alone", () => {
    const r = run(["-r", "--all", "--json", tree]);
    const doc = JSON.parse(r.stdout) as { path: string }[];
    expect(doc.map((x) => path.relative(tree, x.path))).toEqual(["a/noprobes", "a/probes", "b/deep/x/y/z/lib.so"]);
    for (const record of doc) expect([record]).toEqual(JSON.parse(run(["--json", record.path]).stdout));
  });

  it("jsonl lines are the records of the --json array, one per line", () => {
    const lines = run(["-r", "--all", "--format", "jsonl", tree]).stdout.trimEnd().split("\n");
    expect(lines.map((l) => JSON.parse(l))).toEqual(JSON.parse(run(["-r", "--all", "--json", tree]).stdout));
    for (const l of lines) expect(l).toBe(JSON.stringify(JSON.parse(l)));
  });

  it("follows a PATH given as a symbolic link (as find -H), not links inside", () => {
    const r = run(["-r", "-q", "--format", "bpftrace", path.join(dir, "link-to-b")]);
    expect(r.stdout).toBe(`usdt:${path.join(dir, "link-to-b/deep/x/y/z/lib.so")}:deep:a\nusdt:${path.join(dir, "link-to-b/deep/x/y/z/lib.so")}:deep:b\n`);
    expect(r.stderr).toBe("");
  });

  it("a PATH that cannot be read is an error (status 1); the other PATHs are still walked", () => {
    const missing = path.join(dir, "missing");
    const r = run(["-r", "--format", "jsonl", missing, path.join(tree, "b")]);
    expect(r.status).toBe(1);
    expect(r.stderr).toMatch(new RegExp(`^stapsdt-ls: ${missing}: ENOENT`));
    expect(r.stdout.trimEnd().split("\n")).toHaveLength(1);
  });

  it("a filter lists only objects with matching probes, and counts only those", () => {
    const r = run(["-r", "--provider", "deep", "--format", "jsonl", tree]);
    const records = r.stdout.trimEnd().split("\n").map((l) => JSON.parse(l) as { path: string; probes: { provider: string }[] });
    expect(records.map((x) => path.basename(x.path))).toEqual(["lib.so"]);
    expect(SUMMARY.exec(r.stderr)!.slice(3, 5).map(Number)).toEqual([1, 2]);
  });

  it("--quiet leaves out the summary; warnings stay", () => {
    const r = run(["-r", "-q", tree]);
    expect(r.stderr).not.toMatch(SUMMARY);
    expect(r.stderr).toMatch(/broken-elf: warning/);
  });

  describe("the progress line", () => {
    /** A clock that advances `step` ms each time it is read. */
    const clock = (step: number) => {
      let t = 0;
      return () => (t += step);
    };
    it("is shown on a terminal once a scan runs past a second, replaced in place and erased at the end", () => {
      const r = run(["-r", "--all", "--format", "jsonl", tree], { stderrColumns: 60, now: clock(400) });
      expect(r.stderr).toMatch(/\r\u001b\[K\d+ files, \d+ with probes: /);
      // Every line shown is erased before anything else is written to
      // stderr, and at the end: between two erasures there is either one
      // progress line and nothing else, or no progress at all.
      const pieces = r.stderr.split("\r\u001b[K");
      const progress = /^\d+ files, \d+ with probes: /;
      pieces.forEach((piece, i) => {
        if (!progress.test(piece)) {
          expect(piece).not.toMatch(/\d+ files, \d+ with probes: /);
          return;
        }
        expect(i, "a progress line left on the screen").toBeLessThan(pieces.length - 1);
        expect(piece).not.toMatch(/\n/);
        expect(piece.length).toBeLessThan(60);
      });
    });
    it("is not shown in a short scan, nor with --quiet, nor when stderr is not a terminal", () => {
      expect(run(["-r", tree], { stderrColumns: 80, now: clock(1) }).stderr).not.toMatch(/\r/);
      expect(run(["-r", "-q", tree], { stderrColumns: 80, now: clock(400) }).stderr).toBe(
        run(["-r", "-q", tree]).stderr);
      expect(run(["-r", tree], { now: clock(400) }).stderr).not.toMatch(/\r/);
    });
  });

  describe.skipIf(process.platform !== "linux" || (root && !setpriv))("as a user who cannot read everything (as root: needs setpriv)", () => {
    it("an unreadable directory or file is a warning and an error in the summary, status 0", () => {
      const locked = path.join(tree, "locked");
      fs.mkdirSync(locked, { recursive: true });
      fs.writeFileSync(path.join(locked, "inside"), probesOf("hidden"));
      fs.writeFileSync(path.join(tree, "a/no-read"), probesOf("hidden"), { mode: 0o000 });
      fs.chmodSync(locked, 0o000);
      try {
        const node = [process.execPath, path.join(dir, "dist", "bin.cjs"), "-r", "--format", "jsonl", tree];
        const cmd = root ? ["setpriv", "--reuid=65534", "--regid=65534", "--clear-groups", "--", ...node] : node;
        const r = spawnSync(cmd[0]!, cmd.slice(1), { encoding: "utf8" });
        expect(r.status, r.stderr).toBe(0);
        expect(r.stderr).toMatch(new RegExp(`${locked}: warning: EACCES`));
        expect(r.stderr).toMatch(new RegExp(`${path.join(tree, "a/no-read")}: warning: EACCES`));
        expect(Number(SUMMARY.exec(r.stderr)![5])).toBe(3); // broken-elf, locked, no-read
        expect(r.stdout).not.toMatch(/hidden/);
        expect(r.stdout.trimEnd().split("\n")).toHaveLength(2);
      } finally {
        fs.chmodSync(locked, 0o755);
        fs.rmSync(locked, { recursive: true });
        fs.rmSync(path.join(tree, "a/no-read"));
      }
    });
  });
});
