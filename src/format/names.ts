/**
 * The catalogue's description of a probe site, for the formats that name
 * arguments: the site's argument count is taken from its argument string
 * (without parsing the operands) only when the catalogue knows the
 * provider:name at all, so unknown probes cost one map lookup.
 */
import { countArguments } from "../stapsdt/args/split.js";
import { describeProbe, isKnownProbe } from "../providers/catalogue.js";
import type { ProbeDescription } from "../providers/types.js";

/** The description of a site's probe, or `null` when the catalogue has none for its argument count. */
export function siteDescription(site: { readonly provider: string; readonly name: string; readonly arguments: string }): ProbeDescription | null {
  if (!isKnownProbe(site.provider, site.name)) return null;
  return describeProbe(site.provider, site.name, countArguments(site.arguments));
}
