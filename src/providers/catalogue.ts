/**
 * The catalogue of known providers, and {@link describeProbe}: what a probe's
 * arguments are called and what C type each has, when its provider is one
 * the catalogue knows.
 *
 * A probe matches an entry when provider, name and argument count agree: a
 * note whose count differs (another version of the program, or another
 * program that reuses the provider's name) gets nothing, so the names shown
 * are never those of other arguments. The modules are parsed once, on the
 * first lookup.
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

/** provider -> name -> the descriptions of that probe, one per argument count (no key string made per lookup). */
let table: Map<string, Map<string, ProbeDescription[]>> | null = null;

function build(): Map<string, Map<string, ProbeDescription[]>> {
  const t = new Map<string, Map<string, ProbeDescription[]>>();
  for (const p of PROVIDERS) {
    const names = t.get(p.provider) ?? new Map<string, ProbeDescription[]>();
    t.set(p.provider, names);
    for (const s of p.probes) {
      const { name, args } = parseSignature(s);
      const list = names.get(name) ?? [];
      if (list.some((d) => d.args.length === args.length)) throw new Error(`${p.provider}:${name} twice with ${args.length} arguments`);
      list.push({ args, source: p.source });
      names.set(name, list);
    }
  }
  return t;
}

/** True when the catalogue has a probe `provider:name` with any number of arguments. */
export function isKnownProbe(provider: string, name: string): boolean {
  return (table ??= build()).get(provider)?.has(name) === true;
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
  const list = (table ??= build()).get(provider)?.get(name);
  return list?.find((d) => d.args.length === argCount) ?? null;
}
