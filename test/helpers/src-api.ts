/**
 * The hostile-input oracle's API over `src/`: every public entry merged into
 * one object, plus the internal `walkProbes` (see `LibApi` in hostile.ts).
 * `npm run fuzz` builds the same object from `dist/`.
 */
import * as core from "../../src/index.js";
import * as elf from "../../src/entries/elf.js";
import * as notes from "../../src/entries/notes.js";
import * as loader from "../../src/entries/loader.js";
import { walkProbes } from "../../src/stapsdt/list.js";
import type { LibApi } from "./hostile.js";

export const SRC_API: LibApi = { ...core, ...elf, ...notes, ...loader, walkProbes };
