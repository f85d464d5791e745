/**
 * The page: open a file (picker, drop, or `?url=`), read the ranges the
 * core asks for (`prefetch.ts`), and show its identity, probes, tracer
 * lines and notes. Nothing is sent anywhere: a picked file is read by the
 * browser from disk, a URL is fetched with GET.
 *
 * `document.body.dataset.state` is `idle`, `loading`, `ready` or `error`,
 * and `#status` carries `data-bytes-read`, `data-reads` and `data-size`:
 * the page says how little it read, and the browser test checks it.
 */
import type { Probe, ProbeFilter } from "../index.js";
import { byId, copyText, formatBytes, h } from "./dom.js";
import { errorLine, notesView, probesView, tracerLines, warningLine, type ProbesView } from "./inspect.js";
import { prefetchNotes, prefetchTables, SparseSource, withBytes } from "./prefetch.js";
import { blobRanges, urlRanges, type RangeReader } from "./ranges.js";
import { identityList, lineList, MAX_ROWS, notesBlock, probeTable } from "./view.js";

/** The file on show, and what can be recomputed from it without reading more. */
interface Opened {
  readonly name: string;
  readonly reader: RangeReader;
  readonly source: SparseSource;
  readonly started: number;
}

let current: Opened | null = null;
/** Each open gets a number, so that a slow open that finishes after a newer one draws nothing. */
let generation = 0;

const setState = (s: "idle" | "loading" | "ready" | "error"): void => {
  document.body.dataset.state = s;
};

function say(text: string): void {
  byId("status").textContent = text;
}

function showError(line: string): void {
  const el = byId("error");
  el.textContent = line;
  el.hidden = false;
}

/** Shows how much of the file was read. */
function showReadStats(o: Opened): void {
  const s = byId("status");
  const ms = Math.round(performance.now() - o.started);
  const r = o.reader;
  const used = `${formatBytes(r.bytesRead)} of ${formatBytes(r.size)} in ${r.reads} read${r.reads === 1 ? "" : "s"} (${ms} ms)`;
  s.textContent =
    r.mode === "file" ? `Read ${used} of the file on this computer; nothing was uploaded.`
    : r.mode === "ranges" ? `Fetched ${used} by range request.`
    : `The server sent the whole file (it does not answer range requests); the parser used ${used}.`;
  s.dataset.bytesRead = String(o.reader.bytesRead);
  s.dataset.reads = String(o.reader.reads);
  s.dataset.size = String(o.reader.size);
}

function resetView(): void {
  for (const id of ["error", "identity", "probes", "tracers", "notes"]) byId(id).hidden = true;
  for (const id of ["identity-body", "probe-body", "notes-body"]) byId(id).replaceChildren();
  byId("uprobe").textContent = "";
  byId("bpftrace").textContent = "";
}

/** Opens `reader` as the file `name`: reads its tables and notes, then draws everything. */
async function open(name: string, readerOf: () => Promise<RangeReader>): Promise<void> {
  const mine = ++generation;
  current = null;
  resetView();
  setState("loading");
  say(`Reading ${name}…`);
  const started = performance.now();
  let reader: RangeReader;
  try {
    reader = await readerOf();
  } catch (e) {
    if (mine !== generation) return;
    showError(errorLine(name, e));
    say("");
    setState("error");
    return;
  }
  const o: Opened = { name, reader, source: new SparseSource(reader.size), started };
  try {
    await prefetchTables(o.source, reader);
    // Opens the file: one that is not ELF fails here, with the command's message.
    await prefetchNotes(o.source, reader);
  } catch (e) {
    if (mine !== generation) return;
    showError(errorLine(name, e));
    showReadStats(o);
    setState("error");
    return;
  }
  if (mine !== generation) return;
  current = o;
  byId<HTMLInputElement>("target").value = name;
  try {
    await Promise.all([drawProbes(o), drawNotes(o)]);
  } catch (e) {
    // A read that failed after the tables (a URL gone, a file changed on disk).
    if (mine !== generation) return;
    showError(errorLine(name, e));
  }
  if (mine !== generation) return;
  showReadStats(o);
  setState(byId("error").hidden ? "ready" : "error");
}

/** The filter as the two glob fields give it (an empty field filters nothing). */
function filter(): ProbeFilter {
  const provider = byId<HTMLInputElement>("provider").value.trim();
  const name = byId<HTMLInputElement>("name").value.trim();
  return { ...(provider ? { provider } : {}), ...(name ? { name } : {}) };
}

