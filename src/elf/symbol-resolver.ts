/**
 * Symbol names to link-time addresses, for operands that name a symbol
 * (`-4@glob_i(%rip)` on x86-64, `$sym` immediates): the uprobe writer needs
 * the address to turn the operand into a fetch argument.
 */
import { STB } from "./constants.js";
import { hex } from "./errors.js";
import type { SymbolTable } from "./symbols.js";

/** A symbol's link-time address, or why there is none. `note` is said in a comment when the address is used. */
export type SymbolResolution = { readonly address: bigint; readonly note?: string } | { readonly error: string };

/** Looks a symbol up by name; must not throw. */
export type SymbolResolver = (name: string) => SymbolResolution;

/**
 * A {@link SymbolResolver} over a file's symbol table (which is read on the
 * first lookup, if not yet read).
 *
 * A name with one address is used as is. A name with several addresses (a
 * `static` variable of that name in several files, or one next to a global)
 * resolves to the global definition when there is exactly one, with a note
 * saying so — a reference from the file that has the `static` would mean that
 * one instead, and the table cannot tell; with no single global it is an
 * error.
 */
export function symbolResolver(table: SymbolTable): SymbolResolver {
  return (name) => {
    const defs = table.definitions(name);
    if (defs.length === 0) {
      if (table.section === null) {
        const why = table.warnings[0] ? ` (${table.warnings[0].message})` : "";
        return { error: `symbol ${name}: the file has no usable symbol table${why}` };
      }
      return { error: `symbol ${name} not in ${table.section.name || "the symbol table"}` };
    }
    const chosen = table.lookup(name)!;
    const addresses = new Set(defs.map((d) => d.value));
    if (addresses.size === 1) return { address: chosen.value };
    const globals = new Set(defs.filter((d) => d.binding !== STB.STB_LOCAL).map((d) => d.value));
    if (globals.size === 1) {
      return { address: chosen.value, note: `${defs.length} definitions of ${name}; used the global one at ${hex(chosen.value)}` };
    }
    const list = [...addresses].slice(0, 4).map(hex).join(", ");
    return { error: `symbol ${name} has ${addresses.size} different addresses (${list}${addresses.size > 4 ? ", ..." : ""}); cannot tell which` };
  };
}
