/**
 * The catalogue's description of a probe site, for the formats that name
 * arguments: the site's argument count is taken from its argument string
 * (without parsing the operands) only when the catalogue knows the
 * provider:name at all, so unknown probes cost two map lookups.
 */
import { ArgumentSpans, countArguments } from "../stapsdt/args/split.js";
import { probeDescriptions } from "../providers/catalogue.js";
import type { ProbeDescription } from "../providers/types.js";

/** The description of a site's probe, or `null` when the catalogue has none for its argument count. */
export function siteDescription(site: { readonly provider: string; readonly name: string; readonly arguments: string }): ProbeDescription | null {
  const list = probeDescriptions(site.provider, site.name);
  if (list.length === 0) return null;
  const n = countArguments(site.arguments);
  for (const d of list) if (d.args.length === n) return d;
  return null;
}

/**
 * A site's argument string with each argument named from the catalogue
 * (`filename=8@%rbp funcname=8@%r12 lineno=-4@%eax`), or as it is when the
 * catalogue does not know the probe. Arguments are joined by one space.
 */
export function namedArguments(site: { readonly provider: string; readonly name: string; readonly arguments: string }): string {
  const known = siteDescription(site)?.args;
  if (!known) return site.arguments;
  const text = site.arguments;
  const spans = new ArgumentSpans(text);
  const parts: string[] = [];
  for (let i = 0; spans.next(); i++) parts.push(`${known[i]!.name}=${text.slice(spans.start, spans.end)}`);
  return parts.join(" ");
}
