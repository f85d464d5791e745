/**
 * Symbols of a file on disk, for `--format uprobe`: opened, read and closed
 * on the first lookup only, so listings that name no symbol never read the
 * symbol table. Node-only (part of the Node entry).
 */
import { symbolTable } from "../elf/symbols.js";
import { symbolResolver, type SymbolResolver } from "../elf/symbol-resolver.js";
import { withElfFile } from "./files.js";
import { isInputError } from "./errors.js";

/**
 * A {@link SymbolResolver} for the ELF file at `path` (see `symbolResolver`).
 * It never throws: a file that cannot be opened or read gives every symbol
 * that reason as its error.
 */
export function fileSymbolResolver(path: string): SymbolResolver {
  let inner: SymbolResolver | undefined;
  return (name) => {
    if (!inner) {
      try {
        inner = symbolResolver(withElfFile(path, (file) => {
          const table = symbolTable(file);
          void table.size; // read it while the file is open
          return table;
        }));
      } catch (e) {
        if (!isInputError(e)) throw e;
        const why = e instanceof Error ? e.message : String(e);
        inner = () => ({ error: `symbol table unreadable: ${why}` });
      }
    }
    return inner(name);
  };
}
