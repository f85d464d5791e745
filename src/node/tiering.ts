/**
 * How soon V8 optimizes the command's code, set once, before the command
 * runs (src/bin.ts; the library never sets it).
 *
 * V8 compiles a function with its optimizing compiler (TurboFan) once it has
 * run about 66 KB of bytecode a few times over (`--interrupt-budget`, 67,584
 * by default), on background threads. A browser page lives for minutes; this
 * command lives for a fraction of a second, and at the default V8 compiles
 * about a hundred of its functions that each run only a few thousand times:
 * a scan of /usr/lib spent some 570 ms of CPU on background compilation
 * against about 300 ms of its own work, on a machine of two cores, so the
 * compiler threads took the core the command needed. At three times the
 * default, a third of those functions are compiled (some 130 ms of CPU),
 * and the scan takes about two thirds of the time; the loops of a 100,000-probe listing, which run
 * long enough to repay their compilation, are still compiled in time (its
 * time is within a few percent of the default's). At fifteen times, the
 * scan gains no more and those listings lose 20 to 35%. Measured in
 * docs/performance.md.
 *
 * `v8.setFlagsFromString` changes the flag for code that is compiled after
 * it; the command's functions are compiled lazily, on first call, so that is
 * all of them. It is the same setting as `node --interrupt-budget=...`,
 * which a `#!` line cannot pass portably.
 */
import { setFlagsFromString } from "node:v8";

/** Bytecode bytes a function runs between V8's checks for optimizing it (V8's default: 67,584). */
export const INTERRUPT_BUDGET = 200_000;

/** Sets the budget for the rest of the process. */
export function setCommandTiering(): void {
  setFlagsFromString(`--interrupt-budget=${INTERRUPT_BUDGET}`);
}
