/** The README's library example runs and prints what a tracer needs. */
import { spawnSync } from "node:child_process";
import { describe, expect, it } from "vitest";
import { exists } from "./helpers/system.js";
import { auditByReadelf, HAVE_AUDIT_ORACLE, hex } from "./helpers/python-audit.js";

describe("examples/uprobe-target.mjs", () => {
  it.skipIf(!HAVE_AUDIT_ORACLE)("resolves python:audit to offset and ref_ctr_offset as readelf -n and -l give them (needs readelf)", () => {
    const script = new URL("../examples/uprobe-target.mjs", import.meta.url).pathname;
    const r = spawnSync(process.execPath, [script, "/usr/bin/python3.11", "python", "audit"], { encoding: "utf8" });
    expect(r.status).toBe(0);
    const a = auditByReadelf();
    expect(r.stdout).toBe(`p:sdt_python/audit /usr/bin/python3.11:${hex(a.offset)}(${hex(a.semaphoreOffset)})  # args: ${a.arguments}\n`);
  });

  it.skipIf(!exists("/usr/bin/python3.11"))("fails cleanly for a probe that does not exist", () => {
    const script = new URL("../examples/uprobe-target.mjs", import.meta.url).pathname;
    const r = spawnSync(process.execPath, [script, "/usr/bin/python3.11", "python", "nope"], { encoding: "utf8" });
    expect(r.status).toBe(1);
    expect(r.stderr).toMatch(/no probe python:nope/);
  });
});
