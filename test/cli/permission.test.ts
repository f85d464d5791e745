/**
 * A file without read permission, for real: the built command runs as an
 * unprivileged user (as root, the suite drops to `nobody` with util-linux
 * `setpriv`, since root reads anything). It must give one EACCES line, exit
 * 1, and still list the next file.
 */
import * as fs from "node:fs";
import * as os from "node:os";
import * as path from "node:path";
import { spawnSync } from "node:child_process";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { sampleElf } from "../helpers/sample.js";

const DIST = path.resolve(__dirname, "../../dist");
const root = process.getuid?.() === 0;
const setpriv = spawnSync("setpriv", ["--version"], { stdio: "ignore" }).status === 0;
const NOBODY = 65534;

/** The command line that runs the built command (a copy in `dir`) with ARGS, without privileges. */
function unprivileged(args: string[]): [string, string[]] {
  const node: [string, string[]] = [process.execPath, [path.join(dir, "dist", "bin.cjs"), ...args]];
  if (!root) return node;
  return ["setpriv", [`--reuid=${NOBODY}`, `--regid=${NOBODY}`, "--clear-groups", "--", node[0], ...node[1]]];
}

let dir: string;
beforeAll(() => {
  dir = fs.mkdtempSync(path.join(os.tmpdir(), "stapsdt-perm-"));
  fs.chmodSync(dir, 0o755); // mkdtemp makes it 0700: the unprivileged user must reach "ok"
  // A copy of the built command (no runtime dependencies): the checkout may
  // lie where the unprivileged user cannot go (/root/...).
  fs.cpSync(DIST, path.join(dir, "dist"), { recursive: true });
  fs.writeFileSync(path.join(dir, "no-read-permission"), sampleElf().bytes, { mode: 0o000 });
  fs.writeFileSync(path.join(dir, "ok"), sampleElf().bytes, { mode: 0o644 });
});
afterAll(() => fs.rmSync(dir, { recursive: true, force: true }));

describe.skipIf(process.platform !== "linux" || (root && !setpriv))("a file without read permission (as root: needs setpriv)", () => {
  it("gives one EACCES line, exit 1, and the next file is still listed", () => {
    const denied = path.join(dir, "no-read-permission");
    const ok = path.join(dir, "ok");
    const [cmd, args] = unprivileged(["--json", denied, ok]);
    const r = spawnSync(cmd, args, { encoding: "utf8" });
    expect(r.error).toBeUndefined();
    expect(r.stderr).toBe(`stapsdt-ls: ${denied}: EACCES: permission denied, open '${denied}'\n`);
    expect(r.status).toBe(1);
    const doc = JSON.parse(r.stdout);
    expect(doc[0]).toEqual({ path: denied, error: { code: "EACCES", message: `EACCES: permission denied, open '${denied}'`, offset: null } });
    expect(doc[1].probes).toHaveLength(3);
  });

  it("-n says the file is not readable, as readelf does", () => {
    const denied = path.join(dir, "no-read-permission");
    const [cmd, args] = unprivileged(["-n", denied]);
    const r = spawnSync(cmd, args, { encoding: "utf8" });
    expect([r.status, r.stdout, r.stderr]).toEqual([1, "", `stapsdt-ls: Error: Input file '${denied}' is not readable.\n`]);
  });
});
