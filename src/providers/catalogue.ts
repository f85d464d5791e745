/**
 * The catalogue of known providers, and {@link describeProbe}: what a probe's
 * arguments are called and what C type each has, when its provider is one
 * the catalogue knows.
 *
 * A probe matches an entry when provider, name and argument count agree: a
 * note whose count differs (another version of the program, or another
 * program that reuses the provider's name) gets nothing, so the names shown
 * are never those of other arguments.
 *
 * The catalogue holds about 700 signatures (`hotspot_jni` alone 475) and a
 * file uses a few of them, so each is parsed when its probe is
 * first looked up: a provider's signatures are grouped by name on its first
 * lookup (the name is what comes before `(`), and a name's signatures are
 * parsed on the first lookup of that name. A test parses every signature.
 */
import { hotspot } from "./hotspot.js";
import { hotspotJni } from "./hotspot-jni.js";
import { hsPrivate } from "./hs-private.js";
import { libgcc } from "./libgcc.js";
import { libstdcxx } from "./libstdcxx.js";
import { libvirt } from "./libvirt.js";
import { php } from "./php.js";
import { postgresql } from "./postgresql.js";
import { python } from "./python.js";
import { ruby } from "./ruby.js";
import { parseSignature } from "./signature.js";
import type { ProbeDescription, ProviderData } from "./types.js";

/** The provider modules of the catalogue. */
export const PROVIDERS: readonly ProviderData[] = [python, postgresql, hotspot, hotspotJni, hsPrivate, ruby, php, libvirt, libstdcxx, libgcc];

/**
 * The probes of one provider by name: the descriptions of the name, one per
 * argument count, once parsed; before that, the signatures with that name
 * and the sources they come from.
 */
type ProviderIndex = Map<string, ProbeDescription[] | Unparsed>;
interface Unparsed {
  readonly signatures: string[];
  readonly sources: string[];
}

/** provider -> its modules, then its index once looked up (no key string made per lookup). */
let providers: Map<string, ProviderData[] | ProviderIndex> | null = null;

function providerModules(): Map<string, ProviderData[] | ProviderIndex> {
  const t = new Map<string, ProviderData[]>();
  for (const p of PROVIDERS) {
    const list = t.get(p.provider);
    if (list === undefined) t.set(p.provider, [p]);
    else list.push(p);
  }
  return t;
}

/** The index of `provider`, or `undefined` when the catalogue does not know it. */
function providerIndex(provider: string): ProviderIndex | undefined {
  const t = (providers ??= providerModules());
  const entry = t.get(provider);
  if (entry === undefined || !Array.isArray(entry)) return entry;
  const index: ProviderIndex = new Map();
  for (const p of entry) {
    for (const s of p.probes) {
      // A signature without "(" is malformed: parseSignature says so when its name is looked up.
      const name = s.slice(0, s.indexOf("(")).trim();
      const u = index.get(name) as Unparsed | undefined;
      if (u === undefined) index.set(name, { signatures: [s], sources: [p.source] });
      else {
        u.signatures.push(s);
        u.sources.push(p.source);
      }
    }
  }
  t.set(provider, index);
  return index;
}

const NONE: readonly ProbeDescription[] = Object.freeze([]);

/**
 * The descriptions of probe `provider:name`, one per argument count (empty
 * when the catalogue does not know it): what {@link describeProbe} picks
 * from, for a caller that counts a probe's arguments only when there is
 * something to pick.
 */
export function probeDescriptions(provider: string, name: string): readonly ProbeDescription[] {
  const index = providerIndex(provider);
  const entry = index?.get(name);
  if (entry === undefined) return NONE;
  if (Array.isArray(entry)) return entry;
  const list: ProbeDescription[] = [];
  for (let i = 0; i < entry.signatures.length; i++) {
    const { args } = parseSignature(entry.signatures[i]!);
    if (list.some((d) => d.args.length === args.length)) throw new Error(`${provider}:${name} twice with ${args.length} arguments`);
    list.push({ args, source: entry.sources[i]! });
  }
  index!.set(name, list);
  return list;
}

/**
 * The names and C types of the arguments of probe `provider:name` with
 * `argCount` arguments, or `null` when the catalogue has no such probe.
 *
 * @example
 * ```ts
 * describeProbe("python", "function__entry", 3)?.args.map((a) => a.name); // ["filename", "funcname", "lineno"]
 * ```
 */
export function describeProbe(provider: string, name: string, argCount: number): ProbeDescription | null {
  for (const d of probeDescriptions(provider, name)) if (d.args.length === argCount) return d;
  return null;
}
