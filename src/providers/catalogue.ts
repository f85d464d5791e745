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
import { php } from "./php.js";
import { postgresql } from "./postgresql.js";
import { python } from "./python.js";
import { ruby } from "./ruby.js";
import { parseSignature } from "./signature.js";
import type { ProbeDescription, ProviderData } from "./types.js";

/** The provider modules of the catalogue. */
export const PROVIDERS: readonly ProviderData[] = [python, postgresql, hotspot, hotspotJni, hsPrivate, ruby, php, libstdcxx, libgcc];

/** `provider\0name` -> the descriptions of that probe, one per argument count. */
let table: Map<string, ProbeDescription[]> | null = null;

function build(): Map<string, ProbeDescription[]> {
  const t = new Map<string, ProbeDescription[]>();
  for (const p of PROVIDERS) {
    for (const s of p.probes) {
      const { name, args } = parseSignature(s);
      const key = `${p.provider}\0${name}`;
      const list = t.get(key) ?? [];
      if (list.some((d) => d.args.length === args.length)) throw new Error(`${p.provider}:${name} twice with ${args.length} arguments`);
      list.push({ args, source: p.source });
      t.set(key, list);
    }
  }
  return t;
}

/** True when the catalogue has a probe `provider:name` with any number of arguments. */
export function isKnownProbe(provider: string, name: string): boolean {
  return (table ??= build()).has(`${provider}\0${name}`);
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
  const list = (table ??= build()).get(`${provider}\0${name}`);
  return list?.find((d) => d.args.length === argCount) ?? null;
}
