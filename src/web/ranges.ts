/**
 * Where the page gets bytes: a picked or dropped `File`, or a URL. Both are
 * read by range, asynchronously, so that a 1 GB binary costs what its
 * headers and notes cost (the core's byte source is synchronous; see
 * `prefetch.ts` for how the two meet).
 *
 * - A `Blob` (a `File`) is read with `slice(start, end).arrayBuffer()`: the
 *   browser reads those bytes from disk and nothing else.
 * - A URL is asked for its first bytes with an HTTP `Range` request. A server
 *   that answers 206 with a `Content-Range` that gives the total size is read
 *   by range from then on; one that ignores `Range` (200, as Python's
 *   `http.server` does) has sent the whole file, which is then read from
 *   memory. Either way nothing leaves the browser but GET requests.
 */

/** Bytes read by range, asynchronously, with a count of what was read. */
export interface RangeReader {
  /** Total size in bytes. */
  readonly size: number;
  /** Exactly `length` bytes at `offset` (the caller keeps the range inside `size`). */
  read(offset: number, length: number): Promise<Uint8Array>;
  /** Bytes returned by `read` so far (what the page shows, and what the test checks). */
  readonly bytesRead: number;
  /** Calls of `read` so far. */
  readonly reads: number;
  /**
   * Where the bytes come from: a local file, a URL read by range, or a URL
   * whose server sent the whole file (it ignores `Range`).
   */
  readonly mode: "file" | "ranges" | "download";
}

/** Counts what `read` returns; `size` and `read` come from the caller. */
function counted(mode: RangeReader["mode"], size: number, read: (offset: number, length: number) => Promise<Uint8Array>): RangeReader {
  let bytesRead = 0;
  let reads = 0;
  return {
    size,
    mode,
    get bytesRead() { return bytesRead; },
    get reads() { return reads; },
    async read(offset, length) {
      reads += 1;
      const bytes = await read(offset, length);
      bytesRead += bytes.length;
      return bytes;
    },
  };
}

/** A `Blob` (a `File` from the picker or a drop), read with `slice`. */
export function blobRanges(blob: Blob): RangeReader {
  return counted("file", blob.size, async (offset, length) => new Uint8Array(await blob.slice(offset, offset + length).arrayBuffer()));
}

/** Bytes already in memory (a URL whose server sent the whole file). */
export function memoryRanges(bytes: Uint8Array): RangeReader {
  return counted("download", bytes.length, (offset, length) => Promise.resolve(bytes.subarray(offset, offset + length)));
}

/** How many bytes the first request of a URL asks for: the header and, in most files, the program headers. */
const FIRST_RANGE = 64 * 1024;

/**
 * A URL: by range when its server honours `Range`, else the whole response
 * in memory (see the module comment).
 *
 * @throws {Error} when the request fails or the server answers an error status.
 */
export async function urlRanges(url: string): Promise<RangeReader> {
  const first = await fetch(url, { headers: { Range: `bytes=0-${FIRST_RANGE - 1}` } });
  if (first.status === 206) {
    const total = /\/(\d+)\s*$/.exec(first.headers.get("Content-Range") ?? "");
    if (total) {
      const size = Number(total[1]);
      const head = new Uint8Array(await first.arrayBuffer());
      return counted("ranges", size, async (offset, length) => {
        // The first answer is kept: every file's header is read from it.
        if (offset + length <= head.length) return head.subarray(offset, offset + length);
        return rangeOf(url, offset, length);
      });
    }
    // A 206 without a usable total size (a cross-origin server that does not
    // expose Content-Range): ask again for the whole file.
    return memoryRanges(await whole(await fetch(url)));
  }
  // 416: an empty file has no byte 0 to give; ask for all of it (nothing).
  if (first.status === 416) return memoryRanges(await whole(await fetch(url)));
  return memoryRanges(await whole(first));
}

async function whole(response: Response): Promise<Uint8Array> {
  if (!response.ok) throw new Error(`${response.url || "the URL"}: HTTP ${response.status} ${response.statusText}`.trim());
  return new Uint8Array(await response.arrayBuffer());
}

async function rangeOf(url: string, offset: number, length: number): Promise<Uint8Array> {
  const r = await fetch(url, { headers: { Range: `bytes=${offset}-${offset + length - 1}` } });
  if (r.status !== 206) throw new Error(`${url}: the server answered HTTP ${r.status} to a range request`);
  const bytes = new Uint8Array(await r.arrayBuffer());
  if (bytes.length !== length) throw new Error(`${url}: asked for ${length} bytes at ${offset}, got ${bytes.length} (did the file change?)`);
  return bytes;
}
