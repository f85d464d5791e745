/**
 * What a C type of a probe definition says about the value: its size and
 * sign under the ILP32 and LP64 ABIs, and whether it is a pointer. The
 * typedefs the provider files use (`uintptr_t`, PostgreSQL's `Oid`, ...) are
 * resolved as those files define them.
 */

/** Size in bytes, sign and pointer-ness of a C type, or `null` for one not known here. */
export interface CTypeInfo {
  readonly size: number;
  readonly signed: boolean;
  readonly pointer: boolean;
}

/** Fixed-size types and the providers' typedefs: `[size, signed]` (size 0: the word size). */
const SCALARS: Record<string, readonly [number, boolean]> = {
  char: [1, true], "signed char": [1, true], "unsigned char": [1, false], bool: [1, false],
  short: [2, true], "unsigned short": [2, false], int: [4, true], "unsigned int": [4, false],
  long: [0, true], "unsigned long": [0, false], "long long": [8, true], "unsigned long long": [8, false],
  int8_t: [1, true], uint8_t: [1, false], int16_t: [2, true], uint16_t: [2, false],
  int32_t: [4, true], uint32_t: [4, false], int64_t: [8, true], uint64_t: [8, false],
  intptr_t: [0, true], uintptr_t: [0, false], size_t: [0, false], ssize_t: [0, true], pid_t: [4, true],
  // PostgreSQL's probes.d
  LocalTransactionId: [4, false], BlockNumber: [4, false], Oid: [4, false],
  LWLockMode: [4, true], LOCKMODE: [4, true], ForkNumber: [4, true],
};

/** What `type` says for a file of class `elfClass`. */
export function cTypeInfo(type: string, elfClass: 32 | 64): CTypeInfo | null {
  const word = elfClass / 8;
  if (type.endsWith("*")) return { size: word, signed: false, pointer: true };
  const s = SCALARS[type.replace(/^const /, "")];
  if (s === undefined) return null;
  return { size: s[0] === 0 ? word : s[0], signed: s[1], pointer: false };
}
