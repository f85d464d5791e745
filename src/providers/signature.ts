/**
 * The signature syntax of the provider modules: a probe as a C prototype,
 *
 *     function__entry(const char *filename, const char *funcname, int lineno)
 *     class__loaded(char *name[name_len], uintptr_t name_len, void *loader, uintptr_t shared)
 *
 * each parameter a C type followed by its name. `char *` and `const char *`
 * are strings; `[other]` after a string's name says it is not NUL-terminated
 * and the parameter `other` holds its length (HotSpot passes its symbols
 * so), and `[]` that a `char *` holds bytes, not text (`jbyte *`
 * buffers). `()` is a probe without arguments. Whatever a module writes, a bad
 * signature throws when the catalogue is built (a test builds it).
 */
import type { ProviderArgument } from "./types.js";

const PROBE = /^([A-Za-z_][A-Za-z0-9_]*)\((.*)\)$/;
const PARAM = /^(.*?[\s*])([A-Za-z_][A-Za-z0-9_]*)(?:\[([A-Za-z_][A-Za-z0-9_]*)?\])?$/;
const STRING = /^(?:const\s+)?char\s*\*$/;

/**
 * Parsed parameter lists by their text. Probes share them (`hotspot_jni` has
 * 475 signatures and 94 parameter lists; every `Call<T>Method`
 * takes `void *env, void *obj, uintptr_t methodID`), and a list is parsed
 * with a few regular expressions per parameter: each is parsed once, and
 * the probes that have it share its (read-only) arguments.
 */
const parsedLists = new Map<string, ProviderArgument[]>();

/** A probe's name and arguments from its signature. @throws Error on a malformed signature. */
export function parseSignature(signature: string): { name: string; args: ProviderArgument[] } {
  const m = PROBE.exec(signature.trim());
  if (!m) throw new Error(`bad probe signature: ${signature}`);
  const body = m[2]!.trim();
  let args = parsedLists.get(body);
  if (args === undefined) parsedLists.set(body, args = parseParameters(body, signature));
  return { name: m[1]!, args };
}

/** The arguments of a parameter list (`const char *s, int n`) of `signature`. */
function parseParameters(body: string, signature: string): ProviderArgument[] {
  const params = body === "" ? [] : body.split(",").map((p) => p.trim());
  const parsed = params.map((p) => {
    const q = PARAM.exec(p);
    if (!q) throw new Error(`bad parameter '${p}' in ${signature}`);
    const type = q[1]!.trim().replace(/\s+/g, " ").replace(/\s*\*/g, " *").replace(/\* \*/g, "**");
    return { name: q[2]!, type, lengthName: q[3], bytes: q[3] === undefined && p.endsWith("[]") };
  });
  const args = parsed.map(({ name, type, lengthName, bytes }): ProviderArgument => {
    const string = !bytes && STRING.test(type);
    if (lengthName === undefined) return { name, type, string };
    const length = parsed.findIndex((o) => o.name === lengthName);
    if (!string || length < 0) throw new Error(`bad length '${lengthName}' of ${name} in ${signature}`);
    return { name, type, string, length };
  });
  if (new Set(args.map((a) => a.name)).size !== args.length) throw new Error(`duplicate parameter name in ${signature}`);
  return args;
}
