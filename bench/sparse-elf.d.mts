/** Writes the big sparse copy of the ELF64 little-endian file `base` to `out` (see sparse-elf.mjs); returns its size. */
export function writeSparseCopy(base: string, out: string, hole?: bigint): number;
