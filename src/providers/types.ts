/**
 * What a provider's probe definitions say about a probe's arguments, which
 * the note does not: `<sys/sdt.h>` records each argument's size and where it
 * is (`-4@%edx`), never its name or C type. Those live in the provider's D
 * file (`provider python { probe function__entry(const char *, ...); }`),
 * in its documentation and in its tapsets; the modules of this directory
 * hold them as data, one module per provider.
 */

/** One argument of a known probe. */
export interface ProviderArgument {
  /** The name the provider's sources or documentation give it (`filename`). */
  readonly name: string;
  /** Its C type as the probe definition writes it (`const char *`). */
  readonly type: string;
  /** True for a C string (`char *`): a pointer to text in the traced process. */
  readonly string: boolean;
  /**
   * For a string that is not NUL-terminated (HotSpot's `char *` with a
   * length beside it), the 0-based position of the argument that holds its
   * length in bytes; absent for NUL-terminated strings.
   */
  readonly length?: number;
}

/** What the catalogue knows of one probe (see `describeProbe`). */
export interface ProbeDescription {
  readonly args: readonly ProviderArgument[];
  /** Where the facts come from: file and version (`CPython Include/pydtrace.d, 3.6-3.13`). */
  readonly source: string;
}

/**
 * A provider's module: its probes as signatures, `name(type arg, ...)` in C
 * declaration syntax (see `signature.ts`), and where they come from. A probe
 * with more than one signature (versions that differ in argument count) lists
 * each; the count of the note's arguments picks one.
 */
export interface ProviderData {
  readonly provider: string;
  readonly source: string;
  readonly probes: readonly string[];
}
