/**
 * The Node entry: everything in the portable core, plus file and process
 * access. `src/node.ts` and `src/node/` are the only modules that import Node
 * built-ins:
 *
 * - `node/files.ts`: positional file reads, `listFileProbes`;
 * - `node/deps.ts`: shared libraries as ld.so finds them (`--deps`);
 * - `node/process.ts`: objects mapped in a live process (`--pid`);
 * - `node/symbols.ts`: a file's symbols, read on first lookup (`--format uprobe`).
 */
export * from "./index.js";
export * from "./node/files.js";
export * from "./node/deps.js";
export * from "./node/process.js";
export * from "./node/symbols.js";
