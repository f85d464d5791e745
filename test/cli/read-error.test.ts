/**
 * A read of the file that fails in the middle of a pass (EIO in a note
 * section read in chunks): the `--json` document stays whole, and the file's
 * record ends with the probes printed so far and the error. The build ID is
 * read when the record begins, from that same section when the file has no
 * other note with it, and may fail too: the record then says null.
 *
 * EIO is injected into `readSync` for reads in the middle of the file (the
 * note section), never at its ends (headers, section headers).
 */
import * as fs from "node:fs";
import * as os from "node:os";
import * as path from "node:path";
import { afterAll, describe, expect, it, vi } from "vitest";
import { sampleElf } from "../helpers/sample.js";

const failing = { from: Infinity, to: Infinity };
vi.mock("node:fs", async (importOriginal) => {
  const actual = await importOriginal<typeof import("node:fs")>();
  const readSync = ((fd: number, buffer: Uint8Array, offset: number, length: number, position: number | null) => {
    if (typeof position === "number" && position >= failing.from && position < failing.to) {
      throw Object.assign(new Error("EIO: i/o error, read"), { code: "EIO", errno: -5, syscall: "read" });
    }
    return actual.readSync(fd, buffer, offset, length, position);
  }) as typeof actual.readSync;
  return { ...actual, readSync, default: { ...actual, readSync } };
});

const { runCli } = await import("../helpers/cli.js");

const dir = fs.mkdtempSync(path.join(os.tmpdir(), "stapsdt-read-error-"));
afterAll(() => fs.rmSync(dir, { recursive: true, force: true }));

describe("a read that fails during the pass", () => {
  it("--json: the document parses, the record has its first probes, the error, and a null build ID", () => {
    // ~1.5 MB of notes: read in chunks (over 1 MiB), no .note.gnu.build-id.
    const probes = Array.from({ length: 20000 }, (_, i) => ({ provider: "p", name: `probe_number_${i}`, location: 0x401004n, args: "8@%rdi -4@%esi" }));
    const file = path.join(dir, "big");
    fs.writeFileSync(file, sampleElf({ probes }).bytes);
    const size = fs.statSync(file).size;
    expect(size).toBeGreaterThan(1 << 20);
    failing.from = 600 << 10;
    failing.to = size - (64 << 10);
    try {
      const r = runCli("--json", file);
      expect(r.status).toBe(1);
      const doc = JSON.parse(r.stdout) as { path: string; buildId: string | null; probes: unknown[]; error?: { code: string } }[];
      expect(doc).toHaveLength(1);
      expect(doc[0]!.buildId).toBeNull();
      expect(doc[0]!.probes.length).toBeGreaterThan(0);
      expect(doc[0]!.probes.length).toBeLessThan(probes.length);
      expect(doc[0]!.error?.code).toBe("EIO");
    } finally {
      failing.from = failing.to = Infinity;
    }
  });
});
