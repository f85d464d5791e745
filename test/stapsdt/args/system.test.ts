/**
 * Every argument of every probe in the system's binaries parses: no
 * `unparsed`, sizes 1/2/4/8, and (x86-64 operands have no spaces) one
 * argument per space-separated word. Skips binaries that are absent.
 */
import { describe, expect, test } from "vitest";
import { listFileProbes } from "../../../src/node.js";
import { exists, SYSTEM_BINARIES } from "../../helpers/system.js";

describe("system binaries", () => {
  for (const path of SYSTEM_BINARIES) {
    test.skipIf(!exists(path))(path, () => {
      const { probes } = listFileProbes(path);
      expect(probes.length).toBeGreaterThan(0);
      let count = 0;
      for (const p of probes) {
        expect(p.args.map((a) => a.text), `${p.provider}:${p.name}`).toEqual(p.arguments === "" ? [] : p.arguments.split(" "));
        for (const a of p.args) {
          expect(a.kind, `${p.provider}:${p.name} ${a.text}`).not.toBe("unparsed");
          expect([1, 2, 4, 8]).toContain(a.size);
          count++;
        }
      }
      expect(count).toBeGreaterThan(0);
    });
  }
});
