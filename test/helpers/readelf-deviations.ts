/**
 * Where `stapsdt-ls -n` deliberately differs from GNU readelf 2.40, by fixture
 * path (relative to fixtures/binaries). Every other file must match readelf's
 * stdout byte for byte and its exit status. A listed file must show exactly
 * the deviation named here, so the list cannot hide a new difference.
 */
export interface Deviation {
  readonly why: string;
  /** What we print instead: stdout and exit status. */
  readonly ours: { readonly stdout: string; readonly status: number };
}

const REFUSED = { stdout: "", status: 1 } as const;

export const READELF_DEVIATIONS: Readonly<Record<string, Deviation>> = {
  "malformed/bad-class": {
    why: "EI_CLASS 3 is refused (INVALID_CLASS); readelf reads any class but 2 as ELF32 and here prints nothing, status 0",
    ours: REFUSED,
  },
  "malformed/bad-data": {
    why: "EI_DATA 0 is refused (INVALID_DATA); readelf reads ELFDATANONE as little-endian and prints the notes",
    ours: REFUSED,
  },
};
