/**
 * A tiny static file server for the browser test: URL paths map onto
 * `roots` (`/web/...` -> `dist/web/...`), GET and HEAD only, with single
 * `Range: bytes=a-b` requests answered 206 as real servers do (so the page's
 * range reads are exercised), and a log of what was served.
 */
import * as fs from "node:fs";
import * as http from "node:http";
import type { AddressInfo } from "node:net";
import * as path from "node:path";

const TYPES: Record<string, string> = {
  ".html": "text/html; charset=utf-8",
  ".js": "text/javascript; charset=utf-8",
  ".css": "text/css; charset=utf-8",
  ".png": "image/png",
};

export interface StaticServer {
  readonly origin: string;
  /** Bytes of file bodies sent, per URL path. */
  readonly sent: Map<string, number>;
  close(): Promise<void>;
}

/** Serves `roots` (URL prefix -> directory) on 127.0.0.1 at a free port. */
export async function startStaticServer(roots: Record<string, string>, options: { ranges?: boolean } = {}): Promise<StaticServer> {
  const sent = new Map<string, number>();
  const server = http.createServer((req, res) => {
    const url = new URL(req.url ?? "/", "http://x");
    const pathname = decodeURIComponent(url.pathname);
    const prefix = Object.keys(roots).find((p) => pathname.startsWith(p));
    const file = prefix === undefined ? null : path.join(roots[prefix]!, pathname.slice(prefix.length));
    if (req.method !== "GET" && req.method !== "HEAD") {
      res.writeHead(405).end();
      return;
    }
    if (file === null || !file.startsWith(roots[prefix!]!) || !fs.existsSync(file) || !fs.statSync(file).isFile()) {
      res.writeHead(404, { "Content-Type": "text/plain" }).end("not found\n");
      return;
    }
    const size = fs.statSync(file).size;
    const type = TYPES[path.extname(file)] ?? "application/octet-stream";
    const range = /^bytes=(\d+)-(\d*)$/.exec(req.headers.range ?? "");
    let start = 0;
    let end = size; // exclusive
    if (range && options.ranges !== false) {
      start = Number(range[1]);
      end = range[2] === "" ? size : Math.min(size, Number(range[2]) + 1);
      if (start >= size) {
        res.writeHead(416, { "Content-Range": `bytes */${size}` }).end();
        return;
      }
      res.writeHead(206, { "Content-Type": type, "Content-Length": end - start, "Content-Range": `bytes ${start}-${end - 1}/${size}`, "Accept-Ranges": "bytes" });
    } else {
      res.writeHead(200, { "Content-Type": type, "Content-Length": size });
    }
    if (req.method === "HEAD" || end === start) {
      res.end();
      return;
    }
    sent.set(pathname, (sent.get(pathname) ?? 0) + end - start);
    fs.createReadStream(file, { start, end: end - 1 }).pipe(res);
  });
  await new Promise<void>((resolve) => server.listen(0, "127.0.0.1", resolve));
  const { port } = server.address() as AddressInfo;
  return {
    origin: `http://127.0.0.1:${port}`,
    sent,
    close: () => new Promise((resolve) => {
      server.closeAllConnections();
      server.close(() => resolve());
    }),
  };
}
