/**
 * Draws what `inspect.ts` computed: the file's identity, the probe table
 * (sites grouped under their `provider:name` as the command's table groups
 * them, with the file offsets and parsed arguments the table leaves out),
 * and the `readelf -n` text. Strings from the file are escaped with the
 * library's `printable`, as the command prints them.
 */
import { printable, type JsonFileRecord, type Probe, type ProbeArgument, type ProbeRegister } from "../index.js";
import { formatBytes, h } from "./dom.js";
import type { NotesView } from "./inspect.js";

/** More rows than this make the page slow to lay out; the filter narrows them. */
export const MAX_ROWS = 2000;

const hex = (v: bigint | null): string => (v === null ? "-" : `0x${v.toString(16)}`);

/** The identity list: class, byte order, machine, type, build ID, size. */
export function identityList(record: JsonFileRecord, size: number): HTMLElement {
  const item = (term: string, value: string, id: string): HTMLElement[] =>
    [h("dt", {}, term), h("dd", { id }, value)];
  return h("dl", { class: "identity" },
    ...item("File", printable(record.path), "id-path"),
    ...item("Class", record.class, "id-class"),
    ...item("Byte order", `${record.endian} endian`, "id-endian"),
    ...item("Machine", record.machine, "id-machine"),
    ...item("Type", record.type, "id-type"),
    ...item("Build ID", record.buildId ?? "none", "id-build-id"),
    ...item("Size", `${formatBytes(size)} (${size} bytes)`, "id-size"));
}

const COLUMNS = ["Provider", "Name", "Sites", "Address", "File offset", "Semaphore", "Semaphore offset", "Arguments"];

/**
 * The probe table: one row per site; the sites of one `provider:name` follow
 * the first, which names the probe and counts its sites (as the command's
 * table does). At most {@link MAX_ROWS} rows.
 */
export function probeTable(probes: readonly Probe[]): HTMLTableElement {
  const groups = new Map<string, Probe[]>();
  for (const p of probes) {
    const key = `${p.provider}\0${p.name}`;
    const g = groups.get(key);
    if (g) g.push(p);
    else groups.set(key, [p]);
  }
  const body = h("tbody");
  let rows = 0;
  for (const sites of groups.values()) {
    for (let i = 0; i < sites.length && rows < MAX_ROWS; i++, rows++) {
      body.append(siteRow(sites[i]!, i === 0 ? sites.length : 0));
    }
  }
  return h("table", { class: "probes" },
    h("thead", {}, h("tr", {}, ...COLUMNS.map((c) => h("th", { scope: "col" }, c)))),
    body);
}

/** One site; `sites` > 0 on the first site of its probe. */
function siteRow(p: Probe, sites: number): HTMLTableRowElement {
  const cell = (label: string, cls: string, ...content: (Node | string)[]): HTMLElement =>
    h("td", { "data-label": label, class: cls }, ...content);
  const first = sites > 0;
  const row = h("tr", { class: first ? "first" : "more", "data-provider": p.provider, "data-name": p.name },
    cell("Provider", "provider", first ? printable(p.provider) : ""),
    cell("Name", "name", first ? printable(p.name) : ""),
    cell("Sites", "sites", first ? String(sites) : ""),
    cell("Address", "address", hex(p.address)),
    cell("File offset", "offset", hex(p.offset)),
    cell("Semaphore", "semaphore", hex(p.semaphoreAddress)),
    cell("Semaphore offset", "semaphore-offset", hex(p.semaphoreOffset)),
    cell("Arguments", "arguments", ...argumentList(p)));
  return row;
}

/**
 * The arguments, each as written, with what it was parsed as: in its
 * `title` for the mouse, and in text that the "explain" switch shows (for
 * the keyboard, screen readers and phones, which have no hover).
 */
function argumentList(p: Probe): Node[] {
  return p.args.map((a) => {
    const what = describeArgument(a);
    return h("span", { class: `arg ${a.kind}`, title: what },
      h("code", {}, printable(a.text)), h("span", { class: "explain" }, printable(what)));
  });
}

const reg = (r: ProbeRegister): string => r.canonical;

/** `edx (part of rdx)`, or `rdi` when the operand names the whole register. */
function named(r: ProbeRegister): string {
  const bare = r.name.replace(/^[%$]/, "");
  return bare === r.canonical ? bare : `${bare} (part of ${r.canonical})`;
}

/** "4-byte signed, in memory at rsp + 112", for an argument's tooltip. */
export function describeArgument(a: ProbeArgument): string {
  const size = a.size === null ? "address-sized" : `${a.size}-byte`;
  const value = `${size} ${a.float ? "float" : a.signed ? "signed" : "unsigned"}`;
  switch (a.kind) {
    case "register":
      return `${value}, in register ${named(a.register)}`;
    case "memory": {
      const parts: string[] = [];
      if (a.segment) parts.push(`${reg(a.segment)}:`);
      if (a.symbol) parts.push(a.reloc ? `${a.reloc}(${a.symbol})` : a.symbol);
      // x86 `sym(%rip)` is the symbol's address itself: the assembler encodes it pc-relative.
      if (a.base && !(a.symbol && a.base.canonical === "rip")) parts.push(reg(a.base));
      if (a.index) parts.push(`${reg(a.index)}${a.extend ? ` ${a.extend}` : ""}${a.scale !== 1 ? ` × ${a.scale}` : ""}`);
      if (a.displacement !== 0n || parts.length === 0) parts.push(String(a.displacement));
      return `${value}, in memory at ${parts.join(" + ").replace(/\+ -/g, "- ")}`;
    }
    case "constant":
      return `${value}, constant ${a.value}${a.symbol ? ` + address of ${a.symbol}` : ""}`;
    case "unparsed":
      return `${value}, not parsed: ${a.reason}`;
  }
}

/** Lines of text as a list (warnings, diagnostics). */
export function lineList(lines: readonly string[], cls: string): HTMLUListElement {
  return h("ul", { class: cls }, ...lines.map((l) => h("li", {}, l)));
}

/** The `readelf -n` text and what readelf would say on stderr. */
export function notesBlock(view: NotesView): Node[] {
  const out: Node[] = [];
  if (view.text.length > 0) out.push(h("pre", { id: "readelf-text", class: "readelf", tabindex: "0" }, view.text));
  else out.push(h("p", { id: "readelf-text", class: "empty" }, "No notes."));
  if (view.diagnostics.length > 0) out.push(lineList(view.diagnostics, "diagnostics"));
  return out;
}
