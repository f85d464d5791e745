#!/usr/bin/env node
/**
 * The README's screenshot of the page (docs/web.png): the built page opened
 * with `?url=` on FILE, served from a static server on this machine, in
 * headless Chromium.
 *
 *   npm run build && node scripts/web-screenshot.mjs [FILE] [OUT] [WIDTH]
 *
 * FILE defaults to /usr/bin/python3.11, OUT to docs/web.png, WIDTH to 1100.
 * The server answers range requests, as the page prefers; the status line
 * in the picture says how many bytes were read.
 */
import * as fs from "node:fs";
import * as http from "node:http";
import * as path from "node:path";
import { fileURLToPath } from "node:url";
import puppeteer from "puppeteer-core";

const ROOT = path.join(path.dirname(fileURLToPath(import.meta.url)), "..");
const [file = "/usr/bin/python3.11", out = path.join(ROOT, "docs/web.png"), width = "1100"] = process.argv.slice(2);
const WEB = path.join(ROOT, "dist/web");
const TYPES = { ".html": "text/html", ".js": "text/javascript", ".css": "text/css" };
const name = path.basename(file);

const server = http.createServer((req, res) => {
  const url = new URL(req.url, "http://x");
  const target = url.pathname === `/${name}` ? file : path.join(WEB, path.basename(url.pathname) || "index.html");
  if (!fs.existsSync(target)) return res.writeHead(404).end();
  const size = fs.statSync(target).size;
  const m = /^bytes=(\d+)-(\d*)$/.exec(req.headers.range ?? "");
  if (m) {
    const start = Number(m[1]);
    const end = m[2] === "" ? size - 1 : Math.min(size - 1, Number(m[2]));
    res.writeHead(206, { "Content-Range": `bytes ${start}-${end}/${size}`, "Content-Length": end - start + 1 });
    fs.createReadStream(target, { start, end }).pipe(res);
  } else {
    res.writeHead(200, { "Content-Type": TYPES[path.extname(target)] ?? "application/octet-stream", "Content-Length": size });
    fs.createReadStream(target).pipe(res);
  }
});
await new Promise((resolve) => server.listen(0, "127.0.0.1", resolve));
const origin = `http://127.0.0.1:${server.address().port}`;

const browser = await puppeteer.launch({
  executablePath: process.env.CHROMIUM ?? "/usr/bin/chromium",
  headless: true,
  args: ["--no-sandbox", "--hide-scrollbars"],
});
try {
  const page = await browser.newPage();
  await page.setViewport({ width: Number(width), height: 900, deviceScaleFactor: 1 });
  await page.goto(`${origin}/index.html?url=/${encodeURIComponent(name)}`);
  await page.waitForFunction(`["ready", "error"].includes(document.body.dataset.state)`);
  // The tracer lines as a user would set them: the file's path on the target.
  await page.$eval("#target", (el) => { el.value = ""; });
  await page.type("#target", file);
  await page.waitForFunction((p) => document.querySelector("#bpftrace").textContent.startsWith(`usdt:${p}:`), {}, file);
  await page.$eval("#target", (el) => el.blur());
  // The identity, the probes, the tracer lines and the start of the notes.
  const notes = await page.$eval("#notes", (el) => el.getBoundingClientRect().top + window.scrollY);
  const height = Math.ceil(notes + 360);
  await page.setViewport({ width: Number(width), height, deviceScaleFactor: 1 });
  await page.screenshot({ path: out, clip: { x: 0, y: 0, width: Number(width), height } });
  console.log(`${out}: ${await page.$eval("#status", (el) => el.textContent)}`);
} finally {
  await browser.close();
  server.close();
}
