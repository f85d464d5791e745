/**
 * The built page (dist/web/index.html) in headless browsers: opened with
 * `?url=` from a static server started here (which answers range requests,
 * as real servers do), with the file picker, and from file://. What it
 * shows is compared with what the command prints for the same file:
 * `--json` for the identity and probes, `-n`, `--format uprobe` and
 * `--format bpftrace`, and the error line. A 1 GiB sparse file must open
 * reading a few KiB.
 *
 * In Chromium and Firefox (through puppeteer-core: the DevTools protocol and
 * WebDriver BiDi): Debian's `chromium` and `firefox-esr` (.ci/run installs
 * them), or the `CHROMIUM` / `FIREFOX` environment variables; without a
 * browser its tests skip and say so.
 * Page-side code is given as strings: the test compiles without DOM types.
 */
import { execFileSync, spawnSync } from "node:child_process";
import * as fs from "node:fs";
import * as os from "node:os";
import * as path from "node:path";
import puppeteer, { type Browser, type Page } from "puppeteer-core";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { startStaticServer, type StaticServer } from "../helpers/static-server.js";
import { writeSparseCopy } from "../../bench/sparse-elf.mjs";

const ROOT = new URL("../../", import.meta.url).pathname;
const WEB = path.join(ROOT, "dist/web");
const BIN = path.join(ROOT, "dist/bin.cjs");
const FIXTURES = path.join(ROOT, "fixtures/binaries");
const PIE_DIR = path.join(FIXTURES, "x86_64");

const found = (...paths: (string | undefined)[]): string | undefined =>
  paths.find((p): p is string => p !== undefined && p !== "" && fs.existsSync(p));

/** The browsers the page is tested in, where this machine has them. */
const ENGINES = [
  {
    name: "Chromium",
    browser: "chrome",
    path: found(process.env.CHROMIUM, "/usr/bin/chromium", "/usr/bin/chromium-browser", "/usr/bin/google-chrome"),
    missing: "no Chromium at /usr/bin/chromium (.ci/run installs Debian's chromium; or set CHROMIUM)",
    // --no-sandbox: CI runs as root, where Chromium's sandbox refuses to start.
    args: ["--no-sandbox"],
  },
  {
    name: "Firefox",
    browser: "firefox",
    path: found(process.env.FIREFOX, "/usr/bin/firefox-esr", "/usr/bin/firefox"),
    missing: "no Firefox at /usr/bin/firefox-esr (.ci/run installs Debian's firefox-esr; or set FIREFOX)",
    args: [],
  },
] as const;

/** The command, run in `cwd` on relative paths, so that its lines name the file as the page does. */
function cli(cwd: string, ...args: string[]): { status: number; stdout: string; stderr: string } {
  const r = spawnSync(process.execPath, [BIN, ...args], { cwd, encoding: "utf8" });
  return { status: r.status ?? -1, stdout: r.stdout, stderr: r.stderr };
}

interface JsonRecord {
  class: string; endian: string; machine: string; type: string; buildId: string | null;
  probes: { provider: string; name: string; address: string; offset: string | null;
    semaphoreAddress: string | null; semaphoreOffset: string | null; args: { text: string }[] }[];
}

/** What the probe table shows, one object per row (continuation rows carry their probe in data attributes). */
const ROWS = `[...document.querySelectorAll("#probe-body tbody tr")].map((r) => ({
  provider: r.dataset.provider, name: r.dataset.name,
  address: r.querySelector(".address").textContent, offset: r.querySelector(".offset").textContent,
  semaphoreAddress: r.querySelector(".semaphore").textContent, semaphoreOffset: r.querySelector(".semaphore-offset").textContent,
  args: [...r.querySelectorAll(".arg code")].map((a) => a.textContent),
}))`;

const rowsOfJson = (record: JsonRecord): unknown[] => record.probes.map((p) => ({
  provider: p.provider, name: p.name, address: p.address, offset: p.offset ?? "-",
  semaphoreAddress: p.semaphoreAddress ?? "-", semaphoreOffset: p.semaphoreOffset ?? "-",
  args: p.args.map((a) => a.text),
}));

const text = (page: Page, selector: string): Promise<string> =>
  page.$eval(selector, (el) => (el as unknown as { textContent: string }).textContent);

