/**
 * Hostile input: any bytes, and structured mutations of valid ELF32/ELF64
 * LE/BE images, give a result, a result with diagnostics, or an ElfError from
 * every accessor (see test/helpers/hostile.ts for the oracle).
 *
 * Each parse is also timed, as a hang detector only: the bound (1 s for an
 * input under 64 KiB, whose honest parse takes well under a millisecond) is
 * loose enough never to trip on a loaded machine, but catches a loop that
 * multiplies work by an untrusted count.
 */
import fc from "fast-check";
import { describe, expect, it } from "vitest";
import { SRC_API as api } from "../helpers/src-api.js";
import { timedExercise } from "../helpers/hostile.js";
import { applyMutations, BOUNDARY_VALUES, elfFields, type Mutation } from "../helpers/mutate.js";
import { seedImages } from "../helpers/seeds.js";

const HANG_MS = 1000;
/** The boundary values tried exhaustively on every field (the random tests use all of BOUNDARY_VALUES). */
const EDGES = [0n, 1n, 4n, 8n, 0x40n, 0xffffn, 0x7fffffffn, 0x80000000n, 0xffffffffn, 2n ** 53n, 2n ** 63n, 2n ** 64n - 1n];
const SEEDS = seedImages();
const FIELDS = SEEDS.map((s) => elfFields(s.bytes));

function check(bytes: Uint8Array): void {
  const { ms } = timedExercise(api, bytes);
  expect(ms).toBeLessThan(HANG_MS);
}

const boundary = fc.constantFrom(...BOUNDARY_VALUES);
const mutation: fc.Arbitrary<Mutation> = fc.oneof(
  { weight: 4, arbitrary: fc.record({ kind: fc.constant("field" as const), field: fc.nat(), value: fc.oneof(boundary, fc.bigInt({ min: 0n, max: 2n ** 64n - 1n })) }) },
  { weight: 2, arbitrary: fc.record({ kind: fc.constant("flip" as const), pos: fc.nat(), bit: fc.nat({ max: 7 }) }) },
  { weight: 1, arbitrary: fc.record({ kind: fc.constant("byte" as const), pos: fc.nat(), value: fc.nat({ max: 255 }) }) },
  { weight: 1, arbitrary: fc.record({ kind: fc.constant("truncate" as const), pos: fc.nat() }) },
  { weight: 1, arbitrary: fc.record({ kind: fc.constant("copy" as const), from: fc.nat(), to: fc.nat(), length: fc.integer({ min: 1, max: 64 }) }) },
);

describe("hostile input", () => {
  it("has seeds with fields to mutate", () => {
    expect(SEEDS.length).toBeGreaterThanOrEqual(13);
    for (const f of FIELDS) expect(f.length).toBeGreaterThan(20);
  });

  it("random bytes", () => {
    fc.assert(fc.property(fc.uint8Array({ maxLength: 4096 }), check), { numRuns: 300 });
  });

  it("random bytes behind a valid ELF identification", () => {
    const ident = fc.tuple(fc.constantFrom(1, 2), fc.constantFrom(1, 2));
    fc.assert(fc.property(ident, fc.uint8Array({ minLength: 0, maxLength: 2048 }), ([cls, data], tail) => {
      const b = new Uint8Array(16 + tail.length);
      b.set([0x7f, 0x45, 0x4c, 0x46, cls, data, 1]);
      b.set(tail, 16);
      check(b);
    }), { numRuns: 300 });
  });

  it("structured mutations of valid ELF32/ELF64 LE/BE images", () => {
    fc.assert(fc.property(fc.nat({ max: SEEDS.length - 1 }), fc.array(mutation, { minLength: 1, maxLength: 6 }), (i, muts) => {
      check(applyMutations(SEEDS[i]!.bytes, muts, FIELDS[i]));
    }), { numRuns: 1500 });
  });

  it("every single field set to every boundary value (one seed per class, byte order and layout)", () => {
    let cases = 0;
    const chosen = new Set(["elf32le-sample", "elf64be-sample", "elf32be-segments", "elf64le-extended"]);
    SEEDS.forEach((seed, i) => {
      if (!chosen.has(seed.name)) return;
      FIELDS[i]!.forEach((_, field) => {
        for (const value of EDGES) {
          check(applyMutations(seed.bytes, [{ kind: "field", field, value }], FIELDS[i]));
          cases++;
        }
      });
    });
    expect(cases).toBeGreaterThan(3000);
  });

  it("every truncation of one image of each class", () => {
    for (const seed of SEEDS.filter((s) => s.name.endsWith("-sample"))) {
      for (let n = 0; n <= seed.bytes.length; n++) check(seed.bytes.subarray(0, n));
    }
  });
});
