/**
 * What the catalogue of known providers adds to a uprobe definition: a name
 * for each fetch argument (`filename=` instead of `arg1=`), C strings read as
 * strings, pointers shown in hex, and a type for an argument whose note has
 * no size prefix.
 *
 * A C string is a pointer held where the operand says, so the fetch reads
 * the text it points to: `+0(FETCHARG):string` (`+0(%bp):string` for a
 * pointer in a register, `+0(+8(%sp)):string` for one in memory). Only a
 * pointer-sized operand is dereferenced, never a constant, and never a
 * string that is not NUL-terminated (HotSpot's symbols, whose length is in
 * the next argument): uprobes have no counted string, so those stay an
 * address (`x64`).
 *
 * Names follow the kernel's rules for a fetch argument
 * (kernel/trace/trace_probe.c): a C identifier of fewer than 32 characters
 * (`MAX_ARG_NAME_LEN`), none used twice in a definition, and none of the
 * fields every event has (`common_pid`, ...) or the probe's own
 * (`__probe_ip`); an argument whose name breaks one of them keeps `argN`.
 */
import { cTypeInfo } from "../providers/ctype.js";
import type { ProviderArgument } from "../providers/types.js";
import type { ProbeArgument } from "../stapsdt/args/types.js";
import { uprobeType } from "./uprobe.js";

/** Fields of every trace event and of probe events, which an argument cannot be called. */
const RESERVED = new Set(["common_type", "common_flags", "common_preempt_count", "common_pid", "common_tgid", "__probe_ip", "__probe_ret_ip", "__probe_func"]);
const IDENTIFIER = /^[A-Za-z_][A-Za-z0-9_]{0,30}$/;

/**
 * The names of a definition's fetch arguments: `known`'s where the kernel
 * takes them, `argN` (1-based) otherwise.
 */
export function fetchArgNames(count: number, known: readonly ProviderArgument[] | undefined): string[] {
  const names: string[] = [];
  const used = new Set<string>();
  for (let i = 0; i < count; i++) {
    const n = known?.[i]?.name;
    names.push(n !== undefined && IDENTIFIER.test(n) && !RESERVED.has(n) && !used.has(n) ? n : "");
    if (n !== undefined) used.add(n);
  }
  // `argN` for the rest, unless a known name took it (then `argN_`, and so on).
  return names.map((n, i) => {
    if (n !== "") return n;
    let name = `arg${i + 1}`;
    while (used.has(name)) name += "_";
    used.add(name);
    return name;
  });
}

/** `fetch` (from `uprobeFetchArg(arg, ...)`) as `known` says to read it, in a file of class `elfClass`. */
export function typedFetch(
  arg: ProbeArgument, f: { readonly fetch: string; readonly note?: string }, known: ProviderArgument, elfClass: 32 | 64,
): { readonly fetch: string; readonly note?: string } {
  const info = cTypeInfo(known.type, elfClass);
  if (info === null || arg.float) return f;
  const given = uprobeType(arg);
  if (given === null && arg.size !== null) return f;
  // The fetch without its type (a high-byte register's bitfield has its own: left as it is).
  const bare = given === null ? f.fetch : f.fetch.endsWith(`:${given}`) ? f.fetch.slice(0, -given.length - 1) : null;
  if (bare === null) return f;
  const word = elfClass / 8;
  const size = arg.size ?? info.size;
  if (info.pointer && size === word) {
    if (known.string && known.length === undefined && !bare.startsWith("\\")) return { fetch: `+0(${bare}):string` };
    return { fetch: `${bare}:x${size * 8}` };
  }
  // No size prefix: the C type gives size and sign.
  if (arg.size === null && [1, 2, 4, 8].includes(info.size)) return { fetch: `${bare}:${info.signed ? "s" : "u"}${info.size * 8}` };
  return f;
}
