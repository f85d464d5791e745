/**
 * `stapsdt/elf` under Node: the portable entry, plus the symbols of a file on
 * disk as a resolver for `renderUprobes` (read on first lookup).
 */
export * from "../elf.js";
export { fileSymbolResolver } from "../../node/symbols.js";
