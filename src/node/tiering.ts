/**
 * How soon V8 optimizes the command's code, set once, before the command
 * runs (src/bin.ts; the library never sets it).
 *
 * V8 compiles a function with its optimizing compiler (TurboFan) once it has
 * run about 66 KB of bytecode (`--interrupt-budget`, 67,584 by default),
 * on background threads. A browser page lives for minutes; this command
 * lives for a fraction of a second, and at the default it has V8 compile
 * about a hundred functions that each run only a few thousand times: a scan
 * of /usr/lib spent some 570 ms of CPU on background compilation against
 * about 300 ms of its own work, on a machine of two cores, so the compiler
 * threads took the core the command needed. With a budget 15 times larger,
 * only the code that really runs hot (a 100,000-probe listing's loops) is
 * optimized, a little later: measured in docs/performance.md.
 *
 * `v8.setFlagsFromString` changes the flag for code that is compiled after
 * it; the command's functions are compiled lazily, on first call, so that is
 * all of them. It is the same setting as `node --interrupt-budget=...`,
 * which a `#!` line cannot pass portably.
 */
import { setFlagsFromString } from "node:v8";

/** Bytecode bytes a function runs between V8's checks for optimizing it (V8's default: 67,584). */
export const INTERRUPT_BUDGET = 1_000_000;

/** Sets the budget for the rest of the process. */
export function setCommandTiering(): void {
  setFlagsFromString(`--interrupt-budget=${INTERRUPT_BUDGET}`);
}
