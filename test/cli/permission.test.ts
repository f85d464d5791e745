/**
 * A file without read permission, checked even as root: `open` is mocked to
 * fail with EACCES for one path, as it would for an ordinary user.
 */
import * as fs from "node:fs";
import * as os from "node:os";
import * as path from "node:path";
import { afterAll, beforeAll, describe, expect, it, vi } from "vitest";
import { runCli } from "../helpers/cli.js";
import { sampleElf } from "../helpers/sample.js";

vi.mock("node:fs", async (importOriginal) => {
  const real = await importOriginal<typeof import("node:fs")>();
  const openSync = (p: fs.PathLike, ...rest: unknown[]): number => {
    if (String(p).endsWith("no-read-permission")) {
      throw Object.assign(new Error(`EACCES: permission denied, open '${String(p)}'`), { code: "EACCES", errno: -13, syscall: "open", path: String(p) });
    }
    return (real.openSync as (...a: unknown[]) => number)(p, ...rest);
  };
  return { ...real, openSync, default: { ...real, openSync } };
});

let dir: string;
beforeAll(() => {
  dir = fs.mkdtempSync(path.join(os.tmpdir(), "stapsdt-perm-"));
  fs.writeFileSync(path.join(dir, "no-read-permission"), sampleElf().bytes);
  fs.writeFileSync(path.join(dir, "ok"), sampleElf().bytes);
});
afterAll(() => fs.rmSync(dir, { recursive: true, force: true }));

describe("a file without read permission", () => {
  it("gives one EACCES line, exit 1, and the next file is still listed", () => {
    const denied = path.join(dir, "no-read-permission");
    const ok = path.join(dir, "ok");
    const r = runCli("--json", denied, ok);
    expect(r.status).toBe(1);
    expect(r.stderr).toBe(`stapsdt-ls: ${denied}: EACCES: permission denied, open '${denied}'\n`);
    const doc = JSON.parse(r.stdout);
    expect(doc[0]).toEqual({ path: denied, error: { code: "EACCES", message: `EACCES: permission denied, open '${denied}'`, offset: null } });
    expect(doc[1].probes).toHaveLength(3);
  });
});
