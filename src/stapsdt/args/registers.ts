/**
 * Register tables: each architecture lists its registers as data, and a
 * parser looks a written name up in one map. The register objects are
 * created once and frozen, so a parsed argument shares them instead of
 * allocating its own.
 */
import type { ProbeRegister } from "./types.js";

/** Written name (with sigil, exactly as in the operand) → register. */
export type RegisterTable = ReadonlyMap<string, ProbeRegister>;

/** A register entry. */
export function reg(name: string, canonical: string, dwarf: number, ptRegsOffset: number | null, width: number): ProbeRegister {
  return Object.freeze({ name, canonical, dwarf, ptRegsOffset, width });
}

/** Builds a lookup table; a name listed twice is a bug in the table. */
export function registerTable(regs: Iterable<ProbeRegister>): RegisterTable {
  const map = new Map<string, ProbeRegister>();
  for (const r of regs) {
    if (map.has(r.name)) throw new Error(`duplicate register name ${r.name}`);
    map.set(r.name, r);
  }
  return map;
}

/** `[0, 1, ..., n-1]`. */
export const range = (n: number): number[] => Array.from({ length: n }, (_, i) => i);
