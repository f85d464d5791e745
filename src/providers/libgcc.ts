/**
 * libgcc's `libgcc` provider: the `PROBE2 (unwind, ...)` of the DWARF
 * unwinder (`libgcc/unwind-dw2.c`, GCC 4.7 and later), fired before it jumps
 * to a landing pad: the canonical frame address and the handler's address.
 */
import type { ProviderData } from "./types.js";

export const libgcc: ProviderData = {
  provider: "libgcc",
  source: "GCC libgcc/unwind-dw2.c, 4.7+",
  probes: ["unwind(void *cfa, void *handler)"],
};
