/**
 * Register tables: each architecture lists its registers as data, and a
 * parser looks a written name up in one map. The register objects are
 * created once (when the table is first used) and frozen, so a parsed
 * argument shares them instead of allocating its own.
 */
import type { ProbeRegister } from "./types.js";

/** Written name (with sigil, exactly as in the operand) → register. */
export type RegisterTable = ReadonlyMap<string, ProbeRegister>;

/** A register entry. */
export function reg(name: string, canonical: string, dwarf: number, ptRegsOffset: number | null, width: number): ProbeRegister {
  return Object.freeze({ name, canonical, dwarf, ptRegsOffset, width });
}

/**
 * A register table, built on first use from `regs` (a name listed twice is
 * a bug in the table, thrown then). Lazy because a command parses the
 * operands of one architecture, and building every table when the module
 * loads (over a thousand frozen registers) cost each command about 1 ms.
 */
export function registerTable(regs: () => Iterable<ProbeRegister>): RegisterTable {
  return new LazyRegisterTable(regs);
}

class LazyRegisterTable implements ReadonlyMap<string, ProbeRegister> {
  readonly #build: () => Iterable<ProbeRegister>;
  #map: Map<string, ProbeRegister> | null = null;

  constructor(build: () => Iterable<ProbeRegister>) {
    this.#build = build;
  }

  get #table(): Map<string, ProbeRegister> {
    return (this.#map ??= this.#fill());
  }

  #fill(): Map<string, ProbeRegister> {
    const map = new Map<string, ProbeRegister>();
    for (const r of this.#build()) {
      if (map.has(r.name)) throw new Error(`duplicate register name ${r.name}`);
      map.set(r.name, r);
    }
    return map;
  }

  get(name: string): ProbeRegister | undefined {
    // The parsers' one lookup per register operand: the map without the getter's call.
    return (this.#map ?? this.#table).get(name);
  }
  has(name: string): boolean {
    return this.#table.has(name);
  }
  get size(): number {
    return this.#table.size;
  }
  forEach(visit: (value: ProbeRegister, key: string, map: ReadonlyMap<string, ProbeRegister>) => void, thisArg?: unknown): void {
    for (const [name, r] of this.#table) visit.call(thisArg, r, name, this);
  }
  entries(): MapIterator<[string, ProbeRegister]> {
    return this.#table.entries();
  }
  keys(): MapIterator<string> {
    return this.#table.keys();
  }
  values(): MapIterator<ProbeRegister> {
    return this.#table.values();
  }
  [Symbol.iterator](): MapIterator<[string, ProbeRegister]> {
    return this.#table[Symbol.iterator]();
  }
}

/** `[0, 1, ..., n-1]`. */
export const range = (n: number): number[] => Array.from({ length: n }, (_, i) => i);
