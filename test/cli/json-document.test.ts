/**
 * One file's failure never breaks the `--json` document (#9 item 2): a
 * record is whole, or the record of an error, or, when reading fails after
 * the record began (a read error while a file's notes are streamed), ends
 * with the probes written so far and an `error` member. Checked on random
 * sequences of files that succeed, fail before their record, or fail after
 * any number of probes: the document always parses, with one record per file
 * in order.
 */
import fc from "fast-check";
import { describe, expect, it } from "vitest";
import { ElfError } from "../../src/elf/errors.js";
import type { FileHeader } from "../../src/elf/header.js";
import { Output } from "../../src/cli/output.js";
import type { ProbeSite } from "../../src/stapsdt/probes.js";
import { WriteError } from "../../src/node/stdio.js";

const header = { class: 64, littleEndian: true, machine: 62, type: 3 } as FileHeader;
const site = (i: number): ProbeSite => ({
  location: 0x1000n + BigInt(i), base: 0n, semaphore: 0n, provider: "p", name: `n${i}`, arguments: "-4@%eax 8@-8(%rbp)",
  trailing: 0, address: 0x1000n + BigInt(i), offset: BigInt(i), semaphoreAddress: null, semaphoreOffset: null, noteOffset: 0,
});
const eio = (): Error => Object.assign(new Error("EIO: i/o error, read"), { code: "EIO" });

type Plan = { kind: "ok"; probes: number; warnings: number } | { kind: "before" }
  | { kind: "during"; probes: number; warnings: number; fails: "eio" | "elf" };
const plan: fc.Arbitrary<Plan> = fc.oneof(
  fc.record({ kind: fc.constant("ok" as const), probes: fc.nat(5), warnings: fc.nat(3) }),
  fc.constant({ kind: "before" as const }),
  fc.record({ kind: fc.constant("during" as const), probes: fc.nat(5), warnings: fc.nat(3), fails: fc.constantFrom("eio" as const, "elf" as const) }),
);

/** Runs the plans as `list` in src/cli/main.ts does: a failure before a record is its error record. */
function document(plans: readonly Plan[]): string {
  const chunks: Buffer[] = [];
  const out = new Output("json", (b) => void chunks.push(Buffer.from(b)), { several: true, runtime: false });
  plans.forEach((p, f) => {
    const path = `/f${f}`;
    if (p.kind === "before") {
      out.error(path, eio());
      return;
    }
    try {
      out.show({
        path, header, buildId: () => null, attachPath: path, extra: {}, filtered: false,
        forEach: (visit, into) => {
          // A warning after each of the first probes, as a walk finds them.
          for (let i = 0; i < p.probes; i++) {
            visit(site(i));
            if (i < p.warnings) into.push(new ElfError("BAD_PROBE", `probe ${i} has a trailing byte`, 0x40 + i));
          }
          if (p.kind === "during") throw p.fails === "eio" ? eio() : new ElfError("TRUNCATED", "note cut short", 0x40);
          return { warnings: into, total: p.probes };
        },
      });
    } catch (e) {
      expect(p.kind).toBe("during");
      expect(e).not.toBeInstanceOf(WriteError);
    }
  });
  out.end();
  return Buffer.concat(chunks).toString("utf8");
}

describe("the --json document when files fail", () => {
  it("always parses, one record per file, each whole, an error record, or ended by its warnings so far and its error", () => {
    fc.assert(fc.property(fc.array(plan, { maxLength: 6 }), (plans) => {
      const doc = JSON.parse(document(plans)) as Record<string, unknown>[];
      expect(doc).toHaveLength(plans.length);
      plans.forEach((p, f) => {
        const r = doc[f]!;
        expect(r.path).toBe(`/f${f}`);
        if (p.kind === "before") expect(Object.keys(r)).toEqual(["path", "error"]);
        else {
          expect((r.probes as unknown[]).length).toBe(p.probes);
          // The warnings found before a failure are kept, with the error after them.
          expect((r.warnings as { code: string }[]).map((w) => w.code)).toEqual(Array(Math.min(p.warnings, p.probes)).fill("BAD_PROBE"));
          if (p.kind === "ok") expect(r).not.toHaveProperty("error");
          else expect(r.error).toMatchObject({ code: p.fails === "eio" ? "EIO" : "TRUNCATED" });
        }
      });
    }), { numRuns: 300 });
  });

  it("a write error is not written into the document (the command stops; no error member is made of it)", () => {
    const chunks: Buffer[] = [];
    const out = new Output("json", (b) => void chunks.push(Buffer.from(b)), { several: false, runtime: false });
    expect(() => out.show({
      path: "/f", header, buildId: () => null, attachPath: "/f", extra: {}, filtered: false,
      forEach: (visit) => {
        visit(site(0));
        throw new WriteError(Object.assign(new Error("ENOSPC: no space left on device, write"), { code: "ENOSPC" }));
      },
    })).toThrow(WriteError);
    out.end();
    expect(Buffer.concat(chunks).toString("utf8")).not.toMatch(/"error"|ENOSPC/);
  });
});