/** Identity, probe table, warnings and tracer lines, for the current filter. */
async function drawProbes(o: Opened): Promise<void> {
  let shown: ProbesView;
  try {
    shown = await withBytes(o.source, o.reader, (file) => probesView(file, o.name, filter()));
  } catch (e) {
    if (o !== current) return;
    showError(errorLine(o.name, e));
    return;
  }
  if (o !== current) return;
  byId("identity-body").replaceChildren(identityList(shown.record, o.reader.size));
  byId("identity").hidden = false;
  const { probes, record } = shown;
  const body = byId("probe-body");
  const filtered = filter().provider !== undefined || filter().name !== undefined;
  byId("probe-count").textContent = `${probes.length} site${probes.length === 1 ? "" : "s"}${filtered ? " match" : ""}`;
  const parts: Node[] = [];
  if (probes.length === 0) parts.push(h("p", { class: "empty" }, filtered ? "(no probes match)" : "(no SDT probes)"));
  else parts.push(h("div", { class: "scroll" }, probeTable(probes)));
  if (probes.length > MAX_ROWS) {
    parts.push(h("p", { class: "note" }, `Showing the first ${MAX_ROWS} of ${probes.length} sites; the filter narrows them.`));
  }
  if (record.warnings.length > 0) {
    parts.push(lineList(record.warnings.map((w) => warningLine(o.name, w)), "warnings"));
  }
  body.replaceChildren(...parts);
  byId("probes").hidden = false;
  await drawTracerLines(o, probes);
}

async function drawTracerLines(o: Opened, probes: readonly Probe[]): Promise<void> {
  const path = byId<HTMLInputElement>("target").value.trim() || o.name;
  const lines = await withBytes(o.source, o.reader, (file) => tracerLines(file, probes, path));
  if (o !== current) return;
  byId("uprobe").textContent = lines.uprobe;
  byId("bpftrace").textContent = lines.bpftrace;
  byId("tracers").hidden = probes.length === 0;
}

async function drawNotes(o: Opened): Promise<void> {
  const view = await withBytes(o.source, o.reader, notesView);
  if (o !== current) return;
  byId("notes-body").replaceChildren(...notesBlock(view));
  byId("notes").hidden = false;
}

/** Redraws the probes after a pause in typing (a file of 100,000 probes takes a moment to list). */
function debounced(run: () => void, ms = 150): () => void {
  let timer: ReturnType<typeof setTimeout> | undefined;
  return () => {
    clearTimeout(timer);
    timer = setTimeout(run, ms);
  };
}

function wire(): void {
  const picker = byId<HTMLInputElement>("file");
  picker.addEventListener("change", () => {
    const f = picker.files?.[0];
    if (f) void open(f.name, async () => blobRanges(f));
  });

  // Drop anywhere on the page.
  const zone = byId("drop");
  document.addEventListener("dragover", (e) => {
    e.preventDefault();
    zone.classList.add("over");
  });
  document.addEventListener("dragleave", (e) => {
    if (e.relatedTarget === null) zone.classList.remove("over");
  });
  document.addEventListener("drop", (e) => {
    e.preventDefault();
    zone.classList.remove("over");
    const f = e.dataTransfer?.files[0];
    if (f) void open(f.name, async () => blobRanges(f));
  });

  const redraw = debounced(() => {
    if (current) void drawProbes(current);
  });
  byId("provider").addEventListener("input", redraw);
  byId("name").addEventListener("input", redraw);
  byId("filter").addEventListener("submit", (e) => {
    e.preventDefault();
    if (current) void drawProbes(current);
  });
  const explain = byId<HTMLInputElement>("explain");
  const showExplanations = (): void => {
    byId("probes").classList.toggle("explaining", explain.checked);
  };
  explain.addEventListener("change", showExplanations);
  showExplanations(); // a reload may keep the box checked
  byId("target").addEventListener("input", debounced(() => {
    if (current) void drawProbes(current);
  }));

  for (const [button, pre] of [["copy-uprobe", "uprobe"], ["copy-bpftrace", "bpftrace"]] as const) {
    byId(button).addEventListener("click", () => {
      void copyText(byId(pre).textContent ?? "").then((ok) => {
        byId("copy-status").textContent = ok ? "Copied." : "Could not copy: select the lines and copy them by hand.";
      });
    });
  }

  const url = new URLSearchParams(location.search).get("url");
  if (url) {
    const name = decodeURIComponent(new URL(url, location.href).pathname.split("/").pop() || url);
    void open(name, () => urlRanges(url));
  } else {
    setState("idle");
  }
}

wire();