describe.each(ENGINES)("the page in headless $name", (engine) => {
  const BROWSER = engine.path;
  const NO_BROWSER = engine.missing;
  let browser: Browser | null = null;
  let server: StaticServer;
  const tmp = fs.mkdtempSync(path.join(os.tmpdir(), "stapsdt-page-"));

  beforeAll(async () => {
    if (!BROWSER) return;
    if (!fs.existsSync(path.join(WEB, "index.html"))) throw new Error("dist/web/index.html is missing: run npm run build");
    server = await startStaticServer({ "/web/": WEB, "/fixtures/": FIXTURES, "/tmp/": tmp });
    browser = await puppeteer.launch({ browser: engine.browser, executablePath: BROWSER, headless: true, args: [...engine.args] });
  }, 60_000);

  afterAll(async () => {
    await browser?.close();
    await server?.close();
    fs.rmSync(tmp, { recursive: true, force: true });
  });

  /** A new page at `url`, waited for until it is ready or has failed; page errors fail the test. */
  async function load(url: string, before?: (page: Page) => Promise<void>): Promise<Page> {
    const page = await browser!.newPage();
    const errors: string[] = [];
    page.on("pageerror", (e) => errors.push(String(e)));
    await before?.(page);
    await page.goto(url);
    await settle(page);
    expect(errors).toEqual([]);
    return page;
  }

  // "idle": no file asked for. (The page's script is deferred, so by the
  // `load` event a `?url=` has already put it in "loading".)
  const settle = (page: Page): Promise<unknown> =>
    page.waitForFunction(`["idle", "ready", "error"].includes(document.body.dataset.state)`, { timeout: 30_000 });

  /** Chooses `file` in the page's file picker, as a user would. */
  async function pick(page: Page, file: string): Promise<void> {
    const input = await page.$("#file");
    await input!.uploadFile(file);
  }

  const pageUrl = (query = ""): string => `${server.origin}/web/index.html${query}`;

  it("shows the probes, identity, tracer lines and notes the command prints, and asks for nothing elsewhere", async (ctx) => {
    ctx.skip(!browser, NO_BROWSER);
    const requests: string[] = [];
    const page = await load(pageUrl("?url=/fixtures/x86_64/probes-pie"), async (p) => {
      p.on("request", (r) => void requests.push(r.url()));
    });
    expect(await page.evaluate("document.body.dataset.state")).toBe("ready");
    const record = (JSON.parse(cli(PIE_DIR, "--json", "probes-pie").stdout) as JsonRecord[])[0]!;
    expect(await page.evaluate(ROWS)).toEqual(rowsOfJson(record));
    expect(record.probes.length).toBe(10);
    expect(await text(page, "#id-build-id")).toBe(record.buildId);
    expect(await text(page, "#id-class")).toBe(record.class);
    expect(await text(page, "#id-endian")).toBe(`${record.endian} endian`);
    expect(await text(page, "#id-machine")).toBe(record.machine);
    expect(await text(page, "#id-type")).toBe(record.type);
    // The command's table groups sites under their probe and counts them.
    expect(await page.evaluate(`[...document.querySelectorAll("#probe-body td.sites")].map((c) => c.textContent).join(",")`))
      .toBe("1,1,1,1,1,1,2,,1,1");

    expect(await text(page, "#readelf-text")).toBe(cli(PIE_DIR, "-n", "probes-pie").stdout);
    expect(await text(page, "#uprobe")).toBe(cli(PIE_DIR, "--format", "uprobe", "probes-pie").stdout);
    expect(await text(page, "#bpftrace")).toBe(cli(PIE_DIR, "--format", "bpftrace", "probes-pie").stdout);

    // The target path field rewrites the lines.
    await page.$eval("#target", (el) => { (el as unknown as { value: string }).value = ""; });
    await page.type("#target", "/opt/app/bin/probes-pie");
    await page.waitForFunction(`document.querySelector("#bpftrace").textContent.startsWith("usdt:/opt/app/bin/probes-pie:")`);
    const uprobe = await text(page, "#uprobe");
    expect(uprobe).toContain("p:sdt_fixture/sem /opt/app/bin/probes-pie:0x12f0(0x30f4) ");

    // The copy buttons put the lines on the clipboard (read back where the protocol lets the test grant that).
    if (engine.browser === "chrome") {
      await browser!.defaultBrowserContext().overridePermissions(server.origin, ["clipboard-read", "clipboard-write", "clipboard-sanitized-write"]);
      await page.bringToFront();
      await page.click("#copy-uprobe");
      await page.waitForFunction(`document.querySelector("#copy-status").textContent !== ""`);
      expect(await text(page, "#copy-status")).toBe("Copied.");
      expect(await page.evaluate("navigator.clipboard.readText()")).toBe(uprobe);
    }

    expect(requests.length).toBeGreaterThan(0);
    expect(requests.filter((u) => !u.startsWith(`${server.origin}/`) && !u.startsWith("data:"))).toEqual([]);
    await page.close();
  });

  it("filters by provider and name globs", async (ctx) => {
    ctx.skip(!browser, NO_BROWSER);
    const page = await load(pageUrl("?url=/fixtures/x86_64/probes-pie"));
    const names = (): Promise<unknown> => page.evaluate(`[...document.querySelectorAll("#probe-body tbody tr")].map((r) => r.dataset.name).join(" ")`);
    await page.type("#name", "[gs]*");
    await page.waitForFunction(`document.querySelectorAll("#probe-body tbody tr").length === 4`);
    expect(await names()).toBe("sizes globals global sem");
    expect(await text(page, "#bpftrace")).toBe(cli(PIE_DIR, "--format", "bpftrace", "--name", "[gs]*", "probes-pie").stdout);
    // The switch shows what each argument was parsed as (sizes: -1@%dil is a signed byte in rdi).
    await page.click("#explain");
    expect(await page.evaluate(`getComputedStyle(document.querySelector("tr[data-name=sizes] .arg .explain")).display`)).toBe("inline");
    expect(await page.evaluate(`document.querySelector("tr[data-name=sizes] .arg .explain").textContent`)).toBe("1-byte signed, in register dil (part of rdi)");
    await page.type("#provider", "nomatch");
    await page.waitForFunction(`document.querySelector("#probe-body").textContent.includes("(no probes match)")`);
    expect(await page.evaluate(`document.querySelector("#probe-count").textContent`)).toBe("0 sites match");
    await page.close();
  });

  it("shows the command's error line for a file that is not ELF, or is broken", async (ctx) => {
    ctx.skip(!browser, NO_BROWSER);
    const dir = path.join(FIXTURES, "malformed");
    for (const name of ["bad-class", "empty", "truncated-header"].filter((n) => fs.existsSync(path.join(dir, n)))) {
      const page = await load(pageUrl(`?url=/fixtures/malformed/${name}`));
      expect(await page.evaluate("document.body.dataset.state")).toBe("error");
      const expected = cli(dir, name);
      expect(expected.status).toBe(1);
      expect(await text(page, "#error")).toBe(expected.stderr.trimEnd());
      await page.close();
    }
    const missing = await load(pageUrl("?url=/fixtures/no-such-file"));
    expect(await text(missing, "#error")).toMatch(/^stapsdt-ls: no-such-file: .*HTTP 404/);
    await missing.close();
  });

  it("opens a 1 GiB sparse file from the picker and by URL reading a few KiB", async (ctx) => {
    ctx.skip(!browser, NO_BROWSER);
    const big = path.join(tmp, "big");
    const size = writeSparseCopy(path.join(PIE_DIR, "probes-pie"), big);
    const record = (JSON.parse(cli(tmp, "--json", "big").stdout) as JsonRecord[])[0]!;

    const page = await load(pageUrl());
    const started = Date.now();
    await pick(page, big);
    await page.waitForFunction(`["ready", "error"].includes(document.body.dataset.state)`, { timeout: 30_000 });
    const elapsed = Date.now() - started;
    expect(await page.evaluate("document.body.dataset.state")).toBe("ready");
    expect(await page.evaluate(ROWS)).toEqual(rowsOfJson(record));
    expect(Number(await page.evaluate(`document.querySelector("#status").dataset.size`))).toBe(size);
    const bytesRead = Number(await page.evaluate(`document.querySelector("#status").dataset.bytesRead`));
    expect(bytesRead).toBeGreaterThan(0);
    expect(bytesRead).toBeLessThan(64 * 1024);
    expect(elapsed).toBeLessThan(10_000); // loosely: reading 1 GiB would take far longer
    await page.close();

    const byUrl = await load(pageUrl("?url=/tmp/big"));
    expect(await byUrl.evaluate(ROWS)).toEqual(rowsOfJson(record));
    expect(server.sent.get("/tmp/big")).toBeLessThan(128 * 1024);
    await byUrl.close();
  });

  it("works from file:// (one classic script), with the file picker", async (ctx) => {
    ctx.skip(!browser, NO_BROWSER);
    const page = await load(`file://${path.join(WEB, "index.html")}`);
    expect(await page.evaluate("document.body.dataset.state")).toBe("idle");
    await pick(page, path.join(PIE_DIR, "probes-pie"));
    await page.waitForFunction(`document.body.dataset.state === "ready"`);
    const record = (JSON.parse(cli(PIE_DIR, "--json", "probes-pie").stdout) as JsonRecord[])[0]!;
    expect(await text(page, "#id-build-id")).toBe(record.buildId);
    expect(await page.evaluate(ROWS)).toEqual(rowsOfJson(record));
    await page.close();
  });

  it("is keyboard accessible and fits a phone's width", async (ctx) => {
    ctx.skip(!browser, NO_BROWSER);
    const page = await load(pageUrl("?url=/fixtures/x86_64/probes-pie"), (p) => p.setViewport({ width: 360, height: 740 }));
    // Every field has a label; every control is a native one.
    expect(await page.evaluate(`[...document.querySelectorAll("input")].filter((i) => i.labels.length === 0).map((i) => i.id)`)).toEqual([]);
    expect(await page.evaluate(`[...document.querySelectorAll("[id^=copy-]")].filter((b) => b.id !== "copy-status").map((b) => b.tagName)`))
      .toEqual(["BUTTON", "BUTTON"]);
    // Tab goes through the controls in reading order.
    const order: string[] = [];
    for (let i = 0; i < 10; i++) {
      await page.keyboard.press("Tab");
      order.push(String(await page.evaluate("document.activeElement.id")));
    }
    expect(order).toEqual(["file", "provider", "name", "explain", "target", "copy-uprobe", "uprobe", "copy-bpftrace", "bpftrace", "readelf-text"]);
    // Nothing wider than the screen but the scrollable text blocks themselves.
    expect(await page.evaluate("document.documentElement.scrollWidth")).toBeLessThanOrEqual(360);
    await page.close();
  });
});
